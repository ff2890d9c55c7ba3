import Stripe from 'stripe';
import { failure, raw } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
let now = Date.UTC(2026, 5, 1);
beforeAll(async () => {
  t = await startTestEmulator({ clock: () => now });
  stripe = t.client('sk_test_idem');
});
afterAll(() => t.emulator.close());

test('§1.7 the same key and parameters replay the first response with Idempotent-Replayed: true', async () => {
  const first = await raw(t.url, 'POST', '/v1/coupons', { key: 'sk_test_idem', body: 'percent_off=5', headers: { 'Idempotency-Key': 'k-replay' } });
  const second = await raw(t.url, 'POST', '/v1/coupons', { key: 'sk_test_idem', body: 'percent_off=5', headers: { 'Idempotency-Key': 'k-replay' } });
  expect(second.status).toBe(200);
  expect(second.body).toEqual(first.body);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  const all = await stripe.coupons.list({ limit: 100 });
  expect(all.data.filter((c) => c.id === first.body.id)).toHaveLength(1);
});

test('§1.7 the SDK sees a replayed create as the same object', async () => {
  const a = await stripe.products.create({ name: 'Once' }, { idempotencyKey: 'k-sdk' });
  const b = await stripe.products.create({ name: 'Once' }, { idempotencyKey: 'k-sdk' });
  expect(b.id).toBe(a.id);
  expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
});

test('§1.7 the same key with other parameters is a 400 idempotency_error', async () => {
  await stripe.products.create({ name: 'First' }, { idempotencyKey: 'k-mismatch' });
  const error = await failure(stripe.products.create({ name: 'Second' }, { idempotencyKey: 'k-mismatch' }));
  expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  expect(error.statusCode).toBe(400);
  expect(error.rawType).toBe('idempotency_error');
  expect(error.message).toBe(
    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k-mismatch' if you meant to execute a different request.",
  );
});

test('§1.7 the same key on another endpoint is refused with the endpoint message', async () => {
  await stripe.products.create({ name: 'Endpoint' }, { idempotencyKey: 'k-endpoint' });
  const error = await failure(stripe.coupons.create({ percent_off: 5 }, { idempotencyKey: 'k-endpoint' }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe(
    "Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/coupons' vs '/v1/products'). Try using a key other than 'k-endpoint' if you meant to execute a different request.",
  );
});

test('§1.7 nothing is stored when parameters fail validation, so a corrected retry runs', async () => {
  const bad = await failure(stripe.products.create({} as Stripe.ProductCreateParams, { idempotencyKey: 'k-validation' }));
  expect(bad.code).toBe('parameter_missing');
  const good = await stripe.products.create({ name: 'Fixed' }, { idempotencyKey: 'k-validation' });
  expect(good.name).toBe('Fixed');
});

test('§1.7 a refusal from the endpoint is stored and replayed as the same 400', async () => {
  await stripe.coupons.create({ id: 'TAKEN', percent_off: 5 });
  const first = await failure(stripe.coupons.create({ id: 'TAKEN', percent_off: 5 }, { idempotencyKey: 'k-400' }));
  await stripe.coupons.del('TAKEN');
  const again = await failure(stripe.coupons.create({ id: 'TAKEN', percent_off: 5 }, { idempotencyKey: 'k-400' }));
  expect(again.code).toBe('resource_already_exists');
  expect(again.raw.message).toBe(first.raw.message);
  expect(again.headers['idempotent-replayed']).toBe('true');
});

test('§1.7 §12.6 a key still in flight gets 409 idempotency_key_in_use', async () => {
  const slow = await startTestEmulator({ latencyMs: 300 });
  try {
    const client = slow.client('sk_test_slow');
    const first = client.products.create({ name: 'Slow' }, { idempotencyKey: 'k-inflight' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await failure(client.products.create({ name: 'Slow' }, { idempotencyKey: 'k-inflight' }));
    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('idempotency_key_in_use');
    expect(error.rawType).toBe('invalid_request_error');
    expect(error.message).toMatch(/^There is currently another in-progress request using this Idempotent Key/);
    const created = await first;
    const replay = await client.products.create({ name: 'Slow' }, { idempotencyKey: 'k-inflight' });
    expect(replay.id).toBe(created.id);
  } finally {
    await slow.emulator.close();
  }
});

test('§1.7 keys are scoped per account and mode', async () => {
  const a = await t.client('sk_test_scope_a').products.create({ name: 'A' }, { idempotencyKey: 'k-scope' });
  const b = await t.client('sk_test_scope_b').products.create({ name: 'B' }, { idempotencyKey: 'k-scope' });
  const live = await t.client('sk_live_scope_a').products.create({ name: 'Live' }, { idempotencyKey: 'k-scope' });
  expect(new Set([a.name, b.name, live.name])).toEqual(new Set(['A', 'B', 'Live']));
});

test('§1.7 keys expire after 24 hours of emulator time and the request runs again', async () => {
  const first = await stripe.products.create({ name: 'Day one' }, { idempotencyKey: 'k-expire' });
  now += 23 * 3600 * 1000;
  expect((await stripe.products.create({ name: 'Day one' }, { idempotencyKey: 'k-expire' })).id).toBe(first.id);
  now += 2 * 3600 * 1000;
  const rerun = await stripe.products.create({ name: 'Day one' }, { idempotencyKey: 'k-expire' });
  expect(rerun.id).not.toBe(first.id);
});

test('§1.7 a key on GET has no effect', async () => {
  const res = await raw(t.url, 'GET', '/v1/products?limit=1', { key: 'sk_test_idem', headers: { 'Idempotency-Key': 'k-get' } });
  const again = await raw(t.url, 'GET', '/v1/products?limit=2', { key: 'sk_test_idem', headers: { 'Idempotency-Key': 'k-get' } });
  expect(res.status).toBe(200);
  expect(again.status).toBe(200);
  expect(again.headers.get('idempotent-replayed')).toBeNull();
});
