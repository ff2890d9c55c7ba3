/**
 * Every refusal of `migrate apply` ends with exit 1 before anything is written: the emulator's request log shows
 * no write request from the refused run.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate, type CliResult } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';

const SANDBOX = 'sk_test_refsrc';
const LIVE = 'sk_live_refdst';

let t: TestEmulator;
let cwd: string;
const env = () => ({ STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: t.url });

beforeAll(async () => {
  t = await startTestEmulator();
  const catalog = generateCatalog({ seed: 5, products: 4 });
  t.emulator.seed(SANDBOX, catalog);
  // Live already has one of the products under another name, so the plan updates it.
  t.emulator.seed(LIVE, { products: [{ ...catalog.products[0]!, name: 'Old name', default_price: null }] });
  cwd = await mkdtemp(join(tmpdir(), 'migrate-refusals-'));
  const planned = await runMigrate(['plan', '--out', 'plan.yaml'], { env: env(), cwd });
  expect(planned.code).toBe(0);
});

afterAll(async () => {
  await t.emulator.close();
});

async function refusedWithoutWrites(args: string[], environment: NodeJS.ProcessEnv = env(), options: { stdinIsTTY?: boolean } = {}): Promise<CliResult> {
  const before = t.emulator.requests().length;
  const result = await runMigrate(args, { env: environment, cwd, ...options });
  expect(result.code).toBe(1);
  expect(t.emulator.requests().slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  return result;
}

async function variant(name: string, edit: (text: string) => string): Promise<string> {
  const text = await readFile(join(cwd, 'plan.yaml'), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  await writeFile(join(cwd, name), edited);
  return name;
}

test('without a TTY and without --yes, apply refuses and points at --yes', async () => {
  const result = await refusedWithoutWrites(['apply', 'plan.yaml']);
  expect(result.stderr).toMatch(/--yes/);
});

test('a plan for another account is refused', async () => {
  const result = await refusedWithoutWrites(['apply', 'plan.yaml', '--yes'], { ...env(), STRIPE_LIVE_KEY: 'sk_live_someoneelse' });
  expect(result.stderr).toMatch(/acct_refdst/);
});

test('a plan for live mode is refused with a test-mode target key', async () => {
  await refusedWithoutWrites(['apply', 'plan.yaml', '--yes'], { ...env(), STRIPE_LIVE_KEY: 'sk_test_refdst' });
});

test('a plan edited after review is refused', async () => {
  const file = await variant('edited.yaml', (text) => {
    const changes = text.indexOf('\nchanges:');
    return text.slice(0, changes) + text.slice(changes).replace(/ name: (.+)/, ' name: Edited $1');
  });
  const result = await refusedWithoutWrites(['apply', file, '--yes', '--json']);
  expect(JSON.parse(result.stdout).error.code).toBe('plan_edited');
});

test('an unknown format version is refused', async () => {
  const file = await variant('future.yaml', (text) => text.replace('formatVersion: 1', 'formatVersion: 99'));
  const result = await refusedWithoutWrites(['apply', file, '--yes', '--json']);
  expect(JSON.parse(result.stdout).error.code).toBe('plan_unknown_version');
});

test('a malformed or missing plan file is refused', async () => {
  const file = await variant('broken.yaml', (text) => text.slice(0, Math.floor(text.length / 2)) + '\n  - [unclosed');
  await refusedWithoutWrites(['apply', file, '--yes']);
  await refusedWithoutWrites(['apply', 'nothing-here.yaml', '--yes']);
});

test('a stale plan (live changed since it was computed) is refused', async () => {
  const product = (await t.client(LIVE).products.list({ limit: 1 })).data[0]!;
  await t.client(LIVE).products.update(product.id, { name: 'Renamed in the Dashboard' });
  const result = await refusedWithoutWrites(['apply', 'plan.yaml', '--yes', '--json']);
  expect(JSON.parse(result.stdout).error.code).toBe('plan_stale');
  expect(result.stderr).toContain(`product/${product.id}`);
});
