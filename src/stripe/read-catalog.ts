/**
 * Reads a whole account's catalog with list calls only: 100 objects a page, every list read concurrently, never
 * one GET per object. Prices are read in explicit `active=true` and `active=false` passes (whether an unfiltered
 * list includes archived prices is unconfirmed, api-notes §3) and merged with `/v1/plans` by id.
 *
 * A list is a chain of pages (each cursor comes from the page before), so one long list would leave the rate
 * limit idle while it walks alone. A list that goes on is therefore split by `created` time: a chain hands the
 * older part of what it has not read to a new chain (lists are newest first, so an exact partition by
 * `created` never reads an object twice), up to a budget of chains per catalog read.
 */
import type Stripe from 'stripe';
import type { Catalog, Product } from '../catalog/types.js';
import { mergePricesAndPlans, normalizeCoupon, normalizeFeature, normalizeMeter, normalizePromotionCode, normalizeShippingRate, normalizeTaxRate, normalizePlan, normalizePrice, normalizeProduct } from '../catalog/normalize.js';
import { compareIds, sortCatalog } from '../catalog/canonical.js';
import type { WireObject } from '../catalog/normalize-read.js';
import type { ReadProgress } from './types.js';

const PAGE_SIZE = 100;
/** Page chains one catalog read keeps going at once: enough to fill live's rate at Stripe's latency. */
export const MAX_CHAINS = 16;
/** A chain reading into the unbounded past hands off what lies beyond this many pages (at its page's density). */
const TAIL_PAGES = 4;

type Page<T> = Stripe.ApiList<T>;

/** `created` bounds of one chain, in seconds: `gte` inclusive, `lt` exclusive; absent = unbounded. */
export interface CreatedRange {
  gte?: number;
  lt?: number;
}

export interface PageParams {
  limit: number;
  starting_after?: string;
  created?: CreatedRange;
}

/** One list endpoint with its fixed parameters; `key` names it in progress counts. */
interface ListSpec<T> {
  key: string;
  page: (params: PageParams) => Promise<Page<T>>;
  /** False for lists without a `created` filter (billing meters): they are walked as one chain. */
  splittable?: boolean;
}

/** Fetches one page; the gateway makes it retry throttles and passing failures, page by page. */
export type PageCaller = <T>(key: string, fetch: () => Promise<T>) => Promise<T>;

interface Listed {
  id: string;
  created: number;
}

/** Chains in flight for one catalog read; the first chain of every list always runs. */
class ChainBudget {
  private active = 0;
  constructor(private readonly max: number) {}
  start(): void {
    this.active += 1;
  }
  tryStart(): boolean {
    if (this.active >= this.max) return false;
    this.active += 1;
    return true;
  }
  end(): void {
    this.active -= 1;
  }
}

/**
 * Where to split what a chain has left after a page whose objects span `newest`..`oldest`: a point at or below
 * `oldest` (so the objects after the cursor with `created >= split` stay with this chain, the rest go to the
 * new one), or undefined when the rest looks too short to share or the page shows no time spread to split by.
 */
export function splitPoint(range: CreatedRange, newest: number, oldest: number): number | undefined {
  const span = newest - oldest;
  if (span <= 0) return undefined;
  if (range.gte === undefined) return oldest - span * TAIL_PAGES;
  // Each split ends in one part-full page more, so only a rest of four pages or more is worth halving.
  const pagesLeft = (oldest - range.gte) / span;
  if (pagesLeft < 4) return undefined;
  return Math.floor(range.gte + (oldest - range.gte) / 2);
}

function createdParam(range: CreatedRange): { created?: CreatedRange } {
  return range.gte === undefined && range.lt === undefined ? {} : { created: { ...range } };
}

