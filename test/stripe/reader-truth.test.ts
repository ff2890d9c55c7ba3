/**
 * The catalog reader misses nothing Stripe would show: for the types with fields left out unless expanded (price
 * tiers and currency options, coupon `applies_to` and currency options, and, by one answer, shipping rates'
 * currency options), what the reader returns equals what the SDK returns for the same objects asked with every
 * such field expanded, under the emulator's likeliest answers and under the other ones. A field both sides of a
 * plan fail to read would give a clean re-plan over a live catalog that lacks it.
 */
import { join } from 'node:path';
import type Stripe from 'stripe';
import { normalizeCoupon, normalizePrice, normalizeShippingRate } from '../../src/catalog/normalize.js';
import type { WireObject } from '../../src/catalog/normalize-read.js';
import { withProductFeatures } from '../../src/emulator/index.js';
import { OTHER_ANSWERS } from '../../src/emulator/switches.js';
import { readManifests } from '../../src/manifests/read.js';
import { createGateway } from '../../src/stripe/gateway.js';
import { startTestEmulator } from '../emulator/support.js';

const KEY = 'sk_test_truth';

/** Every object of a list, both active states, with `expand` on every page. */
async function everything<T>(list: (params: { active?: boolean; limit: number; expand: string[] }) => Stripe.ApiListPromise<T>, expand: string[], byActive = true): Promise<T[]> {
  const states = byActive ? [true, false] : [undefined];
  const pages = await Promise.all(states.map((active) => list({ ...(active === undefined ? {} : { active }), limit: 100, expand }).autoPagingToArray({ limit: 10_000 })));
  return pages.flat();
}

test.each([
  ['the likeliest answers', {}],
  ['the other answers', OTHER_ANSWERS],
])('under %s, the reader returns every field the SDK shows expanded', async (_name, switches) => {
  const { catalog } = await readManifests(join(process.cwd(), 'manifests'));
  const t = await startTestEmulator({ switches });
  try {
    t.emulator.seed(KEY, withProductFeatures(catalog));
    const read = await createGateway({ apiKey: KEY, mode: 'test', keyVariable: 'STRIPE_SANDBOX_KEY', apiBase: t.url }).readCatalog();
    const stripe = t.client(KEY);
    const optionsExpandable = switches.shippingCurrencyOptionsIncludable === true;

    const prices = await everything((p) => stripe.prices.list(p), ['data.tiers', 'data.currency_options']);
    const coupons = await everything((p) => stripe.coupons.list(p), ['data.applies_to', 'data.currency_options'], false);
    const rates = await everything((p) => stripe.shippingRates.list(p), optionsExpandable ? ['data.fixed_amount.currency_options'] : []);
    expect(prices.length + coupons.length + rates.length).toBeGreaterThan(10);

    const byId = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((o) => [o.id, o]));
    const readPrices = byId(read.prices);
    for (const price of prices) expect(readPrices.get(price.id)).toEqual(normalizePrice(price as unknown as WireObject as never));
    expect(read.coupons).toEqual(expect.arrayContaining(coupons.map((c) => normalizeCoupon(c as unknown as WireObject as never))));
    expect(read.shippingRates).toEqual(expect.arrayContaining(rates.map((r) => normalizeShippingRate(r as unknown as WireObject as never))));
    // The demo's rate has a price in euros besides dollars: whichever answer holds, the reader has it.
    expect(read.shippingRates?.some((r) => Object.keys(r.fixed_amount?.currency_options ?? {}).includes('eur'))).toBe(true);
  } finally {
    await t.emulator.close();
  }
});
