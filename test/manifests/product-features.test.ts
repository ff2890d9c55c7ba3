import { readManifests, writeManifests } from '../../src/manifests/index.js';
import { demoCopy, folderWith, read, tempDir } from './helpers.js';

const FEATURES = 'features:\n  - id: feat_a\n    lookup_key: alpha\n    name: Alpha\n  - id: feat_b\n    lookup_key: beta\n    name: Beta\n';

test('a product names its features by lookup key; the catalog holds their ids, sorted', async () => {
  const dir = folderWith({ 'products.yaml': 'products:\n  - id: prod_a\n    name: A\n    features: [beta, alpha]\n', 'prices.yaml': 'prices: []\n', 'coupons.yaml': 'coupons: []\n', 'features.yaml': FEATURES });
  const { catalog, problems } = await readManifests(dir);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(catalog.products[0]!.features).toEqual(['feat_a', 'feat_b']);
});

test('an unknown lookup key is an error at the key, and the product is left out', async () => {
  const dir = folderWith({ 'products.yaml': 'products:\n  - id: prod_a\n    name: A\n    features:\n      - alpha\n      - gamma\n', 'prices.yaml': 'prices: []\n', 'coupons.yaml': 'coupons: []\n', 'features.yaml': FEATURES });
  const { catalog, problems } = await readManifests(dir);
  expect(problems.map((p) => [p.code, p.severity, p.location?.line])).toEqual([['feature_reference_unknown', 'error', 6]]);
  expect(problems[0]!.message).toContain('"gamma"');
  expect(catalog.products).toEqual([]);
});

test('the demo folder writes back its attachments as lookup keys, byte for byte', async () => {
  const source = demoCopy();
  const { catalog } = await readManifests(source);
  expect(catalog.products.find((p) => p.id === 'prod_enterprise')?.features).toEqual(['feat_sso']);
  const out = tempDir();
  await writeManifests(out, { ...catalog, products: catalog.products.map((p) => (p.id === 'prod_enterprise' ? { ...p, featureAttachments: { feat_sso: 'prodft_x' } } : p)) });
  expect(read(out, 'products.yaml')).toMatch(/features:\n\s+- sso\n/);
  expect(read(out, 'products.yaml')).not.toContain('prodft_x');
  expect((await readManifests(out)).catalog).toEqual(catalog);
});
