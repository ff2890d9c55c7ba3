/** Long lists are split by `created` into chains that run at once: every object read once, none missed. */
import { createStripeClient } from '../../src/stripe/client.js';
import { readCatalog, splitPoint, type PageCaller } from '../../src/stripe/read-catalog.js';
import { startTestEmulator } from '../emulator/support.js';
import { generateCatalog } from '../support/generate-catalog.js';

const catalog = generateCatalog({ seed: 11, products: 450 });
/** A sandbox built over a year, one object after another. */
function spread<T extends object>(objects: T[], from: number): (T & { created: number })[] {
  return objects.map((object, i) => ({ ...object, created: from + i * 3600 }));
}

async function readWith(objects: { products: object[]; prices: object[]; coupons: object[] }) {
  const t = await startTestEmulator();
  try {
    t.emulator.seed('sk_test_src', objects);
    // Counts how many product pages are in flight at once: the two lists (active, archived) alone make two.
    let inFlight = 0;
    let most = 0;
    const call: PageCaller = async (key, fetch) => {
      if (key !== 'products') return fetch();
      most = Math.max(most, ++inFlight);
      try {
        return await fetch();
      } finally {
        inFlight -= 1;
      }
    };
    const read = await readCatalog(createStripeClient({ apiKey: 'sk_test_src', apiBase: t.url }), call);
    return { read, split: most > 2 };
  } finally {
    await t.emulator.close();
  }
}

test('a catalog spread over time is split into chains and read whole, each object once', async () => {
  const base = 1_700_000_000;
  const { read, split } = await readWith({
    products: spread(catalog.products, base),
    prices: spread(catalog.prices, base),
    coupons: spread(catalog.coupons, base),
  });
  expect(split).toBe(true);
  expect(read.products.map((p) => p.id)).toEqual(catalog.products.map((p) => p.id));
  expect(read.prices.map((p) => p.id).sort()).toEqual(catalog.prices.map((p) => p.id).sort());
  expect(read.coupons.map((c) => c.id)).toEqual(catalog.coupons.map((c) => c.id));
});

test('objects created in the same second are read in one chain, as before', async () => {
  const { read, split } = await readWith(catalog);
  expect(split).toBe(false);
  expect(read.products.length).toBe(catalog.products.length);
  expect(read.prices.length).toBe(catalog.prices.length);
});

describe('splitPoint', () => {
  test.each([
    ['unbounded past: hands off what lies beyond a few pages', {}, 1000, 900, 500],
    ['no time spread: no split', {}, 900, 900, undefined],
    ['bounded, much left: halves it', { gte: 0 }, 1000, 900, 450],
    ['bounded, under four pages left: no split', { gte: 600 }, 1000, 900, undefined],
  ])('%s', (_name, range, newest, oldest, expected) => {
    expect(splitPoint(range, newest, oldest)).toBe(expected);
  });

  test('never above the oldest object of the page, so no object falls between chains', () => {
    for (const [range, newest, oldest] of [[{}, 50, 1], [{ gte: 0 }, 10, 9], [{ gte: -100 }, 7, 3]] as const) {
      const split = splitPoint(range, newest, oldest);
      if (split !== undefined) expect(split).toBeLessThanOrEqual(oldest);
    }
  });
});
