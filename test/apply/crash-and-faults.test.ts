/**
 * Never twice, never missing: apply killed with SIGKILL mid-way and re-run, and apply repeated against an
 * emulator that drops connections after committing, fails with 500s and throttles, both end with live equal
 * to the sandbox and no object created twice. The emulator state lives in a file so the final check runs on a
 * fault-free emulator over the same data.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINK_METADATA_KEY, type Catalog } from '../../src/catalog/types.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate, spawnMigrate } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';

const SANDBOX = 'sk_test_crashsrc';
const LIVE = 'sk_live_crashdst';
const catalog: Catalog = generateCatalog({ seed: 23, products: 10 });
/**
 * The SIGKILL test's catalog: large enough that the requests already in flight when the kill lands (up to the
 * applier's concurrency, 25 and more) cannot finish the whole apply on a slow machine.
 */
const killedCatalog: Catalog = generateCatalog({ seed: 23, products: 40 });
const objectCount = (c: Catalog) => c.products.length + c.prices.length + c.coupons.length;

interface Scenario {
  cwd: string;
  statePath: string;
}

const env = (t: TestEmulator) => ({ STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: t.url });

async function withEmulator<T>(options: EmulatorOptions, work: (t: TestEmulator) => Promise<T>): Promise<T> {
  const t = await startTestEmulator(options);
  try {
    return await work(t);
  } finally {
    await t.emulator.close();
  }
}

/** A sandbox seeded and planned against an empty live account, on a fault-free emulator. */
async function planned(catalog: Catalog): Promise<Scenario> {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-crash-'));
  const statePath = join(cwd, 'emulator-state.json');
  await withEmulator({ statePath }, async (t) => {
    t.emulator.seed(SANDBOX, catalog);
    expect((await runMigrate(['plan'], { env: env(t), cwd })).code).toBe(0);
  });
  return { cwd, statePath };
}

/** On a fault-free emulator over the same state: nothing left to do and no price created twice. */
async function expectConverged({ cwd, statePath }: Scenario, catalog: Catalog): Promise<void> {
  await withEmulator({ statePath }, async (t) => {
    const replan = await runMigrate(['plan', '--out', 'check.yaml', '--detailed-exitcode'], { env: env(t), cwd });
    expect(replan.stdout).toMatch(/No changes/);
    expect(replan.code).toBe(0);
    const prices = await t.client(LIVE).prices.list({ limit: 100 }).autoPagingToArray({ limit: 10000 });
    const links = prices.map((p) => p.metadata?.[LINK_METADATA_KEY]).filter((link) => link !== undefined);
    expect(new Set(links).size).toBe(links.length);
    const expectedOneTime = catalog.prices.filter((p) => p.active && (p.recurring === null || p.custom_unit_amount !== null));
    for (const price of expectedOneTime) expect(links).toContain(price.id);
  });
}

/** `migrate apply` again and again (at most 12 runs) until one exits 0; the exit code of each. */
async function applyUntilDone(t: TestEmulator, scenario: Scenario): Promise<number[]> {
  const seen: number[] = [];
  for (let run = 0; run < 12 && seen.at(-1) !== 0; run += 1) {
    seen.push((await runMigrate(['apply', '--yes'], { env: env(t), cwd: scenario.cwd })).code);
  }
  return seen;
}

test('apply killed with SIGKILL mid-way finishes on a re-run with nothing twice and nothing missing', async () => {
  const scenario = await planned(killedCatalog);
  await withEmulator({ statePath: scenario.statePath, latencyMs: 25 }, async (t) => {
    const { child, done } = spawnMigrate(['apply', '--yes'], { env: env(t), cwd: scenario.cwd });
    const posts = () => t.emulator.requests().filter((r) => r.method === 'POST').length;
    let exited = false;
    void done.then(() => (exited = true));
    while (posts() < 15 && !exited) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const creates = posts();
    expect(creates).toBeLessThan(objectCount(killedCatalog));

    const rerun = await runMigrate(['apply', '--yes', '--json'], { env: env(t), cwd: scenario.cwd });
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).summary['already-done']).toBeGreaterThan(0);
  });
  await expectConverged(scenario, killedCatalog);
}, 180_000);

test('repeated apply converges under reset-after-commit, 500s and 429s with no duplicate', async () => {
  const scenario = await planned(catalog);
  const faults: EmulatorOptions = { statePath: scenario.statePath, faults: { 'reset-after-commit': 0.1, 'error-500': 0.1, 'rate-limit': 0.1 }, faultSeed: 7 };
  const codes = await withEmulator(faults, async (t) => {
    const seen = await applyUntilDone(t, scenario);
    const injected = new Set(t.emulator.requests().filter((r) => r.method === 'POST').map((r) => r.fault));
    for (const fault of ['reset-after-commit', 'error-500', 'rate-limit']) expect(injected.has(fault as never)).toBe(true);
    return seen;
  });
  expect(codes.at(-1)).toBe(0);
  await expectConverged(scenario, catalog);
}, 180_000);

/** Each product in live once, linked to a product of the sandbox: every active one, and the archived ones a copied price names. */
async function expectProductsOnce(scenario: Scenario): Promise<void> {
  await withEmulator({ statePath: scenario.statePath }, async (t) => {
    const products = await t.client(LIVE).products.list({ limit: 100 }).autoPagingToArray({ limit: 10000 });
    const links = products.map((p) => p.metadata[LINK_METADATA_KEY]);
    expect(links.filter((link) => link === undefined)).toEqual([]);
    expect(new Set(links).size).toBe(links.length);
    for (const product of catalog.products.filter((p) => p.active)) expect(links).toContain(product.id);
    const sourceIds = catalog.products.map((p) => p.id);
    for (const link of links) expect(sourceIds).toContain(link);
  });
}

test.each([
  [
    'will not update plan-created prices (they move to the Prices API)',
    { priceUpdateOnPlanIds: false },
    12,
    (t: TestEmulator) => expect(t.emulator.requests().filter((r) => r.method === 'DELETE' && r.path.startsWith('/v1/plans/')).length).toBeGreaterThan(0),
    undefined,
  ],
  [
    'refuses prod_ product ids (created linked), each product once',
    { productIdMayStartWithProd: false },
    5,
    // A fallback create (no id: answered 200) met a fault, and was resumed without a second product.
    (t: TestEmulator) => expect(t.emulator.requests().some((r) => r.method === 'POST' && r.path === '/v1/products' && r.status === 200 && r.fault !== undefined)).toBe(true),
    expectProductsOnce,
  ],
] as const)('repeated apply converges under faults where Stripe %s', async (_name, switches, faultSeed, during, after) => {
  const scenario = await planned(catalog);
  const faults: EmulatorOptions = { statePath: scenario.statePath, switches, faults: { 'reset-after-commit': 0.3, 'error-500': 0.3 }, faultSeed };
  const codes = await withEmulator(faults, async (t) => {
    const seen = await applyUntilDone(t, scenario);
    during(t);
    return seen;
  });
  expect(codes.at(-1)).toBe(0);
  await expectConverged(scenario, catalog);
  await after?.(scenario);
}, 180_000);
