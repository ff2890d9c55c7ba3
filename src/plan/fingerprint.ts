/**
 * Hashes that tie a plan to the world it was computed against (`targetState`, `targetFingerprint`) and to its
 * own reviewed content (`contentHash`). Apply recomputes both from a fresh read and from the file.
 */
import { addressOf } from '../catalog/rules.js';
import { RESOURCE_TYPES, objectsOf, type Catalog, type CatalogObject, type ResourceType } from '../catalog/types.js';
import type { Change, Plan } from './types.js';
import { hashValue } from './hash.js';

/** Which type an API path names: `/v1/plans/x` is the price `x` (plans and prices are one object). */
const PATH_TYPES: Readonly<Record<string, ResourceType>> = {
  products: 'product',
  prices: 'price',
  plans: 'price',
  coupons: 'coupon',
};

function liveIndex(actual: Catalog): Map<string, CatalogObject> {
  const index = new Map<string, CatalogObject>();
  for (const type of RESOURCE_TYPES) for (const o of objectsOf(actual, type)) index.set(addressOf(type, o.id), o);
  return index;
}

/**
 * The live objects a plan touches, by the address that names them in the plan: each change's own live object
 * (`null` when it does not exist yet), every other object a request writes to (a product whose default price
 * a replace moves), and every object only in live.
 */
export function computeTargetState(actual: Catalog, plan: Pick<Plan, 'changes' | 'liveOnly'>): Record<string, string | null> {
  const live = liveIndex(actual);
  const touched = new Map<string, string>();
  const touch = (address: string, type: ResourceType, liveId: string | null) => {
    if (!touched.has(address)) touched.set(address, liveId === null ? '' : addressOf(type, liveId));
  };
  for (const change of plan.changes) {
    touch(change.address, change.type, change.liveId);
    for (const request of change.requests) {
      const [, , collection, id] = request.path.split('/');
      const type = collection === undefined ? undefined : PATH_TYPES[collection];
      if (type === undefined || id === undefined || id === change.liveId || id.includes('{')) continue;
      touch(addressOf(type, id), type, id);
    }
  }
  for (const only of plan.liveOnly) touch(only.address, only.address.split('/')[0] as ResourceType, only.liveId);
  const state: Record<string, string | null> = {};
  for (const address of [...touched.keys()].sort()) {
    const object = live.get(touched.get(address)!);
    state[address] = object === undefined ? null : hashValue(object);
  }
  return state;
}

/** sha256 of the target state: equal iff every touched live object is as it was. */
export function fingerprintTarget(actual: Catalog, plan: Pick<Plan, 'changes' | 'liveOnly'>): string {
  return hashValue(computeTargetState(actual, plan));
}

/** sha256 of the canonical JSON of the changes: what a reviewer approved. */
export function hashChanges(changes: readonly Change[]): string {
  return hashValue(changes);
}
