import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCatalog } from '../../src/catalog/normalize.js';
import { emptyCatalog, type Catalog, type Price } from '../../src/catalog/types.js';
import { readManifests, writeManifests } from '../../src/manifests/index.js';
import { REPO_MANIFESTS, read, tempDir } from './helpers.js';

const FILES = ['products.yaml', 'prices.yaml', 'coupons.yaml'];

/** The demo catalog plus objects that exercise every field the format has. */
async function richCatalog(): Promise<Catalog> {
  const demo = (await readManifests(REPO_MANIFESTS)).catalog;
  const extra = normalizeCatalog({
    products: [
      {
        id: 'prod_everything',
        object: 'product',
        name: 'Every field',
        active: false,
        description: 'yes: a colon, "quotes" and # a hash',
        metadata: { 'dotted.key': 'x', '2024': '12', empty: '' },
        images: ['https://example.com/a.png', 'https://example.com/b.png'],
        marketing_features: [{ name: 'One' }],
        url: 'https://example.com',
        statement_descriptor: 'ACME EVERY',
        unit_label: 'thing',
        tax_code: 'txcd_99999999',
        shippable: true,
        package_dimensions: { height: 1.5, length: 2, weight: 3.25, width: 4 },
        default_price: 'price_everything',
      },
    ],
    prices: [
      {
        id: 'price_everything',
        object: 'price',
        product: 'prod_everything',
        active: true,
        currency: 'usd',
        unit_amount: null,
        unit_amount_decimal: '1234.5678',
        billing_scheme: 'per_unit',
        tiers_mode: null,
        transform_quantity: { divide_by: 10, round: 'up' },
        recurring: { interval: 'week', interval_count: 2, usage_type: 'metered', trial_period_days: 0, meter: 'mtr_123' },
        custom_unit_amount: null,
        currency_options: {
          eur: { unit_amount: null, unit_amount_decimal: '1100.25', tax_behavior: 'inclusive', custom_unit_amount: null },
          gbp: { unit_amount: 1000, unit_amount_decimal: '1000', tax_behavior: null, custom_unit_amount: null },
        },
        lookup_key: 'everything',
        tax_behavior: 'inclusive',
        nickname: '123',
        metadata: { catalog_migrate_source_id: 'price_sandbox_1', note: 'true' },
      },
      {
        id: 'price_pay_what_you_want',
        object: 'price',
        product: 'prod_everything',
        active: true,
        currency: 'usd',
        unit_amount: null,
        unit_amount_decimal: null,
        billing_scheme: 'per_unit',
        tiers_mode: null,
        transform_quantity: null,
        recurring: null,
        custom_unit_amount: { minimum: 500, maximum: null, preset: 1000 },
        tax_behavior: 'unspecified',
        lookup_key: null,
        nickname: null,
        metadata: {},
      },
    ],
    plans: [],
    coupons: [
      {
        id: 'EVERYTHING',
        object: 'coupon',
        name: null,
        percent_off: 12.5,
        amount_off: null,
        currency: null,
        duration: 'forever',
        duration_in_months: null,
        max_redemptions: 3,
        redeem_by: 1893456000,
        applies_to: { products: ['prod_pro', 'prod_everything'] },
        metadata: {},
      },
    ],
  });
  return {
    // Attachments need their features, which this catalog leaves out: `features.test.ts` round-trips them.
    products: [...demo.products.map(({ features: _features, ...product }) => product), ...extra.products],
    prices: [...demo.prices, ...extra.prices],
    coupons: [...demo.coupons, ...extra.coupons],
  };
}

function sorted(catalog: Catalog): Catalog {
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { ...emptyCatalog(), products: byId(catalog.products), prices: byId(catalog.prices), coupons: byId(catalog.coupons), meters: byId(catalog.meters ?? []) };
}

test('write then read gives the same catalog', async () => {
  const catalog = await richCatalog();
  const dir = tempDir();
  await writeManifests(dir, catalog);
  const back = await readManifests(dir);
  expect(back.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(back.catalog).toEqual(sorted(catalog));
  const linked = back.catalog.prices.find((p) => p.id === 'price_everything') as Price;
  expect(linked.link).toBe('price_sandbox_1');
  expect(linked.metadata).toEqual({ note: 'true' });
});

test('fields at their defaults are left out of the files', async () => {
  const dir = tempDir();
  await writeManifests(dir, await richCatalog());
  const prices = read(dir, 'prices.yaml');
  expect(prices).not.toMatch(/tax_behavior: unspecified|billing_scheme: per_unit|interval_count: 1\n|usage_type: licensed|: null|: \{\}|: \[\]/);
  expect(read(dir, 'products.yaml')).not.toMatch(/active: true/);
  expect(read(dir, 'coupons.yaml')).not.toMatch(/duration: once/);
  // ...but a value that differs from the default is written, including zero and false.
  expect(prices).toMatch(/trial_period_days: 0/);
  expect(read(dir, 'products.yaml')).toMatch(/active: false/);
});

test('two writes of the same catalog give identical bytes, whatever the input order', async () => {
  const catalog = await richCatalog();
  const a = tempDir();
  const b = tempDir();
  await writeManifests(a, catalog);
  await writeManifests(b, { products: [...catalog.products].reverse(), prices: [...catalog.prices].reverse(), coupons: [...catalog.coupons].reverse() });
  for (const file of FILES) expect(read(b, file)).toBe(read(a, file));
});

test('writing again over the written files changes nothing', async () => {
  const catalog = await richCatalog();
  const dir = tempDir();
  await writeManifests(dir, catalog);
  const first = FILES.map((f) => read(dir, f));
  const again = await writeManifests(dir, catalog);
  expect(again.map((w) => w.changed)).toEqual([false, false, false]);
  expect(FILES.map((f) => read(dir, f))).toEqual(first);
});

test('each file starts with the schema reference, relative to the package schemas by default', async () => {
  const dir = join(tempDir(), 'nested', 'manifests');
  await writeManifests(dir, await richCatalog());
  const first = read(dir, 'prices.yaml').split('\n')[0]!;
  const ref = first.replace('# yaml-language-server: $schema=', '');
  expect(first.startsWith('# yaml-language-server: $schema=')).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, ref), 'utf8')).$defs.price).toBeDefined();
});

test('schemaPath replaces the reference base', async () => {
  const dir = tempDir();
  await writeManifests(dir, await richCatalog(), { schemaPath: 'https://example.com/schemas/' });
  expect(read(dir, 'coupons.yaml').split('\n')[0]).toBe('# yaml-language-server: $schema=https://example.com/schemas/coupons.schema.json');
});

test('an empty catalog writes empty lists that read back as empty', async () => {
  const dir = tempDir();
  await writeManifests(dir, { products: [], prices: [], coupons: [] });
  expect(read(dir, 'coupons.yaml')).toMatch(/^coupons: \[\]$/m);
  const back = await readManifests(dir);
  expect(back.problems).toEqual([]);
  expect(back.catalog).toEqual(emptyCatalog());
});

test('metadata written in any key order gives the same bytes', async () => {
  const catalog = await richCatalog();
  const shuffled = {
    ...catalog,
    products: catalog.products.map((p) => ({ ...p, metadata: Object.fromEntries(Object.entries(p.metadata).reverse()) })),
  };
  const a = tempDir();
  const b = tempDir();
  await writeManifests(a, catalog);
  await writeManifests(b, shuffled);
  expect(read(b, 'products.yaml')).toBe(read(a, 'products.yaml'));
});
