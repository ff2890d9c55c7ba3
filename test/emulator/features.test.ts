import Stripe from 'stripe';
import { failure, raw } from './http.js';
import { fixtureKeys, keysOf } from './fixture-keys.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_features');
});
afterAll(() => t.emulator.close());

test('§10 a feature has the fixture keys (no created) and a generated feat_ id', async () => {
  const feature = await stripe.entitlements.features.create({ name: 'SSO', lookup_key: 'sso' });
  expect(keysOf(feature)).toEqual(fixtureKeys('entitlements.feature'));
  expect(feature.id).toMatch(/^feat_test_/);
  expect(feature).toMatchObject({ object: 'entitlements.feature', active: true, livemode: false, lookup_key: 'sso', metadata: {}, name: 'SSO' });
  const live = await t.client('sk_live_features').entitlements.features.create({ name: 'SSO', lookup_key: 'sso' });
  expect(live.id).toMatch(/^feat_(?!test_)/);
});

test('§10 name and lookup_key are required; lookup_key is at most 80 characters', async () => {
  const noKey = await failure(stripe.entitlements.features.create({ name: 'x' } as Stripe.Entitlements.FeatureCreateParams));
  expect([noKey.code, noKey.param]).toEqual(['parameter_missing', 'lookup_key']);
  const noName = await failure(stripe.entitlements.features.create({ lookup_key: 'x' } as Stripe.Entitlements.FeatureCreateParams));
  expect(noName.param).toBe('name');
  const long = await failure(stripe.entitlements.features.create({ name: 'x', lookup_key: 'k'.repeat(81) }));
  expect(long.param).toBe('lookup_key');
});

test('§10 lookup_key is unique among active features and reusable once the holder is archived', async () => {
  const first = await stripe.entitlements.features.create({ name: 'Seats', lookup_key: 'seats' });
  const taken = await failure(stripe.entitlements.features.create({ name: 'Seats 2', lookup_key: 'seats' }));
  expect([taken.statusCode, taken.param]).toEqual([400, 'lookup_key']);
  await stripe.entitlements.features.update(first.id, { active: false });
  expect((await stripe.entitlements.features.create({ name: 'Seats 2', lookup_key: 'seats' })).lookup_key).toBe('seats');
});

test('§10 update takes name, metadata and active; lookup_key is immutable; an archived feature is frozen', async () => {
  const feature = await stripe.entitlements.features.create({ name: 'Audit', lookup_key: 'audit' });
  const renamed = await stripe.entitlements.features.update(feature.id, { name: 'Audit log', metadata: { tier: 'pro' } });
  expect(renamed).toMatchObject({ name: 'Audit log', metadata: { tier: 'pro' }, lookup_key: 'audit' });
  const key = await failure(stripe.entitlements.features.update(feature.id, { lookup_key: 'x' } as Stripe.Entitlements.FeatureUpdateParams));
  expect([key.code, key.param]).toEqual(['parameter_unknown', 'lookup_key']);
  await stripe.entitlements.features.update(feature.id, { active: false });
  const unarchive = await failure(stripe.entitlements.features.update(feature.id, { active: true }));
  expect(unarchive.statusCode).toBe(400);
  expect((await raw(t.url, 'DELETE', `/v1/entitlements/features/${feature.id}`, { key: 'sk_test_features' })).status).toBe(404);
});

test('§10 the list leaves archived features out unless archived=true, and filters by lookup_key', async () => {
  const kept = await stripe.entitlements.features.create({ name: 'Kept', lookup_key: 'kept' });
  const gone = await stripe.entitlements.features.create({ name: 'Gone', lookup_key: 'gone' });
  await stripe.entitlements.features.update(gone.id, { active: false });
  const active = await stripe.entitlements.features.list({ limit: 100 });
  expect(active.data.map((f) => f.id)).toContain(kept.id);
  expect(active.data.map((f) => f.id)).not.toContain(gone.id);
  const archived = await stripe.entitlements.features.list({ archived: true, limit: 100 });
  expect(archived.data.map((f) => f.id)).toContain(gone.id);
  expect(archived.data.every((f) => !f.active)).toBe(true);
  expect((await stripe.entitlements.features.list({ lookup_key: 'kept' })).data.map((f) => f.id)).toEqual([kept.id]);
});

test('§10 §1.6 a missing feature is 404 resource_missing', async () => {
  const error = await failure(stripe.entitlements.features.retrieve('feat_nope'));
  expect([error.statusCode, error.code]).toEqual([404, 'resource_missing']);
  expect(error.message).toContain("'feat_nope'");
});

test('§10 seed keeps feature ids in Stripe shape', async () => {
  t.emulator.seed('sk_test_seedfeat', { features: [{ id: 'feat_seeded', name: 'Seeded', lookup_key: 'seeded' }] });
  const client = t.client('sk_test_seedfeat');
  const feature = await client.entitlements.features.retrieve('feat_seeded');
  expect(keysOf(feature)).toEqual(fixtureKeys('entitlements.feature'));
  expect(feature).toMatchObject({ active: true, lookup_key: 'seeded', name: 'Seeded' });
  const clash = await failure(client.entitlements.features.create({ name: 'Again', lookup_key: 'seeded' }));
  expect(clash.param).toBe('lookup_key');
});
