/**
 * Reads a whole account's catalog with list calls only: 100 objects a page, every list read concurrently, never
 * one GET per object. Prices are read in explicit `active=true` and `active=false` passes (whether an unfiltered
 * list includes archived prices is unconfirmed, api-notes §3) and merged with `/v1/plans` by id.
 *
 * A list is a chain of pages (each cursor comes from the page before), so one long list would leave the rate
 * limit idle while it walks alone. A list that goes on is therefore split by `created` time: a chain hands the
 * older part of what it has not read to a new chain (lists are newest first, so an exact partition by
 * `created` never reads an object twice). When and where to split is decided in `read-chains.ts`.
 */
import type Stripe from 'stripe';
import type { Catalog, Price, Product, PromotionCode } from '../catalog/types.js';
import { mergePricesAndPlans, normalizeCoupon, normalizeFeature, normalizeMeter, normalizePromotionCode, normalizeShippingRate, normalizeTaxRate, normalizePlan, normalizePrice, normalizeProduct } from '../catalog/normalize.js';
import { compareIds, sortCatalog } from '../catalog/canonical.js';
import type { WireObject } from '../catalog/normalize-read.js';
import { withShippingCurrencyOptions, type IncludableAnswer } from './includable.js';
import { endpointOf } from './rate-limits.js';
import { ChainTracker, maxChains, pagesLeftIn, restCuts, type CreatedRange } from './read-chains.js';
import type { ReadProgress } from './types.js';

const PAGE_SIZE = 100;
type Page<T> = Stripe.ApiList<T>;

export interface PageParams {
  limit: number;
  starting_after?: string;
  created?: CreatedRange;
}

/**
 * One list endpoint with its fixed parameters; `key` names it in progress counts. `keep` turns a listed object
 * into what the catalog holds (undefined: not a catalog object). It runs as each page arrives, while the chains
 * wait for the rate limit, so a 10,000-object read does not end with all of its normalising still to do.
 */
interface ListSpec<T, U> {
  key: string;
  /** The endpoint its pages count against (`GET /v1/prices`): active and archived lists of a type share one. */
  endpoint: string;
  page: (params: PageParams) => Promise<Page<T>>;
  keep: (item: T) => U | undefined;
  /** False for lists without a `created` filter (billing meters): they are walked as one chain. */
  splittable?: boolean;
}

/**
 * Fetches one page of the list `key`, which counts against `endpoint`; the gateway makes it retry throttles and
 * passing failures, page by page, and paces it at the account's and the endpoint's rates.
 */
export type PageCaller = <T>(key: string, fetch: () => Promise<T>, endpoint: string) => Promise<T>;

interface Listed {
  id: string;
  created: number;
}

function createdParam(range: CreatedRange): { created?: CreatedRange } {
  return range.gte === undefined && range.lt === undefined ? {} : { created: { ...range } };
}

