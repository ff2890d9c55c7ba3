/** Long lists are split by `created` into chains that run at once: every object read once, none missed. */
import { createStripeClient } from '../../src/stripe/client.js';
import { readCatalog, type PageCaller, type Spare } from '../../src/stripe/read-catalog.js';
import { ChainTracker, cutPoints, piecesFor, restCuts, splitPoint } from '../../src/stripe/read-chains.js';
import { startTestEmulator } from '../emulator/support.js';
import { generateCatalog } from '../support/generate-catalog.js';

const catalog = generateCatalog({ seed: 11, products: 450 });
const base = 1_700_000_000;
/** A sandbox built over a year, one object after another. */
function spread<T extends object>(objects: T[], from: number): (T & { created: number })[] {
  return objects.map((object, i) => ({ ...object, created: from + i * 3600 }));
}
/** Objects created in bursts: `size` objects share each second, bursts an hour apart. */
function bursts<T extends object>(objects: T[], from: number, size: number): (T & { created: number })[] {
  return objects.map((object, i) => ({ ...object, created: from + Math.floor(i / size) * 3600 }));
}

type Seed = { products: object[]; prices: object[]; coupons: object[] };

/**
 * Reads `objects` back. `ratePerSecond` as high as 10,000 makes every chain worth splitting (each keeps one
 * page and hands off the rest), so the partition is exercised at every page. `during` runs once, after the first
 * product page, for lists that change while they are read.
 */
async function readWith(objects: Seed, options: { ratePerSecond?: number; spare?: Spare; during?: (stripe: ReturnType<typeof createStripeClient>) => Promise<void> } = {}) {
  const t = await startTestEmulator();
  try {
    t.emulator.seed('sk_test_src', objects);
    const stripe = createStripeClient({ apiKey: 'sk_test_src', apiBase: t.url });
    // Counts how many product pages are in flight at once: the two lists (active, archived) alone make two.
    let inFlight = 0;
    let most = 0;
    let changed = false;
    const call: PageCaller = async (key, fetch) => {
      if (key !== 'products') return fetch();
      most = Math.max(most, ++inFlight);
      try {
        return await fetch();
      } finally {
        inFlight -= 1;
        if (!changed && options.during) {
          changed = true;
          await options.during(stripe);
        }
      }
    };
    const read = await readCatalog(stripe, call, undefined, { ratePerSecond: options.ratePerSecond ?? 25, spare: options.spare });
    return { read, split: most > 2 };
  } finally {
    await t.emulator.close();
  }
}

const sortedIds = (objects: { id: string }[]) => objects.map((o) => o.id).sort();

/** Every product, price and coupon of the catalog read once: products and coupons in list order. */
function expectEachObjectOnce(read: { products: { id: string }[]; prices: { id: string }[]; coupons: { id: string }[] }): void {
  expect(read.products.map((p) => p.id)).toEqual(catalog.products.map((p) => p.id));
  expect(sortedIds(read.prices)).toEqual(sortedIds(catalog.prices));
  expect(read.coupons.map((c) => c.id)).toEqual(catalog.coupons.map((c) => c.id));
}

test('a catalog spread over time is split into chains and read whole, each object once', async () => {
  const { read, split } = await readWith(
    { products: spread(catalog.products, base), prices: spread(catalog.prices, base), coupons: spread(catalog.coupons, base) },
    { ratePerSecond: 10_000 },
  );
  expect(split).toBe(true);
  expectEachObjectOnce(read);
});

test('objects created in the same second are never split apart, even in bursts larger than a page', async () => {
  const { read, split } = await readWith(
    { products: bursts(catalog.products, base, 30), prices: bursts(catalog.prices, base, 130), coupons: bursts(catalog.coupons, base, 7) },
    { ratePerSecond: 10_000 },
  );
  expect(split).toBe(true);
  expectEachObjectOnce(read);
});

test('with places spare, what a list has left is cut into many pieces at once, and read whole, each object once', async () => {
  for (const created of [spread, <T extends object>(objects: T[], from: number) => bursts(objects, from, 130)]) {
    const { read, split } = await readWith(
      { products: created(catalog.products, base), prices: created(catalog.prices, base), coupons: created(catalog.coupons, base) },
      // A rate this high makes every chain worth cutting; twenty spare places let each cut make many pieces.
      { ratePerSecond: 10_000, spare: () => 20 },
    );
    expect(split).toBe(true);
    expectEachObjectOnce(read);
  }
});

