/**
 * Catalog as code end to end against the emulator, as a user runs it: export a sandbox, drift against it,
 * change it through the SDK, see the drift at the manifest line; plan from the manifests and apply to live,
 * drift against live, change live out of band, and read the difference from `drift --json`.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifests } from '../../src/manifests/read.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';

const SANDBOX = 'sk_test_drifte2e';
const LIVE = 'sk_live_drifte2e';
const DEMO = fileURLToPath(new URL('../../manifests', import.meta.url));

let stripe: TestEmulator;
let work: string;
let env: NodeJS.ProcessEnv;
let proName: string;

/** 1-based line and column of `needle` after the line holding `anchor`. */
function lineAfter(text: string, anchor: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(anchor));
  const index = lines.findIndex((l, i) => i > start && l.includes(needle));
  return { line: index + 1, column: lines[index]!.indexOf(needle) + 1 };
}

beforeAll(async () => {
  stripe = await startTestEmulator();
  work = await mkdtemp(join(tmpdir(), 'migrate-drift-'));
  env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: stripe.url };
  const demo = await readManifests(DEMO);
  stripe.emulator.seed(SANDBOX, demo.catalog);
  proName = demo.catalog.products.find((p) => p.id === 'prod_pro')!.name;
});

afterAll(async () => {
  await stripe.emulator.close();
});

test('an exported sandbox is in sync with its manifests', async () => {
  expect((await runMigrate(['export', '--out', 'manifests'], { env, cwd: work })).code).toBe(0);
  expect((await runMigrate(['validate'], { env, cwd: work })).code).toBe(0);
  const drift = await runMigrate(['drift', '--against', 'sandbox'], { env, cwd: work });
  expect(drift.stdout).toContain('In sync');
  expect(drift.code).toBe(0);
});

test('a product renamed in the sandbox is drift naming the product, the field and the manifest line', async () => {
  await stripe.client(SANDBOX).products.update('prod_pro', { name: 'Pro (renamed in the Dashboard)' });
  const products = await readFile(join(work, 'manifests', 'products.yaml'), 'utf8');
  const { line, column } = lineAfter(products, 'id: prod_pro', 'name:');

  const drift = await runMigrate(['drift', '--against', 'sandbox'], { env, cwd: work });
  expect(drift.code).toBe(2);
  expect(drift.stdout).toContain(`manifests/products.yaml:${line}:${column}: product/prod_pro name: manifest ${JSON.stringify(proName)}, sandbox acct_drifte2e "Pro (renamed in the Dashboard)"`);
  expect(drift.stdout).toContain('if sandbox is right: migrate export --out manifests');
  expect(drift.stdout).toMatch(/Drift: 1 difference between manifests and sandbox/);

  const github = await runMigrate(['drift', '--against', 'sandbox', '--format', 'github'], { env, cwd: work });
  expect(github.code).toBe(2);
  expect(github.stdout).toContain(`::error file=manifests/products.yaml,line=${line},col=${column},title=drift product/prod_pro name::`);
});

test('plan from the manifests and apply to live, then drift against live is in sync', async () => {
  const plan = await runMigrate(['plan', '--from', 'manifests', '--out', 'plan.yaml'], { env, cwd: work });
  expect(plan.code).toBe(0);
  const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd: work });
  expect(apply.stderr).not.toMatch(/^error/m);
  expect(apply.code).toBe(0);

  const drift = await runMigrate(['drift'], { env, cwd: work });
  expect(drift.stdout).toContain('In sync');
  expect(drift.code).toBe(0);
});

test('a live change out of band is one difference in the one JSON object of drift --json', async () => {
  await stripe.client(LIVE).products.update('prod_pro', { metadata: { owner: 'someone-in-the-dashboard' } });
  const products = await readFile(join(work, 'manifests', 'products.yaml'), 'utf8');

  const drift = await runMigrate(['drift', '--json'], { env, cwd: work });
  expect(drift.code).toBe(2);
  const report = JSON.parse(drift.stdout);
  expect(report).toMatchObject({ ok: true, inSync: false, against: 'live', account: { id: 'acct_drifte2e', mode: 'live' } });
  expect(report.differences).toEqual([
    expect.objectContaining({
      kind: 'changed',
      address: 'product/prod_pro',
      field: 'metadata.owner',
      manifest: null,
      account: 'someone-in-the-dashboard',
      // The key is not in the manifest: the location is the nearest field that is, the product's metadata.
      location: { file: 'manifests/products.yaml', ...lineAfter(products, 'id: prod_pro', 'metadata:') },
    }),
  ]);
  expect(report.differences[0].fix.manifestsAreRight).toContain('migrate plan --from manifests');
  expect(report.differences[0].fix.accountIsRight).toMatch(/^set metadata.owner to "someone-in-the-dashboard" in manifests\/products.yaml:\d+$/);
});

test('invalid manifests are an error (exit 1), not drift, and nothing is read from Stripe', async () => {
  const before = stripe.emulator.requests().length;
  const drift = await runMigrate(['drift', '--manifests', 'nowhere'], { env, cwd: work });
  expect(drift.code).toBe(1);
  expect(drift.stderr).toContain('manifests_missing');
  expect(stripe.emulator.requests().length).toBe(before);
});
