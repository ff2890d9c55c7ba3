/**
 * The canonical JSON of one `Change`, as `canonicalJson` writes it, from a view whose members are laid out in
 * key order by construction, instead of finding, sorting and copying the keys of every change and request. A
 * first migration of 100,000 objects hashes about 100,000 changes (50 MB of text).
 *
 * Invariant: `canonicalChange(c) === canonicalJson(c)` for every value (tested on generated plans). Anything
 * that is not exactly a change as the planner builds it (an unknown member, a member of an unexpected type)
 * goes through `canonicalJson`.
 */
import { canonicalJson, sortedView, withMemberViews } from '../catalog/canonical.js';
import type { Change, PlannedRequest } from './types.js';

/** Members of a change, in canonical (sorted) order; the written ones are listed in `canonicalChange`. */
const CHANGE_KEYS = new Set(['action', 'address', 'dependsOn', 'fields', 'forcedBy', 'id', 'liveId', 'reason', 'requests', 'strategy', 'type']);
const REQUEST_KEYS = new Set(['method', 'params', 'path']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * True when every key of `value` is in `keys` (without building the key list). `for...in` also visits
 * inherited enumerable keys: one outside the set only sends the value to the generic writer, never a wrong text.
 */
function hasOnly(value: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

function isRequest(value: unknown): value is PlannedRequest {
  return (
    isPlainObject(value) &&
    hasOnly(value, REQUEST_KEYS) &&
    typeof value.method === 'string' &&
    typeof value.path === 'string' &&
    isPlainObject(value.params)
  );
}

/** Every member a request (a loop, not `every`, which skips holes). */
function allRequests(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (!isRequest(list[i])) return false;
  return true;
}

/** True when the change has the planner's shape, so that the writer below covers every member. */
function isPlannerShape(change: unknown): change is Change {
  if (!isPlainObject(change) || !hasOnly(change, CHANGE_KEYS)) return false;
  const c = change as Record<string, unknown>;
  return (
    typeof c.action === 'string' &&
    typeof c.address === 'string' &&
    Array.isArray(c.dependsOn) &&
    (c.fields === undefined || typeof c.fields === 'object') &&
    (c.forcedBy === undefined || typeof c.forcedBy === 'object') &&
    typeof c.id === 'string' &&
    (c.liveId === null || typeof c.liveId === 'string') &&
    (c.reason === undefined || typeof c.reason === 'string') &&
    Array.isArray(c.requests) &&
    allRequests(c.requests) &&
    typeof c.strategy === 'string' &&
    typeof c.type === 'string'
  );
}

/** `sortedView(value)`, answered without a call for the scalars that make up most parameters. */
function memberView(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      break;
    case 'object':
      if (value === null) return value;
      break;
  }
  return sortedView(value);
}

/** `sortedView(list)` for a list of strings (what `dependsOn` holds): the list itself. */
function stringsView(list: readonly unknown[]): unknown {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return sortedView(list);
  return list;
}

/**
 * Sorts `keys` in place by UTF-16 code units (the order of `compareIds`) and says whether they were in order
 * already. An insertion sort: requests have a dozen keys or so, and `Array.prototype.sort` copies its array
 * into a work area on every call.
 */
function sortKeys(keys: string[]): boolean {
  let ordered = true;
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    if (keys[j]! <= key) continue;
    ordered = false;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return ordered;
}

/**
 * `params` with its top-level keys in order (`sortKeys`) and members through `sortedView`: what
 * `sortedView(params)` gives, copied only when something is out of order (a plan file read back keeps the
 * order its text has).
 */
function sortedParams(params: Record<string, unknown>): unknown {
  const keys = Object.keys(params);
  return withMemberViews(params, keys, sortKeys(keys), memberView);
}

/**
 * A value whose `JSON.stringify` is the canonical JSON of `change` (`canonicalJson(change)`): for a change of
 * the planner's shape, a view with its members laid out in key order; for anything else, `sortedView`.
 */
export function canonicalView(change: unknown): unknown {
  if (!isPlannerShape(change)) return sortedView(change);
  return changeView(change);
}

/**
 * A change of the planner's shape with its members in key order, so one JSON.stringify writes the canonical text
 * (undefined members are left out), its parameters and string lists (`dependsOn`, `forcedBy`) through views.
 */
function changeView(change: Change): unknown {
  const requests = new Array<unknown>(change.requests.length);
  for (let i = 0; i < requests.length; i++) {
    const request = change.requests[i]!;
    requests[i] = { method: request.method, params: sortedParams(request.params), path: request.path };
  }
  return {
    action: change.action,
    address: change.address,
    dependsOn: stringsView(change.dependsOn),
    fields: change.fields === undefined ? undefined : sortedView(change.fields),
    forcedBy: change.forcedBy === undefined ? undefined : stringsView(change.forcedBy),
    id: change.id,
    liveId: change.liveId,
    reason: change.reason,
    requests,
    strategy: change.strategy,
    type: change.type,
  };
}

export function canonicalChange(change: unknown): string {
  return JSON.stringify(canonicalView(change)) ?? 'null';
}