test('a list reaching back further than the others have shown is still read whole when cut at the estimate', async () => {
  // Coupons end first and say the account begins at `base`; prices began a month earlier.
  const { read } = await readWith(
    { products: spread(catalog.products, base), prices: spread(catalog.prices, base - 30 * 86_400), coupons: spread(catalog.coupons, base) },
    { ratePerSecond: 10_000, spare: () => 20 },
  );
  expectEachObjectOnce(read);
});

test('a catalog created all in one second is read in one chain per list', async () => {
  const { read, split } = await readWith(catalog, { ratePerSecond: 10_000 });
  expect(split).toBe(false);
  expect(read.products.length).toBe(catalog.products.length);
  expect(read.prices.length).toBe(catalog.prices.length);
});

test('objects created or updated while the lists are read: every object that was there is read exactly once', async () => {
  const seeded = spread(catalog.products, base);
  const { read } = await readWith(
    { products: seeded, prices: spread(catalog.prices, base), coupons: [] },
    {
      ratePerSecond: 10_000,
      during: async (stripe) => {
        for (let i = 0; i < 5; i++) await stripe.products.create({ name: `Added during the read ${i}` });
        for (const product of seeded.filter((p) => p.active).slice(100, 105)) await stripe.products.update(product.id, { name: 'Renamed during the read' });
      },
    },
  );
  const ids = read.products.map((p) => p.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => seeded.some((p) => p.id === id))).toEqual(seeded.map((p) => p.id));
});

describe('splitPoint', () => {
  test.each([
    ['unbounded past: keeps `keep` pages, hands off the rest', {}, 1000, 900, 4, 1, 500],
    ['unbounded past, one page kept', {}, 1000, 900, 1, 1, 800],
    ['no time spread: no split', {}, 900, 900, 4, 1, undefined],
    ['bounded, more left than one chain should walk: halves it', { gte: 0 }, 1000, 900, 1, 3, 450],
    ['bounded, no more left than one chain should walk: no split', { gte: 0 }, 1000, 900, 1, 9, undefined],
    ['bounded, one and a half pages left: halves cost no more pages than one chain, so halved', { gte: 750 }, 1000, 900, 1, 1, 825],
    ['bounded, a page or less left: no split', { gte: 800 }, 1000, 900, 1, 1, undefined],
  ])('%s', (_name, range, newest, oldest, keep, solo, expected) => {
    expect(splitPoint(range, newest, oldest, keep, solo)).toBe(expected);
  });

  test.each([
    ['unbounded past whose objects probably begin at `start`: halved as if bounded there', 0, 3, 450],
    ['unbounded past estimated to hold no more than one chain should walk: no split', 0, 9, undefined],
    ['unbounded past estimated to hold a page or less: no split', 800, 1, undefined],
    ['an estimate at or after the page\'s oldest object says nothing: `keep` pages kept', 900, 1, 500],
  ])('%s', (_name, start, solo, expected) => {
    expect(splitPoint({}, 1000, 900, 4, solo, start)).toBe(expected);
  });

  test('never above the oldest object of the page, so no object falls between chains', () => {
    for (const [range, newest, oldest] of [[{}, 50, 1], [{ gte: 0 }, 10, 9], [{ gte: -100 }, 7, 3], [{}, 1000, 999.5]] as const) {
      for (const keep of [1, 2, 8]) {
        const split = splitPoint(range, newest, oldest, keep, 1);
        if (split !== undefined) expect(split).toBeLessThanOrEqual(oldest);
      }
    }
  });
});

describe('cutting what a chain has left while places are spare', () => {
  test('pieces of equal time, newest first, each point above where the rest begins and at or below its oldest', () => {
    expect(cutPoints(0, 100, 4)).toEqual([75, 50, 25]);
    expect(cutPoints(1000, 1900, 2)).toEqual([1450]);
  });

  test('never two points alike, so objects created in one second stay in one piece', () => {
    expect(cutPoints(0, 2, 4)).toEqual([1]);
    expect(cutPoints(5, 5, 3)).toEqual([]);
  });

  test.each([
    ['a long list takes one more than its share of the spare places', 7.5, 8, 12, 1.2, 6],
    ['but no more pieces than pieces of the whole pages one chain walks, less a margin, need', 5, 20, 5, 2.5, 3],
    ['pieces of 0.8 page when one chain walks one page or less in the time', 2.4, 20, 3, 0.2, 3],
    ['a chain walks whole pages: 1.45 left against 1.48 is two round trips, so cut in two', 1.45, 17, 7, 1.48, 2],
    ['a chain this page will likely finish is not cut', 0.7, 10, 5, 0.5, 1],
    ['nor one that can walk what it has left in the time the rate needs anyway', 5, 10, 40, 6, 1],
    ['nor any without a spare place', 2.67, 0, 3, 1, 1],
  ])('%s', (_name, left, spare, totalLeft, solo, expected) => {
    expect(piecesFor(left, spare, totalLeft, solo)).toBe(expected);
  });
});

