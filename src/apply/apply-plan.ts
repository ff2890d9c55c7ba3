/**
 * `applyPlan(plan, gateway, options)`: makes live match the plan. Walks the dependency graph with flow control
 * (AIMD + pacing at the mode's rate), one idempotency key per request derived from the plan, a journal that
 * lets a re-run resume, and an audit line per request. Refusals (stale, foreign, edited plans) belong to
 * `preflight`, which the caller runs first and whose live read it passes in.
 */
import type { Plan } from '../plan/types.js';
import type { Gateway } from '../stripe/types.js';
import { executeChange, skippedReason, type Journal, type RunContext } from './execute-change.js';
import { JournalState, JournalWriter, readJournal } from './journal.js';
import { createEndpointOf } from './live-match.js';
import { LiveView } from './live-view.js';
import { AuditLog } from './outputs.js';
import { IdMap } from './resolve.js';
import { RequestScheduler, runGraph, type NodeOutcome } from './scheduler.js';
import type { ApplyOptions, ApplyResult, ChangeOutcome, ChangeReport } from './types.js';

/**
 * Failures that say the key itself cannot do this (refused, or lacking a permission): every further write would
 * be refused the same way, so nothing more is sent once one is seen.
 */
const KEY_REFUSALS = new Set(['stripe_authentication', 'stripe_permission']);

const NODE_OUTCOME: Record<ChangeOutcome, NodeOutcome> = {
  created: 'ok',
  updated: 'ok',
  replaced: 'ok',
  archived: 'ok',
  'already-done': 'ok',
  skipped: 'skipped',
  failed: 'failed',
  blocked: 'blocked',
};

export async function applyPlan(plan: Plan, gateway: Gateway, options: ApplyOptions = {}): Promise<ApplyResult> {
  const now = options.now ?? (() => new Date());
  const state = options.journal ?? (options.journalPath ? await readJournal(options.journalPath, plan.contentHash) : new JournalState());
  const writer = options.journalPath ? await JournalWriter.open(options.journalPath, state) : undefined;
  const journal: Journal = writer ?? { state, append: async (entry) => state.record(entry) };
  const warnings: string[] = [];
  const emit = options.onEvent ?? (() => undefined);
  const warn = (message: string) => {
    warnings.push(message);
    emit({ type: 'warning', message });
  };

  const scheduler = new RequestScheduler({
    mode: gateway.mode,
    accountWindow: gateway.accountWindow,
    ...options.scheduler,
    onRetry: (info) =>
      emit({ type: 'retry', address: info.label, kind: info.kind, attempt: info.attempt, waitMs: info.waitMs, concurrency: info.concurrency, reason: info.error instanceof Error ? info.error.message : String(info.error) }),
  });
  const ctx: RunContext = {
    plan,
    gateway,
    scheduler,
    journal,
    audit: options.auditPath ? new AuditLog(options.auditPath) : undefined,
    live: new LiveView(gateway, options.live),
    idMap: seedIdMap(plan, state),
    now,
    warn,
    counters: { sent: 0, replayed: 0 },
    refusedKinds: new Set(),
  };

  const reports = new Map<string, ChangeReport>();
  const toRun = plan.changes.filter((change) => skippedReason(change, options) === undefined).length;
  let finished = 0;
  let keyRefused: ChangeReport | undefined;
  const settle = (report: ChangeReport): NodeOutcome => {
    if (report.outcome === 'failed' && report.errorCode !== undefined && KEY_REFUSALS.has(report.errorCode)) keyRefused ??= report;
    reports.set(report.address, report);
    if (report.outcome !== 'skipped') finished += 1;
    emit({ type: 'change', report, finished, total: toRun });
    return NODE_OUTCOME[report.outcome];
  };

  try {
    const outcomes = await runGraph(plan.changes, async (change) => {
      const reason = skippedReason(change, options);
      if (reason !== undefined) {
        ctx.audit?.append({ time: now().toISOString(), address: change.address, action: change.action, request: '', liveId: change.liveId, requestId: null, idempotencyKey: '', outcome: 'skipped' });
        return settle({ address: change.address, action: change.action, outcome: 'skipped', liveId: change.liveId, detail: reason });
      }
      if (keyRefused !== undefined) {
        return settle({ address: change.address, action: change.action, outcome: 'blocked', liveId: change.liveId, detail: `not sent: Stripe refused the key on ${keyRefused.address}` });
      }
      return settle(await executeChange(change, ctx));
    });
    // Changes the graph did not run: their dependency failed (blocked) or was skipped.
    for (const change of plan.changes) {
      if (reports.has(change.address)) continue;
      const outcome = outcomes.get(change.address) === 'skipped' ? 'skipped' : 'blocked';
      settle({ address: change.address, action: change.action, outcome, liveId: change.liveId, detail: `depends on a change that was ${outcome === 'skipped' ? 'skipped' : 'not completed'}` });
    }
  } finally {
    await writer?.close();
    await ctx.audit?.close();
  }

  const changes = plan.changes.map((change) => reports.get(change.address)!);
  const counts = countOutcomes(changes);
  return {
    ok: counts.failed === 0 && counts.blocked === 0,
    changes,
    counts,
    idMap: ctx.idMap,
    warnings,
    stats: {
      requestsSent: ctx.counters.sent,
      replayed: ctx.counters.replayed,
      throttled: scheduler.stats.throttled,
      retried: scheduler.stats.retried,
      finalConcurrency: scheduler.stats.concurrency,
      endpointLimits: scheduler.stats.endpointLimits,
    },
  };
}

/** Known live ids before anything runs: objects the plan names by live id, and creates an earlier run finished. */
function seedIdMap(plan: Plan, state: JournalState): IdMap {
  const map = new IdMap();
  for (const change of plan.changes) {
    if (change.address.includes('#')) continue;
    if (change.liveId !== null && change.action !== 'replace') map.set(change.address, change.liveId);
    change.requests.forEach((request, index) => {
      const done = state.get(change.address, index);
      if (done?.event === 'done' && done.liveId && createEndpointOf(request.method, request.path)) map.set(change.address, done.liveId);
    });
  }
  return map;
}

function countOutcomes(changes: ChangeReport[]): Record<ChangeOutcome, number> {
  const counts: Record<ChangeOutcome, number> = { created: 0, updated: 0, replaced: 0, archived: 0, 'already-done': 0, skipped: 0, failed: 0, blocked: 0 };
  for (const change of changes) counts[change.outcome] += 1;
  return counts;
}
