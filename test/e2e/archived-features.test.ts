/**
 * Products attached to archived entitlement features, end to end against the emulator (api-notes §10: an
 * inactive feature cannot be attached to new products; an attachment made before archiving stays). The plan
 * copies what Stripe lets it copy, in the order that works (create or keep the feature active, attach, archive),
 * leaves out what it cannot with a warning, never sends a sandbox feature id to live, and apply exits 0.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../../src/catalog/types.js';
import { createGateway } from '../../src/stripe/gateway.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';

let stripe: TestEmulator;

beforeAll(async () => {
  stripe = await startTestEmulator();
});

afterAll(async () => {
  await stripe.emulator.close();
});

const SSO = { id: 'feat_test_sandbox_sso', lookup_key: 'sso', name: 'Single sign-on' };
const LEGACY = { id: 'feat_test_sandbox_legacy', lookup_key: 'legacy_export', name: 'Legacy export', active: false };

/** Seeds the sandbox (and live) of a fresh account pair on `on` (the shared emulator unless told). */
async function setUp(name: string, live: Record<string, unknown> = {}, on: TestEmulator = stripe) {
  const keys = { sandbox: `sk_test_${name}`, live: `sk_live_${name}` };
  on.emulator.seed(keys.sandbox, {
    products: [{ id: 'prod_pro', name: 'Pro' }],
    features: [SSO, LEGACY],
    productFeatures: [
      { product: 'prod_pro', entitlement_feature: SSO.id },
      { product: 'prod_pro', entitlement_feature: LEGACY.id },
    ],
  });
  on.emulator.seed(keys.live, live);
  const env = { STRIPE_SANDBOX_KEY: keys.sandbox, STRIPE_LIVE_KEY: keys.live, STRIPE_API_BASE: on.url };
  const cwd = await mkdtemp(join(tmpdir(), `migrate-archived-features-${name}-`));
  const readLive = (): Promise<Catalog> => createGateway({ apiKey: keys.live, mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase: on.url }).readCatalog();
  const refusedInLive = () => on.emulator.requests().filter((r) => r.account === `acct_${name}` && r.livemode === true && r.status >= 400);
  return { env, cwd, readLive, refusedInLive };
}

/** Lookup keys of the live features attached to a live product, with each feature's status. */
function attachedKeys(live: Catalog, productId: string): [string, boolean][] {
  const features = new Map((live.features ?? []).map((f) => [f.id, f]));
  return (live.products.find((p) => p.id === productId)?.features ?? []).map((id) => [features.get(id)!.lookup_key, features.get(id)!.active] as [string, boolean]).sort();
}

test('by default the archived feature is not copied: its attachment is left out with a warning, apply succeeds, a re-plan is clean', async () => {
  const { env, cwd, readLive, refusedInLive } = await setUp('archfeatdefault');
  const plan = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  expect(plan.code).toBe(0);
  expect(plan.stdout).toMatch(/prod_pro: feature legacy_export is not attached: it is archived and not copied .*--include-archived/);
  // The rendered plan names attachments by lookup key; the plan sends no sandbox feature id.
  expect(plan.stdout).toMatch(/features: \[\] → \["sso"\]/);
  expect(await readFile(join(cwd, 'plan.yaml'), 'utf8')).not.toContain(LEGACY.id);

  const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect(apply.code).toBe(0);
  expect(refusedInLive()).toEqual([]);
  expect(attachedKeys(await readLive(), 'prod_pro')).toEqual([['sso', true]]);

  const again = await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
  expect(again.code).toBe(0);
});

test('with --include-archived the feature is created active, attached, then archived: live holds what the sandbox holds', async () => {
  const { env, cwd, readLive, refusedInLive } = await setUp('archfeatinclude');
  expect((await runMigrate(['plan', '--include-archived', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
  const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect(apply.stderr).not.toMatch(/failed|cannot be attached/);
  expect(apply.code).toBe(0);
  expect(refusedInLive()).toEqual([]);
  expect(attachedKeys(await readLive(), 'prod_pro')).toEqual([['legacy_export', false], ['sso', true]]);

  const again = await runMigrate(['plan', '--include-archived', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
  expect(again.code).toBe(0);
});

test('an active live twin that the sandbox has archived is attached first, then archived', async () => {
  const { env, cwd, readLive, refusedInLive } = await setUp('archfeattwin', {
    products: [{ id: 'prod_pro', name: 'Pro' }],
    features: [{ id: 'feat_live_legacy', lookup_key: 'legacy_export', name: 'Legacy export' }],
  });
  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
  const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect(apply.code).toBe(0);
  expect(refusedInLive()).toEqual([]);
  const live = await readLive();
  expect(attachedKeys(live, 'prod_pro')).toEqual([['legacy_export', false], ['sso', true]]);
  expect(live.products.find((p) => p.id === 'prod_pro')?.features).toContain('feat_live_legacy');
});

test('where Stripe detaches a feature when it is archived (the other answer to §10\'s open question), apply still exits 0 and a re-plan is clean', async () => {
  const detaching = await startTestEmulator({ switches: { archivedFeatureKeepsAttachments: false } });
  try {
    const { env, cwd, readLive, refusedInLive } = await setUp('archfeatdetach', {}, detaching);
    expect((await runMigrate(['plan', '--include-archived', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
    const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
    expect(apply.code).toBe(0);
    expect(refusedInLive()).toEqual([]);
    expect(attachedKeys(await readLive(), 'prod_pro')).toEqual([['sso', true]]);

    const again = await runMigrate(['plan', '--include-archived', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/prod_pro: feature legacy_export is not attached: its live twin feat_\w+ is archived/);
  } finally {
    await detaching.emulator.close();
  }
});
