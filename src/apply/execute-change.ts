/**
 * Executes one change of the plan, request by request: skips what the journal shows done, counts as done what
 * live already holds (a linked one-time price, an identical object with the preserved id), sends the rest with
 * its derived idempotency key, and takes an id fallback (`fallback.ts`) when Stripe refuses the id of a price or a
 * product, or refuses a plan-created price's price-only fields afterwards.
 */
import type { Change, Plan } from '../plan/types.js';
import type { Gateway, WireParams } from '../stripe/types.js';
import { MigrateError, StripeApiError } from '../util/errors.js';
import { redact } from '../util/redact.js';
import { ID_FALLBACKS, KindGuard } from './fallback.js';
import { idempotencyKey } from './idempotency.js';
import type { JournalEntry, JournalState } from './journal.js';
import { createEndpointOf, findAssignedTwin, findLive, isAssignedCreate, isAttach, isAttachedInLive, matchesCreate } from './live-match.js';
import type { LiveView } from './live-view.js';
import type { AuditLog } from './outputs.js';
import { resolveRequest, type IdMap } from './resolve.js';
import { endpointOf } from '../stripe/rate-limits.js';
import { classifyFailure } from '../stripe/retry-policy.js';
import type { RequestScheduler } from './scheduler.js';
import { ACTION_OUTCOME, type ChangeReport } from './types.js';

/** After this many new keys for one request (each after a stored server error) the request fails for good. */
const MAX_KEY_GENERATIONS = 3;

export interface Journal {
  readonly state: JournalState;
  append(entry: JournalEntry): Promise<void>;
}

/** Everything a change needs; one per run. */
export interface RunContext {
  plan: Plan;
  gateway: Gateway;
  scheduler: RequestScheduler;
  journal: Journal;
  audit?: AuditLog;
  live: LiveView;
  idMap: IdMap;
  now: () => Date;
  warn: (message: string) => void;
  counters: { sent: number; replayed: number };
  /** Kinds of id Stripe refused this run, as `<create path> <kind>` (`IdFallback.alike`). */
  refusedKinds: Set<string>;
}

/** How one request was settled. `journal`: done in an earlier run; the others happened in this one. */
type RequestOutcome = 'journal' | 'sent' | 'replayed' | 'already-existed' | 'found-linked' | 'already-gone' | 'fallback';

interface Settled {
  outcome: RequestOutcome;
  liveId: string | null;
  /** The change's object now lives under this id (its Plans-API create was moved to the Prices API). */
  movedTo?: string;
}

export function skippedReason(change: Change, options: { allowReplace?: boolean; prune?: boolean }): string | undefined {
  if (change.action === 'replace' && !options.allowReplace) return 'replace needs --allow-replace';
  if (change.action === 'archive' && !options.prune) return 'archive needs --prune';
  return undefined;
}

export async function executeChange(change: Change, ctx: RunContext): Promise<ChangeReport> {
  let liveId = change.liveId;
  let actedNow = false;
  for (let index = 0; index < change.requests.length; index += 1) {
    let settled: Settled;
    try {
      settled = await settleRequest(change, index, ctx);
    } catch (error) {
      const failure = error instanceof MigrateError ? error : undefined;
      return {
        address: change.address,
        action: change.action,
        outcome: 'failed',
        liveId,
        detail: failure?.message ?? (error instanceof Error ? error.message : String(error)),
        errorCode: failure?.code ?? 'internal',
        hint: failure?.hint,
        requestId: failure?.options.requestId,
      };
    }
    if (settled.outcome !== 'journal' && settled.outcome !== 'already-existed' && settled.outcome !== 'found-linked' && settled.outcome !== 'already-gone') {
      actedNow = true;
    }
    if (isCreate(change, index) && settled.liveId) {
      liveId = settled.liveId;
      if (!change.address.includes('#')) ctx.idMap.set(change.address, settled.liveId);
    }
    if (settled.movedTo !== undefined) liveId = settled.movedTo;
  }
  return { address: change.address, action: change.action, outcome: actedNow ? ACTION_OUTCOME[change.action] : 'already-done', liveId };
}

function isCreate(change: Change, index: number): boolean {
  const request = change.requests[index]!;
  return createEndpointOf(request.method, request.path) !== undefined;
}

