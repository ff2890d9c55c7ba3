/**
 * Identity: pairs every desired object with its live twin, by the identity keys of its rules table and
 * nothing else (no guessing by names or amounts). A live object is claimed by at most one desired object.
 */
import { RULES, acceptsCustomId, priceRuleKind, type IdentityKey, type TypeRules } from '../catalog/rules.js';
import { CATALOG_LISTS as CATALOG_LIST_OF, objectsOf, type Catalog, type CatalogObjects, type Coupon, type Price, type Product } from '../catalog/types.js';
import type { IdStrategy } from './types.js';
import { allInPlace, diffObjects } from './diff.js';

/** A desired object and its live twin (`null`: none), with the identity key that found it. */
export interface Pair<T> {
  desired: T;
  live: T | null;
  via: IdentityKey | null;
}

/**
 * A desired price and its twin. `rules` is the rule set of the live object as it is (or will be) in Stripe:
 * the Plans-API view when the live price has (or will get) the desired id, the Prices-API one otherwise.
 */
export interface PricePair extends Pair<Price> {
  rules: TypeRules;
  strategy: IdStrategy;
}

/**
 * Types planned by one generic builder (`planObject`): a single create request, their own rules table, references
 * written through the id map. Listed in the order they are planned, which puts referenced types first.
 */
export const SIMPLE_TYPES = ['feature', 'meter', 'promotion_code', 'tax_rate', 'shipping_rate'] as const;
export type SimpleType = (typeof SIMPLE_TYPES)[number];

export type SimplePairs = { [T in SimpleType]: Pair<CatalogObjects[T]>[] };

export interface Matching {
  products: Pair<Product>[];
  prices: PricePair[];
  coupons: Pair<Coupon>[];
  simple: SimplePairs;
  /** Live objects no desired object claimed, in id order. */
  unclaimed: Catalog;
}

function sortedById(list: readonly { id: string }[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]!.id < list[i]!.id)) return false;
  return true;
}

/**
 * For each desired object, the position of the live object with the same id, or -1. Catalog lists are sorted
 * by id (catalog invariant), so the two lists are walked side by side, with no map of the live ids; lists that
 * are not strictly sorted are looked up through a map, with the same result.
 */
function twinsById(desired: readonly { id: string }[], live: readonly { id: string }[]): Int32Array {
  const twins = new Int32Array(desired.length).fill(-1);
  if (live.length === 0) return twins;
  if (sortedById(desired) && sortedById(live)) {
    let j = 0;
    for (let i = 0; i < desired.length; i++) {
      const id = desired[i]!.id;
      while (j < live.length && live[j]!.id < id) j++;
      if (j === live.length) break;
      if (live[j]!.id === id) twins[i] = j;
    }
    return twins;
  }
  const position = new Map<string, number>();
  for (let j = 0; j < live.length; j++) position.set(live[j]!.id, j);
  for (let i = 0; i < desired.length; i++) twins[i] = position.get(desired[i]!.id) ?? -1;
  return twins;
}

/** Pairs by id. Ids are unique within a catalog list (both readers guarantee it). */
function byIdPairs<T extends { id: string }>(desired: readonly T[], live: readonly T[]): { pairs: Pair<T>[]; unclaimed: T[] } {
  const twins = twinsById(desired, live);
  const claimed = new Uint8Array(live.length);
  const pairs = desired.map((d, i) => {
    const j = twins[i]!;
    if (j < 0) return { desired: d, live: null, via: null };
    claimed[j] = 1;
    return { desired: d, live: live[j]!, via: 'id' as const };
  });
  return { pairs, unclaimed: live.filter((_, j) => claimed[j] === 0) };
}

/**
 * Several live prices can carry the same link (a replaced price keeps its link when archived). Prefer the one
 * that needs no replace, then an active one, then the smallest id, so the choice is deterministic.
 */
function bestLinked(desired: Price, candidates: readonly number[], live: readonly Price[]): number {
  const rank = (p: Price) => [allInPlace(diffObjects(RULES.price, desired, p)) ? 0 : 1, p.active ? 0 : 1] as const;
  return [...candidates].sort((x, y) => {
    const [a, b] = [live[x]!, live[y]!];
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  })[0]!;
}

