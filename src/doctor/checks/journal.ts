/**
 * The last apply finished: every request of every change of the plan file is `done` in its journal. A change
 * started but not done means an apply was cut short (`fail`); a change never started was left out by choice
 * (a replace or archive without its flag) or blocked (`warn`); no journal at all means the plan was never applied.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { journalPathFor, readJournal, type JournalState } from '../../apply/journal.js';
import { parsePlan } from '../../plan/planfile.js';
import type { Change, Plan } from '../../plan/types.js';
import type { CheckResult, DoctorCheck } from '../types.js';
import { cannotRun } from './reason.js';

type Progress = 'done' | 'interrupted' | 'not-started';

function progressOf(change: Change, journal: JournalState): Progress {
  const entries = change.requests.map((_, index) => journal.get(change.address, index));
  if (entries.every((e) => e?.event === 'done')) return 'done';
  return entries.some((e) => e !== undefined) ? 'interrupted' : 'not-started';
}

export const journalCheck: DoctorCheck = {
  id: 'journal',
  title: 'Last apply complete',
  async run(ctx): Promise<CheckResult> {
    const shown = ctx.options.plan;
    const file = resolve(ctx.cwd, shown);
    let plan: Plan;
    try {
      plan = parsePlan(await readFile(file, 'utf8'), shown);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { status: 'warn', detail: `no plan file at ${shown}, so no apply to check`, fix: 'Pass --plan with the plan file you applied (its journal sits next to it).' };
      }
      return cannotRun(`the plan file ${shown}`, error);
    }
    if (plan.changes.length === 0) return { status: 'pass', detail: `${shown} has no changes to apply` };

    const journal = await readJournal(journalPathFor(file), plan.contentHash);
    if (journal.size === 0) {
      return { status: 'warn', detail: `${shown} has no journal: it was never applied`, fix: `Run \`migrate apply ${shown}\` once it is reviewed.` };
    }
    const byProgress: Record<Progress, string[]> = { done: [], interrupted: [], 'not-started': [] };
    for (const change of plan.changes) byProgress[progressOf(change, journal)].push(change.address);

    if (byProgress.interrupted.length > 0) {
      return {
        status: 'fail',
        detail: `the last apply of ${shown} stopped with ${byProgress.interrupted.length} change(s) started but not done`,
        items: byProgress.interrupted,
        fix: `Re-run \`migrate apply ${shown}\`: finished requests are skipped and interrupted ones retried with the same idempotency key.`,
      };
    }
    if (byProgress['not-started'].length > 0) {
      return {
        status: 'warn',
        detail: `${byProgress.done.length} of ${plan.changes.length} change(s) done; ${byProgress['not-started'].length} were never started (left out or blocked)`,
        items: byProgress['not-started'],
        fix: `Re-run \`migrate apply ${shown}\` with --allow-replace or --prune if those were meant, or compute a fresh plan.`,
      };
    }
    return { status: 'pass', detail: `all ${plan.changes.length} change(s) of ${shown} are done` };
  },
};
