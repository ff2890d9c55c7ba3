import { basename } from 'node:path';
import type { Catalog, Price } from '../../src/catalog/types.js';
import { MANIFEST_FILES } from '../../src/manifests/files.js';
import { readManifests, writeManifests } from '../../src/manifests/index.js';
import { demoCopy, read, write } from './helpers.js';

async function catalogOf(dir: string): Promise<Catalog> {
  const { catalog, problems } = await readManifests(dir);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return catalog;
}

function withPrice(catalog: Catalog, id: string, change: (p: Price) => Price): Catalog {
  return { ...catalog, prices: catalog.prices.map((p) => (p.id === id ? change(p) : p)) };
}

test('the demo folder is in written form: re-exporting it changes no byte, comments included', async () => {
  const dir = demoCopy();
  const files = MANIFEST_FILES.map((f) => f.file);
  const before = files.map((f) => read(dir, f));
  const written = await writeManifests(dir, await catalogOf(dir), { schemaPath: '../schemas' });
  expect(written.map((w) => [basename(w.path), w.changed])).toEqual(files.map((f) => [f, false]));
  expect(files.map((f) => read(dir, f))).toEqual(before);
});

test('comments above an object, on a field line and inside a nested field survive a re-export with changes', async () => {
  const dir = demoCopy();
  const original = read(dir, 'prices.yaml');
  write(
    dir,
    'prices.yaml',
    original
      .replace('  - id: price_onboarding\n', '  # Sales asked for this one, see ticket 42.\n  - id: price_onboarding\n')
      .replace('    unit_amount: 4900\n', '    unit_amount: 4900 # raised from 3900 in May\n')
      .replace('      interval: year\n    lookup_key: pro_yearly', '      # yearly, never change\n      interval: year\n    lookup_key: pro_yearly'),
  );
  let catalog = await catalogOf(dir);
  // A changed value, a changed nested value, a new object and a removed one.
  catalog = withPrice(catalog, 'price_onboarding', (p) => ({ ...p, unit_amount: 60000, nickname: 'Guided onboarding (2 sessions)' }));
  catalog = withPrice(catalog, 'price_pro_monthly', (p) => ({ ...p, currency_options: { eur: { ...p.currency_options.eur!, unit_amount: 4700 } } }));
  const added = { ...catalog.prices.find((p) => p.id === 'price_onboarding')!, id: 'price_audit', nickname: 'Security audit', unit_amount: 90000 };
  catalog = { ...catalog, prices: [...catalog.prices.filter((p) => p.id !== 'price_white_label'), added] };

  await writeManifests(dir, catalog, { schemaPath: '../schemas' });
  const text = read(dir, 'prices.yaml');
  expect(text).toContain('  # Sales asked for this one, see ticket 42.\n  - id: price_onboarding\n');
  expect(text).toContain('    unit_amount: 4900 # raised from 3900 in May\n');
  expect(text).toContain('      # yearly, never change\n      interval: year\n');
  expect(text).toContain('    unit_amount: 60000\n');
  expect(text).toContain('        unit_amount: 4700\n');
  expect(text).toContain('  - id: price_audit\n');
  expect(text).not.toContain('price_white_label');
  // The comments the demo file already had are still there too.
  expect(text).toContain('  # Legacy plan, created in 2023 through the Plans API with a custom id.\n  - id: gold-monthly\n');
  expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/prices.schema.json');
  expect((await catalogOf(dir)).prices).toEqual(catalog.prices.sort((a, b) => (a.id < b.id ? -1 : 1)));
});

test('a comment on a changed scalar stays on its line', async () => {
  const dir = demoCopy();
  write(dir, 'coupons.yaml', read(dir, 'coupons.yaml').replace('    max_redemptions: 500\n', '    max_redemptions: 500 # marketing budget\n'));
  const catalog = await catalogOf(dir);
  const next = { ...catalog, coupons: catalog.coupons.map((c) => (c.id === 'LAUNCH20' ? { ...c, max_redemptions: 800 } : c)) };
  await writeManifests(dir, next, { schemaPath: '../schemas' });
  expect(read(dir, 'coupons.yaml')).toContain('    max_redemptions: 800 # marketing budget\n');
});

test('a comment above the first object moves with it when a new object sorts before it', async () => {
  const dir = demoCopy();
  const catalog = await catalogOf(dir);
  const first = catalog.coupons[0]!;
  await writeManifests(dir, { ...catalog, coupons: [{ ...first, id: 'AAA1' }, ...catalog.coupons] }, { schemaPath: '../schemas' });
  const text = read(dir, 'coupons.yaml');
  expect(text).toMatch(/coupons:\n {2}- id: AAA1\n/);
  expect(text).toContain('  # Three months at 15% off for customers moving to yearly billing.\n  - id: ANNUAL3\n');
});

test('comments at the top of a file stay below the schema line, and the schema line is not duplicated', async () => {
  const dir = demoCopy();
  write(dir, 'products.yaml', read(dir, 'products.yaml').replace(/^# yaml-language-server[^\n]*\n\n/, '# yaml-language-server: $schema=old/products.schema.json\n# Owned by the growth team.\n'));
  await writeManifests(dir, await catalogOf(dir), { schemaPath: '../schemas' });
  const lines = read(dir, 'products.yaml').split('\n');
  expect(lines[0]).toBe('# yaml-language-server: $schema=../schemas/products.schema.json');
  expect(lines.filter((l) => l.includes('yaml-language-server'))).toHaveLength(1);
  expect(lines).toContain('# Owned by the growth team.');
});

test('a file that is not valid YAML stops the export before any file is written', async () => {
  const dir = demoCopy();
  const products = read(dir, 'products.yaml');
  const broken = read(dir, 'coupons.yaml').replace('    percent_off: 20\n', '    percent_off: [20\n');
  write(dir, 'coupons.yaml', broken);
  await expect(writeManifests(dir, { products: [], prices: [], coupons: [] })).rejects.toMatchObject({ code: 'yaml_syntax' });
  expect(read(dir, 'coupons.yaml')).toBe(broken);
  expect(read(dir, 'products.yaml')).toBe(products);
});
