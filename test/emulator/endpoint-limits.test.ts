/**
 * §1.9 (current doc, docs.stripe.com/rate-limits): besides the account's limit (live 100, test 25 req/s), each
 * endpoint allows 25 req/s by default, an endpoint being a named operation (`POST /v1/prices`,
 * `GET /v1/prices/{id}` for every id). Driven through the real SDK, every burst sent at once (well within a second).
 */
import Stripe from 'stripe';
import { RateLimiter } from '../../src/emulator/knobs/rate-limiter.js';
import { raw } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

interface Tally {
  ok: number;
  limited: number;
  other: unknown[];
}

/** Sends every call at once and counts successes and 429 `rate_limit` refusals. */
async function tally(calls: (() => Promise<unknown>)[]): Promise<Tally> {
  const settled = await Promise.allSettled(calls.map((call) => call()));
  const result: Tally = { ok: 0, limited: 0, other: [] };
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') result.ok += 1;
    else if (outcome.reason instanceof Stripe.errors.StripeRateLimitError && outcome.reason.code === 'rate_limit') result.limited += 1;
    else result.other.push(outcome.reason);
  }
  return result;
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator({ rateLimit: true });
});
afterEach(() => t.emulator.close());

function seedPrices(key: string, count: number): string[] {
  const ids = times(count, (i) => `price_seeded_${i}`);
  t.emulator.seed(key, {
    products: [{ id: 'prod_seeded', name: 'Seeded' }],
    prices: ids.map((id) => ({ id, product: 'prod_seeded', currency: 'usd', unit_amount: 100 })),
  });
  return ids;
}

/** `n` creates each of prices (of `prod_a`), products and coupons: three endpoints, sent together. */
function threeKindsOfCreate(client: Stripe, n: number): (() => Promise<unknown>)[] {
  return [
    ...times(n, (i) => () => client.prices.create({ product: 'prod_a', currency: 'usd', unit_amount: 100 + i })),
    ...times(n, (i) => () => client.products.create({ id: `prod_new_${i}`, name: `New ${i}` })),
    ...times(n, (i) => () => client.coupons.create({ id: `OFF${i}`, percent_off: 10 })),
  ];
}

test('§1.9 in live, 30 price creates at once: 25 pass and the rest get 429 rate_limit (POST /v1/prices allows 25/s)', async () => {
  const client = t.client('sk_live_shop');
  t.emulator.seed('sk_live_shop', { products: [{ id: 'prod_a', name: 'A' }] });
  const result = await tally(times(30, (i) => () => client.prices.create({ product: 'prod_a', currency: 'usd', unit_amount: 100 + i })));
  expect(result).toEqual({ ok: 25, limited: 5, other: [] });
  const created = await client.prices.list({ limit: 100 });
  expect(created.data).toHaveLength(25);
});

test('§1.9 in live, 25 prices + 25 products + 25 coupons in the same second all pass (three endpoints, 75 of the account\'s 100)', async () => {
  const client = t.client('sk_live_shop');
  t.emulator.seed('sk_live_shop', { products: [{ id: 'prod_a', name: 'A' }] });
  const result = await tally(threeKindsOfCreate(client, 25));
  expect(result).toEqual({ ok: 75, limited: 0, other: [] });
});

test('§1.9 retrieves of different ids count against one endpoint; the list is another endpoint', async () => {
  const client = t.client('sk_live_shop');
  const ids = seedPrices('sk_live_shop', 30);
  const retrieves = await tally(ids.map((id) => () => client.prices.retrieve(id)));
  expect(retrieves).toEqual({ ok: 25, limited: 5, other: [] });
  // Same second, same resource, another operation: its own 25.
  const lists = await tally(times(25, () => () => client.prices.list({ limit: 1 })));
  expect(lists).toEqual({ ok: 25, limited: 0, other: [] });
});

test('§1.9 a request refused by its endpoint uses up neither its endpoint\'s nor the account\'s window', async () => {
  const client = t.client('sk_live_shop');
  const ids = seedPrices('sk_live_shop', 25);
  // 50 retrieves (25 refused by the endpoint) and 75 requests to three other endpoints, all at once: the account
  // allows 100, so the 75 pass only if the 25 refusals took no place in the account's window.
  const result = await Promise.all([
    tally([...ids, ...ids].map((id) => () => client.prices.retrieve(id))),
    tally([
      ...times(25, () => () => client.products.list({ limit: 1 })),
      ...times(25, () => () => client.coupons.list({ limit: 1 })),
      ...times(25, () => () => client.plans.list({ limit: 1 })),
    ]),
  ]);
  expect(result).toEqual([
    { ok: 25, limited: 25, other: [] },
    { ok: 75, limited: 0, other: [] },
  ]);
});