async function listAll<T extends Listed, U>(spec: ListSpec<T, U>, call: PageCaller, onPage: (key: string, count: number) => void, tracker: ChainTracker, spare?: Spare): Promise<U[]> {
  const items = new Map<string, U>();
  const chains: Promise<void>[] = [];
  /**
   * Walks one chain to its end; the caller has registered it with the tracker, the walk ends it there. A chain
   * into the unbounded past keeps twice as many pages at each hand-off (`handOffs`), so a long list is found
   * in a few hops while a short one is not cut into many part-full pages.
   */
  const walk = async (chain: number, start: CreatedRange, handOffs: number): Promise<void> => {
    let range = start;
    let startingAfter: string | undefined;
    /** The `created` spread of the chain's latest page: what a split of the rest is estimated from. */
    let last: { newest: number; oldest: number } | undefined;
    /**
     * Splits the rest when it is worth it. Decided when the next page is about to leave, not when the last one
     * came back: a page may wait in the pacer for most of a second, and the estimates are fresher by then.
     */
    const maybeSplit = () => {
      if (last === undefined || spec.splittable === false) return;
      const { newest, oldest } = last;
      const { points, spared, from } = restCuts(range, newest, oldest, handOffs, tracker, spare && ((withinMs) => spare(spec.endpoint, withinMs)));
      if (points.length === 0) return;
      // The chain keeps the newest piece; each new chain takes the next older one, the oldest one down to where
      // the chain's range began (unbounded stays unbounded). Fewer chains free than pieces: the last takes the rest.
      const added: number[] = [];
      for (let i = 0; i < points.length; i += 1) {
        const chainOf = tracker.tryStart(spec.endpoint, spared);
        if (chainOf === undefined) break;
        added.push(chainOf);
      }
      if (added.length === 0) return;
      const unbounded = range.gte === undefined;
      const floor: CreatedRange = unbounded ? {} : { gte: range.gte };
      const pieces = added.map((_, i): CreatedRange => (i === added.length - 1 ? { ...floor, lt: points[i]! } : { gte: points[i + 1]!, lt: points[i]! }));
      range = { ...range, gte: points[0]! };
      tracker.report(chain, pagesLeftIn(range, newest, oldest) ?? 2 ** handOffs);
      pieces.forEach((piece, i) => {
        // An unbounded piece's pages are estimated down to where the account's objects probably begin.
        tracker.report(added[i]!, pagesLeftIn(piece.gte === undefined && from !== undefined ? { ...piece, gte: from } : piece, newest, oldest) ?? 1);
        chains.push(walk(added[i]!, piece, piece.gte === undefined ? handOffs + 1 : handOffs));
      });
    };
    try {
      for (;;) {
        let decided = false;
        const page = await call(spec.key, async () => {
          // A retried page keeps the range it was first sent with.
          if (!decided) maybeSplit();
          decided = true;
          const params: PageParams = { limit: PAGE_SIZE, ...(startingAfter ? { starting_after: startingAfter } : {}), ...createdParam(range) };
          const sent = performance.now();
          const fetched = await spec.page(params);
          tracker.observeRoundTrip(performance.now() - sent);
          return fetched;
        }, spec.endpoint);
        for (const item of page.data) {
          const kept = spec.keep(item);
          if (kept !== undefined) items.set(item.id, kept);
        }
        onPage(spec.key, page.data.length);
        // Lists are newest first: the last object is the page's oldest (features have no `created`).
        const oldestHere = page.data[page.data.length - 1]?.created;
        if (typeof oldestHere === 'number') tracker.observeCreated(oldestHere);
        if (!page.has_more || page.data.length === 0) return;
        startingAfter = page.data[page.data.length - 1]!.id;
        last = { newest: page.data[0]!.created, oldest: page.data[page.data.length - 1]!.created };
        tracker.report(chain, pagesLeftIn(range, last.newest, last.oldest) ?? 2 ** handOffs);
      }
    } finally {
      tracker.end(chain);
    }
  };
  chains.push(walk(tracker.start(spec.endpoint), {}, 0));
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
    else if (name === 'expand') for (const path of value as string[]) query.append('expand[]', path);
    else query.set(name, String(value));
  }
  return (await stripe.rawRequest('GET', `${path}?${query.toString()}`, undefined)) as unknown as Page<Listed & WireObject>;
}

const PRICE_EXPAND = ['data.tiers', 'data.currency_options'];
const COUPON_EXPAND = ['data.applies_to', 'data.currency_options'];

/** How many requests to an endpoint could start within `withinMs` beyond those waiting (`EndpointPacer.spare`). */
export type Spare = (endpoint: string, withinMs: number) => number;

export interface ReadOptions {
  /** Places the pacer has spare: with them a long list is cut into pieces that each end in one page. */
  spare?: Spare;
  /** Requests per second the account allows: sizes the chain budget. Default: a sandbox's 25. */
  ratePerSecond?: number;
  /** Requests per second each list endpoint allows (api-notes §1.9); default: none tighter than the account's. */
  endpointRate?: (endpoint: string) => number;
}

