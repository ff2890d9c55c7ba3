/**
 * The one way the planner makes a `Change`, a `PlannedRequest` and a `FieldChange`: every change with the same
 * members in the same order (optional ones `undefined` when absent), every request and field change likewise. A
 * plan holds 100,000 changes, and the stages after the planner (order, target state, hashing, rendering, the
 * plan file) read members of each: with one object layout V8 compiles each of those reads once, instead of
 * again for every way a change literal happened to be written.
 *
 * The order is canonical (sorted by UTF-16 code units) at every level: members of changes, requests and field
 * changes, and the top-level keys of request parameters (nested values are compacted with sorted keys by
 * `params.ts`, field values by `diff.ts`). So a change as built is its own canonical JSON: the content hash
 * is `JSON.stringify` of the changes, without a sorted copy of each (`hashPlannedChanges`). Parameters show in
 * that order in the rendered plan and the plan file too: one order, whoever reads them.
 *
 * An absent optional member and one that is `undefined` read alike everywhere: JSON and the plan file leave it
 * out, and `Change`'s optional members are only ever read, never enumerated.
 */
import { sortedView } from '../catalog/canonical.js';
import type { Change, FieldChange, Params, PlannedRequest } from './types.js';

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

/**
 * `params` with its top-level keys in canonical order: the builder's own object when it wrote them so (the
 * builders in `params.ts` do; checked without listing the keys), else its canonical copy (`sortedView`).
 */
function inKeyOrder(params: Params): Params {
  let previous: string | undefined;
  for (const key in params) {
    if (previous !== undefined && previous > key) return sortedView(params) as Params;
    previous = key;
  }
  return params;
}

/** A request with its members, and its parameters' top-level keys, in canonical order. */
export function newRequest(method: PlannedRequest['method'], path: string, params: Params): PlannedRequest {
  return { method, params: inKeyOrder(params), path };
}

/** `POST path` with `params`. */
export function post(path: string, params: Params): PlannedRequest {
  return newRequest('POST', path, params);
}

/** A field change with its members in canonical order; `before` and `after` must be canonical already. */
export function newFieldChange(field: string, before: unknown, after: unknown): FieldChange {
  return { after, before, field };
}
