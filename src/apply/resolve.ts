/**
 * Turns a planned request into the wire request: `$ref`s in parameters and `{address}` parts of paths become
 * live ids through the id map. A price the plan expected to keep its id but that Stripe gave a new one (the
 * Plans-API fallback) is also rewritten where it appears by id, in the reference fields below and in paths.
 */
import type { Params, ParamValue, PlannedRequest, Ref } from '../plan/types.js';
import type { WireParams, WireValue } from '../stripe/types.js';
import { InternalError } from '../util/errors.js';

/** Parameter names whose string value is the id of another catalog object. */
const REFERENCE_PARAMS = new Set(['default_price', 'price', 'product']);

/**
 * Sandbox address → live id. Invariant: holds an entry for every object created or found by this run, and for
 * every preserved-id object the plan names (mapping to itself) unless a fallback gave it a new id.
 */
export class IdMap {
  private readonly byAddress = new Map<string, string>();
  /** Source id → live id, only where they differ (assigned ids, fallbacks). */
  private readonly renamed = new Map<string, string>();

  set(address: string, liveId: string): void {
    this.byAddress.set(address, liveId);
    const sourceId = idOfAddress(address);
    if (sourceId !== liveId) this.renamed.set(sourceId, liveId);
    else this.renamed.delete(sourceId);
  }

  get(address: string): string | undefined {
    return this.byAddress.get(address);
  }

  /** A source id the plan wrote literally, moved to its live id when Stripe assigned a different one. */
  renamedId(sourceId: string): string | undefined {
    return this.renamed.get(sourceId);
  }

  entries(): [string, string][] {
    return [...this.byAddress.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

export function idOfAddress(address: string): string {
  const slash = address.indexOf('/');
  const hash = address.indexOf('#');
  return address.slice(slash + 1, hash === -1 ? undefined : hash);
}

function isRef(value: ParamValue): value is Ref {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Ref).$ref === 'string';
}

function lookup(map: IdMap, address: string, where: string): string {
  const id = map.get(address);
  if (id === undefined) {
    throw new InternalError('apply_unresolved_ref', `${where} refers to ${address}, which has no live id yet.`, {
      hint: 'The plan orders changes so references are created first; re-run `migrate plan` and report this if it repeats.',
    });
  }
  return id;
}

export function resolveValue(value: ParamValue, map: IdMap, where: string, key?: string): WireValue {
  if (isRef(value)) return lookup(map, value.$ref, where);
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, map, where, key));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: WireValue } = {};
    for (const [name, item] of Object.entries(value)) out[name] = resolveValue(item, map, where, name);
    return out;
  }
  if (typeof value === 'string' && key !== undefined && REFERENCE_PARAMS.has(key)) return map.renamedId(value) ?? value;
  return value;
}

export function resolveParams(params: Params, map: IdMap, where: string): WireParams {
  return resolveValue(params, map, where) as WireParams;
}

/** `/v1/prices/{price/price_1}` → `/v1/prices/<live id>`; a literal id that was renamed is moved too. Ids are sent URL-encoded. */
export function resolvePath(path: string, map: IdMap, where: string): string {
  // A braced address holds a `/` of its own (`{meter/mtr_1}`): split only on slashes outside braces.
  return path
    .split(/\/(?![^{]*\})/)
    .map((part, index) => {
      const braced = /^\{(.+)\}$/.exec(part);
      if (braced) return encodeURIComponent(lookup(map, braced[1]!, where));
      // Only id positions (`/v1/<resource>/<id>…`), never the version or resource name.
      if (index < 3) return part;
      // The plan holds ids raw; ids from before 2018 may hold spaces, `%` or `?`, so every id is sent encoded.
      return encodeURIComponent(map.renamedId(part) ?? part);
    })
    .join('/');
}

export function resolveRequest(request: PlannedRequest, map: IdMap, where: string): { method: PlannedRequest['method']; path: string; params: WireParams } {
  return { method: request.method, path: resolvePath(request.path, map, where), params: resolveParams(request.params, map, where) };
}
