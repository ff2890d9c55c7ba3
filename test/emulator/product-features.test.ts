import Stripe from 'stripe';
import { failure } from './http.js';
import { fixtureKeys, keysOf } from './fixture-keys.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
let sso: Stripe.Entitlements.Feature;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_attach');
  await stripe.products.create({ id: 'pro', name: 'Pro' });
  await stripe.products.create({ id: 'team', name: 'Team' });
  sso = await stripe.entitlements.features.create({ name: 'SSO', lookup_key: 'sso' });
});
afterAll(() => t.emulator.close());

test('§10 an attachment has the fixture keys, its own id and the feature embedded', async () => {
  const attachment = await stripe.products.createFeature('pro', { entitlement_feature: sso.id });
  expect(keysOf(attachment)).toEqual(fixtureKeys('product_feature'));
  expect(attachment.id).not.toBe(sso.id);
  expect(attachment).toMatchObject({ object: 'product_feature', livemode: false, entitlement_feature: sso });
  expect(await stripe.products.retrieveFeature('pro', attachment.id)).toEqual(attachment);
});

test('§10 the same feature twice on one product is refused; on another product it is fine', async () => {
  const feature = await stripe.entitlements.features.create({ name: 'Audit', lookup_key: 'audit' });
  await stripe.products.createFeature('pro', { entitlement_feature: feature.id });
  const twice = await failure(stripe.products.createFeature('pro', { entitlement_feature: feature.id }));
  expect([twice.statusCode, twice.param]).toEqual([400, 'entitlement_feature']);
  expect((await stripe.products.createFeature('team', { entitlement_feature: feature.id })).entitlement_feature.id).toBe(feature.id);
});

test('§10 an archived or unknown feature cannot be attached; an unknown product is 404', async () => {
  const old = await stripe.entitlements.features.create({ name: 'Old', lookup_key: 'old' });
  await stripe.entitlements.features.update(old.id, { active: false });
  const archived = await failure(stripe.products.createFeature('pro', { entitlement_feature: old.id }));
  expect([archived.statusCode, archived.param]).toEqual([400, 'entitlement_feature']);
  const unknown = await failure(stripe.products.createFeature('pro', { entitlement_feature: 'feat_nope' }));
  expect([unknown.statusCode, unknown.code, unknown.param]).toEqual([400, 'resource_missing', 'entitlement_feature']);
  const noProduct = await failure(stripe.products.createFeature('prod_nope', { entitlement_feature: sso.id }));
  expect([noProduct.statusCode, noProduct.message]).toEqual([404, "No such product: 'prod_nope'"]);
});

test('§10 the list holds only this product\'s attachments, newest first, with the feature as it is now', async () => {
  await stripe.products.create({ id: 'listed', name: 'Listed' });
  const a = await stripe.entitlements.features.create({ name: 'A', lookup_key: 'list_a' });
  const b = await stripe.entitlements.features.create({ name: 'B', lookup_key: 'list_b' });
  const first = await stripe.products.createFeature('listed', { entitlement_feature: a.id });
  const second = await stripe.products.createFeature('listed', { entitlement_feature: b.id });
  await stripe.entitlements.features.update(a.id, { name: 'A renamed' });
  const list = await stripe.products.listFeatures('listed');
  expect(list.data.map((x) => x.id)).toEqual([second.id, first.id]);
  expect(list.data[1].entitlement_feature.name).toBe('A renamed');
  expect(list.url).toBe('/v1/products/listed/features');
});

test('§10 detach answers a stub; the attachment is then gone and the feature can be attached again', async () => {
  const feature = await stripe.entitlements.features.create({ name: 'Temp', lookup_key: 'temp' });
  const attachment = await stripe.products.createFeature('team', { entitlement_feature: feature.id });
  expect(await stripe.products.deleteFeature('team', attachment.id)).toEqual({ id: attachment.id, object: 'product_feature', deleted: true });
  const gone = await failure(stripe.products.retrieveFeature('team', attachment.id));
  expect([gone.statusCode, gone.code]).toEqual([404, 'resource_missing']);
  expect((await stripe.products.createFeature('team', { entitlement_feature: feature.id })).id).not.toBe(attachment.id);
});

test('§10 an attachment is reachable only through its own product', async () => {
  const attachment = await stripe.products.createFeature('team', { entitlement_feature: sso.id });
  const elsewhere = await failure(stripe.products.retrieveFeature('pro', attachment.id));
  expect(elsewhere.statusCode).toBe(404);
});

test('§10 seed attaches features to products with ids kept', async () => {
  t.emulator.seed('sk_test_seedattach', {
    products: [{ id: 'prod_seeded', name: 'Seeded' }],
    features: [{ id: 'feat_seeded', name: 'Seeded', lookup_key: 'seeded' }],
    productFeatures: [{ id: 'prodft_seeded', product: 'prod_seeded', entitlement_feature: 'feat_seeded' }],
  });
  const client = t.client('sk_test_seedattach');
  const attachment = await client.products.retrieveFeature('prod_seeded', 'prodft_seeded');
  expect(keysOf(attachment)).toEqual(fixtureKeys('product_feature'));
  expect(attachment.entitlement_feature).toMatchObject({ id: 'feat_seeded', lookup_key: 'seeded' });
});

describe('§10/§13 attachments of a feature archived later (unconfirmed: a switch)', () => {
  async function archiveAttached(options: { archivedFeatureKeepsAttachments?: boolean }) {
    const own = await startTestEmulator({ switches: options });
    const client = own.client('sk_test_archivelater');
    await client.products.create({ id: 'pro', name: 'Pro' });
    const feature = await client.entitlements.features.create({ name: 'Legacy', lookup_key: 'legacy' });
    await client.products.createFeature('pro', { entitlement_feature: feature.id });
    await client.entitlements.features.update(feature.id, { active: false });
    const attached = (await client.products.listFeatures('pro')).data.map((a) => [a.entitlement_feature.id, a.entitlement_feature.active]);
    await own.emulator.close();
    return { feature, attached };
  }

  test('by default the attachment made while the feature was active stays, showing it archived', async () => {
    const { feature, attached } = await archiveAttached({});
    expect(attached).toEqual([[feature.id, false]]);
  });

  test('with archivedFeatureKeepsAttachments off, archiving detaches the feature from its products', async () => {
    expect((await archiveAttached({ archivedFeatureKeepsAttachments: false })).attached).toEqual([]);
  });
});
