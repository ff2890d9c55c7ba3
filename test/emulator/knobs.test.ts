import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { failure, raw } from './http.js';
import { startTestEmulator } from './support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-knobs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function burst(url: string, key: string, count: number) {
  return Promise.all(Array.from({ length: count }, () => raw(url, 'GET', '/v1/coupons?limit=1', { key })));
}

test('§1.9 with rate limits on, test mode allows 25 requests per second and answers 429 rate_limit after', async () => {
  const t = await startTestEmulator({ rateLimit: true });
  try {
    const replies = await burst(t.url, 'sk_test_busy', 40);
    const limited = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(25);
    expect(limited).toHaveLength(15);
    expect(limited[0].body.error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded' });
    expect(limited[0].headers.get('stripe-should-retry')).toBeNull();
    // Another account has its own window.
    expect((await raw(t.url, 'GET', '/v1/coupons', { key: 'sk_test_calm' })).status).toBe(200);
  } finally {
    await t.emulator.close();
  }
});

test('§1.9 live mode allows 100 requests per second (older model, account limits only: all on one endpoint)', async () => {
  const t = await startTestEmulator({ rateLimit: true, endpointRateLimits: false });
  try {
    const replies = await burst(t.url, 'sk_live_busy', 110);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(100);
  } finally {
    await t.emulator.close();
  }
});

test('§1.9 §12.6 the rate-limit fault answers 429 rate_limit, which the SDK maps to StripeRateLimitError', async () => {
  const t = await startTestEmulator({ faults: { 'rate-limit': 1 } });
  try {
    const error = await failure(t.client('sk_test_f').products.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error.code).toBe('rate_limit');
  } finally {
    await t.emulator.close();
  }
});

test('§1.9 the lock-timeout fault answers 429 lock_timeout with Stripe-Should-Retry: true', async () => {
  const t = await startTestEmulator({ faults: { 'lock-timeout': 1 } });
  try {
    const res = await raw(t.url, 'POST', '/v1/products', { key: 'sk_test_f', body: 'name=Locked' });
    expect(res.status).toBe(429);
    expect(res.headers.get('stripe-should-retry')).toBe('true');
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'lock_timeout' });
    expect(res.body.error.message).toMatch(/^This object cannot be accessed right now because another API request or Stripe process/);
  } finally {
    await t.emulator.close();
  }
});

test('§1.8 the error-500 fault answers 500 api_error and writes nothing', async () => {
  const statePath = join(dir, 'error-500.json');
  const faulty = await startTestEmulator({ statePath, faults: { 'error-500': 1 } });
  const error = await failure(faulty.client('sk_test_f').products.create({ id: 'not_written', name: 'X' }, { idempotencyKey: 'k-500' }));
  expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
  expect(error.statusCode).toBe(500);
  expect(error.rawType).toBe('api_error');
  await faulty.emulator.close();
  const clean = await startTestEmulator({ statePath });
  try {
    expect((await failure(clean.client('sk_test_f').products.retrieve('not_written'))).statusCode).toBe(404);
  } finally {
    await clean.emulator.close();
  }
});

test('§1.8 reset-after-commit writes, keeps the response under the key, and drops the connection', async () => {
  const t = await startTestEmulator({ faults: { 'reset-after-commit': 1 } });
  try {
    await expect(fetch(`${t.url}/v1/products`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_f', 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': 'k-reset' },
      body: 'id=committed&name=Committed',
    })).rejects.toThrow();
    // The SDK retries a reset connection once even with retries off; the retry is answered from the store.
    const product = await t.client('sk_test_f').products.create({ id: 'committed', name: 'Committed' }, { idempotencyKey: 'k-reset' });
    expect(product.id).toBe('committed');
    expect(product.lastResponse.headers['idempotent-replayed']).toBe('true');
    const log = t.emulator.requests();
    expect(log.filter((e) => e.path === '/v1/products' && e.replayed)).not.toHaveLength(0);
    expect(log[0].fault).toBe('reset-after-commit');
  } finally {
    await t.emulator.close();
  }
});

test('§1.8 seeded faults repeat: the same seed gives the same statuses', async () => {
  const run = async () => {
    const t = await startTestEmulator({ faults: { 'error-500': 0.5 }, faultSeed: 42 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await raw(t.url, 'GET', '/v1/coupons', { key: 'sk_test_seed' })).status);
      return statuses;
    } finally {
      await t.emulator.close();
    }
  };
  const first = await run();
  expect(first).toContain(500);
  expect(first).toContain(200);
  expect(await run()).toEqual(first);
});

