/**
 * `computePlan(desired, actual, options)`: the pure planner. Both catalogs are normalised (see
 * `catalog/types.ts`); the result is a complete `Plan`. No I/O, no clock, no randomness: the same inputs give
 * the same plan, byte for byte once serialised.
 */
import { RULES, addressOf, endpointPath, type TypeRules } from '../catalog/rules.js';
import { CATALOG_LISTS, RESOURCE_TYPES, objectsOf, type Catalog, type CatalogObject, type Product, type ResourceType } from '../catalog/types.js';
import { hashPlannedChanges, targetStateOf } from './fingerprint.js';
import { featureFactsOf, orderFeatureArchives, planFeatureLinks } from './feature-links.js';
import { newChange, newRequest } from './change.js';
import { CreatedChanges } from './created.js';
import { planLinks } from './links.js';
import { SIMPLE_TYPES, matchCatalogs, type Matching, type Pair, type PricePair, type SimplePairs, type SimpleType } from './match.js';
import { planCoupon, planPrice, planProduct, type PlanContext } from './object-changes.js';
import { planObject } from './object-plan.js';
import { orderChanges } from './order.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan, type PlanEndpoint, type PlanSummary, type Ref } from './types.js';

export interface PlanOptions {
  source: PlanEndpoint;
  target: PlanEndpoint;
  tool: { name: string; version: string };
  stripeApiVersion: string;
  /** Also create archived source objects that have no live twin (skipped by default). */
  includeArchived?: boolean;
  /** Retire active live objects that are not in the desired catalog. */
  prune?: boolean;
}

interface Planned {
  products: Pair<Product>[];
  prices: PricePair[];
  coupons: Matching['coupons'];
  simple: SimplePairs;
  skipped: number;
}

/**
 * Archived source objects with no live twin are not copied unless asked, except an archived product that a
 * copied price or coupon needs.
 */
function selectPlanned(matching: Matching, includeArchived: boolean): Planned {
  const keep = (pair: { desired: { active: boolean }; live: unknown }) => includeArchived || pair.live !== null || pair.desired.active;
  const prices = matching.prices.filter(keep);
  // Products that are not copied for themselves, and of those the ones a copied price or coupon names.
  const unkept = new Set(matching.products.filter((p) => !keep(p)).map((p) => p.desired.id));
  const needed = new Set<string>();
  if (unkept.size > 0) {
    for (const p of prices) if (unkept.has(p.desired.product)) needed.add(p.desired.product);
    for (const c of matching.coupons) for (const id of c.desired.applies_to?.products ?? []) if (unkept.has(id)) needed.add(id);
  }
  const products = matching.products.filter((p) => keep(p) || needed.has(p.desired.id));
  let skipped = matching.products.length - products.length + matching.prices.length - prices.length;
  const simple = {} as Record<string, unknown>;
  for (const type of SIMPLE_TYPES) {
    const pairs = matching.simple[type];
    const kept = pairs.filter((pair) => keep(pair as { desired: { active: boolean }; live: unknown }));
    skipped += pairs.length - kept.length;
    simple[type] = kept;
  }
  return { products, prices, coupons: matching.coupons, simple: simple as unknown as SimplePairs, skipped };
}

function isActive(object: CatalogObject): boolean {
  return !('active' in object) || object.active;
}

/**
 * The retirement of a live-only object, at its own address (`price/<live id>`) or, when a change of the plan
 * already has that address (`taken`), at `<address>#live-only`. That happens when a desired object whose live twin
 * is found by another key has the id of a live object that is not its twin: a one-time price from manifests (or
 * one given `custom_unit_amount`), which Stripe gives a new id, named like a live plan that was recurring under
 * that id (api-notes §4: only the Plans API takes an id). Like `#default_price`, the suffix marks an address that
 * is not an entry of the id map; the reason says why the object is not the desired one.
 */
function retireChange(type: ResourceType, rules: TypeRules, liveId: string, taken: { has(address: string): boolean }): Change {
  const own = addressOf(type, liveId);
  const shared = taken.has(own);
  const deletes = rules.retire.method === 'DELETE';
  const why = shared ? ` (not the twin of the desired ${own}, which Stripe gives a new id in live)` : '';
  return newChange({
    address: shared ? `${own}#live-only` : own,
    type,
    action: 'archive',
    id: liveId,
    liveId,
    strategy: rules.idChoosable ? 'preserved' : 'assigned',
    requests: [newRequest(rules.retire.method, endpointPath(rules.retire.path, liveId), { ...rules.retire.params })],
    reason: `only in live${why}; ${deletes ? `deleted because of --prune (a ${type} cannot be archived)` : 'archived because of --prune'}`,
    dependsOn: [],
  });
}

function summarize(changes: readonly Change[], unchanged: number, liveOnly: number): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, archive: 0, unchanged, liveOnly };
  for (let i = 0; i < changes.length; i++) summary[changes[i]!.action]++;
  return summary;
}

