/**
 * `migrate plan` and `migrate export` end to end against the emulator, as a user runs them: keys in the
 * environment, STRIPE_API_BASE pointing at the emulator, files in a working folder.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { LINK_METADATA_KEY, type Catalog } from '../../src/catalog/types.js';
import { containsKeyShaped } from '../../src/util/redact.js';
import { runMigrate } from '../support/cli.js';
import { countObjects, generateCatalog } from '../support/generate-catalog.js';

const SANDBOX = 'sk_test_e2eplan';
const LIVE = 'sk_live_e2eplan';

let emulator: RunningEmulator;
let work: string;
let env: NodeJS.ProcessEnv;
const catalog: Catalog = generateCatalog({ seed: 7, products: 80 });

/** What the applier would have made of `source` in live: same ids, one-time prices renamed and linked. */
function asLive(source: Catalog): Catalog {
  const idMap = new Map<string, string>();
  const prices = source.prices
    .filter((p) => p.active)
    .map((p) => {
      if (p.recurring) return { ...p };
      const liveId = `price_live_${p.id.slice(6)}`;
      idMap.set(p.id, liveId);
      return { ...p, id: liveId, metadata: { ...p.metadata, [LINK_METADATA_KEY]: p.id } };
    });
  const products = source.products.map((p) => ({
    ...p,
    default_price: p.default_price === null ? null : (idMap.get(p.default_price) ?? p.default_price),
  }));
  return { products, prices, coupons: source.coupons };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  work = await mkdtemp(join(tmpdir(), 'migrate-e2e-'));
  env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: emulator.url };
  emulator.seed(SANDBOX, catalog);
});

afterAll(async () => {
  await emulator.close();
});

const writes = () => emulator.requests().filter((r) => r.method !== 'GET');

test('the generated sandbox has at least 300 objects', () => {
  expect(countObjects(catalog)).toBeGreaterThanOrEqual(300);
});

test('plan against an empty live account lists every active object exactly once and writes nothing', async () => {
  const before = writes().length;
  const result = await runMigrate(['plan', '--out', 'plan.yaml', '--detailed-exitcode'], { env, cwd: work });
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(2);

  const text = await readFile(join(work, 'plan.yaml'), 'utf8');
  const plan = parse(text);
  const creates = plan.changes.filter((c: { action: string }) => c.action === 'create');
  const addresses = creates.map((c: { address: string }) => c.address);
  expect(new Set(addresses).size).toBe(addresses.length);

  // Archived products are created only when an active price needs them.
  const needed = new Set(catalog.prices.filter((p) => p.active).map((p) => p.product));
  const expected = [
    ...catalog.products.filter((p) => p.active || needed.has(p.id)).map((p) => `product/${p.id}`),
    ...catalog.prices.filter((p) => p.active).map((p) => `price/${p.id}`),
    ...catalog.coupons.map((c) => `coupon/${c.id}`),
  ].sort();
  expect([...addresses].sort()).toEqual(expected);
  expect(result.stdout).toContain('to create');
  expect(containsKeyShaped(text + result.stdout + result.stderr)).toBe(false);
  expect(writes().length).toBe(before);
});

test('plan against a live account that already matches reports no changes and exits 0', async () => {
  emulator.seed(LIVE, asLive(catalog));
  const result = await runMigrate(['plan', '--out', 'plan-same.yaml', '--detailed-exitcode', '--json'], { env, cwd: work });
  expect(result.code).toBe(0);
  const json = JSON.parse(result.stdout);
  expect(json.summary.create + json.summary.update + json.summary.replace).toBe(0);
});

test('export twice gives identical bytes, and a comment a person added survives', async () => {
  const first = await runMigrate(['export', '--out', 'manifests'], { env, cwd: work });
  expect(first.code).toBe(0);
  const path = join(work, 'manifests', 'products.yaml');
  const once = await readFile(path, 'utf8');
  await runMigrate(['export', '--out', 'manifests'], { env, cwd: work });
  expect(await readFile(path, 'utf8')).toBe(once);

  const commented = once.replace(/^(\s*)- id: /m, '$1# owned by the growth team\n$1- id: ');
  await writeFile(path, commented);
  await runMigrate(['export', '--out', 'manifests'], { env, cwd: work });
  expect(await readFile(path, 'utf8')).toContain('# owned by the growth team');
});
