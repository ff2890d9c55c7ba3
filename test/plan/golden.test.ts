/**
 * Golden plan files: each case builds a desired and an actual catalog, renders the plan without colour and
 * compares it with `golden/<name>.txt`. `UPDATE_GOLDEN=1` rewrites the files; a missing file fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Tier } from '../../src/catalog/types.js';
import { computePlan, type PlanOptions } from '../../src/plan/compute.js';
import { renderPlan } from '../../src/plan/render.js';
import { catalog, coupon, monthly, options, price, product } from './builders.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const tier = (up_to: number | 'inf', unit_amount: number | null, flat_amount: number | null = null): Tier => ({
  up_to, unit_amount, unit_amount_decimal: null, flat_amount, flat_amount_decimal: null,
});
const eur = (unit_amount: number) => ({ unit_amount, unit_amount_decimal: null, tax_behavior: null, custom_unit_amount: null, tiers: null });

const pro = product({
  id: 'prod_pro', name: 'Pro', description: 'For growing teams.\nIncludes SSO.', default_price: 'price_pro_monthly',
  metadata: { tier: 'pro' }, marketing_features: [{ name: 'SSO' }, { name: 'Audit log' }], unit_label: 'seat',
});
const starter = product({ id: 'prod_starter', name: 'Starter', default_price: 'price_setup' });
const proMonthly = price({
  id: 'price_pro_monthly', product: 'prod_pro', unit_amount: 2900, recurring: monthly({ trial_period_days: 14 }),
  lookup_key: 'pro_monthly', tax_behavior: 'exclusive', currency_options: { eur: eur(2700) }, nickname: 'Pro monthly',
});
const setup = price({ id: 'price_setup', product: 'prod_starter', unit_amount: 4900, nickname: 'Setup fee' });
const launch = coupon({ id: 'LAUNCH25', name: 'Launch', percent_off: 25, duration: 'repeating', duration_in_months: 3, applies_to: { products: ['prod_pro'] } });
const sandbox = catalog(pro, starter, proMonthly, setup, launch);

/** What live looks like after a faithful migration of `sandbox`: one-time prices got new ids and carry links. */
const migrated = catalog(
  { ...pro },
  { ...starter, default_price: 'price_1LiveSetup' },
  proMonthly,
  { ...setup, id: 'price_1LiveSetup', link: 'price_setup' },
  launch,
);

interface Case {
  name: string;
  desired: Catalog;
  actual: Catalog;
  options?: Partial<PlanOptions>;
}

