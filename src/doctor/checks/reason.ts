/** How a check that could not read what it needs says why: the error's message, never its stack or a key. */
import { MigrateError } from '../../util/errors.js';
import type { CheckResult } from '../types.js';

export function cannotRun(what: string, error: unknown): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof MigrateError ? error.hint : undefined;
  return {
    status: 'fail',
    detail: `could not read ${what}: ${message}`,
    fix: hint ?? 'Fix the problem above (see the keys check) and run `migrate doctor` again.',
  };
}

/** What a check reads, or the result that says it could not (`cannotRun`): one line at each check's start. */
export async function readOrCannotRun<T>(what: string, read: () => Promise<T>): Promise<{ value: T } | { result: CheckResult }> {
  try {
    return { value: await read() };
  } catch (error) {
    return { result: cannotRun(what, error) };
  }
}
