/** Which sandbox endpoints live lacks, and a signing secret that cannot leak through serialisation. */
import { inspect } from 'node:util';
import { missingWebhookEndpoints, webhookIdempotencyKey, webhookCreateParams } from '../../src/apply/webhooks.js';
import type { WebhookEndpoint } from '../../src/stripe/types.js';
import { SigningSecret } from '../../src/stripe/webhooks.js';

function endpoint(id: string, url: string, events: string[], extra: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return { id, url, enabled_events: events, description: null, api_version: null, metadata: {}, status: 'enabled', ...extra };
}

test.each([
  ['same url and events in another order', endpoint('we_l', 'https://a.example/h', ['b.x', 'a.x']), []],
  ['same url, other events', endpoint('we_l', 'https://a.example/h', ['a.x']), ['we_s']],
  ['other url, same events', endpoint('we_l', 'https://b.example/h', ['a.x', 'b.x']), ['we_s']],
  ['a disabled twin still counts as present', endpoint('we_l', 'https://a.example/h', ['a.x', 'b.x'], { status: 'disabled' }), []],
])('a sandbox endpoint vs live: %s', (_name, live, missing) => {
  const sandbox = [endpoint('we_s', 'https://a.example/h', ['a.x', 'b.x'])];
  expect(missingWebhookEndpoints(sandbox, [live]).map((e) => e.id)).toEqual(missing);
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
