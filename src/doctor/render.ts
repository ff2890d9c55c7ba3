/** The doctor report as text (one line per check, its findings and fix indented under it) and as one JSON object. */
import type { CheckStatus, DoctorReport } from './types.js';

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

export function renderDoctorText(report: DoctorReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${LABEL[check.status]}  ${check.title}: ${check.detail}`);
    for (const item of check.items ?? []) lines.push(`      ${item}`);
    if (check.status !== 'pass' && check.fix) lines.push(`      fix: ${check.fix}`);
  }
  const { pass, warn, fail } = report.counts;
  lines.push('');
  lines.push(fail + warn === 0 ? `Ready to go live: all ${pass} checks pass.` : `${fail} failed, ${warn} warning(s), ${pass} passed.`);
  return lines.join('\n');
}

export function doctorToJson(report: DoctorReport): Record<string, unknown> {
  return {
    ok: report.counts.fail + report.counts.warn === 0,
    counts: report.counts,
    checks: report.checks.map((c) => ({ id: c.id, title: c.title, status: c.status, detail: c.detail, items: c.items ?? [], fix: c.fix ?? null })),
  };
}