/**
 * Pairs desired prices with live ones by the identity keys of each desired price's rules. Ids are unique within
 * a catalog list (both readers guarantee it), so a live price is tracked by its position and a desired price
 * by its index: ids are matched side by side (`twinsById`), other keys by one map lookup per desired price,
 * and nothing is looked up to tell what is left unclaimed.
 */
function matchPrices(desired: readonly Price[], live: readonly Price[]): { pairs: PricePair[]; unclaimed: Price[] } {
  const twins = twinsById(desired, live);
  const byLink = new Map<string, number[]>();
  const byLookup = new Map<string, number>();
  for (let j = 0; j < live.length; j++) {
    const p = live[j]!;
    if (p.link !== null) {
      const linked = byLink.get(p.link);
      if (linked === undefined) byLink.set(p.link, [j]);
      else linked.push(j);
    }
    if (p.lookup_key !== null) byLookup.set(p.lookup_key, j);
  }
  const kinds = desired.map(priceRuleKind);
  const claimed = new Uint8Array(live.length);
  const hits = new Array<{ live: Price; via: IdentityKey } | undefined>(desired.length);
  // One pass per identity key over all desired prices, so a strong key (id) always beats a weaker one
  // (lookup_key) no matter the order of ids. A key no live price carries finds nothing: its pass is skipped.
  const keys: [IdentityKey, number][] = [
    ['id', live.length],
    ['link', byLink.size],
    ['lookup_key', byLookup.size],
  ];
  for (const [key, indexed] of keys) {
    if (indexed === 0) continue;
    for (let i = 0; i < desired.length; i++) {
      if (hits[i] !== undefined || !RULES[kinds[i]!].identity.includes(key)) continue;
      const d = desired[i]!;
      let twin: number | undefined;
      if (key === 'id') {
        twin = twins[i]! < 0 ? undefined : twins[i];
        // An archived plan under the id loses to an active price linked to it: where Stripe would not update a
        // plan-created price, apply deleted the plan and made the price through the Prices API, and a deleted
        // plan may stay behind archived (api-notes §5, unconfirmed).
        if (twin !== undefined && d.active && !live[twin]!.active && byLink.get(d.id)?.some((j) => live[j]!.active)) twin = undefined;
      }
      else if (key === 'link') {
        const linked = byLink.get(d.id);
        if (linked === undefined) continue;
        // Most links are carried by one live price: no list of candidates, nothing to rank.
        const candidates = linked.length === 1 ? linked : linked.filter((j) => claimed[j] === 0);
        twin = candidates.length === 0 ? undefined : candidates.length === 1 ? candidates[0] : bestLinked(d, candidates, live);
      } else if (d.lookup_key !== null) twin = byLookup.get(d.lookup_key);
      if (twin === undefined || claimed[twin] === 1) continue;
      claimed[twin] = 1;
      hits[i] = { live: live[twin]!, via: key };
    }
  }
  const pairs = desired.map((d, i): PricePair => {
    const hit = hits[i];
    const kind = kinds[i]!;
    // The id is kept only when the Plans API creates the price (which takes only ids of today's charset), or
    // already did (the twin has the same id).
    const preserved = kind === 'plan' && (hit === undefined ? acceptsCustomId(d.id) : hit.live.id === d.id);
    return {
      desired: d,
      live: hit?.live ?? null,
      via: hit?.via ?? null,
      rules: preserved ? RULES.plan : RULES.price,
      strategy: preserved ? 'preserved' : 'assigned',
    };
  });
  return { pairs, unclaimed: live.filter((_, j) => claimed[j] === 0) };
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : null);

type Keyed = { id: string; active?: boolean } & Record<string, unknown>;

