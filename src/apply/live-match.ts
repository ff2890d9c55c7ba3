/**
 * Decides whether an object already in live is the one a create request would have made: a preserved-id create
 * answered `resource_already_exists`, or a one-time price that already carries its link. Create parameters are
 * compared with the normalised live object through one table per create endpoint (Plans-API names differ from
 * the catalog's). A parameter the request does not send is not compared; the verification pass after apply
 * catches any difference that leaves.
 */
import { LINK_METADATA_KEY, objectsOf, type Catalog, type CatalogObject, type ResourceType } from '../catalog/types.js';
import type { WireParams, WireValue } from '../stripe/types.js';
import { PLAN_FIELD_PATHS } from './fallback.js';

interface CreateEndpoint {
  type: ResourceType;
  /** Parameter name → dotted field path in the catalog model, where they differ. */
  fields: Record<string, string>;
  /** Parameters with no field of the same shape in the catalog model. */
  skip?: readonly string[];
}

/** Create endpoints by path. */
export const CREATE_ENDPOINTS: Record<string, CreateEndpoint> = {
  '/v1/products': { type: 'product', fields: {} },
  '/v1/coupons': { type: 'coupon', fields: {} },
  '/v1/prices': { type: 'price', fields: {} },
  '/v1/plans': { type: 'price', fields: PLAN_FIELD_PATHS },
  '/v1/billing/meters': { type: 'meter', fields: {} },
  // The coupon is compared by the identity rule and by verification; the live model has no `promotion`.
  '/v1/promotion_codes': { type: 'promotion_code', fields: {}, skip: ['promotion'] },
  '/v1/tax_rates': { type: 'tax_rate', fields: {} },
  '/v1/shipping_rates': { type: 'shipping_rate', fields: {} },
  '/v1/entitlements/features': { type: 'feature', fields: {} },
};

/**
 * How a create whose id Stripe assigns may already have landed (an earlier run whose journal was lost, a stored
 * server error): the live object that carries the source's identity, by create endpoint. The applier counts
 * such an object as the create's result instead of making a second one.
 */
const ASSIGNED_TWIN: Readonly<Record<string, (sourceId: string, params: WireParams) => (o: Record<string, unknown>) => boolean>> = {
  // Only a create that sends no id (a product under an id Stripe no longer takes): see `isAssignedCreate`.
  '/v1/products': (sourceId) => (o) => o.link === sourceId,
  '/v1/prices': (sourceId) => (o) => o.link === sourceId,
  '/v1/tax_rates': (sourceId) => (o) => o.link === sourceId,
  '/v1/shipping_rates': (sourceId) => (o) => o.link === sourceId,
  '/v1/billing/meters': (_sourceId, params) => (o) => o.active === true && o.event_name === params.event_name,
  '/v1/entitlements/features': (_sourceId, params) => (o) => o.active === true && o.lookup_key === params.lookup_key,
  '/v1/promotion_codes': (_sourceId, params) => (o) =>
    o.active === true && typeof o.code === 'string' && typeof params.code === 'string' && o.code.toLowerCase() === params.code.toLowerCase(),
};

/** Whether this create gets an id from Stripe (it sends none) that the applier must look for before (re)sending. */
export function isAssignedCreate(path: string, params: WireParams): boolean {
  return ASSIGNED_TWIN[path] !== undefined && params.id === undefined;
}

/** A live object made for this source object by an earlier attempt, other than `exceptId`, whose content matches. */
export function findAssignedTwin(live: Catalog, path: string, sourceId: string, exceptId: string | null, params: WireParams): CatalogObject | undefined {
  const endpoint = CREATE_ENDPOINTS[path];
  const twin = ASSIGNED_TWIN[path];
  if (endpoint === undefined || twin === undefined) return undefined;
  const carries = twin(sourceId, params);
  return objectsOf(live, endpoint.type).find(
    (o) => o.id !== exceptId && carries(o as unknown as Record<string, unknown>) && matchesCreate(endpoint, params, o),
  );
}

/** Parameters that steer the request rather than describe the object. */
const NOT_CONTENT = new Set(['id', 'expand', 'transfer_lookup_key']);

export function createEndpointOf(method: string, path: string): CreateEndpoint | undefined {
  return method === 'POST' ? CREATE_ENDPOINTS[path] : undefined;
}

export function findLive(catalog: Catalog, type: ResourceType, id: string): CatalogObject | undefined {
  return objectsOf(catalog, type).find((object) => object.id === id);
}

/** True when every content parameter of the create equals the live object's field. */
export function matchesCreate(endpoint: CreateEndpoint, params: WireParams, live: CatalogObject): boolean {
  const object = live as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (NOT_CONTENT.has(name) || endpoint.skip?.includes(name)) continue;
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

const ATTACH_PATH = /^\/v1\/products\/([^/]+)\/features$/;

/**
 * Whether an attach request (`POST /v1/products/:id/features`) is already true in live: attaching twice is
 * refused by Stripe, and an earlier run (or a lost journal) may have made it. Such an attach counts as done.
 */
export function isAttach(method: string, path: string): boolean {
  return method === 'POST' && ATTACH_PATH.test(path);
}

/** For an attach request, whether live already holds that attachment. */
export function isAttachedInLive(live: Catalog, path: string, params: WireParams): boolean {
  const match = ATTACH_PATH.exec(path);
  if (match === null) return false;
  const product = findLive(live, 'product', decodeURIComponent(match[1]!)) as { features?: string[] } | undefined;
  return typeof params.entitlement_feature === 'string' && (product?.features ?? []).includes(params.entitlement_feature);
}
