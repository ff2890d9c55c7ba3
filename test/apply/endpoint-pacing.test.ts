/**
 * Writes paced per endpoint (api-notes §1.9: 25 requests per second for each operation, besides the account's
 * 100 in live): a backlog of one kind of write does not hold back writes of other kinds, an endpoint's limit is
 * probed above 25 only at the cost of one refusal where 25 holds and used where the account allows more (the
 * older documented model), and a prices-only apply against the emulator with Stripe's endpoint limits finishes
 * with no failed change.
 */
import type { Change } from '../../src/plan/types.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { emptyCatalog } from '../../src/catalog/types.js';
import { RateLimiter } from '../../src/emulator/knobs/rate-limiter.js';
import { endpointOf } from '../../src/stripe/rate-limits.js';
import { createGateway } from '../../src/stripe/gateway.js';
import type { WireParams, WriteOptions, WriteResult } from '../../src/stripe/types.js';
import { startTestEmulator } from '../emulator/support.js';
import { FakeGateway, stripeError } from './fake-gateway.js';
import { buildPlan, couponCreate, defaultPriceLink, oneTimePriceCreate, productCreate, recurringPriceCreate } from './plan-builders.js';
import { virtualClock, type VirtualClock } from '../support/virtual-clock.js';

interface Start {
  endpoint: string;
  at: number;
  path: string;
  refused: boolean;
}

/**
 * The fake live account, each write taking 150 ms of the virtual clock; records when each write started and
 * whether the server's limits (the emulator's limiter on the virtual clock, in either documented model) refused it.
 */
class TimedGateway extends FakeGateway {
  readonly starts: Start[] = [];
  private readonly limiter: RateLimiter;

  constructor(
    private readonly clock: VirtualClock,
    endpointLimits: boolean,
  ) {
    super('live');
    this.limiter = new RateLimiter({ endpointLimits });
  }