async function settleRequest(change: Change, index: number, ctx: RunContext): Promise<Settled> {
  const prior = ctx.journal.state.get(change.address, index);
  if (prior?.event === 'done') return { outcome: 'journal', liveId: prior.liveId ?? null };

  const where = `${change.address} (request ${index + 1} of ${change.requests.length})`;
  let wire = resolveRequest(change.requests[index]!, ctx.idMap, where);
  if (prior?.outcome === 'fallback') return fallback(change, index, wire, ctx);

  const endpoint = createEndpointOf(wire.method, wire.path);
  const assignedCreate = endpoint !== undefined && isAssignedCreate(wire.path, wire.params);
  if (assignedCreate) {
    const found = findAssignedTwin(await ctx.live.get(), wire.path, change.id, change.liveId, wire.params);
    if (found) {
      const key = idempotencyKey(ctx.plan.contentHash, change.address, index, prior?.generation ?? 0);
      return record(change, index, 'found-linked', found.id, null, key, prior?.generation ?? 0, ctx, wire);
    }
  }

  const idFallback = endpoint === undefined ? undefined : ID_FALLBACKS[wire.path];
  const kind = new KindGuard(ctx.refusedKinds, wire.path, wire.params.id, prior !== undefined);

  const attach = isAttach(wire.method, wire.path);
  if (attach && isAttachedInLive(await ctx.live.get(), wire.path, wire.params)) {
    const key = idempotencyKey(ctx.plan.contentHash, change.address, index, prior?.generation ?? 0);
    return record(change, index, 'already-existed', null, null, key, prior?.generation ?? 0, ctx, wire);
  }

  // A price update whose plan was moved to the Prices API goes to the new price under a key of its own: the first
  // key was sent to the plan's path (Stripe ties a key to its endpoint).
  const planIndex = planCreateBefore(change, index);
  const moved = planIndex !== undefined && ctx.journal.state.get(change.address, planIndex)?.outcome === 'fallback';
  let generation = Math.max(prior?.generation ?? 0, moved ? 1 : 0);
  let movedTo: string | undefined;
  for (;;) {
    const key = idempotencyKey(ctx.plan.contentHash, change.address, index, generation);
    await ctx.journal.append(entry('started', change, index, key, generation, ctx));
    try {
      const result = await ctx.scheduler.send(`${wire.method} ${wire.path}`, endpointOf(wire.method, wire.path), () => {
        if (kind.spared()) throw new RefusedAlike();
        ctx.counters.sent += 1;
        const written = ctx.gateway.write(wire.method, wire.path, wire.params, { idempotencyKey: key });
        written.catch((error: unknown) => kind.learn(error));
        return written;
      });
      if (result.replayed) ctx.counters.replayed += 1;
      const liveId = typeof result.object.id === 'string' ? result.object.id : null;
      const settled = await record(change, index, result.replayed ? 'replayed' : 'sent', liveId, result.requestId, key, generation, ctx, wire);
      return movedTo === undefined ? settled : { ...settled, movedTo };
    } catch (error) {
      if (error instanceof RefusedAlike) return fallback(change, index, wire, ctx);
      if (!(error instanceof StripeApiError)) throw error;
      const erroredAt = performance.now();

      if (endpoint && error.details.stripeCode === 'resource_already_exists' && typeof wire.params.id === 'string') {
        const existing = findLive(await ctx.live.refreshSince(erroredAt), endpoint.type, wire.params.id);
        if (existing && matchesCreate(endpoint, wire.params, existing)) {
          return record(change, index, 'already-existed', existing.id, error.details.requestId ?? null, key, generation, ctx, wire);
        }
        if (!existing) throw await fail(change, index, key, generation, ctx, wire, idNotReusable(change, index, wire.params.id, error.details.requestId));
        throw await fail(change, index, key, generation, ctx, wire, new MigrateError(
          'apply_conflict',
          `${change.address}: live already has an object with id ${wire.params.id} whose content differs from the plan.`,
          { hint: 'Live changed since the plan was computed. Re-run `migrate plan` and review the new plan.', requestId: error.details.requestId },
        ));
      }
      // Refused as attached already (a run this one does not know about landed it meanwhile): done.
      if (attach && error.details.status === 400 && isAttachedInLive(await ctx.live.refreshSince(erroredAt), wire.path, wire.params)) {
        return record(change, index, 'already-existed', null, error.details.requestId ?? null, key, generation, ctx, wire);
      }
      if (wire.method === 'DELETE' && error.details.status === 404) {
        return record(change, index, 'already-gone', null, error.details.requestId ?? null, key, generation, ctx, wire);
      }
      if (planIndex !== undefined && movedTo === undefined && isPlanPriceUpdateRefusal(error)) {
        await fail(change, index, key, generation, ctx, wire, error);
        movedTo = await moveToPricesApi(change, planIndex, Object.keys(wire.params).filter((name) => name !== 'transfer_lookup_key'), error, ctx);
        generation += 1;
        wire = resolveRequest(change.requests[index]!, ctx.idMap, where);
        continue;
      }
      if (idFallback !== undefined && typeof wire.params.id === 'string' && idFallback.refused(error, wire.params.id)) {
        // One warning per kind of id: the creates of that kind already in flight are refused alike and say nothing.
        if (kind.kind === undefined || kind.first) {
          ctx.warn(
            `${change.id}: Stripe refused to create it under its own id (${error.message}); creating it with ${idFallback.via} instead` +
              (kind.first ? `, and every other ${change.type} whose id starts with ${kind.kind} the same way, without asking again.` : '.'),
          );
        }
        return fallback(change, index, wire, ctx);
      }
      // A stored server error is replayed for its key forever: continue under a new key, after making sure
      // an assigned-id create did not land meanwhile.
      if (classifyFailure(error) === 'retry' && (error.details.status ?? 0) >= 500 && generation + 1 < MAX_KEY_GENERATIONS) {
        generation += 1;
        if (assignedCreate) {
          const found = findAssignedTwin(await ctx.live.refreshSince(erroredAt), wire.path, change.id, change.liveId, wire.params);
          if (found) return record(change, index, 'found-linked', found.id, null, key, generation, ctx, wire);
        }
        continue;
      }
      throw await fail(change, index, key, generation, ctx, wire, error);
    }
  }
}

