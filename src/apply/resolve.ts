/**
 * Turns a planned request into the wire request: `$ref`s in parameters and `{address}` parts of paths become
 * live ids through the id map. An object the plan expected to keep its id but that Stripe gave a new one (a
 * price the Plans API refused, a product refused under its own id: `fallback.ts`) is also rewritten where it
 * appears by id, in the reference fields below and in paths.
 */
import { addressOf, pathTarget } from '../catalog/rules.js';
import type { ResourceType } from '../catalog/types.js';
import type { Params, ParamValue, PlannedRequest, Ref } from '../plan/types.js';
import type { WireParams, WireValue } from '../stripe/types.js';
import { InternalError } from '../util/errors.js';

/**
 * Parameters, by dotted path, whose value is the id (or a list of ids) of another catalog object. Only there: a
 * `product` key in the user's metadata is the user's.
 */
const REFERENCE_PARAMS: Readonly<Record<string, ResourceType>> = {
  default_price: 'price',
  price: 'price',
  product: 'product',
  'applies_to.products': 'product',
};

/**
 * Sandbox address → live id. Invariant: holds an entry for every object created or found by this run, and for
 * every preserved-id object the plan names (mapping to itself) unless a fallback gave it a new id.
 */
export class IdMap {
  private readonly byAddress = new Map<string, string>();
  set(address: string, liveId: string): void {
    this.byAddress.set(address, liveId);
  }

  get(address: string): string | undefined {
    return this.byAddress.get(address);
  }

  /** The live id of an object the plan names by its source id (literally): moved when Stripe assigned another. */
  liveIdOf(type: ResourceType, sourceId: string): string {
    return this.byAddress.get(addressOf(type, sourceId)) ?? sourceId;
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

/** `path`: the dotted parameter path of `value` (list items share their list's). */
export function resolveValue(value: ParamValue, map: IdMap, where: string, path?: string): WireValue {
  if (isRef(value)) return lookup(map, value.$ref, where);
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, map, where, path));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: WireValue } = {};
    for (const [name, item] of Object.entries(value)) out[name] = resolveValue(item, map, where, path === undefined ? name : `${path}.${name}`);
    return out;
  }
  const type = path === undefined ? undefined : REFERENCE_PARAMS[path];
  if (typeof value === 'string' && type !== undefined) return map.liveIdOf(type, value);
  return value;
}

export function resolveParams(params: Params, map: IdMap, where: string): WireParams {
  return resolveValue(params, map, where) as WireParams;
}

/**
 * `/v1/prices/{price/price_1}` → `/v1/prices/<live id>`; the literal id of the object a path writes to is moved
 * when it was renamed (`/v1/products/prod_1/features`). Ids are sent URL-encoded.
 */
export function resolvePath(path: string, map: IdMap, where: string): string {
  const target = pathTarget(path);
  // A braced address holds a `/` of its own (`{meter/mtr_1}`): split only on slashes outside braces.
  return path
    .split(/\/(?![^{]*\})/)
    .map((part, index) => {
      const braced = /^\{(.+)\}$/.exec(part);
      if (braced) return encodeURIComponent(lookup(map, braced[1]!, where));
      // Only id positions (`/v1/<resource>/<id>…`), never the version or resource name.
      if (index < 3) return part;
      const id = index === 3 && target !== undefined ? map.liveIdOf(target.type, part) : part;
      // The plan holds ids raw; ids from before 2018 may hold spaces, `%` or `?`, so every id is sent encoded.
      return encodeURIComponent(id);
    })
    .join('/');
}

export function resolveRequest(request: PlannedRequest, map: IdMap, where: string): { method: PlannedRequest['method']; path: string; params: WireParams } {
  return { method: request.method, path: resolvePath(request.path, map, where), params: resolveParams(request.params, map, where) };
}