  override async write(method: 'POST' | 'DELETE', path: string, params: WireParams, options: WriteOptions): Promise<WriteResult> {
    const endpoint = endpointOf(method, path);
    const refused = this.limiter.refuse(this.accountId, 'live', method, endpoint, this.clock.now()) !== undefined;
    this.starts.push({ endpoint, at: this.clock.now(), path, refused });
    if (refused) throw stripeError(429, 'rate_limit', 'Request rate limit exceeded');
    await this.clock.sleep(150);
    return super.write(method, path, params, options);
  }
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** The most starts in any one-second window, of all starts or of one endpoint's. */
function busiestSecond(starts: { endpoint: string; at: number }[], endpoint?: string): number {
  const at = starts.filter((s) => endpoint === undefined || s.endpoint === endpoint).map((s) => s.at);
  return Math.max(0, ...at.map((from) => at.filter((t) => t >= from && t < from + 1000).length));
}

/** Applies `changes` on the virtual clock against a server with endpoint limits (the current model) or without. */
async function applyOnClock(changes: Change[], endpointLimits = true) {
  const clock = virtualClock();
  const live = new TimedGateway(clock, endpointLimits);
  const result = await clock.run(applyPlan(buildPlan(changes, emptyCatalog()), live, { scheduler: { now: clock.now, sleep: clock.sleep, random: () => 0 } }));
  return { result, starts: live.starts };
}

test('a backlog of plan creates does not hold back product and coupon creates that became ready after it', async () => {
  // Everything waits for prod_big; once it is created, 100 plans ask first (they come first in the plan), then 20
  // products and 20 coupons.
  const after = (change: Change): Change => ({ ...change, dependsOn: ['product/prod_big'] });
  const changes = [
    productCreate('prod_big'),
    ...times(100, (i) => recurringPriceCreate(`plan_${i}`, 'prod_big')),
    ...times(20, (i) => after(productCreate(`prod_${i}`))),
    ...times(20, (i) => after(couponCreate(`COUPON${i}`))),
  ];
  const { result, starts } = await applyOnClock(changes);
  expect(result.counts.created).toBe(changes.length);

  const ready = starts[0]!.at + 150;
  const plans = starts.filter((s) => s.endpoint === 'POST /v1/plans');
  const others = starts.slice(1).filter((s) => s.endpoint !== 'POST /v1/plans');
  expect(others).toHaveLength(40);
  // The plans take four seconds at 25 a second; the products and coupons all leave in the first of them (as
  // soon as a request slot is free), not after the plans.
  expect(Math.max(...plans.map((s) => s.at))).toBeGreaterThanOrEqual(ready + 3000);
  expect(Math.max(...others.map((s) => s.at))).toBeLessThan(ready + 1000);
  // One plan create tried a 26th place, was refused and retried; the endpoint stays at 25 from then on.
  expect(plans.filter((s) => s.refused)).toHaveLength(1);
  expect(busiestSecond(plans.filter((s) => !s.refused))).toBe(25);
  expect(busiestSecond(plans.filter((s) => s.at > plans.find((p) => p.refused)!.at))).toBe(25);
});

test('where the account allows an endpoint more than 25 a second, the plan creates find it and use it', async () => {
  // The older documented model (account limits only, 100 writes a second in live), or an account whose endpoint
  // limits Stripe raised: 400 plan creates take 16 s at 25 a second.
  const changes = [productCreate('prod_big'), ...times(400, (i) => recurringPriceCreate(`plan_${i}`, 'prod_big'))];
  const { result, starts } = await applyOnClock(changes, false);
  expect(result.counts.created).toBe(changes.length);
  expect(starts.filter((s) => s.refused)).toHaveLength(0);
  const plans = starts.filter((s) => s.endpoint === 'POST /v1/plans');
  // 25, then 26, 52 and 100 a second, each level raised once a start beyond the last one was answered: under
  // 5 s, where 100 a second from the start take 3 s and 25 a second 16 s.
  expect(Math.max(...plans.map((s) => s.at)) - plans[0]!.at).toBeLessThan(5000);
  expect(busiestSecond(plans)).toBeGreaterThan(90);
  expect(busiestSecond(starts)).toBeLessThanOrEqual(100);
});

test('with every kind of write ready, no endpoint gets more than 25 a second and the account no more than 100', async () => {
  // Products (each with a monthly plan whose price fields need an update, a one-time price and a default price),
  // and coupons: six endpoints, 150 requests a second if each went at its own limit.
  const changes = [
    ...times(60, (i) => productCreate(`prod_${i}`)),
    ...times(60, (i) => recurringPriceCreate(`plan_${i}`, `prod_${i}`, { lookup_key: `plan_${i}` })),
    ...times(60, (i) => oneTimePriceCreate(`price_${i}`, `prod_${i}`)),
    ...times(60, (i) => defaultPriceLink(`prod_${i}`, `plan_${i}`)),
    ...times(60, (i) => couponCreate(`COUPON${i}`)),
  ];
  const { result, starts } = await applyOnClock(changes);
  expect(result.ok).toBe(true);
  const refused = starts.filter((s) => s.refused);
  // Each change written once: every start not refused is one of the 360 writes.
  expect(starts.filter((s) => !s.refused)).toHaveLength(360);
  const endpoints = [...new Set(starts.map((s) => s.endpoint))].sort();
  expect(endpoints).toEqual(['POST /v1/coupons', 'POST /v1/plans', 'POST /v1/prices', 'POST /v1/prices/:id', 'POST /v1/products', 'POST /v1/products/:id']);
  // At most one probe beyond 25 on each endpoint, refused; none sent beyond 26.
  for (const endpoint of endpoints) {
    expect(refused.filter((s) => s.endpoint === endpoint).length).toBeLessThanOrEqual(1);
    expect(busiestSecond(starts, endpoint)).toBeLessThanOrEqual(26);
  }
  expect(busiestSecond(starts)).toBeLessThanOrEqual(100);
  // Products, which everything else waits for, are never held back by the rest: one second for the first 25, ...
  const products = starts.filter((s) => s.endpoint === 'POST /v1/products' && !s.refused).map((s) => s.at);
  expect(products.filter((at) => at < 1000)).toHaveLength(25);
  expect(Math.max(...products)).toBeLessThan(3000);
});

test('a prices-only apply against the emulator with endpoint limits gets no failed change and few 429s', async () => {
  const t = await startTestEmulator({ rateLimit: true, latencyMs: 20 });
  try {
    const products = times(5, (i) => `prod_${i}`);
    const changes = [...products.map((id) => productCreate(id)), ...times(250, (i) => oneTimePriceCreate(`price_${i}`, products[i % 5]!, 100 + i))];
    t.emulator.seed('sk_live_prices', { products: products.map((id) => ({ id, name: id })) });
    const live = createGateway({ apiKey: 'sk_live_prices', mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase: t.url });
    // The products exist already (seeded), so the apply is the 250 price creates.
    const result = await applyPlan(buildPlan(changes.slice(5), await live.readCatalog()), live);
    expect(result.counts.failed + result.counts.blocked).toBe(0);
    expect(result.counts.created).toBe(250);
    const writes = t.emulator.requests().filter((r) => r.method === 'POST');
    const refused = writes.filter((r) => r.status === 429).length;
    expect(writes.length - refused).toBe(250);
    // Paced at the endpoint's 25 a second, not the account's 100: an unpaced start would have most refused.
    expect(refused).toBeLessThan(25);
  } finally {
    await t.emulator.close();
  }
}, 60_000);

test("writes right after a read that filled the account's second wait for it instead of being refused", async () => {
  // Stripe's account limit counts reads and writes together: apply's writes follow the preflight's reads, so they
  // are paced in the same window as those reads, not in a fresh one of their own.
  const t = await startTestEmulator({ rateLimit: true, latencyMs: 5 });
  try {
    const seeded = times(2000, (i) => `prod_seeded_${String(i).padStart(4, '0')}`);
    t.emulator.seed('sk_live_busy', {
      products: seeded.map((id) => ({ id, name: id })),
      prices: seeded.map((product, i) => ({ id: `price_seeded_${i}`, product, currency: 'usd', unit_amount: 100 + i })),
    });
    const live = createGateway({ apiKey: 'sk_live_busy', mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase: t.url });
    // About 80 reads in about a second: 25 account lookups (their endpoint's limit) and a catalog read of 20
    // product pages, 20 price pages and the other lists' first pages.
    await Promise.all(times(25, () => live.account()));
    const catalog = await live.readCatalog();
    const reads = t.emulator.requests().filter((r) => r.method === 'GET' && r.status === 200).length;
    expect(reads).toBeGreaterThan(70);

    const changes = [...times(20, (i) => productCreate(`prod_new_${i}`)), ...times(20, (i) => couponCreate(`NEW${i}`)), ...times(20, (i) => productCreate(`prod_more_${i}`))];
    const result = await applyPlan(buildPlan(changes, catalog), live);
    expect(result.counts.created).toBe(60);
    const refused = t.emulator.requests().filter((r) => r.method === 'POST' && r.status === 429).length;
    // Paced in a window of their own, about 30 of the 60 were refused here; in the reads' window, none to three
    // (a start at the window's edge), with two CPU hogs beside the test.
    expect(refused).toBeLessThanOrEqual(10);
  } finally {
    await t.emulator.close();
  }
}, 60_000);
