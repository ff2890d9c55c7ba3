/** Runs the checks concurrently; a check that throws becomes a `fail` with the reason, and never stops the others. */
import { MigrateError } from '../util/errors.js';
import type { CheckReport, CheckStatus, DoctorCheck, DoctorContext, DoctorReport } from './types.js';

async function runOne(check: DoctorCheck, ctx: DoctorContext): Promise<CheckReport> {
  try {
    return { id: check.id, title: check.title, ...(await check.run(ctx)) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      id: check.id,
      title: check.title,
      status: 'fail',
      detail: `the check could not run: ${message}`,
      fix: error instanceof MigrateError && error.hint ? error.hint : 'Fix the cause above and run `migrate doctor` again.',
    };
  }
}

export async function runDoctor(checks: readonly DoctorCheck[], ctx: DoctorContext): Promise<DoctorReport> {
  const reports = await Promise.all(checks.map((check) => runOne(check, ctx)));
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0 };
  for (const report of reports) counts[report.status] += 1;
  return { checks: reports, counts };
}