/** In place of a create whose kind of id Stripe refused earlier in the run (`IdFallback.alike`): nothing was sent. */
class RefusedAlike extends Error {}

/**
 * A create refused as `resource_already_exists` although live has no object under that id: the id belonged to an
 * object deleted since, which Stripe does not let be used again (undocumented for products and coupons, api-notes
 * §2/§6). Most often this very change deleted it a moment ago, to create it again with terms that cannot change.
 */
function idNotReusable(change: Change, index: number, id: string, requestId: string | undefined): MigrateError {
  const deletedHere = change.requests.slice(0, index).some((r) => r.method === 'DELETE');
  const what = `${change.type} ${id}`;
  return new MigrateError(
    'apply_id_not_reusable',
    deletedHere
      ? `${change.address}: deleted to be created again under its id, but Stripe does not let the id of a deleted ${change.type} be used again. Live now has no ${what}.`
      : `${change.address}: Stripe refused the id ${id}: an object under it was deleted from live earlier, and Stripe does not let its id be used again.`,
    {
      hint: `Give the ${change.type} a new id in the sandbox (or the manifests), point what names ${id} at it (promotion codes, application code), then plan and apply again.` +
        (change.type === 'coupon' ? ` Customers who redeemed ${id} keep their discount.` : ''),
      requestId,
    },
  );
}

/**
 * The index of the Plans-API create before request `index` when that request is the price update that follows it
 * (`POST /v1/prices/<the price's id>` for the fields plans cannot carry); otherwise undefined.
 */
function planCreateBefore(change: Change, index: number): number | undefined {
  if (change.type !== 'price' || change.requests[index]!.path !== `/v1/prices/${change.id}`) return undefined;
  for (let j = index - 1; j >= 0; j -= 1) {
    const request = change.requests[j]!;
    if (request.method === 'POST' && request.path === '/v1/plans') return j;
  }
  return undefined;
}

/**
 * Whether Stripe refused the price update of a plan-created price as such (api-notes §5: that `POST /v1/prices/:id`
 * works on a plan-created object is unconfirmed): it does not know a price under that path (404), or refuses the
 * request without naming a parameter. A refusal that names one is about a value sent, and fails as usual.
 */
function isPlanPriceUpdateRefusal(error: StripeApiError): boolean {
  const { status, category, param } = error.details;
  return status === 404 || (status === 400 && category === 'invalid_request' && param === undefined);
}

/**
 * Stripe would not set price-only fields on the price its Plans API created: delete that plan and create the
 * price through the Prices API instead, linked to its source id (as when the Plans API refuses the id), so it can
 * carry them. Returns the new price's id; the id map and the journal record it.
 */
