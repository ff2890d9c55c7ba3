/**
 * Feature attachments in drift and in manifest plans, against the emulator: drift names attached features by
 * lookup key on both sides, as the manifests do (never by a live `feat_` id a user cannot put in a manifest), and
 * a manifest product naming an archived feature the plan does not copy is planned and applied without sending the
 * manifest's feature id to live.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';

const SANDBOX = 'sk_test_driftfeat';
const LIVE = 'sk_live_driftfeat';

let stripe: TestEmulator;
let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  stripe = await startTestEmulator();
  work = await mkdtemp(join(tmpdir(), 'migrate-drift-features-'));
  env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: stripe.url };
  stripe.emulator.seed(SANDBOX, {
    products: [{ id: 'prod_api', name: 'API' }],
    features: [
      { id: 'feat_test_sandbox_sso', lookup_key: 'sso', name: 'SSO' },
      { id: 'feat_test_sandbox_audit', lookup_key: 'audit_log', name: 'Audit log' },
    ],
    productFeatures: [{ product: 'prod_api', entitlement_feature: 'feat_test_sandbox_sso' }],
  });
  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd: work })).code).toBe(0);
  expect((await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd: work })).code).toBe(0);
  expect((await runMigrate(['export', '--out', 'manifests'], { env, cwd: work })).code).toBe(0);
});

afterAll(async () => {
  await stripe.emulator.close();
});

test('a feature attached in live out of band is drift shown by lookup key, with a fix a manifest can take', async () => {
  const client = stripe.client(LIVE);
  const audit = (await client.entitlements.features.list({ lookup_key: 'audit_log' })).data[0]!;
  await client.products.createFeature('prod_api', { entitlement_feature: audit.id });

  const json = await runMigrate(['drift', '--json'], { env, cwd: work });
  expect(json.code).toBe(2);
  const report = JSON.parse(json.stdout) as { differences: { address: string; field: string; manifest: unknown; account: unknown }[] };
  expect(report.differences.map((d) => [d.address, d.field, d.manifest, d.account])).toEqual([['product/prod_api', 'features', ['sso'], ['audit_log', 'sso']]]);

  const text = await runMigrate(['drift'], { env, cwd: work });
  expect(text.stdout).toContain('product/prod_api features: manifest ["sso"], live acct_driftfeat ["audit_log","sso"]');
  expect(text.stdout).toMatch(/if live is right: set features to \["audit_log","sso"\] in manifests\/products\.yaml:\d+/);
  expect(text.stdout).not.toMatch(/feat_/);
});

test('a manifest product naming an archived feature that live lacks is planned and applied without its manifest id', async () => {
  const features = join(work, 'manifests', 'features.yaml');
  await writeFile(features, `${await readFile(features, 'utf8')}  - id: feat_test_manifest_legacy\n    lookup_key: legacy_export\n    name: Legacy export\n    active: false\n`);
  const products = join(work, 'manifests', 'products.yaml');
  await writeFile(products, (await readFile(products, 'utf8')).replace(/(\n(\s+)- sso\n)/, '$1$2- legacy_export\n'));
  expect((await runMigrate(['validate'], { env, cwd: work })).code).toBe(0);

  const plan = await runMigrate(['plan', '--from', 'manifests', '--out', 'manifests-plan.yaml'], { env, cwd: work });
  expect(plan.code).toBe(0);
  expect(plan.stdout).toMatch(/prod_api: feature legacy_export is not attached: it is archived and not copied/);
  expect(await readFile(join(work, 'manifests-plan.yaml'), 'utf8')).not.toContain('feat_test_manifest_legacy');
  const apply = await runMigrate(['apply', 'manifests-plan.yaml', '--yes'], { env, cwd: work });
  expect(apply.code).toBe(0);
  expect(stripe.emulator.requests().filter((r) => r.account === 'acct_driftfeat' && r.livemode === true && r.status >= 400)).toEqual([]);
});
