import { join } from 'node:path';
import { readManifests, type ReadManifestsResult } from '../../src/manifests/index.js';
import { REPO_MANIFESTS, folderWith, read } from './helpers.js';

/** 1-based line and column of the `nth` occurrence of `needle` in a file, found by plain text search. */
function position(text: string, needle: string, nth = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < nth; i += 1) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

let demo: ReadManifestsResult;
beforeAll(async () => {
  demo = await readManifests(REPO_MANIFESTS);
});

test.each([
  ['product/prod_enterprise', undefined, 'products.yaml', 'id: prod_enterprise'],
  ['price/gold-monthly', undefined, 'prices.yaml', 'id: gold-monthly'],
  ['coupon/WELCOME10', undefined, 'coupons.yaml', 'id: WELCOME10'],
  ['product/prod_enterprise', 'metadata.tier', 'products.yaml', 'tier: enterprise'],
  ['product/prod_enterprise', 'marketing_features[1].name', 'products.yaml', 'name: SAML'],
  ['price/price_pro_monthly', 'currency_options.eur.unit_amount', 'prices.yaml', 'unit_amount: 4500'],
  ['price/price_events_graduated', 'tiers[2].unit_amount_decimal', 'prices.yaml', 'unit_amount_decimal: "0.01"'],
  ['price/price_events_graduated', 'tiers.1', 'prices.yaml', 'up_to: 1000000'],
  ['price/gold-monthly', 'recurring.trial_period_days', 'prices.yaml', 'trial_period_days: 14'],
  ['coupon/PRO50', 'applies_to.products.0', 'coupons.yaml', 'prod_pro\n'],
])('%s %s', (address, field, file, needle) => {
  expect(demo.locate(address, field)).toEqual({ file: join(REPO_MANIFESTS, file), ...position(read(REPO_MANIFESTS, file), needle) });
});

test('a field left at its default points at the nearest written parent', () => {
  const prices = read(REPO_MANIFESTS, 'prices.yaml');
  const recurring = position(prices.slice(prices.indexOf('id: gold-monthly')), 'recurring:');
  const goldLine = position(prices, 'id: gold-monthly').line;
  expect(demo.locate('price/gold-monthly', 'recurring.interval_count')).toEqual({
    file: join(REPO_MANIFESTS, 'prices.yaml'),
    line: goldLine + recurring.line - 1,
    column: recurring.column,
  });
  expect(demo.locate('price/gold-monthly', 'tax_behavior')).toEqual(demo.locate('price/gold-monthly'));
});

test('an object not in the folder has no location', () => {
  expect(demo.locate('product/prod_nope')).toBeUndefined();
  expect(demo.locate('price/prod_pro')).toBeUndefined();
});

test('a metadata key containing dots is found as one key', async () => {
  const dir = folderWith({ 'products.yaml': 'products:\n  - id: prod_a\n    name: A\n    metadata:\n      a: x\n      a.b: y\n' });
  const result = await readManifests(dir);
  expect(result.locate('product/prod_a', 'metadata.a.b')).toEqual({ file: join(dir, 'products.yaml'), line: 6, column: 7 });
  expect(result.locate('product/prod_a', 'metadata.a')).toEqual({ file: join(dir, 'products.yaml'), line: 5, column: 7 });
});

test('objects with errors can still be located, so the error can be shown in context', async () => {
  const dir = folderWith({ 'products.yaml': 'products:\n  - id: prod_a\n    name: 1\n' });
  const result = await readManifests(dir);
  expect(result.catalog.products).toEqual([]);
  expect(result.locate('product/prod_a', 'name')).toEqual({ file: join(dir, 'products.yaml'), line: 3, column: 5 });
});
