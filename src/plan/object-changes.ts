/**
 * The change for one desired object and its live twin: create, update, replace or nothing, with the exact
 * requests, read from the object's rules table. Links between objects (`default_price`) and retirements of
 * what is only in live are planned in `links.ts` and `compute.ts`.
 */
import { acceptsCustomId, addressOf, endpointPath, updatableRule, type TypeRules } from '../catalog/rules.js';
import type { Coupon, Price, Product, ResourceType } from '../catalog/types.js';
import { newChange, newRequest, post } from './change.js';
import { allInPlace, diffObjects, toFieldChanges, type FieldDiff } from './diff.js';
import type { Pair, PricePair } from './match.js';
import {
  couponCreateParams,
  linkedProductCreateParams,
  planCreateParams,
  planPriceOnlyParams,
  priceCreateParams,
  productCreateParams,
  updateParams,
  type PriceInLive,
} from './params.js';
import type { Change, PlannedRequest, Ref } from './types.js';

/** What the object builders need from the rest of the plan. */
export interface PlanContext {
  /** Live id (or `Ref`) of a desired object's id; the id itself when it is not in the desired catalog. */
  resolve(type: ResourceType, id: string): string | Ref;
  /**
   * The address of the change that creates the object `type`/`id` (or its replacement), which references to it
   * must wait for; `undefined` when the plan does not create it. The change's own address string is returned,
   * so a plan holds one string per address however many changes depend on it.
   */
  created(type: ResourceType, id: string): string | undefined;
  /** The live price that holds a lookup key, if any. */
  lookupHolder(lookupKey: string): Price | undefined;
  warn(message: string): void;
}

/** The addresses of the named objects that this plan creates, sorted, each once: what a change waits for. */
export function createdAmong(ctx: PlanContext, type: ResourceType, ids: readonly string[], into: string[] = []): string[] {
  for (const id of ids) {
    const address = ctx.created(type, id);
    if (address !== undefined && !into.includes(address)) into.push(address);
  }
  return into.length > 1 ? into.sort() : into;
}

/** The price with its references in live terms; the price itself when they stay as they are (no copy). */
function inLive(price: Price, ctx: PlanContext): PriceInLive {
  const product = ctx.resolve('product', price.product);
  const recurring = price.recurring;
  const meter = recurring === null || recurring.meter === null ? null : ctx.resolve('meter', recurring.meter);
  if (product === price.product && meter === (recurring?.meter ?? null)) return price;
  return { ...price, product, recurring: recurring === null || meter === null ? recurring : { ...recurring, meter } };
}

/** The changes creating objects a price names (its product, its meter), sorted: what it must wait for. */
function priceDependsOn(price: Price, ctx: PlanContext): string[] {
  const product = ctx.created('product', price.product);
  const meterId = price.recurring?.meter ?? null;
  const meter = meterId === null ? undefined : ctx.created('meter', meterId);
  if (product === undefined) return meter === undefined ? [] : [meter];
  if (meter === undefined || meter === product) return [product];
  return product < meter ? [product, meter] : [meter, product];
}

/** Classifies the differences: none, in place (update) or not (replace, with the fields that force it). */
export function actionOf(diffs: readonly FieldDiff[]): 'none' | 'update' | 'replace' {
  if (diffs.length === 0) return 'none';
  return allInPlace(diffs) ? 'update' : 'replace';
}

function updateRequests(rules: TypeRules, liveId: string, diffs: readonly FieldDiff[], desired: object): PlannedRequest[] {
  const routed = updateParams(rules, diffs, desired, (path) => (updatableRule(rules, path)?.via === 'prices' ? 'prices' : 'own'));
  const requests: PlannedRequest[] = [];
  if (Object.keys(routed.own).length > 0) requests.push(post(endpointPath(rules.update.path, liveId), routed.own));
  if (Object.keys(routed.prices).length > 0) requests.push(post(`/v1/prices/${liveId}`, routed.prices));
  return requests;
}

function updateChange(type: ResourceType, id: string, liveId: string, rules: TypeRules, diffs: FieldDiff[], desired: object, dependsOn: string[]): Change {
  return newChange({
    address: addressOf(type, id),
    type,
    action: 'update',
    id,
    liveId,
    strategy: rules.idChoosable ? 'preserved' : 'assigned',
    requests: updateRequests(rules, liveId, diffs, desired),
    fields: toFieldChanges(diffs),
    dependsOn,
  });
}

function forcedBy(diffs: readonly FieldDiff[]): string[] {
  return diffs.filter((d) => !d.inPlace).map((d) => d.field);
}