export function computePlan(desired: Catalog, actual: Catalog, options: PlanOptions): Plan {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const matching = matchCatalogs(desired, actual);
  const planned = selectPlanned(matching, options.includeArchived ?? false);
  if (planned.skipped > 0) {
    warn(`${planned.skipped} archived object(s) in the source have no live twin and are not copied (--include-archived copies them)`);
  }

  const created = new CreatedChanges();
  const priceIds = new Map<string, string | Ref>();
  /**
   * Live id (or `Ref`) of each planned object of a simple type, by type and id; for products, only those whose
   * live twin has another id (created linked where Stripe refused the id, see `productRules`).
   */
  const simpleIds = new Map<ResourceType, Map<string, string | Ref>>();
  const renamedProducts = new Map<string, string>();
  for (let i = 0; i < planned.products.length; i++) {
    const { desired: d, live } = planned.products[i]!;
    if (live !== null && live.id !== d.id) renamedProducts.set(d.id, live.id);
  }
  if (renamedProducts.size > 0) simpleIds.set('product', renamedProducts);
  const liveByLookup = new Map(actual.prices.filter((p) => p.lookup_key !== null).map((p) => [p.lookup_key!, p]));
  const ctx: PlanContext = {
    resolve: (type, id) => (type === 'price' ? priceIds.get(id) : simpleIds.get(type)?.get(id)) ?? id,
    created: (type, id) => created.address(type, id),
    lookupHolder: (key) => liveByLookup.get(key),
    warn,
  };

  const objectChanges: Change[] = [];
  let unchanged = 0;
  const collect = (change: Change | null, hadTwin: boolean) => {
    if (change === null) {
      if (hadTwin) unchanged++;
      return;
    }
    objectChanges.push(change);
    // An object change's address is always `addressOf(change.type, change.id)`.
    if (change.action === 'create' || change.action === 'replace') created.add(change);
  };

  // Simple types that refer to nothing come first (prices name meters, so their live ids must be known here);
  // those that refer to other types come last, once the changes they wait for are known.
  const planSimple = (type: SimpleType) => {
    for (const pair of planned.simple[type]) {
      const change = planObject(type, pair, RULES[type], ctx);
      collect(change, pair.live !== null);
      const address = addressOf(type, pair.desired.id);
      const createsNew = change !== null && (change.action === 'create' || change.action === 'replace');
      let ids = simpleIds.get(type);
      if (ids === undefined) simpleIds.set(type, (ids = new Map()));
      ids.set(pair.desired.id, createsNew && !RULES[type].idChoosable ? { $ref: address } : pair.live?.id ?? pair.desired.id);
    }
  };
  const referring = (type: SimpleType) => RULES[type].references.length > 0;
  SIMPLE_TYPES.filter((type) => !referring(type)).forEach(planSimple);
  // Indexed loops over the object lists: this function runs once, mostly before V8 optimises it, where
  // `for...of` allocates a result object per step.
  const { products, prices, coupons } = planned;
  for (let i = 0; i < products.length; i++) collect(planProduct(products[i]!, RULES.product, ctx), products[i]!.live !== null);
  for (let i = 0; i < prices.length; i++) {
    const pair = prices[i]!;
    const change = planPrice(pair, ctx);
    collect(change, pair.live !== null);
    // Any price created by this plan is referenced through a Ref: even a kept id can fall back to an assigned
    // one when Stripe refuses it, and the applier's id map then knows the real one.
    const createsNew = change?.action === 'create' || (change?.action === 'replace' && change.strategy === 'assigned');
    priceIds.set(pair.desired.id, createsNew ? { $ref: change!.address } : pair.live!.id);
  }
  for (let i = 0; i < coupons.length; i++) collect(planCoupon(coupons[i]!, RULES.coupon, ctx), coupons[i]!.live !== null);
  SIMPLE_TYPES.filter(referring).forEach(planSimple);

  const unclaimed = RESOURCE_TYPES.flatMap((type) => objectsOf(matching.unclaimed, type).map((o) => [type, o as CatalogObject] as const)).filter(([, o]) =>
    isActive(o),
  );
  const liveOnly = unclaimed.map(([type, o]) => ({ address: addressOf(type, o.id), liveId: o.id }));
  liveOnly.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));

  const byAddress = new Map<string, Change>();
  for (let i = 0; i < objectChanges.length; i++) byAddress.set(objectChanges[i]!.address, objectChanges[i]!);
  if (options.prune) {
    for (const [type, o] of unclaimed) {
      const retire = retireChange(type, RULES[type], o.id, byAddress);
      objectChanges.push(retire);
      byAddress.set(retire.address, retire);
    }
  }
  const desiredProducts = new Map(planned.products.map((p) => [p.desired.id, p.desired]));
  const livePairs = new Map(planned.products.filter((p) => p.live !== null).map((p) => [p.desired.id, p.live!]));
  // Stripe attaches active features only: archives of attached features wait for the attachments.
  const features = featureFactsOf(matching.simple.feature, objectsOf(actual, 'feature'));
  const archives = orderFeatureArchives({ desired: desiredProducts.values(), liveTwin: (id) => livePairs.get(id), changes: byAddress, facts: features, warn });
  const links = planLinks({
    desired: desiredProducts,
    live: actual.products,
    liveTwin: (id) => livePairs.get(id),
    changes: byAddress,
    target: (product) => (product.default_price === null ? null : priceIds.get(product.default_price)),
    warn,
  });

  const featureLinks = planFeatureLinks({
    desired: planned.products.map((p) => p.desired),
    liveTwin: (id) => livePairs.get(id),
    resolveFeature: (id) => ctx.resolve('feature', id),
    creates: created.asSet(),
    facts: features,
  });

  // The order takes every change, and every change by address: the object changes' list and map, completed.
  for (const change of [...archives, ...links, ...featureLinks]) {
    byAddress.set(change.address, change);
    objectChanges.push(change);
  }
  const changes = orderChanges(objectChanges, byAddress);
  const target = targetStateOf(actual, { changes, liveOnly });
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: options.tool.name, version: options.tool.version },
    stripeApiVersion: options.stripeApiVersion,
    source: options.source,
    target: options.target,
    targetFingerprint: target.fingerprint,
    targetState: target.state,
    contentHash: hashPlannedChanges(changes),
    summary: summarize(changes, unchanged, liveOnly.length),
    changes,
    liveOnly,
    warnings,
  };
}

export { fingerprintTarget, hashChanges } from './fingerprint.js';
