/**
 * `migrate apply` end to end against the emulator, as a user runs it: a seeded sandbox, `migrate plan` against an
 * empty live account, then apply, re-plan, re-apply, and the refusals.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINK_METADATA_KEY, type Catalog } from '../../src/catalog/types.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.js';
import { containsKeyShaped } from '../../src/util/redact.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';

const SANDBOX = 'sk_test_applysrc';
const LIVE = 'sk_live_applydst';

let test_: TestEmulator;
let emulator: RunningEmulator;
const catalog: Catalog = generateCatalog({ seed: 11, products: 12 });

beforeAll(async () => {
  test_ = await startTestEmulator();
  emulator = test_.emulator;
  emulator.seed(SANDBOX, catalog);
});

afterAll(async () => {
  await emulator.close();
});

async function workdir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'migrate-apply-'));
}

function envFor(live = LIVE): NodeJS.ProcessEnv {
  return { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: live, STRIPE_API_BASE: emulator.url };
}

const writesSince = (n: number) => emulator.requests().slice(n).filter((r) => r.method !== 'GET');

test('apply copies the sandbox to live with the same ids, and a second run writes nothing', async () => {
  const cwd = await workdir();
  const env = envFor();
  const plan = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  expect(plan.code).toBe(0);

  const before = emulator.requests().length;
  const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--json'], { env, cwd });
  expect(applied.stderr).not.toMatch(/unexpected failure/);
  const report = JSON.parse(applied.stdout);
  expect(report.verification.remaining).toEqual([]);
  expect(applied.code).toBe(0);
  expect(writesSince(before).every((r) => r.livemode === true)).toBe(true);
  // Verification's sandbox read runs alongside the writes (another account, limits of its own), not after them.
  const during = emulator.requests().slice(before);
  const firstSandboxList = during.findIndex((r) => r.livemode === false && r.method === 'GET' && r.path.startsWith('/v1/products'));
  const lastLiveWrite = during.map((r) => r.livemode === true && r.method !== 'GET').lastIndexOf(true);
  expect(firstSandboxList).toBeGreaterThanOrEqual(0);
  expect(firstSandboxList).toBeLessThan(lastLiveWrite);

  const live = test_.client(LIVE);
  const liveProducts = await live.products.list({ limit: 100 }).autoPagingToArray({ limit: 10000 });
  const livePrices = await live.prices.list({ limit: 100 }).autoPagingToArray({ limit: 10000 });
  const idMap = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8'));
  for (const product of catalog.products.filter((p) => p.active)) expect(liveProducts.some((p) => p.id === product.id)).toBe(true);
  for (const price of catalog.prices.filter((p) => p.active)) {
    if (price.recurring && price.custom_unit_amount === null) expect(livePrices.some((p) => p.id === price.id)).toBe(true);
    else {
      const twins = livePrices.filter((p) => p.metadata?.[LINK_METADATA_KEY] === price.id);
      expect(twins).toHaveLength(1);
      expect(idMap.prices[price.id]).toBe(twins[0]!.id);
    }
  }
  for (const product of catalog.products.filter((p) => p.active && p.default_price)) {
    const twin = liveProducts.find((p) => p.id === product.id)!;
    expect(twin.default_price).toBe(idMap.prices[product.default_price!]);
  }
  const audit = await readFile(join(cwd, 'plan.yaml.audit.jsonl'), 'utf8');
  expect(containsKeyShaped(audit)).toBe(false);

  const replan = await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
  expect(replan.code).toBe(0);

  const beforeAgain = emulator.requests().length;
  const again = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect(again.code).toBe(0);
  expect(writesSince(beforeAgain)).toEqual([]);
  expect(emulator.requests().filter((r) => r.livemode === false && r.method !== 'GET')).toEqual([]);
});

/** An emulator with `switches` set, the catalog seeded and planned: `run` applies and checks, the emulator closes after. */
async function withPlanned(switches: EmulatorOptions['switches'], run: (t: { strict: TestEmulator; cwd: string; env: NodeJS.ProcessEnv }) => Promise<void>): Promise<void> {
  const strict = await startTestEmulator({ switches });
  try {
    strict.emulator.seed(SANDBOX, catalog);
    const cwd = await workdir();
    const env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: strict.url };
    expect((await runMigrate(['plan'], { env, cwd })).code).toBe(0);
    await run({ strict, cwd, env });
  } finally {
    await strict.emulator.close();
  }
}

