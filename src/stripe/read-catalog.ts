/**
 * Reads a whole account's catalog with list calls only: 100 objects a page, every list read concurrently, never
 * one GET per object. Prices are read in explicit `active=true` and `active=false` passes (whether an unfiltered
 * list includes archived prices is unconfirmed, api-notes §3) and merged with `/v1/plans` by id.
 *
 * A list is a chain of pages (each cursor comes from the page before), so one long list would leave the rate
 * limit idle while it walks alone. A list that goes on is therefore split by `created` time: a chain hands the
 * older part of what it has not read to a new chain (lists are newest first, so an exact partition by
 * `created` never reads an object twice). Every split costs a part-full page, so `ChainTracker` splits only a
 * chain that would otherwise finish after the rate limit lets the rest of the read finish. Halving is enough
 * while the rate limit binds; when the pacer has places spare within a round trip (a read's first second, or
 * when a sandbox's window reopens after it), what such a chain has left is cut at once into pieces of under a
 * page each, as many as its share of those places allows, so that it ends in one more round trip, not two.
 */
import type Stripe from 'stripe';
import type { Catalog, Price, Product, PromotionCode } from '../catalog/types.js';
import { mergePricesAndPlans, normalizeCoupon, normalizeFeature, normalizeMeter, normalizePromotionCode, normalizeShippingRate, normalizeTaxRate, normalizePlan, normalizePrice, normalizeProduct } from '../catalog/normalize.js';
import { compareIds, sortCatalog } from '../catalog/canonical.js';
import type { WireObject } from '../catalog/normalize-read.js';
import { withShippingCurrencyOptions, type IncludableAnswer } from './includable.js';
import { endpointOf } from './rate-limits.js';
import type { ReadProgress } from './types.js';

const PAGE_SIZE = 100;
/**
 * The most page chains one catalog read runs at once, for an account allowed `ratePerSecond` requests: enough to
 * fill the rate when a list page takes up to 600 ms. `ChainTracker` decides how many of them are worth it.
 */
export function maxChains(ratePerSecond: number): number {
  return Math.max(4, Math.ceil(ratePerSecond * 0.6));
}
/** A chain reading into the unbounded past hands off what lies beyond this many pages (at its page's density). */

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

/** A page's round trip before the first one is measured: Stripe's usual list latency. */
const FIRST_ROUND_TRIP_MS = 250;

/**
 * The page chains of one catalog read: how many run (the first chain of every list always runs, a split only
 * within `max`, and within what its endpoint's rate can use), how many pages each is estimated to have left, and
 * how long a page takes. From these it says how many pages one chain may walk alone: as many as the rate limits
 * need for all the pages left anyway (the account's rate for all of them, each endpoint's for its own). A chain
 * with more is the read's critical path and is worth splitting (each split costs about half a page more: the
 * part-full page where the new chain ends); one with fewer is not, since the pacer would hold its new chain back.
 */
export class ChainTracker {
  private readonly left = new Map<number, { endpoint: string; pages: number }>();
  private next = 0;
  private roundTripMs = FIRST_ROUND_TRIP_MS;
  private oldest: number | undefined;

  constructor(
    private readonly max: number,
    private readonly ratePerSecond: number,
    /** Each endpoint's limit per second; default: none tighter than the account's. */
    private readonly endpointRate: (endpoint: string) => number = () => ratePerSecond,
  ) {}

  /** A list's first chain: always runs. Returns its handle. */
  start(endpoint = ''): number {
    this.left.set(this.next, { endpoint, pages: 1 });
    return this.next++;
  }

  /**
   * A split's new chain, or undefined when `max` chains already run, or as many of its endpoint's as that
   * endpoint's rate can keep busy (more would only wait in the pacer).
   */
  tryStart(endpoint = ''): number | undefined {
    if (this.left.size >= this.max) return undefined;
    let own = 0;
    for (const chain of this.left.values()) if (chain.endpoint === endpoint) own += 1;
    return own >= maxChains(this.endpointRate(endpoint)) ? undefined : this.start(endpoint);
  }

  end(chain: number): void {
    this.left.delete(chain);
  }

  /** What a chain is estimated to have left after its latest page (at least the one it knows is there). */
  report(chain: number, pagesLeft: number): void {
    const known = this.left.get(chain);
    if (known !== undefined) known.pages = Math.max(1, pagesLeft);
  }

  /** A page's round trip, as measured so far. */
  get roundTrip(): number {
    return this.roundTripMs;
  }

  /** Pages every running chain is estimated to have left. */
  totalLeft(): number {
    let total = 0;
    for (const { pages } of this.left.values()) total += pages;
    return total;
  }

  observeRoundTrip(ms: number): void {
    this.roundTripMs = 0.8 * this.roundTripMs + 0.2 * ms;
  }

  /** A page of any list showed an object created at `created` (seconds). */
  observeCreated(created: number): void {
    if (this.oldest === undefined || created < this.oldest) this.oldest = created;
  }

