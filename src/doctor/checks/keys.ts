/** Keys of the right mode: a test-mode key for the sandbox, a live-mode key for live, each answered by its account. */
import { SOURCE_KEY_VAR, TARGET_KEY_VAR } from '../../stripe/keys.js';
import { MigrateError } from '../../util/errors.js';
import type { CheckResult, DoctorCheck, DoctorContext, OpenedAccount } from '../types.js';

const SIDES: { variable: string; mode: 'test' | 'live'; open: (ctx: DoctorContext) => Promise<OpenedAccount> }[] = [
  { variable: SOURCE_KEY_VAR, mode: 'test', open: (ctx) => ctx.sandbox() },
  { variable: TARGET_KEY_VAR, mode: 'live', open: (ctx) => ctx.live() },
];

/** The error's own hint, except where it names a flag of plan/apply (`--target-mode`) that doctor does not take. */
function fixFor(side: { variable: string; mode: 'test' | 'live' }, error: unknown): string {
  if (error instanceof MigrateError && error.code === 'key_wrong_mode') return `Put a ${side.mode}-mode secret or restricted key in ${side.variable}.`;
  return error instanceof MigrateError && error.hint ? error.hint : `Export ${side.variable} with a ${side.mode}-mode secret or restricted key.`;
}

export const keysCheck: DoctorCheck = {
  id: 'keys',
  title: 'API keys of the right mode',
  async run(ctx): Promise<CheckResult> {
    const items: string[] = [];
    const fixes: string[] = [];
    for (const side of SIDES) {
      try {
        const { account } = await side.open(ctx);
        items.push(`${side.variable}: ${account.mode}-mode key of ${account.id}`);
      } catch (error) {
        items.push(`${side.variable}: ${error instanceof Error ? error.message : String(error)}`);
        fixes.push(fixFor(side, error));
      }
    }
    if (fixes.length === 0) return { status: 'pass', detail: 'the sandbox key is test-mode and the live key is live-mode', items };
    return { status: 'fail', detail: `${fixes.length} of 2 keys cannot be used`, items, fix: fixes.join(' ') };
  },
};