// Over time, on the limiter itself with a chosen clock (the server uses real time, which a test cannot steer).
test('§1.9 refusals later in the second are not recorded either: once the allowed ones leave the window, a full 25 pass', () => {
  const limiter = new RateLimiter();
  const endpoint = 'GET /v1/prices/:id';
  const send = (count: number, at: number, route = endpoint, mode: 'live' | 'test' = 'live') =>
    times(count, () => limiter.refuse('acct_shop', mode, route.split(' ')[0]!, route, at) ?? 'ok');
  expect(send(25, 0)).toEqual(times(25, () => 'ok'));
  expect(send(10, 600)).toEqual(times(10, () => 'endpoint-rate'));
  expect(send(25, 1001)).toEqual(times(25, () => 'ok'));
  // Refused by the account's limit (a sandbox's 25 used by products): the endpoint's window is not touched.
  expect(send(25, 5000, 'POST /v1/products', 'test')).toEqual(times(25, () => 'ok'));
  expect(send(10, 5600, 'POST /v1/prices', 'test')).toEqual(times(10, () => 'global-rate'));
  expect(send(25, 6001, 'POST /v1/prices', 'test')).toEqual(times(25, () => 'ok'));
});

test('§1.9 a sandbox still allows 25 requests per second in all, whatever the endpoints', async () => {
  const client = t.client('sk_test_shop');
  t.emulator.seed('sk_test_shop', { products: [{ id: 'prod_a', name: 'A' }] });
  const result = await tally(threeKindsOfCreate(client, 10));
  expect(result).toEqual({ ok: 25, limited: 5, other: [] });
});

test('§1.9 accounts and modes have endpoint windows of their own', async () => {
  t.emulator.seed('sk_live_one', { products: [{ id: 'prod_a', name: 'A' }] });
  t.emulator.seed('sk_live_two', { products: [{ id: 'prod_a', name: 'A' }] });
  t.emulator.seed('sk_test_one', { products: [{ id: 'prod_a', name: 'A' }] });
  const create = (key: string) => times(25, (i) => () => t.client(key).prices.create({ product: 'prod_a', currency: 'usd', unit_amount: 100 + i }));
  const result = await tally([...create('sk_live_one'), ...create('sk_live_two'), ...create('sk_test_one')]);
  expect(result).toEqual({ ok: 75, limited: 0, other: [] });
});

test('§1.9 a URL no route matches counts against the account only: 404, not 429', async () => {
  const replies = await Promise.all(times(30, () => raw(t.url, 'GET', '/v1/no_such_things', { key: 'sk_live_shop' })));
  expect(replies.map((r) => r.status)).toEqual(times(30, () => 404));
});

test('§1.9 §13 with the reason header switch on, an endpoint refusal says endpoint-rate and an account refusal global-rate', async () => {
  await t.emulator.close();
  t = await startTestEmulator({ rateLimit: true, switches: { rateLimitedReasonHeader: true } });
  const endpoint = await Promise.all(times(26, () => raw(t.url, 'GET', '/v1/coupons?limit=1', { key: 'sk_live_shop' })));
  const endpointRefusal = endpoint.find((r) => r.status === 429)!;
  expect(endpointRefusal.headers.get('stripe-rate-limited-reason')).toBe('endpoint-rate');
  expect(endpointRefusal.body.error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded' });
  const global = await Promise.all(times(26, () => raw(t.url, 'GET', '/v1/coupons?limit=1', { key: 'sk_test_shop' })));
  // In a sandbox the account's 25 fill first.
  expect(global.find((r) => r.status === 429)!.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
});

test('§1.9 the current model counts reads and writes against one account limit; the older one, apart', () => {
  const current = new RateLimiter();
  const older = new RateLimiter({ endpointLimits: false });
  // 100 reads and 100 writes in one second of live, over eight endpoints (25 each).
  const reads = ['GET /v1/products', 'GET /v1/prices', 'GET /v1/plans', 'GET /v1/coupons'];
  const writes = ['POST /v1/products', 'POST /v1/prices', 'POST /v1/plans', 'POST /v1/coupons'];
  const send = (limiter: RateLimiter, routes: string[]) =>
    routes.flatMap((route, r) => times(25, (i) => limiter.refuse('acct_shop', 'live', route.split(' ')[0]!, route, r * 100 + i) ?? 'ok'));
  expect(send(current, reads).filter((x) => x === 'ok')).toHaveLength(100);
  expect(send(current, writes)).toEqual(times(100, () => 'global-rate'));
  expect(send(older, reads).filter((x) => x === 'ok')).toHaveLength(100);
  expect(send(older, writes).filter((x) => x === 'ok')).toHaveLength(100);
  expect(older.refuse('acct_shop', 'live', 'POST', 'POST /v1/refunds', 500)).toBe('global-rate');
  expect(older.refuse('acct_shop', 'live', 'GET', 'GET /v1/refunds', 500)).toBe('global-rate');
});

test('§1.9 endpointRateLimits: false keeps the older model: 100 price creates a second in live', async () => {
  await t.emulator.close();
  t = await startTestEmulator({ rateLimit: true, endpointRateLimits: false });
  const client = t.client('sk_live_shop');
  t.emulator.seed('sk_live_shop', { products: [{ id: 'prod_a', name: 'A' }] });
  const result = await tally(times(101, (i) => () => client.prices.create({ product: 'prod_a', currency: 'usd', unit_amount: 100 + i })));
  expect(result).toEqual({ ok: 100, limited: 1, other: [] });
});
