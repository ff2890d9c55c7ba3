/** The applier's public shapes: options, progress events and the result of `applyPlan`. */
import type { Catalog } from '../catalog/types.js';
import type { Action } from '../plan/types.js';
import type { JournalState } from './journal.js';
import type { IdMap } from './resolve.js';
import type { SchedulerOptions } from './scheduler.js';

/**
 * How one change ended. `already-done`: the journal or live showed it finished before this run; `skipped`: left
 * out by choice (a replace without `allowReplace`, an archive without `prune`); `blocked`: a change it depends on
 * did not finish, so it was not sent.
 */
export type ChangeOutcome = 'created' | 'updated' | 'replaced' | 'archived' | 'already-done' | 'skipped' | 'failed' | 'blocked';

export const ACTION_OUTCOME: Record<Action, ChangeOutcome> = {
  create: 'created',
  update: 'updated',
  replace: 'replaced',
  archive: 'archived',
};

export interface ChangeReport {
  address: string;
  action: Action;
  outcome: ChangeOutcome;
  liveId: string | null;
  /** Why it was skipped, or what failed (redacted message). */
  detail?: string;
  errorCode?: string;
  /** What to do about the failure (the error's hint), so a refusal such as a missing permission says how to fix it. */
  hint?: string;
  requestId?: string;
}

export type ApplyEvent =
  | { type: 'change'; report: ChangeReport; finished: number; total: number }
  | { type: 'warning'; message: string }
  | { type: 'retry'; address: string; kind: 'throttle' | 'retry'; attempt: number; waitMs: number; concurrency: number; reason: string };

export interface ApplyOptions {
  allowReplace?: boolean;
  prune?: boolean;
  /** The journal file; without it progress is kept in memory only (tests, dry tooling). */
  journalPath?: string;
  /** The audit log file; without it nothing is logged. */
  auditPath?: string;
  /** Journal state already read (by preflight); read from `journalPath` when absent. */
  journal?: JournalState;
  /** The live catalog as preflight read it; read again when absent. */
  live?: Catalog;
  onEvent?: (event: ApplyEvent) => void;
  scheduler?: Partial<Omit<SchedulerOptions, 'mode'>>;
  /** Clock for journal and audit times (tests). */
  now?: () => Date;
}

export interface ApplyStats {
  requestsSent: number;
  replayed: number;
  throttled: number;
  retried: number;
  finalConcurrency: number;
  /** Endpoints whose limit was probed above the documented one, and the limit each ended at. */
  endpointLimits: Record<string, number>;
}

export interface ApplyResult {
  /** True when no change failed or was blocked (skipped changes do not count against it). */
  ok: boolean;
  changes: ChangeReport[];
  counts: Record<ChangeOutcome, number>;
  idMap: IdMap;
  warnings: string[];
  stats: ApplyStats;
}
