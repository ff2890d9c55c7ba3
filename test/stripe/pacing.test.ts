/** The pacer against a virtual clock: how many requests start when, per endpoint and in all, and in what order. */
import { EndpointPacer, type EndpointPacerOptions, type Turn } from '../../src/stripe/pacing.js';
import { endpointOf } from '../../src/stripe/rate-limits.js';
import { backoffMs, readRetryMs } from '../../src/stripe/retry-policy.js';
import { virtualClock, type VirtualClock } from '../support/virtual-clock.js';

function pacerOn(clock: VirtualClock, options: Omit<EndpointPacerOptions, 'now' | 'sleep'>): EndpointPacer {
  return new EndpointPacer({ windowMs: 1000, ...options, now: clock.now, sleep: clock.sleep });
}

/** Start times of `n` requests to one endpoint, each asking once the one before has started. */
async function startsOf(n: number, perSecond: number, spacingMs: number, refused: (i: number) => boolean = () => false): Promise<number[]> {
  const clock = virtualClock();
  const pacer = pacerOn(clock, { rate: perSecond, endpointRate: () => perSecond, spacingMs: () => spacingMs });
  return clock.run(
    (async () => {
      const starts: number[] = [];
      for (let i = 0; i < n; i++) {
        const turn = await pacer.take('GET /v1/prices');
        starts.push(clock.now());
        if (refused(i)) pacer.throttled(turn, true);
      }
      return starts;
    })(),
  );
}

/** Asks for every `endpoints[i]` at once (in that order) and gives the start time of each. */
async function burst(pacer: EndpointPacer, clock: VirtualClock, endpoints: string[]): Promise<number[]> {
  return clock.run(Promise.all(endpoints.map(async (endpoint) => (await pacer.take(endpoint), clock.now()))));
}

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);
/** How many of `starts` fall in [from, from + 1000). */
const within = (starts: number[], from: number) => starts.filter((s) => s >= from && s < from + 1000).length;

describe('one endpoint', () => {
  test('a burst within the limit leaves at once', async () => {
    expect(await startsOf(3, 3, 20)).toEqual([0, 0, 0]);
  });

  test('with spacing, the places of a burst are handed on spread out, as the burst reached the server', async () => {
    // The first request also opens the connection: its place is handed on three spacings late.
    expect(await startsOf(6, 3, 20)).toEqual([0, 0, 0, 1060, 1080, 1100]);
  });

  test('a full window pausing between its clumps of starts hands its places on a second apart, not later', async () => {
    // The pause before each clump is not a new burst: its starts take places the window hands on.
    expect(await startsOf(12, 3, 20)).toEqual([0, 0, 0, 1060, 1080, 1100, 2060, 2080, 2100, 3060, 3080, 3100]);
  });

  test('a burst after a pause opens like the first one: its first place is handed on three spacings late', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 3, endpointRate: () => 3, spacingMs: () => 20 });
    const starts = await clock.run(
      (async () => {
        const at: number[] = [];
        const take = async () => (await pacer.take('GET /v1/prices'), at.push(clock.now()));
        await Promise.all([take(), take(), take()]);
        await clock.sleep(2000);
        await Promise.all([take(), take(), take(), take(), take(), take()]);
        return at;
      })(),
    );
    expect(starts).toEqual([0, 0, 0, 2000, 2000, 2000, 3060, 3080, 3100]);
  });

  test('a refused request gives its place back (and the window keeps a wider margin for a while)', async () => {
    // Widened by 20 ms at the refusal, narrowed by half a millisecond for each of the two starts since.
    expect(await startsOf(5, 3, 0, (i) => i === 1)).toEqual([0, 0, 0, 0, 1000 + 20 - 2 * 0.5]);
  });

  test('without spacing, they are handed on all at once', async () => {
    expect(await startsOf(6, 3, 0)).toEqual([0, 0, 0, 1000, 1000, 1000]);
  });

  test('never more than the limit in any window, spacing or not', async () => {
    for (const spacing of [0, 20]) {
      const starts = await startsOf(40, 5, spacing);
      for (const start of starts) expect(starts.filter((s) => s > start - 1000 && s <= start).length).toBeLessThanOrEqual(5);
    }
  });
});