test('§1.8 §12 faults never touch the /_emulator inspection routes', async () => {
  const t = await startTestEmulator({ faults: { 'error-500': 1 } });
  try {
    const res = await raw(t.url, 'GET', '/_emulator/requests');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  } finally {
    await t.emulator.close();
  }
});

test('§1.7 §12 the request log records account, mode, status, key and replays; reset clears data, keys and log', async () => {
  const t = await startTestEmulator();
  try {
    const client = t.client('sk_live_logged');
    await client.products.create({ id: 'logged', name: 'L' }, { idempotencyKey: 'k-log' });
    await client.products.create({ id: 'logged', name: 'L' }, { idempotencyKey: 'k-log' });
    const log = (await raw(t.url, 'GET', '/_emulator/requests')).body;
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ method: 'POST', path: '/v1/products', account: 'acct_logged', livemode: true, status: 200, idempotencyKey: 'k-log', replayed: false });
    expect(log[1].replayed).toBe(true);
    expect(log[0].requestId).toMatch(/^req_/);
    expect(t.emulator.requests()).toEqual(log);
    expect((await raw(t.url, 'POST', '/_emulator/reset')).status).toBe(200);
    expect(t.emulator.requests()).toEqual([]);
    expect((await failure(client.products.retrieve('logged'))).statusCode).toBe(404);
    const again = await client.products.create({ id: 'logged', name: 'New' }, { idempotencyKey: 'k-log' });
    expect(again.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  } finally {
    await t.emulator.close();
  }
});

test('§12 --state keeps data across a restart, written atomically as JSON', async () => {
  const statePath = join(dir, 'state.json');
  const first = await startTestEmulator({ statePath });
  await first.client('sk_test_keep').products.create({ id: 'kept', name: 'Kept', default_price_data: { currency: 'usd', unit_amount: 100 } });
  await first.emulator.close();
  expect(JSON.parse(readFileSync(statePath, 'utf8')).version).toBe(1);
  const second = await startTestEmulator({ statePath });
  try {
    const product = await second.client('sk_test_keep').products.retrieve('kept', { expand: ['default_price'] });
    expect((product.default_price as Stripe.Price).unit_amount).toBe(100);
  } finally {
    await second.emulator.close();
  }
});

test('§3 §12 seed inserts catalog-shaped objects with chosen ids and Stripe defaults', async () => {
  const t = await startTestEmulator();
  try {
    t.emulator.seed('sk_test_seeded', {
      products: [{ id: 'prod_seed', name: 'Seed', default_price: 'price_seed_monthly' }],
      prices: [
        { id: 'price_seed_monthly', product: 'prod_seed', currency: 'usd', unit_amount: 900, recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', trial_period_days: null, meter: null }, lookup_key: 'seed_monthly' },
        { id: 'price_seed_tiered', product: 'prod_seed', currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: [{ up_to: 'inf', unit_amount: 5, unit_amount_decimal: null, flat_amount: null, flat_amount_decimal: null }], recurring: { interval: 'month' }, currency_options: { eur: { unit_amount: 800, unit_amount_decimal: null, tax_behavior: null, custom_unit_amount: null, tiers: null } } },
      ],
      coupons: [{ id: 'SEEDED', percent_off: 15, duration: 'forever' }],
    });
    const client = t.client('sk_test_seeded');
    const product = await client.products.retrieve('prod_seed');
    expect(product).toMatchObject({ default_price: 'price_seed_monthly', active: true, images: [], livemode: false });
    const price = await client.prices.retrieve('price_seed_monthly');
    expect(price).toMatchObject({ unit_amount: 900, type: 'recurring', lookup_key: 'seed_monthly', tax_behavior: 'unspecified' });
    expect(String(price.unit_amount_decimal)).toBe('900');
    const tiered = await client.prices.retrieve('price_seed_tiered', { expand: ['tiers', 'currency_options'] });
    expect(tiered.tiers?.[0].up_to).toBeNull();
    expect(tiered.currency_options?.eur?.unit_amount).toBe(800);
    expect((await client.coupons.retrieve('SEEDED')).percent_off).toBe(15);
    expect((await failure(client.prices.create({ product: 'prod_seed', currency: 'usd', unit_amount: 1, lookup_key: 'seed_monthly' }))).param).toBe('lookup_key');
  } finally {
    await t.emulator.close();
  }
});