  /**
   * The oldest `created` any list has shown so far: where an account's objects probably begin, so a list's
   * unread past is estimated to end there too (an estimate only: a chain into the unbounded past still reads
   * everything older).
   */
  oldestSeen(): number | undefined {
    return this.oldest;
  }

  /** Pages one chain can walk in the time the rate limits need for every page left: at least one. */
  soloPages(): number {
    let total = 0;
    const byEndpoint = new Map<string, number>();
    for (const { endpoint, pages } of this.left.values()) {
      total += pages;
      byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + pages);
    }
    let seconds = total / this.ratePerSecond;
    for (const [endpoint, pages] of byEndpoint) seconds = Math.max(seconds, pages / this.endpointRate(endpoint));
    return Math.max(1, seconds * (1000 / this.roundTripMs));
  }
}

/**
 * Where to split what a chain has left after a page whose objects span `newest`..`oldest`: a point at or below
 * `oldest` (so the objects after the cursor with `created >= split` stay with this chain, the rest go to the
 * new one), or undefined when the rest is not worth sharing or the page shows no time spread to split by.
 * A bounded chain is halved when it has more than `solo` pages left and at least one and a half: then it needs
 * two pages anyway, and two halves of under a page each take no more pages, in half the time. A chain into the
 * unbounded past is treated alike when the account's objects are estimated to begin at `start` (before
 * `oldest`); without an estimate it keeps `keep` pages (at the page's density) and hands off the rest.
 */
export function splitPoint(range: CreatedRange, newest: number, oldest: number, keep: number, solo: number, start?: number): number | undefined {
  const span = newest - oldest;
  if (span <= 0) return undefined;
  const from = range.gte ?? (start !== undefined && start < oldest ? start : undefined);
  if (from === undefined) return Math.floor(oldest - span * keep);
  const pagesLeft = (oldest - from) / span;
  if (pagesLeft < 1.5 || pagesLeft <= solo) return undefined;
  return Math.floor(from + (oldest - from) / 2);
}

/** Most a piece cut while places are spare is estimated to hold, in pages: a margin for uneven density. */
export const PIECE_PAGES = 0.8;

/**
 * Where to cut the `created` range `from`..`oldest` (what a chain has left, `from` inclusive) into `count`
 * pieces of equal time: the points newest first, each at or below `oldest` and above `from`, never two alike
 * (a piece holds at least one second, so objects created in one second stay together).
 */
export function cutPoints(from: number, oldest: number, count: number): number[] {
  const points: number[] = [];
  for (let i = count - 1; i >= 1; i -= 1) {
    const point = Math.floor(from + ((oldest - from) * i) / count);
    if (point > from && point <= oldest && point !== points[points.length - 1]) points.push(point);
  }
  return points;
}

/**
 * How many pieces to cut what a chain has left into, `left` pages estimated, while `spare` requests could
 * start within a round trip: one more than its share of them (in proportion to its pages among `totalLeft`, the
 * pages of every chain), but no more than pieces of `PIECE_PAGES` each need. A chain that this page is likely to
 * finish is not cut.
 */
export function piecesFor(left: number, spare: number, totalLeft: number, solo: number): number {
  const size = Math.max(PIECE_PAGES, solo);
  if (left <= size || spare <= 0) return 1;
  const share = Math.round((spare * left) / Math.max(left, totalLeft));
  return Math.max(1, Math.min(Math.ceil(left / size), 1 + share));
}

/** Pages left in `range` after a page spanning `newest`..`oldest`, at that page's density; unbounded: unknown. */
function pagesLeftIn(range: CreatedRange, newest: number, oldest: number): number | undefined {
  const span = newest - oldest;
  if (range.gte === undefined || span <= 0) return undefined;
  return (oldest - range.gte) / span;
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
      const solo = tracker.soloPages();
      const start = tracker.oldestSeen();
      const split = splitPoint(range, newest, oldest, Math.max(2 ** handOffs, Math.ceil(solo)), solo, start);
      let points = split === undefined ? [] : [split];
      // Where the rest begins (or is estimated to): with places spare now, cut it so each piece ends in a page.
      const from = range.gte ?? (start !== undefined && start < oldest ? start : undefined);
      if (from !== undefined && spare !== undefined && newest > oldest) {
        const left = (oldest - from) / (newest - oldest);
        const count = piecesFor(left, spare(spec.endpoint, tracker.roundTrip), tracker.totalLeft(), solo);
        if (count > points.length + 1) points = cutPoints(from, oldest, count);
      }
      if (points.length === 0) return;
      // The chain keeps the newest piece; each new chain takes the next older one, the oldest one down to where
      // the chain's range began (unbounded stays unbounded). Fewer chains free than pieces: the last takes the rest.
      const added: number[] = [];
      for (let i = 0; i < points.length; i += 1) {
        const chainOf = tracker.tryStart(spec.endpoint);
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