describe('spare places', () => {
  test('counts the places that open within a horizon, less the requests already waiting for them', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 4, endpointRate: () => 4 });
    await burst(pacer, clock, times(4, 'GET /v1/prices'));
    expect(pacer.spare('GET /v1/prices', 500)).toBe(0);
    expect(pacer.spare('GET /v1/prices', 1000)).toBe(4);
    // Two more wait for the places that open at 1,000 ms: two are left for anyone else.
    void pacer.take('GET /v1/prices');
    void pacer.take('GET /v1/prices');
    expect(pacer.spare('GET /v1/prices', 1000)).toBe(2);
  });

  test('an endpoint whose own window is full has none, however many the account has', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 100, endpointRate: () => 2 });
    await burst(pacer, clock, times(2, 'GET /v1/prices'));
    expect(pacer.spare('GET /v1/prices', 100)).toBe(0);
    expect(pacer.spare('GET /v1/products', 100)).toBe(2);
  });

  test('none while every sender holds off after a 429', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 4, endpointRate: () => 4 });
    pacer.holdOff(300);
    expect(pacer.spare('GET /v1/prices', 200)).toBe(0);
    expect(pacer.spare('GET /v1/prices', 400)).toBe(4);
  });
});

describe('endpoints and the account', () => {
  test('in live, one endpoint gets 25 a second while others use the rest of the account\'s 100', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 100 });
    const endpoints = [...times(60, 'POST /v1/prices'), ...times(25, 'POST /v1/products'), ...times(25, 'POST /v1/coupons')];
    const starts = await burst(pacer, clock, endpoints);
    const prices = starts.slice(0, 60);
    expect(within(prices, 0)).toBe(25);
    expect(within(prices, 1000)).toBe(25);
    expect(within(prices, 2000)).toBe(10);
    // Asked after 60 price creates, product and coupon creates still all leave at once.
    expect(starts.slice(60)).toEqual(times(50, 0));
  });

  test('when more endpoints are busy than the account allows, the account\'s limit holds and earlier requests go first', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 100 });
    const names = ['POST /v1/products', 'POST /v1/coupons', 'POST /v1/plans', 'POST /v1/prices', 'POST /v1/prices/:id', 'POST /v1/products/:id'];
    const endpoints = names.flatMap((name) => times(25, name));
    const starts = await burst(pacer, clock, endpoints);
    expect(within(starts, 0)).toBe(100);
    // The first 100 to ask are the first four endpoints' 25 each.
    expect(starts.slice(0, 100)).toEqual(times(100, 0));
    expect(starts.slice(100)).toEqual(times(50, 1000));
  });

  test('in a sandbox the account\'s 25 a second are shared by every endpoint', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 25 });
    const starts = await burst(pacer, clock, [...times(20, 'GET /v1/prices'), ...times(20, 'GET /v1/products')]);
    expect(within(starts, 0)).toBe(25);
    expect(within(starts, 1000)).toBe(15);
  });

  test('a refused request given back frees both places, the endpoint\'s and the account\'s', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 25, endpointRate: () => 100 });
    const turns = await clock.run(Promise.all(times(25, 'GET /v1/prices').map((e) => pacer.take(e))));
    for (const turn of turns.slice(0, 5)) pacer.throttled(turn, true);
    const again = await burst(pacer, clock, times(6, 'GET /v1/prices'));
    // Five places free now; the sixth waits for the window, one widened margin later.
    expect(again.slice(0, 5)).toEqual(times(5, 0));
    expect(again[5]).toBeGreaterThan(1000);
  });

  test('after 429s the windows hand places on later, and narrow again as requests pass', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 100 });
    const first = await clock.run(Promise.all(times(25, 'GET /v1/prices').map((e) => pacer.take(e))));
    pacer.throttled(first[0]!, false);
    pacer.throttled(first[1]!, false);
    const widened = await burst(pacer, clock, times(25, 'GET /v1/prices'));
    expect(Math.min(...widened)).toBe(1040);
    // Each start recorded narrows the margin a little: 50 starts later it is back to the plain second.
    const later = await burst(pacer, clock, times(100, 'GET /v1/prices'));
    expect(later.at(-1)! - later.at(-26)!).toBe(1000);
  });

  test('probing, a full endpoint window with room in the account lets a 26th start in; its refusal takes it back', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 100, probeEndpoints: true });
    const turns = await clock.run(Promise.all(times(26, 'POST /v1/plans').map((e) => pacer.take(e))));
    expect(turns.at(-1)!.place).toBe(26);
    expect(pacer.probedLimits()).toEqual({ 'POST /v1/plans': 26 });
    // A lock timeout (one object busy) says nothing of the endpoint's limit; a rate-limit refusal does.
    expect(pacer.throttled(turns.at(-1)!, false, false)).toBe(false);
    expect(pacer.probedLimits()).toEqual({ 'POST /v1/plans': 26 });
    expect(pacer.throttled(turns.at(-1)!, false)).toBe(true);
    expect(pacer.probedLimits()).toEqual({ 'POST /v1/plans': 25 });
    // The level is the ceiling now: the next 25 wait for the window, and no more than 25 start in it.
    const next = await burst(pacer, clock, times(26, 'POST /v1/plans'));
    expect(Math.min(...next)).toBeGreaterThanOrEqual(1000);
    expect(within(next, Math.min(...next))).toBe(25);
  });

  test('not probing, an endpoint never goes past its documented limit', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 100 });
    const starts = await burst(pacer, clock, times(26, 'POST /v1/plans'));
    expect(within(starts, 0)).toBe(25);
    expect(pacer.probedLimits()).toEqual({});
  });

  test('a hold-off after a 429 stops every endpoint for its time', async () => {
    const clock = virtualClock();
    const pacer = pacerOn(clock, { rate: 100 });
    pacer.holdOff(50);
    expect(await burst(pacer, clock, ['POST /v1/prices', 'POST /v1/products'])).toEqual([50, 50]);
  });

  test('nothing starts without a ticket from admit; a wake after one is handed back starts the next', async () => {
    const clock = virtualClock();
    let free = 2;
    const pacer = pacerOn(clock, { rate: 100, admit: () => (free > 0 ? free-- : undefined) });
    const started: string[] = [];
    const waiting = ['a', 'b', 'c'].map((name) => pacer.take(`POST /v1/${name}`).then((turn: Turn) => started.push(turn.endpoint)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['POST /v1/a', 'POST /v1/b']);
    free += 1;
    pacer.wake();
    await Promise.all(waiting);
    expect(started).toEqual(['POST /v1/a', 'POST /v1/b', 'POST /v1/c']);
  });
});

