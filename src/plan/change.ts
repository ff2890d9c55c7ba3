/**
 * The one way the planner makes a `Change` and a `PlannedRequest`: every change with the same members in the
 * same order (optional ones `undefined` when absent), every request likewise. A plan holds 100,000 changes, and
 * the stages after the planner (order, target state, hashing, rendering, the plan file) read members of each:
 * with one object layout V8 compiles each of those reads once, instead of again for every way a change literal
 * happened to be written. The order is canonical (sorted by UTF-16 code units), as `canonicalJson` writes it.
 *
 * An absent optional member and one that is `undefined` read alike everywhere: JSON and the plan file leave it
 * out, and `Change`'s optional members are only ever read, never enumerated.
 */
import type { Change, Params, PlannedRequest } from './types.js';

/** A change with its members in canonical order (see the module comment). */
export function newChange(parts: Change): Change {
  return {
    action: parts.action,
    address: parts.address,
    dependsOn: parts.dependsOn,
    fields: parts.fields,
    forcedBy: parts.forcedBy,
    id: parts.id,
    liveId: parts.liveId,
    reason: parts.reason,
    requests: parts.requests,
    strategy: parts.strategy,
    type: parts.type,
  };
}

/** A request with its members in canonical order. */
export function newRequest(method: PlannedRequest['method'], path: string, params: Params): PlannedRequest {
  return { method, params, path };
}

/** `POST path` with `params`. */
export function post(path: string, params: Params): PlannedRequest {
  return { method: 'POST', params, path };
}