async function listAll<T extends Listed>(spec: ListSpec<T>, call: PageCaller, onPage: (key: string, count: number) => void, budget: ChainBudget): Promise<T[]> {
  const items = new Map<string, T>();
  const chains: Promise<void>[] = [];
  /** Walks one chain to its end; the caller has taken its place in the budget, the walk gives it back. */
  const walk = async (start: CreatedRange): Promise<void> => {
    let range = start;
    let startingAfter: string | undefined;
    try {
      for (;;) {
        const params: PageParams = { limit: PAGE_SIZE, ...(startingAfter ? { starting_after: startingAfter } : {}), ...createdParam(range) };
        const page = await call(spec.key, () => spec.page(params));
        for (const item of page.data) items.set(item.id, item);
        onPage(spec.key, page.data.length);
        if (!page.has_more || page.data.length === 0) return;
        startingAfter = page.data[page.data.length - 1]!.id;
        const split = spec.splittable === false ? undefined : splitPoint(range, page.data[0]!.created, page.data[page.data.length - 1]!.created);
        if (split !== undefined && budget.tryStart()) {
          chains.push(walk({ ...(range.gte === undefined ? {} : { gte: range.gte }), lt: split }));
          range = { ...range, gte: split };
        }
      }
    } finally {
      budget.end();
    }
  };
  budget.start();
  chains.push(walk({}));
  // Chains are added while earlier ones run: wait for every one, then report the first failure.
  let failure: { error: unknown } | undefined;
  for (let done = 0; done < chains.length; done += 1) {
    await chains[done]!.catch((error: unknown) => {
      failure ??= { error };
    });
  }
  if (failure) throw failure.error;
  return [...items.values()];
}

/**
 * A list page of a resource read as plain JSON (`rawRequest`), for the types added after the first release:
 * their normalisers read wire JSON, and one code path serves every such list.
 */
async function listRaw(stripe: Stripe, path: string, params: PageParams & Record<string, unknown>): Promise<Page<Listed & WireObject>> {
  // The SDK's raw GET takes no parameters: they go into the query string, `created` bracket-encoded.
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (name === 'created') for (const [bound, at] of Object.entries(value as CreatedRange)) query.set(`created[${bound}]`, String(at));
    else query.set(name, String(value));
  }
  return (await stripe.rawRequest('GET', `${path}?${query.toString()}`, undefined)) as unknown as Page<Listed & WireObject>;
}

const PRICE_EXPAND = ['data.tiers', 'data.currency_options'];
const COUPON_EXPAND = ['data.applies_to', 'data.currency_options'];