/** What each identity key compares: the desired object's value against the live one's (`null`: no match). */
const IDENTITY_VALUES: Record<IdentityKey, { desired: (o: Keyed) => unknown; live: (o: Keyed) => unknown }> = {
  id: { desired: (o) => o.id, live: (o) => o.id },
  link: { desired: (o) => o.id, live: (o) => o.link ?? null },
  lookup_key: { desired: (o) => o.lookup_key ?? null, live: (o) => o.lookup_key ?? null },
  event_name: { desired: (o) => o.event_name ?? null, live: (o) => o.event_name ?? null },
  code: { desired: (o) => lower(o.code), live: (o) => lower(o.code) },
};

/**
 * Pairs by the rules' identity keys, one pass per key so a stronger key wins. When several unclaimed live
 * objects share a key value (a replaced object keeps its link or event name once retired), an active one is
 * preferred, then the smallest id.
 */
function matchByIdentity<T extends { id: string }>(desired: readonly T[], live: readonly T[], keys: readonly IdentityKey[]): { pairs: Pair<T>[]; unclaimed: T[] } {
  const claimed = new Set<string>();
  const found = new Map<string, { live: T; via: IdentityKey }>();
  const rank = (o: T) => ((o as unknown as Keyed).active === false ? 1 : 0);
  for (const key of keys) {
    const values = IDENTITY_VALUES[key];
    const byValue = new Map<string, T[]>();
    for (const o of live) {
      const value = values.live(o as unknown as Keyed);
      if (typeof value === 'string') byValue.set(value, [...(byValue.get(value) ?? []), o]);
    }
    for (const d of desired) {
      if (found.has(d.id)) continue;
      const value = values.desired(d as unknown as Keyed);
      if (typeof value !== 'string') continue;
      const candidates = (byValue.get(value) ?? []).filter((o) => !claimed.has(o.id));
      const twin = candidates.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
      if (twin === undefined) continue;
      claimed.add(twin.id);
      found.set(d.id, { live: twin, via: key });
    }
  }
  const pairs = desired.map((d) => ({ desired: d, live: found.get(d.id)?.live ?? null, via: found.get(d.id)?.via ?? null }));
  return { pairs, unclaimed: live.filter((o) => !claimed.has(o.id)) };
}

/**
 * Pairs by id, then by the rules' other identity keys among what is left: a product Stripe would not create under
 * its own id was created linked (`productRules`). Where no unclaimed live object carries a link, as in almost
 * every account, the id pass is all.
 */
function byIdThenIdentity<T extends { id: string; link?: string | null }>(desired: readonly T[], live: readonly T[], rules: TypeRules): { pairs: Pair<T>[]; unclaimed: T[] } {
  const byId = byIdPairs(desired, live);
  const keys = rules.identity.filter((key) => key !== 'id');
  if (keys.length === 0 || !byId.unclaimed.some((o) => (o.link ?? null) !== null)) return byId;
  const open = byId.pairs.filter((pair) => pair.live === null).map((pair) => pair.desired);
  const more = matchByIdentity(open, byId.unclaimed, keys);
  const found = new Map(more.pairs.filter((pair) => pair.live !== null).map((pair) => [pair.desired.id, pair]));
  return { pairs: byId.pairs.map((pair) => found.get(pair.desired.id) ?? pair), unclaimed: more.unclaimed };
}

export function matchCatalogs(desired: Catalog, actual: Catalog): Matching {
  const products = byIdThenIdentity(desired.products, actual.products, RULES.product);
  const coupons = byIdThenIdentity(desired.coupons, actual.coupons, RULES.coupon);
  const prices = matchPrices(desired.prices, actual.prices);
  const simple = {} as Record<SimpleType, Pair<CatalogObjects[SimpleType]>[]>;
  const unclaimed: Catalog = { products: products.unclaimed, prices: prices.unclaimed, coupons: coupons.unclaimed };
  for (const type of SIMPLE_TYPES) {
    const matched = matchByIdentity(objectsOf(desired, type), objectsOf(actual, type), RULES[type].identity);
    simple[type] = matched.pairs;
    (unclaimed as unknown as Record<string, unknown>)[CATALOG_LIST_OF[type]] = matched.unclaimed;
  }
  return { products: products.pairs, prices: prices.pairs, coupons: coupons.pairs, simple: simple as SimplePairs, unclaimed };
}
