import Stripe from 'stripe';
import { failure } from './http.js';
import { fixtureKeys, keysOf } from './fixture-keys.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
const hook = { url: 'https://example.com/hooks/stripe', enabled_events: ['price.updated', 'product.created'] } as Stripe.WebhookEndpointCreateParams;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_webhooks');
});
afterAll(() => t.emulator.close());

test('webhooks: an endpoint has the fixture keys, a we_ id, null api_version and status enabled', async () => {
  const endpoint = await stripe.webhookEndpoints.create(hook);
  const { secret, ...rest } = endpoint;
  expect(keysOf(rest)).toEqual(fixtureKeys('webhook_endpoint'));
  expect(endpoint.id).toMatch(/^we_/);
  expect(secret).toMatch(/^whsec_/);
  expect(rest).toMatchObject({
    object: 'webhook_endpoint',
    api_version: null,
    application: null,
    description: null,
    enabled_events: ['price.updated', 'product.created'],
    metadata: {},
    status: 'enabled',
    url: 'https://example.com/hooks/stripe',
  });
  const pinned = await stripe.webhookEndpoints.create({ ...hook, api_version: '2026-10-28.endive', description: 'Catalog sync' });
  expect(pinned).toMatchObject({ api_version: '2026-10-28.endive', description: 'Catalog sync' });
});

test('webhooks: the secret appears only in the create response, never on retrieve, update or list', async () => {
  const endpoint = await stripe.webhookEndpoints.create(hook);
  expect(endpoint.secret).toBeDefined();
  expect(await stripe.webhookEndpoints.retrieve(endpoint.id)).not.toHaveProperty('secret');
  expect(await stripe.webhookEndpoints.update(endpoint.id, { description: 'x' })).not.toHaveProperty('secret');
  const listed = await stripe.webhookEndpoints.list({ limit: 100 });
  expect(listed.data.some((e) => 'secret' in e)).toBe(false);
  const again = await stripe.webhookEndpoints.create(hook);
  expect(again.secret).not.toBe(endpoint.secret);
});

test('webhooks: url and enabled_events are required; a non-web url is url_invalid', async () => {
  const noUrl = await failure(stripe.webhookEndpoints.create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams));
  expect([noUrl.code, noUrl.param]).toEqual(['parameter_missing', 'url']);
  const noEvents = await failure(stripe.webhookEndpoints.create({ url: 'https://example.com/h' } as Stripe.WebhookEndpointCreateParams));
  expect([noEvents.code, noEvents.param]).toEqual(['parameter_missing', 'enabled_events']);
  const badUrl = await failure(stripe.webhookEndpoints.create({ ...hook, url: 'ftp://example.com' }));
  expect([badUrl.code, badUrl.param]).toEqual(['url_invalid', 'url']);
  const badEvent = await failure(stripe.webhookEndpoints.create({ ...hook, enabled_events: ['not an event'] } as unknown as Stripe.WebhookEndpointCreateParams));
  expect(badEvent.param).toBe('enabled_events[0]');
});

test('webhooks: update changes url, events, description, metadata and disables; api_version is fixed', async () => {
  const endpoint = await stripe.webhookEndpoints.create(hook);
  const updated = await stripe.webhookEndpoints.update(endpoint.id, {
    url: 'https://example.com/v2',
    enabled_events: ['*'],
    description: 'All events',
    metadata: { team: 'billing' },
    disabled: true,
  });
  expect(updated).toMatchObject({ url: 'https://example.com/v2', enabled_events: ['*'], description: 'All events', metadata: { team: 'billing' }, status: 'disabled' });
  expect((await stripe.webhookEndpoints.update(endpoint.id, { disabled: false, description: '' })).status).toBe('enabled');
  expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).description).toBeNull();
  const version = await failure(stripe.webhookEndpoints.update(endpoint.id, { api_version: '2026-10-28.endive' } as Stripe.WebhookEndpointUpdateParams));
  expect([version.code, version.param]).toEqual(['parameter_unknown', 'api_version']);
});

test('webhooks: delete answers a stub, then retrieve is a 404 and the list no longer holds it', async () => {
  const endpoint = await stripe.webhookEndpoints.create(hook);
  expect(await stripe.webhookEndpoints.del(endpoint.id)).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
  const gone = await failure(stripe.webhookEndpoints.retrieve(endpoint.id));
  expect([gone.statusCode, gone.code, gone.message]).toEqual([404, 'resource_missing', `No such webhook endpoint: '${endpoint.id}'`]);
  const ids = (await stripe.webhookEndpoints.list({ limit: 100 })).data.map((e) => e.id);
  expect(ids).not.toContain(endpoint.id);
});

test('webhooks: the list is newest first and pages with the SDK iterator', async () => {
  const other = t.client('sk_test_webhooklist');
  const made: string[] = [];
  for (let i = 0; i < 3; i += 1) made.push((await other.webhookEndpoints.create(hook)).id);
  const all = await other.webhookEndpoints.list({ limit: 2 }).autoPagingToArray({ limit: 10 });
  expect(all.map((e) => e.id)).toEqual([...made].reverse());
});

test('webhooks: seed keeps endpoint ids and never shows a seeded secret', async () => {
  t.emulator.seed('sk_test_seedhook', { webhookEndpoints: [{ id: 'we_seeded', url: 'https://example.com/s', enabled_events: ['*'], secret: 'whsec_seeded' }] });
  const endpoint = await t.client('sk_test_seedhook').webhookEndpoints.retrieve('we_seeded');
  expect(keysOf(endpoint)).toEqual(fixtureKeys('webhook_endpoint'));
  expect(endpoint).toMatchObject({ url: 'https://example.com/s', enabled_events: ['*'], status: 'enabled', api_version: null });
});
