/**
 * Reads a whole account's catalog with list calls only: 100 objects a page, every list read concurrently, never
 * one GET per object. Prices are read in explicit `active=true` and `active=false` passes (whether an unfiltered
 * list includes archived prices is unconfirmed, api-notes §3) and merged with `/v1/plans` by id.
 */
import type Stripe from 'stripe';
import type { Catalog } from '../catalog/types.js';
import { mergePricesAndPlans, normalizeCoupon, normalizePlan, normalizePrice, normalizeProduct } from '../catalog/normalize.js';
import { sortCatalog } from '../catalog/canonical.js';
import type { ReadProgress } from './types.js';

const PAGE_SIZE = 100;

type Page<T> = Stripe.ApiList<T>;

/** One list endpoint with its fixed parameters; `key` names it in progress counts. */
interface ListSpec<T> {
  key: string;
  page: (params: { limit: number; starting_after?: string }) => Promise<Page<T>>;
}

/** Fetches one page; the gateway makes it retry throttles and passing failures, page by page. */
export type PageCaller = <T>(key: string, fetch: () => Promise<T>) => Promise<T>;

async function listAll<T extends { id: string }>(spec: ListSpec<T>, call: PageCaller, onPage: (key: string, count: number) => void): Promise<T[]> {
  const items: T[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const after = startingAfter;
    const page = await call(spec.key, () => spec.page({ limit: PAGE_SIZE, ...(after ? { starting_after: after } : {}) }));
    items.push(...page.data);
    onPage(spec.key, page.data.length);
    if (!page.has_more || page.data.length === 0) return items;
    startingAfter = page.data[page.data.length - 1]!.id;
  }
}

const PRICE_EXPAND = ['data.tiers', 'data.currency_options'];
const COUPON_EXPAND = ['data.applies_to', 'data.currency_options'];

export async function readCatalog(stripe: Stripe, call: PageCaller, onProgress?: (progress: ReadProgress) => void): Promise<Catalog> {
  const counts: Record<string, number> = {};
  const onPage = (key: string, count: number) => {
    counts[key] = (counts[key] ?? 0) + count;
    onProgress?.({ counts: { ...counts } });
  };
  const read = <T extends { id: string }>(key: string, page: ListSpec<T>['page']) => listAll({ key, page }, call, onPage);

  const [activeProducts, archivedProducts, activePrices, archivedPrices, activePlans, archivedPlans, coupons] = await Promise.all([
    read('products', (p) => stripe.products.list({ ...p, active: true })),
    read('products', (p) => stripe.products.list({ ...p, active: false })),
    read('prices', (p) => stripe.prices.list({ ...p, active: true, expand: PRICE_EXPAND })),
    read('prices', (p) => stripe.prices.list({ ...p, active: false, expand: PRICE_EXPAND })),
    read('plans', (p) => stripe.plans.list({ ...p, active: true, expand: ['data.tiers'] })),
    read('plans', (p) => stripe.plans.list({ ...p, active: false, expand: ['data.tiers'] })),
    read('coupons', (p) => stripe.coupons.list({ ...p, expand: COUPON_EXPAND })),
  ]);

  return sortCatalog({
    products: [...activeProducts, ...archivedProducts].map(normalizeProduct),
    prices: mergePricesAndPlans(
      [...activePrices, ...archivedPrices].map(normalizePrice),
      [...activePlans, ...archivedPlans].map(normalizePlan),
    ),
    coupons: coupons.map(normalizeCoupon),
  });
}