const cases: Case[] = [
  { name: 'first-migration', desired: sandbox, actual: catalog() },
  { name: 'no-changes', desired: sandbox, actual: migrated },
  {
    name: 'product-update',
    desired: catalog({ ...pro, name: 'Pro plan', description: 'For growing teams.\nIncludes SSO and SCIM.\nPriority support.', metadata: { tier: 'pro', segment: 'smb' } }, starter, proMonthly, setup, launch),
    actual: catalog({ ...pro, metadata: { tier: 'pro', legacy: 'true' }, images: ['https://example.com/pro.png'] }, migrated.products[1]!, proMonthly, migrated.prices[0]!, launch),
  },
  {
    name: 'price-update',
    desired: catalog(pro, starter, { ...proMonthly, nickname: 'Pro (monthly)', recurring: monthly({ trial_period_days: 30 }), lookup_key: 'pro_monthly_v2' }, { ...setup, metadata: { kind: 'one-off' } }, launch),
    actual: migrated,
  },
  {
    name: 'one-time-price-replace',
    desired: catalog(pro, starter, proMonthly, { ...setup, unit_amount: 5900, lookup_key: 'setup_fee' }, launch),
    actual: catalog(pro, migrated.products[1]!, proMonthly, { ...migrated.prices[0]!, lookup_key: 'setup_fee' }, launch),
  },
  {
    name: 'plan-replace',
    desired: catalog(pro, starter, { ...proMonthly, recurring: monthly({ interval: 'year', trial_period_days: 14 }), unit_amount: 29000 }, setup, launch),
    actual: migrated,
  },
  {
    name: 'coupon-replace-and-update',
    desired: catalog(pro, starter, proMonthly, setup, { ...launch, percent_off: 30, name: 'Launch week' }, coupon({ id: 'FIVEOFF', percent_off: null, amount_off: 500, currency: 'usd', name: 'Five off', currency_options: { eur: { amount_off: 450 } } })),
    actual: catalog(...migrated.products, ...migrated.prices, launch, coupon({ id: 'FIVEOFF', percent_off: null, amount_off: 500, currency: 'usd', currency_options: { eur: { amount_off: 400 } } })),
  },
  {
    name: 'archived-skipped',
    desired: catalog(product({ id: 'prod_old', name: 'Old', active: false }), price({ id: 'price_old', product: 'prod_old', active: false }), product({ id: 'prod_new', name: 'New' })),
    actual: catalog(),
  },
  {
    name: 'archived-included',
    desired: catalog(product({ id: 'prod_old', name: 'Old', active: false }), price({ id: 'price_old', product: 'prod_old', active: false, recurring: monthly() })),
    actual: catalog(),
    options: { includeArchived: true },
  },
  {
    name: 'archived-in-source',
    desired: catalog({ ...pro, active: false, default_price: null }, starter, { ...proMonthly, active: false }, setup, launch),
    actual: migrated,
  },
  {
    name: 'live-only-left-alone',
    desired: sandbox,
    actual: catalog(...migrated.products, product({ id: 'prod_manual', name: 'Made by hand' }), ...migrated.prices, price({ id: 'price_1Manual', product: 'prod_manual' }), launch, coupon({ id: 'STAFF' })),
  },
  {
    name: 'prune',
    desired: sandbox,
    actual: catalog(
      ...migrated.products, product({ id: 'prod_manual', name: 'Made by hand', default_price: 'price_1Manual' }),
      ...migrated.prices, price({ id: 'price_1Manual', product: 'prod_manual' }), launch, coupon({ id: 'STAFF' }),
    ),
    options: { prune: true },
  },
  {
    name: 'tiered-decimal-and-transform',
    desired: catalog(
      product({ id: 'prod_api', name: 'API calls' }),
      price({ id: 'price_api_tiered', product: 'prod_api', unit_amount: null, billing_scheme: 'tiered', tiers_mode: 'graduated', recurring: monthly(), tiers: [tier(1000, 0, 0), tier(10000, 2), tier('inf', 1)] }),
      price({ id: 'price_api_decimal', product: 'prod_api', unit_amount: null, unit_amount_decimal: '0.125' }),
      price({ id: 'price_api_packs', product: 'prod_api', unit_amount: 2500, transform_quantity: { divide_by: 100, round: 'up' } }),
    ),
    actual: catalog(),
  },
  {
    name: 'from-manifests',
    desired: catalog(product({ id: 'prod_basic', name: 'Basic', url: 'https://example.com/basic' })),
    actual: catalog(product({ id: 'prod_basic', name: 'Basic' })),
    options: { source: { kind: 'manifests', account: null, mode: null, path: 'manifests' } },
  },
];

describe('golden plan files', () => {
  test('there are at least ten cases with distinct names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const rendered = renderPlan(computePlan(c.desired, c.actual, { ...options, ...c.options }), { color: false });
    const file = join(GOLDEN, `${name}.txt`);
    if (update) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, rendered);
    }
    if (!existsSync(file)) throw new Error(`Missing golden file ${file}; run with UPDATE_GOLDEN=1 to create it, then review it.`);
    expect(rendered).toBe(readFileSync(file, 'utf8'));
  });

  test('colour is markup on top of the same text', () => {
    const plan = computePlan(sandbox, catalog(), options);
    const colored = renderPlan(plan, { color: true });
    expect(colored).toMatch(/\u001b\[32m/);
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderPlan(plan, { color: false }));
  });
});
