import { readManifests } from '../../src/manifests/index.js';
import { REPO_MANIFESTS } from './helpers.js';

test("the repository's manifests/ reads without problems", async () => {
  const { problems } = await readManifests(REPO_MANIFESTS);
  expect(problems).toEqual([]);
});

test('the demo catalog has what the demo needs to show', async () => {
  const { catalog } = await readManifests(REPO_MANIFESTS);
  const price = (id: string) => catalog.prices.find((p) => p.id === id);
  const product = (id: string) => catalog.products.find((p) => p.id === id);
  const coupon = (id: string) => catalog.coupons.find((c) => c.id === id);

  expect(catalog.products.length).toBeGreaterThanOrEqual(6);
  expect(catalog.prices.length).toBeGreaterThanOrEqual(12);
  expect(catalog.coupons.length).toBeGreaterThanOrEqual(4);
  for (const id of ['prod_starter', 'prod_pro', 'prod_enterprise']) {
    const defaultPrice = price(product(id)?.default_price ?? '');
    expect(defaultPrice?.product).toBe(id);
  }
  expect(price('price_starter_monthly')?.recurring?.interval).toBe('month');
  expect(price('price_starter_yearly')?.recurring?.interval).toBe('year');
  expect(catalog.prices.some((p) => p.tiers_mode === 'graduated' && p.recurring?.usage_type === 'licensed')).toBe(true);
  expect(catalog.prices.some((p) => p.tiers_mode === 'volume')).toBe(true);
  expect(price('price_onboarding')?.recurring).toBeNull();
  expect(price('price_extra_seat_pack')?.recurring).toBeNull();
  expect(catalog.prices.some((p) => p.unit_amount_decimal !== null)).toBe(true);
  expect(catalog.prices.some((p) => p.lookup_key !== null && Object.keys(p.currency_options).includes('eur'))).toBe(true);
  expect(catalog.prices.some((p) => p.tax_behavior === 'exclusive')).toBe(true);
  expect(price('gold-monthly')?.recurring).not.toBeNull();
  expect(coupon('LAUNCH20')).toMatchObject({ percent_off: 20, duration: 'once' });
  expect(coupon('WELCOME10')).toMatchObject({ amount_off: 1000, currency: 'usd' });
  expect(Object.keys(coupon('WELCOME10')?.currency_options ?? {})).not.toHaveLength(0);
  expect(coupon('ANNUAL3')).toMatchObject({ duration: 'repeating', duration_in_months: 3 });
  expect(catalog.coupons.some((c) => c.applies_to !== null)).toBe(true);
  expect(catalog.products.some((p) => !p.active)).toBe(true);
  expect(catalog.prices.some((p) => !p.active && catalog.products.find((q) => q.id === p.product)?.active)).toBe(true);
  // Metered prices need a meter: each names one the demo folder defines.
  const meters = new Set((catalog.meters ?? []).map((m) => m.id));
  const metered = catalog.prices.filter((p) => p.recurring?.usage_type === 'metered');
  expect(metered.length).toBeGreaterThan(0);
  expect(metered.filter((p) => !meters.has(p.recurring!.meter ?? ''))).toEqual([]);
});
