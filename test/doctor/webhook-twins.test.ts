/** Which sandbox endpoints live lacks, and a signing secret that cannot leak through serialisation. */
import { inspect } from 'node:util';
import { missingWebhookEndpoints, pairWebhookEndpoints, webhookIdempotencyKey, webhookCreateParams } from '../../src/apply/webhooks.js';
import type { WebhookEndpoint } from '../../src/stripe/types.js';
import { SigningSecret } from '../../src/stripe/webhooks.js';

function endpoint(id: string, url: string, events: string[], extra: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return { id, url, enabled_events: events, description: null, api_version: null, metadata: {}, status: 'enabled', ...extra };
}

test.each([
  ['same url and events in another order', endpoint('we_l', 'https://a.example/h', ['b.x', 'a.x']), []],
  ['same url, other events (its events are updated, no second endpoint)', endpoint('we_l', 'https://a.example/h', ['a.x']), []],
  ['other url, same events', endpoint('we_l', 'https://b.example/h', ['a.x', 'b.x']), ['we_s']],
  ['a disabled twin still counts as present', endpoint('we_l', 'https://a.example/h', ['a.x', 'b.x'], { status: 'disabled' }), []],
])('a sandbox endpoint vs live: %s', (_name, live, missing) => {
  const sandbox = [endpoint('we_s', 'https://a.example/h', ['a.x', 'b.x'])];
  expect(missingWebhookEndpoints(sandbox, [live]).map((e) => e.id)).toEqual(missing);
});

test('a live endpoint at the URL with other events is paired for an update, naming the events it gains and loses', () => {
  const sandbox = [endpoint('we_s', 'https://a.example/h', ['a.x', 'b.x'])];
  const pairing = pairWebhookEndpoints(sandbox, [endpoint('we_l', 'https://a.example/h', ['c.x', 'a.x'])]);
  expect(pairing.update.map((u) => [u.sandbox.id, u.live.id, u.added, u.removed])).toEqual([['we_s', 'we_l', ['b.x'], ['c.x']]]);
  expect([pairing.missing, pairing.twins, pairing.liveOnly]).toEqual([[], [], []]);
});

test('an exact twin is never taken for an update of another sandbox endpoint at the same URL', () => {
  const sandbox = [endpoint('we_s1', 'https://a.example/h', ['a.x']), endpoint('we_s2', 'https://a.example/h', ['b.x'])];
  const pairing = pairWebhookEndpoints(sandbox, [endpoint('we_l1', 'https://a.example/h', ['b.x'])]);
  expect(pairing.twins.map((t) => [t.sandbox.id, t.live.id])).toEqual([['we_s2', 'we_l1']]);
  expect(pairing.missing.map((e) => e.id)).toEqual(['we_s1']);
});

test('a live endpoint at a URL no sandbox endpoint has is live-only; one at a disabled sandbox endpoint\'s URL is not', () => {
  const sandbox = [endpoint('we_s', 'https://a.example/h', ['a.x'], { status: 'disabled' })];
  const pairing = pairWebhookEndpoints(sandbox, [endpoint('we_l1', 'https://a.example/h', ['a.x']), endpoint('we_l2', 'https://b.example/h', ['a.x'])]);
  expect(pairing.liveOnly.map((e) => e.id)).toEqual(['we_l2']);
});

test('a further live endpoint at a URL whose sandbox endpoint has its twin is a second endpoint, not live-only', () => {
  const sandbox = [endpoint('we_s', 'https://a.example/h', ['a.x'])];
  const pairing = pairWebhookEndpoints(sandbox, [endpoint('we_l1', 'https://a.example/h', ['b.x']), endpoint('we_l2', 'https://a.example/h', ['a.x'])]);
  expect([pairing.twins.map((t) => t.live.id), pairing.extra.map((e) => e.id), pairing.update, pairing.liveOnly]).toEqual([['we_l2'], ['we_l1'], [], []]);
});

test('a disabled sandbox endpoint is not expected in live', () => {
  expect(missingWebhookEndpoints([endpoint('we_s', 'https://a.example/h', ['*'], { status: 'disabled' })], [])).toEqual([]);
});

test('the idempotency key is the same for the same endpoint and changes with its parameters', () => {
  const e = endpoint('we_s', 'https://a.example/h', ['a.x', 'b.x']);
  const key = webhookIdempotencyKey('hash1', e.id, webhookCreateParams(e));
  expect(webhookIdempotencyKey('hash1', e.id, webhookCreateParams({ ...e, enabled_events: ['b.x', 'a.x'] }))).toBe(key);
  expect(webhookIdempotencyKey('hash1', e.id, webhookCreateParams({ ...e, url: 'https://a.example/v2' }))).not.toBe(key);
  expect(webhookIdempotencyKey('hash2', e.id, webhookCreateParams(e))).not.toBe(key);
});

test('a signing secret prints as a mask everywhere but reveal()', () => {
  const value = ['whsec', 'Ab'.repeat(16)].join('_');
  const secret = new SigningSecret(value);
  const carried = { endpoint: 'we_1', secret };
  for (const shown of [String(secret), `${secret}`, JSON.stringify(carried), inspect(carried)]) expect(shown).not.toContain(value);
  expect(secret.reveal()).toBe(value);
});