/**
 * The change for a product, `null` when live matches it. A product under an id Stripe no longer takes (made before
 * API 2018-05-21) is created under an id Stripe assigns, linked, with a warning: what names it follows it through
 * the id map at apply (`resolve.ts`), and plans after find it by its link.
 */
export function planProduct(pair: Pair<Product>, rules: TypeRules, ctx: PlanContext): Change | null {
  const { desired, live } = pair;
  if (live === null) {
    const address = addressOf('product', desired.id);
    if (!acceptsCustomId(desired.id)) {
      ctx.warn(`${desired.id} has an id Stripe no longer takes for a new product (only letters, digits, _ and -): Stripe assigns it a new id in live; the id map will record it`);
      const requests = [post(rules.create.path, linkedProductCreateParams(rules, desired))];
      return newChange({ address, type: 'product', action: 'create', id: desired.id, liveId: null, strategy: 'assigned', requests, dependsOn: [] });
    }
    const requests = [post(rules.create.path, productCreateParams(rules, desired))];
    return newChange({ address, type: 'product', action: 'create', id: desired.id, liveId: desired.id, strategy: 'preserved', requests, dependsOn: [] });
  }
  const diffs = diffObjects(rules, desired, live);
  if (actionOf(diffs) === 'none') return null;
  return updateChange('product', desired.id, live.id, rules, diffs, desired, []);
}

/** With a lookup key held by another live price, the create or update must take it over explicitly. */
function transferFrom(price: Price, ownLiveId: string | null, ctx: PlanContext): Price | undefined {
  if (price.lookup_key === null) return undefined;
  const holder = ctx.lookupHolder(price.lookup_key);
  return holder !== undefined && holder.id !== ownLiveId ? holder : undefined;
}

/** Requests that create a price the way its rules say: through the Plans API (id kept) or the Prices API. */
function priceCreateRequests(price: PriceInLive, rules: TypeRules, transfer: boolean): PlannedRequest[] {
  if (rules.kind === 'plan') {
    const requests = [post(rules.create.path, planCreateParams(price))];
    const extra = planPriceOnlyParams(price);
    if (extra !== null) requests.push(post(`/v1/prices/${price.id}`, transfer ? { ...extra, transfer_lookup_key: true } : extra));
    return requests;
  }
  // `post` puts an added `transfer_lookup_key` in its place in key order, here as after a plan create.
  const params = priceCreateParams(price, price.id);
  return [post(rules.create.path, transfer ? { ...params, transfer_lookup_key: true } : params)];
}

function assignedIdWarning(price: Price): string {
  const why =
    price.recurring === null
      ? 'is one-time'
      : price.custom_unit_amount !== null
        ? 'has custom_unit_amount, which the Plans API cannot carry'
        : 'has an id Stripe no longer takes for a new plan (only letters, digits, _ and -)';
  return `${price.id} ${why}: Stripe assigns it a new id in live; the id map will record it`;
}

/** The change for a price, `null` when live matches it. */
export function planPrice(pair: PricePair, ctx: PlanContext): Change | null {
  const { desired, live, rules } = pair;
  const wanted = inLive(desired, ctx);
  // Most prices of a re-plan are unchanged: nothing else is looked up or built for them.
  const diffs = live === null ? [] : diffObjects(rules, wanted, live);
  if (live !== null && diffs.length === 0) return null;
  const address = addressOf('price', desired.id);
  const dependsOn = priceDependsOn(desired, ctx);
  if (live === null) {
    const holder = transferFrom(desired, null, ctx);
    if (holder !== undefined) ctx.warn(`lookup_key ${desired.lookup_key} moves from live price ${holder.id} to ${desired.id}`);
    if (pair.strategy === 'assigned') ctx.warn(assignedIdWarning(desired));
    return newChange({
      address, type: 'price', action: 'create', id: desired.id,
      liveId: pair.strategy === 'preserved' ? desired.id : null,
      strategy: pair.strategy,
      requests: priceCreateRequests(wanted, rules, holder !== undefined),
      dependsOn,
    });
  }
  if (actionOf(diffs) === 'update') {
    const change = updateChange('price', desired.id, live.id, rules, diffs, wanted, dependsOn);
    const holder = diffs.some((d) => d.field === 'lookup_key') ? transferFrom(desired, live.id, ctx) : undefined;
    if (holder !== undefined) {
      ctx.warn(`lookup_key ${desired.lookup_key} moves from live price ${holder.id} to ${desired.id}`);
      const at = change.requests.findIndex((r) => 'lookup_key' in r.params);
      const request = change.requests[at]!;
      change.requests[at] = newRequest(request.method, request.path, { ...request.params, transfer_lookup_key: true });
    }
    return change;
  }
  return priceReplace(pair, live, wanted, diffs, dependsOn, ctx);
}