test('where Stripe refuses price ids as plan ids, recurring prices are created through the Prices API and linked', async () => {
  await withPlanned({ planIdMayStartWithPrice: false }, async ({ strict, cwd, env }) => {
    const applied = await runMigrate(['apply', '--yes', '--json'], { env, cwd });
    const report = JSON.parse(applied.stdout);
    expect(applied.code).toBe(0);
    expect(report.warnings.join('\n')).toMatch(/Prices API/);

    const idMap = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8'));
    const livePrices = await strict.client(LIVE).prices.list({ limit: 100 }).autoPagingToArray({ limit: 10000 });
    const renamed = catalog.prices.filter((p) => p.active && p.recurring && p.id.startsWith('price_'));
    expect(renamed.length).toBeGreaterThan(0);
    for (const price of renamed) {
      const twin = livePrices.find((p) => p.id === idMap.prices[price.id]);
      expect(twin?.metadata?.[LINK_METADATA_KEY]).toBe(price.id);
      expect(twin?.lookup_key ?? null).toBe(price.lookup_key);
    }
    expect((await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd })).code).toBe(0);
  });
});

test('where Stripe will not update a plan-created price, the plan is deleted and the price made through the Prices API, linked', async () => {
  await withPlanned({ priceUpdateOnPlanIds: false }, async ({ strict, cwd, env }) => {
    const applied = await runMigrate(['apply', '--yes', '--json'], { env, cwd });
    expect(applied.code).toBe(0);
    const report = JSON.parse(applied.stdout);
    expect(report.warnings.join('\n')).toMatch(/Stripe would not set .*lookup_key.* on the price the Plans API created .*deleting that plan and creating the price through the Prices API/);

    // Every kept-id recurring price that carries a price-only field now lives under a new id, linked, with the field.
    const idMap = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8'));
    const live = strict.client(LIVE);
    const livePrices = await live.prices.list({ limit: 100 }).autoPagingToArray({ limit: 10000 });
    const moved = catalog.prices.filter((p) => p.active && p.recurring && p.custom_unit_amount === null && (p.lookup_key !== null || p.tax_behavior !== 'unspecified'));
    expect(moved.length).toBeGreaterThan(0);
    for (const price of moved) {
      expect(idMap.prices[price.id]).not.toBe(price.id);
      const twin = livePrices.find((p) => p.id === idMap.prices[price.id]);
      expect(twin).toMatchObject({ lookup_key: price.lookup_key, tax_behavior: price.tax_behavior, metadata: expect.objectContaining({ [LINK_METADATA_KEY]: price.id }) });
      await expect(live.plans.retrieve(price.id)).rejects.toMatchObject({ statusCode: 404 });
    }
    // Every write is in the audit log, the deletes of the moved plans too.
    const audit = (await readFile(join(cwd, 'plan.yaml.audit.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const deletes = strict.emulator.requests().filter((r) => r.method === 'DELETE' && r.path.startsWith('/v1/plans/'));
    expect(deletes.length).toBeGreaterThanOrEqual(moved.length);
    expect(audit.filter((a) => a.request.startsWith('DELETE /v1/plans/')).map((a) => a.request).sort()).toEqual(deletes.map((r) => `DELETE ${r.path}`).sort());
    expect((await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd })).code).toBe(0);

    const before = strict.emulator.requests().length;
    expect((await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd })).code).toBe(0);
    expect(strict.emulator.requests().slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
