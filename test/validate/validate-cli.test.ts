/**
 * `migrate validate` as a user runs it: each invalid folder gives its stable code at the file:line:column a
 * person would fix, exit 1; warnings alone exit 0; the demo catalog is valid; nothing talks to Stripe.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runMigrate } from '../support/cli.js';
import { BASE, INVALID, applyEdits, positionOf } from './fixtures.js';


const REPO = fileURLToPath(new URL('../..', import.meta.url));

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // Keys and an API base are set on purpose: validate must use neither.
  emulator = await startEmulator({ port: 0 });
  env = { STRIPE_SANDBOX_KEY: 'sk_test_validate', STRIPE_LIVE_KEY: 'sk_live_validate', STRIPE_API_BASE: emulator.url };
});

afterAll(async () => {
  expect(emulator.requests()).toEqual([]);
  await emulator.close();
});

/** A working folder with the manifests in `cwd/<sub>`. */
function workdir(sub: string, files: Record<string, string>): string {
  const cwd = mkdtempSync(join(tmpdir(), 'validate-'));
  mkdirSync(join(cwd, sub));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, sub, name), text);
  return cwd;
}

test('the fixture folder itself is valid', async () => {
  const cwd = workdir('manifests', BASE);
  const result = await runMigrate(['validate'], { env, cwd });
  expect(result.stdout).toContain('valid, no problems');
  expect(result.code).toBe(0);
});

test('there are at least 25 invalid cases with distinct names', () => {
  expect(INVALID.length).toBeGreaterThanOrEqual(25);
  expect(new Set(INVALID.map((c) => c.name)).size).toBe(INVALID.length);
});

test.each(INVALID.map((c) => [c.name, c] as const))('%s → its code at its file:line:column, exit 1', async (_name, c) => {
  const text = applyEdits(BASE[c.file]!, c.edits);
  const cwd = workdir('catalog', { ...BASE, [c.file]: text });

  const { line, column } = positionOf(text, c.at, c.nth);
  const human = await runMigrate(['validate', '--manifests', 'catalog'], { env, cwd });
  expect(human.code).toBe(1);
  expect(human.stdout).toContain(`catalog/${c.file}:${line}:${column}: error ${c.code} `);
  expect(human.stdout).toMatch(/catalog: \d+ errors?, \d+ warnings?\.\n$/);

  const json = await runMigrate(['validate', '--manifests', 'catalog', '--json'], { env, cwd });
  expect(json.code).toBe(1);
  const report = JSON.parse(json.stdout);
  expect(report.ok).toBe(false);
  expect(report.problems).toContainEqual(expect.objectContaining({ code: c.code, severity: 'error', file: `catalog/${c.file}`, line, column }));
});

test('warnings alone do not fail: a currency option in the price currency is reported and exit is 0', async () => {
  const prices = applyEdits(BASE['prices.yaml']!, [['unit_amount: 5000', 'unit_amount: 5000\n    currency_options:\n      usd:\n        unit_amount: 4500']]);
  const cwd = workdir('manifests', { ...BASE, 'prices.yaml': prices });
  const result = await runMigrate(['validate'], { env, cwd });
  const { line, column } = positionOf(prices, 'usd:');
  expect(result.stdout).toContain(`manifests/prices.yaml:${line}:${column}: warning currency_option_own_currency `);
  expect(result.stdout).toContain('0 errors, 1 warning.');
  expect(result.code).toBe(0);
});

test('an id Stripe no longer takes is a warning where live keeps the id (made before 2018), and no finding where it names a link', async () => {
  const coupons = applyEdits(BASE['coupons.yaml']!, [['id: LAUNCH20', 'id: LAUNCH 20%']]);
  const products = applyEdits(BASE['products.yaml']!, [['id: prod_pro', 'id: prod.pro']]);
  const prices = applyEdits(BASE['prices.yaml']!, [['id: price_setup', 'id: price setup'], ['product: prod_pro', 'product: prod.pro']]);
  const cwd = workdir('manifests', { ...BASE, 'coupons.yaml': coupons, 'products.yaml': products, 'prices.yaml': prices });
  const result = await runMigrate(['validate', '--json'], { env, cwd });
  const report = JSON.parse(result.stdout);
  const found = report.problems.map((p: { code: string; severity: string; file: string; line: number }) => `${p.severity} ${p.code} ${p.file}:${p.line}`);
  expect(found.sort()).toEqual([`warning id_charset manifests/coupons.yaml:${positionOf(coupons, 'id: LAUNCH 20%').line}`, `warning id_charset manifests/products.yaml:${positionOf(products, 'id: prod.pro').line}`]);
  const messages = Object.fromEntries(report.problems.map((p: { file: string; message: string }) => [p.file, p.message]));
  expect(messages['manifests/coupons.yaml']).toMatch(/has characters Stripe no longer takes in a new id .*before API 2018-05-21 has it; `migrate plan` refuses to create one\.$/);
  expect(messages['manifests/products.yaml']).toMatch(/has characters Stripe no longer takes in a new id .*; a new one is created with a new id, found by its link\.$/);
  expect(result.code).toBe(0);
});

test('a missing folder is an error that says how to create one', async () => {
  const cwd = workdir('elsewhere', {});
  const result = await runMigrate(['validate', '--manifests', 'nope', '--json'], { env, cwd });
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report).toMatchObject({ ok: false, problems: [{ code: 'manifests_missing', file: 'nope' }] });
  expect(report.problems[0].message).toContain('migrate export');
});

test("the repository's demo catalog passes validate", async () => {
  const result = await runMigrate(['validate', '--manifests', 'manifests', '--json'], { env, cwd: REPO });
  const report = JSON.parse(result.stdout);
  expect(report.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  expect(result.code).toBe(0);
});