export async function readCatalog(stripe: Stripe, call: PageCaller, onProgress?: (progress: ReadProgress) => void, options: ReadOptions = {}): Promise<Catalog> {
  const counts: Record<string, number> = {};
  const onPage = (key: string, count: number) => {
    counts[key] = (counts[key] ?? 0) + count;
    onProgress?.({ counts: { ...counts } });
  };
  const rate = options.ratePerSecond ?? 25;
  const tracker = new ChainTracker(maxChains(rate), rate, options.endpointRate);
  const read = <T extends Listed, U>(key: string, endpoint: string, page: ListSpec<T, U>['page'], keep: (item: NoInfer<T>) => U | undefined, splittable = true) =>
    listAll({ key, endpoint, page, keep, splittable }, call, onPage, tracker, options.spare);
  const wire = (item: Listed & WireObject) => item;
  /** A list read as plain JSON: its endpoint is its path's. */
  const readRaw = <U>(key: string, path: string, fixed: Record<string, unknown>, keep: (item: Listed & WireObject) => U | undefined, splittable = true) =>
    read(key, endpointOf('GET', path), (p: PageParams) => listRaw(stripe, path, { ...p, ...fixed }), keep, splittable);

  // Shipping rates come with their currency options whether those are inline or includable (`includable.ts`).
  const shipping = { answer: 'unknown' as IncludableAnswer };
  const shippingPage = (active: boolean) => (p: PageParams) =>
    withShippingCurrencyOptions((expand) => listRaw(stripe, '/v1/shipping_rates', { ...p, active, ...(expand.length > 0 ? { expand } : {}) }), shipping)();

  // Types added later are read alongside, every list at once; they are short or empty, so they start first.
  const later = Promise.all([
    readRaw('meters', '/v1/billing/meters', { status: 'active' }, normalizeMeter, false),
    readRaw('meters', '/v1/billing/meters', { status: 'inactive' }, normalizeMeter, false),
    readRaw('promotion_codes', '/v1/promotion_codes', { active: true }, promotionCodeOf),
    readRaw('promotion_codes', '/v1/promotion_codes', { active: false }, promotionCodeOf),
    readRaw('tax_rates', '/v1/tax_rates', { active: true }, normalizeTaxRate),
    readRaw('tax_rates', '/v1/tax_rates', { active: false }, normalizeTaxRate),
    read('shipping_rates', endpointOf('GET', '/v1/shipping_rates'), shippingPage(true), normalizeShippingRate),
    read('shipping_rates', endpointOf('GET', '/v1/shipping_rates'), shippingPage(false), normalizeShippingRate),
  ]);
  // Features render no `created` and take no `created` filter: each list is one chain. The list leaves archived
  // features out unless asked, so both are read.
  const featureLists = Promise.all([
    readRaw('features', '/v1/entitlements/features', { archived: false }, normalizeFeature, false),
    readRaw('features', '/v1/entitlements/features', { archived: true }, normalizeFeature, false),
  ]);
  // Their failures are reported when they are awaited below; meanwhile they must not count as unhandled.
  later.catch(() => undefined);
  featureLists.catch(() => undefined);
  const [activeProducts, archivedProducts, activePrices, archivedPrices, activePlans, archivedPlans, coupons] = await Promise.all([
    read('products', 'GET /v1/products', (p: PageParams) => stripe.products.list({ ...p, active: true }), normalizeProduct),
    read('products', 'GET /v1/products', (p: PageParams) => stripe.products.list({ ...p, active: false }), normalizeProduct),
    read('prices', 'GET /v1/prices', (p: PageParams) => stripe.prices.list({ ...p, active: true, expand: PRICE_EXPAND }), normalizePrice),
    read('prices', 'GET /v1/prices', (p: PageParams) => stripe.prices.list({ ...p, active: false, expand: PRICE_EXPAND }), normalizePrice),
    read('plans', 'GET /v1/plans', (p: PageParams) => stripe.plans.list({ ...p, active: true, expand: ['data.tiers'] }), normalizePlan),
    read('plans', 'GET /v1/plans', (p: PageParams) => stripe.plans.list({ ...p, active: false, expand: ['data.tiers'] }), normalizePlan),
    read('coupons', 'GET /v1/coupons', (p: PageParams) => stripe.coupons.list({ ...p, expand: COUPON_EXPAND }), normalizeCoupon),
  ]);
  const products = [...activeProducts, ...archivedProducts];
  const prices = [...activePrices, ...archivedPrices];
  prices.push(...(await pricesOfPlanOnly(stripe, call, prices, [...activePlans, ...archivedPlans])));
  // Stripe has no account-wide list of attachments: one list call per product (each a one-chain list, paced and
  // retried page by page like every other read), but only in an account that has features at all: without a
  // feature nothing can be attached, and a catalog of thousands of products is spared thousands of calls.
  const [activeFeatures, archivedFeatures] = await featureLists;
  const anyFeature = activeFeatures.length + archivedFeatures.length > 0;
  await Promise.all(
    products.map(async (product) =>
      withAttachments(product, anyFeature ? await readRaw('product_features', `/v1/products/${encodeURIComponent(product.id)}/features`, {}, wire, false) : []),
    ),
  );
  const [activeMeters, inactiveMeters, activeCodes, inactiveCodes, activeTaxRates, archivedTaxRates, activeShipping, archivedShipping] = await later;

  return sortCatalog({
    products,
    prices: mergePricesAndPlans(prices, [...activePlans, ...archivedPlans]),
    coupons,
    meters: [...activeMeters, ...inactiveMeters],
    promotionCodes: [...activeCodes, ...inactiveCodes],
    taxRates: [...activeTaxRates, ...archivedTaxRates],
    shippingRates: [...activeShipping, ...archivedShipping],
    features: [...activeFeatures, ...archivedFeatures],
  });
}

/**
 * The price view of objects that only `GET /v1/plans` listed, one retrieve each. A plan is a price (api-notes §5),
 * but that `GET /v1/prices` lists plan-created ones is unconfirmed; were it not so, such a price's `lookup_key`,
 * `tax_behavior` and `currency_options` (which the plan view lacks) would never be read, and every plan would
 * update them again. In an account whose price list holds its plans this reads nothing.
 */
async function pricesOfPlanOnly(stripe: Stripe, call: PageCaller, prices: readonly Price[], plans: readonly Price[]): Promise<Price[]> {
  const listed = new Set(prices.map((price) => price.id));
  const planOnly = plans.filter((plan) => !listed.has(plan.id));
  return Promise.all(
    planOnly.map((plan) =>
      call('prices', () => stripe.prices.retrieve(plan.id, { expand: ['tiers', 'currency_options'] }), 'GET /v1/prices/:id').then(normalizePrice),
    ),
  );
}

/** Codes that belong to one customer are not catalog objects. */
function promotionCodeOf(code: Listed & WireObject): PromotionCode | undefined {
  return code.customer == null && code.customer_account == null ? normalizePromotionCode(code) : undefined;
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