test.each([
  ['POST', '/v1/prices', 'POST /v1/prices'],
  ['POST', '/v1/prices/price_1', 'POST /v1/prices/:id'],
  ['GET', '/v1/prices?limit=100&active=true', 'GET /v1/prices'],
  ['GET', '/v1/products/prod_1/features?limit=100', 'GET /v1/products/:id/features'],
  ['DELETE', '/v1/products/prod_1/features/pf_1', 'DELETE /v1/products/:id/features/:id'],
  ['POST', '/v1/billing/meters/mtr_1/deactivate', 'POST /v1/billing/meters/:id/deactivate'],
  ['POST', '/v1/entitlements/features', 'POST /v1/entitlements/features'],
  ['POST', '/v1/prices/{price/gold-monthly}', 'POST /v1/prices/:id'],
  ['POST', '/v1/products/{product/prod_x}/features', 'POST /v1/products/:id/features'],
  ['GET', '/v1/products/search', 'GET /v1/products/search'],
])('%s %s counts against %s', (method, path, endpoint) => {
  expect(endpointOf(method, path)).toBe(endpoint);
});

test('a throttled read is retried after a short pause twice, then with Stripe backoff', () => {
  const mid = () => 0.5;
  expect(readRetryMs('throttle', 1, mid)).toBeLessThan(100);
  expect(readRetryMs('throttle', 2, mid)).toBeLessThan(100);
  expect(readRetryMs('throttle', 3, mid)).toBe(backoffMs(1, mid));
  expect(readRetryMs('retry', 1, mid)).toBe(backoffMs(1, mid));
});