export async function readCatalog(stripe: Stripe, call: PageCaller, onProgress?: (progress: ReadProgress) => void): Promise<Catalog> {
  const counts: Record<string, number> = {};
  const onPage = (key: string, count: number) => {
    counts[key] = (counts[key] ?? 0) + count;
    onProgress?.({ counts: { ...counts } });
  };
  const budget = new ChainBudget(MAX_CHAINS);
  const read = <T extends Listed>(key: string, page: ListSpec<T>['page'], splittable = true) => listAll({ key, page, splittable }, call, onPage, budget);

  // Types added later are read alongside, every list at once.
  const later = Promise.all([
    read('meters', (p) => listRaw(stripe, '/v1/billing/meters', { ...p, status: 'active' }), false),
    read('meters', (p) => listRaw(stripe, '/v1/billing/meters', { ...p, status: 'inactive' }), false),
    read('promotion_codes', (p) => listRaw(stripe, '/v1/promotion_codes', { ...p, active: true })),
    read('promotion_codes', (p) => listRaw(stripe, '/v1/promotion_codes', { ...p, active: false })),
    read('tax_rates', (p) => listRaw(stripe, '/v1/tax_rates', { ...p, active: true })),
    read('tax_rates', (p) => listRaw(stripe, '/v1/tax_rates', { ...p, active: false })),
    read('shipping_rates', (p) => listRaw(stripe, '/v1/shipping_rates', { ...p, active: true })),
    read('shipping_rates', (p) => listRaw(stripe, '/v1/shipping_rates', { ...p, active: false })),
  ]);
  // Features render no `created` and take no `created` filter: each list is one chain. The list leaves archived
  // features out unless asked, so both are read.
  const featureLists = Promise.all([
    read('features', (p) => listRaw(stripe, '/v1/entitlements/features', { ...p, archived: false }), false),
    read('features', (p) => listRaw(stripe, '/v1/entitlements/features', { ...p, archived: true }), false),
  ]);
  // Their failures are reported when they are awaited below; meanwhile they must not count as unhandled.
  later.catch(() => undefined);
  featureLists.catch(() => undefined);
  const [activeProducts, archivedProducts, activePrices, archivedPrices, activePlans, archivedPlans, coupons] = await Promise.all([
    read('products', (p) => stripe.products.list({ ...p, active: true })),
    read('products', (p) => stripe.products.list({ ...p, active: false })),
    read('prices', (p) => stripe.prices.list({ ...p, active: true, expand: PRICE_EXPAND })),
    read('prices', (p) => stripe.prices.list({ ...p, active: false, expand: PRICE_EXPAND })),
    read('plans', (p) => stripe.plans.list({ ...p, active: true, expand: ['data.tiers'] })),
    read('plans', (p) => stripe.plans.list({ ...p, active: false, expand: ['data.tiers'] })),
    read('coupons', (p) => stripe.coupons.list({ ...p, expand: COUPON_EXPAND })),
  ]);
  const products = [...activeProducts, ...archivedProducts].map(normalizeProduct);
  // Stripe has no account-wide list of attachments: one list call per product (each a one-chain list, paced and
  // retried page by page like every other read), but only in an account that has features at all: without a
  // feature nothing can be attached, and a catalog of thousands of products is spared thousands of calls.
  const [activeFeatures, archivedFeatures] = await featureLists;
  const anyFeature = activeFeatures.length + archivedFeatures.length > 0;
  await Promise.all(
    products.map(async (product) =>
      withAttachments(product, anyFeature ? await read('product_features', (p) => listRaw(stripe, `/v1/products/${encodeURIComponent(product.id)}/features`, { ...p }), false) : []),
    ),
  );
  const [activeMeters, inactiveMeters, activeCodes, inactiveCodes, activeTaxRates, archivedTaxRates, activeShipping, archivedShipping] = await later;

  return sortCatalog({
    products,
    prices: mergePricesAndPlans(
      [...activePrices, ...archivedPrices].map(normalizePrice),
      [...activePlans, ...archivedPlans].map(normalizePlan),
    ),
    coupons: coupons.map(normalizeCoupon),
    meters: [...activeMeters, ...inactiveMeters].map(normalizeMeter),
    // Codes that belong to one customer are not catalog objects.
    promotionCodes: [...activeCodes, ...inactiveCodes].filter((c) => c.customer == null && c.customer_account == null).map(normalizePromotionCode),
    taxRates: [...activeTaxRates, ...archivedTaxRates].map(normalizeTaxRate),
    shippingRates: [...activeShipping, ...archivedShipping].map(normalizeShippingRate),
    features: [...activeFeatures, ...archivedFeatures].map(normalizeFeature),
  });
}

/** Records a product's attachments (see `Product.features`): sorted feature ids, and the attachment id of each. */
function withAttachments(product: Product, attachments: readonly WireObject[]): void {
  if (attachments.length === 0) return;
  const byFeature: Record<string, string> = {};
  for (const attachment of attachments) {
    const feature = attachment.entitlement_feature;
    const featureId = typeof feature === 'string' ? feature : (feature as { id?: unknown } | null)?.id;
    if (typeof featureId === 'string' && typeof attachment.id === 'string') byFeature[featureId] = attachment.id;
  }
  product.features = Object.keys(byFeature).sort(compareIds);
  product.featureAttachments = byFeature;
}