test('a cut counts the places that open within one and a half round trips, not only one', () => {
  // A chain that took the first second's last place at 0.85 s, with 2.6 pages left, sees the second's first
  // places reopen at 1.03 s: 0.18 s on, past one round trip of 0.18 s, within one and a half.
  const tracker = new ChainTracker(15, 25);
  const chain = tracker.start('GET /v1/prices');
  tracker.report(chain, 2.6);
  for (let i = 0; i < 30; i++) tracker.observeRoundTrip(180);
  tracker.observeCreated(1000);
  const asked: number[] = [];
  const spare = (withinMs: number) => (asked.push(withinMs), withinMs >= 180 * 1.4 ? 3 : 0);
  // The page just read spans 2,000..1,900 (100 objects); the rest, 1,900 down to 1,000, about nine pages' time.
  const cut = restCuts({}, 2000, 1900, 1, tracker, spare);
  expect(asked).toEqual([expect.closeTo(270, 0)]);
  expect(cut.spared).toBe(true);
  expect(cut.points.length).toBeGreaterThan(1);
});

describe('ChainTracker', () => {
  test('remembers the oldest creation time any list has shown', () => {
    const tracker = new ChainTracker(10, 25);
    expect(tracker.oldestSeen()).toBeUndefined();
    for (const created of [500, 200, 900]) tracker.observeCreated(created);
    expect(tracker.oldestSeen()).toBe(200);
  });

  test('one chain may walk as many pages as the rate limit needs for all pages left', () => {
    const tracker = new ChainTracker(10, 25);
    const a = tracker.start();
    const b = tracker.start();
    tracker.report(a, 40);
    tracker.report(b, 10);
    for (let i = 0; i < 50; i++) tracker.observeRoundTrip(200);
    // 50 pages at 25/s take 2 s: ten round trips of 200 ms.
    expect(tracker.soloPages()).toBeCloseTo(10, 0);
    tracker.end(a);
    expect(tracker.soloPages()).toBeCloseTo(2, 0);
  });

  test('in live, the pages of one list endpoint take their own rate\'s time, not the account\'s', () => {
    const tracker = new ChainTracker(60, 100, () => 25);
    const prices = tracker.start('GET /v1/prices');
    const products = tracker.start('GET /v1/products');
    tracker.report(prices, 60);
    tracker.report(products, 20);
    for (let i = 0; i < 50; i++) tracker.observeRoundTrip(200);
    // 80 pages at 100/s would take 0.8 s, but 60 of them at 25/s take 2.4 s: twelve round trips of 200 ms.
    expect(tracker.soloPages()).toBeCloseTo(12, 0);
  });

  test('no more chains of one endpoint than its rate can keep busy, while other endpoints still split', () => {
    const tracker = new ChainTracker(60, 100, () => 25);
    tracker.start('GET /v1/prices');
    const added = Array.from({ length: 20 }, () => tracker.tryStart('GET /v1/prices')).filter((chain) => chain !== undefined);
    expect(added).toHaveLength(14);
    expect(tracker.tryStart('GET /v1/plans')).toBeDefined();
  });

  test('a piece cut for spare places may go beyond the budget, but not beyond what its endpoint keeps busy', () => {
    const tracker = new ChainTracker(2, 25);
    tracker.start('GET /v1/coupons');
    tracker.start('GET /v1/prices');
    expect(tracker.tryStart('GET /v1/prices')).toBeUndefined();
    const spared = Array.from({ length: 20 }, () => tracker.tryStart('GET /v1/prices', true)).filter((chain) => chain !== undefined);
    expect(spared).toHaveLength(14);
  });

  test('never fewer than one page, and no chain beyond the budget', () => {
    const tracker = new ChainTracker(2, 100);
    tracker.start();
    expect(tracker.soloPages()).toBe(1);
    expect(tracker.tryStart()).toBeDefined();
    expect(tracker.tryStart()).toBeUndefined();
  });
});