function priceReplace(pair: PricePair, live: Price, wanted: PriceInLive, diffs: FieldDiff[], dependsOn: string[], ctx: PlanContext): Change {
  const { desired, rules } = pair;
  const forced = forcedBy(diffs);
  const base = {
    address: addressOf('price', desired.id), type: 'price' as const, action: 'replace' as const, id: desired.id,
    liveId: live.id, fields: toFieldChanges(diffs), forcedBy: forced, dependsOn,
  };
  const transfer = desired.lookup_key !== null;
  if (rules.replace === 'delete-create') {
    return newChange({
      ...base,
      strategy: 'preserved',
      reason:
        `${forced.join(', ')} cannot change on an existing plan; to keep the id ${desired.id} the plan is deleted ` +
        'and created again through the Plans API (subscriptions on the old plan keep it)',
      requests: [newRequest('DELETE', `/v1/plans/${live.id}`, {}), ...priceCreateRequests(wanted, rules, transfer)],
    });
  }
  ctx.warn(`${desired.id} is replaced through the Prices API: Stripe assigns the new price an id in live; the id map will record it`);
  // The old price is retired after the new one exists; `links.ts` inserts the default-price moves before it.
  const retire: PlannedRequest[] = live.active ? [post(endpointPath(rules.retire.path, live.id), { ...rules.retire.params })] : [];
  return newChange({
    ...base,
    strategy: 'assigned',
    reason:
      `${forced.join(', ')} cannot change on an existing Stripe price: a new price replaces ${live.id}` +
      `${transfer ? ' and takes over its lookup_key' : ''}, then ${live.id} is archived`,
    requests: [...priceCreateRequests(wanted, rules, transfer), ...retire],
  });
}

/** The coupon with the products it applies to in live ids (sorted, as a read gives them); itself when they are the same. */
function couponInLive(coupon: Coupon, ctx: PlanContext): Coupon {
  const products = coupon.applies_to?.products;
  if (products === undefined) return coupon;
  const live = products.map((id) => ctx.resolve('product', id));
  if (live.every((id, i) => id === products[i])) return coupon;
  // Products keep ids chosen here, so a product reference resolves to an id, never to a `Ref`.
  return { ...coupon, applies_to: { products: (live as string[]).sort() } };
}

/** The change for a coupon, `null` when live matches it. */
export function planCoupon(pair: Pair<Coupon>, rules: TypeRules, ctx: PlanContext): Change | null {
  const { live } = pair;
  const desired = couponInLive(pair.desired, ctx);
  const diffs = live === null ? [] : diffObjects(rules, desired, live);
  const action = actionOf(diffs);
  if (live !== null && action === 'none') return null;
  const address = addressOf('coupon', desired.id);
  const dependsOn = createdAmong(ctx, 'product', pair.desired.applies_to?.products ?? []);
  if (live !== null && action === 'update') return updateChange('coupon', desired.id, live.id, rules, diffs, desired, dependsOn);
  const create = post(rules.create.path, couponCreateParams(rules, desired));
  if (live === null) {
    return newChange({ address, type: 'coupon', action: 'create', id: desired.id, liveId: desired.id, strategy: 'preserved', requests: [create], dependsOn });
  }
  const forced = forcedBy(diffs);
  // api-notes §6: whether a deleted coupon's id can be used again is not documented (the emulator's
  // `deletedIdsReusable`); apply stops with `apply_id_not_reusable` if it cannot.
  ctx.warn(
    `${address} is replaced by deleting it and creating it again under its id; Stripe does not document that a deleted ` +
      `coupon's id can be used again: if it cannot, apply stops there and says so, and live has no coupon ${desired.id} until one is made under a new id`,
  );
  return newChange({
    address, type: 'coupon', action: 'replace', id: desired.id, liveId: live.id, strategy: 'preserved',
    requests: [newRequest(rules.retire.method, endpointPath(rules.retire.path, live.id), {}), create],
    fields: toFieldChanges(diffs),
    forcedBy: forced,
    reason:
      `${forced.join(', ')} cannot change on an existing coupon: it is deleted and created again with the same id ` +
      '(customers who already redeemed it keep their discount)',
    dependsOn,
  });
}