async function moveToPricesApi(change: Change, planIndex: number, fields: readonly string[], cause: StripeApiError, ctx: RunContext): Promise<string> {
  ctx.warn(
    `${change.id}: Stripe would not set ${fields.join(', ')} on the price the Plans API created (${cause.message}); ` +
      'deleting that plan and creating the price through the Prices API instead (a new id, linked).',
  );
  const remove = { method: 'DELETE' as const, path: `/v1/plans/${encodeURIComponent(change.id)}`, params: {} };
  const key = idempotencyKey(ctx.plan.contentHash, `${change.address}#plan-moved`, planIndex);
  let requestId: string | null = null;
  let outcome: 'sent' | 'already-gone' = 'sent';
  try {
    const result = await ctx.scheduler.send(`DELETE /v1/plans/${change.id} (moved to the Prices API)`, endpointOf('DELETE', remove.path), () => {
      ctx.counters.sent += 1;
      return ctx.gateway.write('DELETE', remove.path, {}, { idempotencyKey: key });
    });
    requestId = result.requestId;
  } catch (error) {
    if (!(error instanceof StripeApiError && error.details.status === 404)) throw error;
    outcome = 'already-gone';
  }
  // Audited like every write; not journaled: the fallback's own entry is what a resumed run goes by.
  ctx.audit?.append({
    time: ctx.now().toISOString(), address: change.address, action: change.action, request: `DELETE ${remove.path}`,
    liveId: null, requestId, idempotencyKey: key, outcome,
  });
  const planWire = resolveRequest(change.requests[planIndex]!, ctx.idMap, `${change.address} (request ${planIndex + 1})`);
  const settled = await fallback(change, planIndex, planWire, ctx);
  ctx.idMap.set(change.address, settled.liveId!);
  return settled.liveId!;
}

/**
 * Creates an object Stripe refused under its own id the way its id fallback says (`fallback.ts`), linked to its
 * source id, under a key of its own; `refused` is the create request Stripe refused.
 */
async function fallback(change: Change, index: number, refused: { path: string; params: WireParams }, ctx: RunContext): Promise<Settled> {
  const way = ID_FALLBACKS[refused.path]!;
  const params = way.params(refused.params, change.id);
  const wire = { method: 'POST' as const, path: way.path, params };
  const found = findAssignedTwin(await ctx.live.get(), way.path, change.id, change.liveId, params);
  const key = idempotencyKey(ctx.plan.contentHash, `${change.address}#fallback`, index);
  if (found) return record(change, index, 'fallback', found.id, null, key, 0, ctx, wire);
  await ctx.journal.append({ ...entry('started', change, index, key, 0, ctx), outcome: 'fallback' });
  try {
    const result = await ctx.scheduler.send(`POST ${way.path} (fallback for ${change.id})`, endpointOf('POST', way.path), () => {
      ctx.counters.sent += 1;
      return ctx.gateway.write('POST', way.path, params, { idempotencyKey: key });
    });
    // The change's line says where it went (`created product/prod_x → prod_…`), and the id map records it.
    const liveId = String(result.object.id);
    return record(change, index, 'fallback', liveId, result.requestId, key, 0, ctx, wire);
  } catch (error) {
    throw await fail(change, index, key, 0, ctx, wire, error);
  }
}

function entry(event: JournalEntry['event'], change: Change, index: number, key: string, generation: number, ctx: RunContext): JournalEntry {
  return { event, time: ctx.now().toISOString(), plan: ctx.plan.contentHash, address: change.address, request: index, idempotencyKey: key, generation };
}

async function record(
  change: Change,
  index: number,
  outcome: RequestOutcome,
  liveId: string | null,
  requestId: string | null,
  key: string,
  generation: number,
  ctx: RunContext,
  wire?: { method: string; path: string },
): Promise<Settled> {
  await ctx.journal.append({ ...entry('done', change, index, key, generation, ctx), liveId, requestId, outcome });
  ctx.audit?.append({
    time: ctx.now().toISOString(),
    address: change.address,
    action: change.action,
    request: wire ? `${wire.method} ${wire.path}` : '',
    liveId,
    requestId,
    idempotencyKey: key,
    outcome,
  });
  return { outcome, liveId };
}

async function fail(
  change: Change,
  index: number,
  key: string,
  generation: number,
  ctx: RunContext,
  wire: { method: string; path: string },
  error: unknown,
): Promise<unknown> {
  const migrateError = error instanceof MigrateError ? error : undefined;
  const message = redact(error instanceof Error ? error.message : String(error));
  const status = error instanceof StripeApiError ? error.details.status : undefined;
  const requestId = migrateError?.options.requestId ?? null;
  await ctx.journal.append({
    ...entry('failed', change, index, key, generation, ctx),
    requestId,
    error: { code: migrateError?.code ?? 'internal', status, message },
  });
  ctx.audit?.append({
    time: ctx.now().toISOString(),
    address: change.address,
    action: change.action,
    request: `${wire.method} ${wire.path}`,
    liveId: null,
    requestId,
    idempotencyKey: key,
    outcome: 'failed',
    error: migrateError?.code ?? 'internal',
  });
  return error;
}
