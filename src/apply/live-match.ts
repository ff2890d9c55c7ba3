/**
 * Decides whether an object already in live is the one a create request would have made: a preserved-id create
 * answered `resource_already_exists`, or a one-time price that already carries its link. Create parameters are
 * compared with the normalised live object through one table per create endpoint (Plans-API names differ from
 * the catalog's). A parameter the request does not send is not compared; the verification pass after apply
 * catches any difference that leaves.
 */
import { LINK_METADATA_KEY, type Catalog, type CatalogObject, type ResourceType } from '../catalog/types.js';
import type { WireParams, WireValue } from '../stripe/types.js';
import { PLAN_FIELD_PATHS } from './fallback.js';

interface CreateEndpoint {
  type: ResourceType;
  /** Parameter name → dotted field path in the catalog model, where they differ. */
  fields: Record<string, string>;
}

/** Create endpoints by path. */
export const CREATE_ENDPOINTS: Record<string, CreateEndpoint> = {
  '/v1/products': { type: 'product', fields: {} },
  '/v1/coupons': { type: 'coupon', fields: {} },
  '/v1/prices': { type: 'price', fields: {} },
  '/v1/plans': { type: 'price', fields: PLAN_FIELD_PATHS },
};

/** Parameters that steer the request rather than describe the object. */
const NOT_CONTENT = new Set(['id', 'expand', 'transfer_lookup_key']);

export function createEndpointOf(method: string, path: string): CreateEndpoint | undefined {
  return method === 'POST' ? CREATE_ENDPOINTS[path] : undefined;
}

export function findLive(catalog: Catalog, type: ResourceType, id: string): CatalogObject | undefined {
  const list: CatalogObject[] = type === 'product' ? catalog.products : type === 'price' ? catalog.prices : catalog.coupons;
  return list.find((object) => object.id === id);
}

/** True when every content parameter of the create equals the live object's field. */
export function matchesCreate(endpoint: CreateEndpoint, params: WireParams, live: CatalogObject): boolean {
  const object = live as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (NOT_CONTENT.has(name)) continue;
    if (name === 'metadata' && isObject(value)) {
      const { [LINK_METADATA_KEY]: link, ...rest } = value;
      if (link !== undefined && (object.link ?? null) !== link) return false;
      if (!sameValue(rest, object.metadata)) return false;
      continue;
    }
    const path = endpoint.fields[name] ?? name;
    if (!sameValue(value, valueAt(object, path))) return false;
  }
  return true;
}

function valueAt(object: Record<string, unknown>, path: string): unknown {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function isObject(value: unknown): value is Record<string, WireValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Wire values against catalog values: decimals may be numbers or strings, `''` unsets, objects compare by the sent keys. */
function sameValue(sent: unknown, live: unknown): boolean {
  if (sent === '' || sent === null) return live === null || live === undefined || live === '' || (isObject(live) && Object.keys(live).length === 0);
  if (Array.isArray(sent)) {
    return Array.isArray(live) && sent.length === live.length && sent.every((item, i) => sameValue(item, live[i]));
  }
  if (isObject(sent)) {
    if (!isObject(live)) return Object.keys(sent).length === 0 && (live === null || live === undefined);
    return Object.entries(sent).every(([key, value]) => sameValue(value, (live as Record<string, unknown>)[key]));
  }
  if (typeof sent === 'number' || typeof sent === 'string' || typeof sent === 'boolean') {
    if (live === null || live === undefined) return false;
    return String(sent) === String(live) || (isNumeric(sent) && isNumeric(live) && Number(sent) === Number(live));
  }
  return false;
}

function isNumeric(value: unknown): boolean {
  return (typeof value === 'number' || typeof value === 'string') && value !== '' && !Number.isNaN(Number(value));
}
