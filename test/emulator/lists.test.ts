import Stripe from 'stripe';
import { failure } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
/** Emulator time: tests move it so objects get distinct `created` seconds. */
let now = Date.UTC(2026, 0, 1);
/** Coupon ids in creation order (oldest first). */
const created: string[] = [];

beforeAll(async () => {
  t = await startTestEmulator({ clock: () => now });
  stripe = t.client('sk_test_lists');
  // 25 coupons: the first 15 in one second (ties), the rest one second apart.
  for (let i = 0; i < 25; i += 1) {
    if (i >= 15) now += 1000;
    created.push((await stripe.coupons.create({ id: `C${String(i).padStart(2, '0')}`, percent_off: 1 })).id);
  }
});
afterAll(() => t.emulator.close());

const newestFirst = () => [...created].reverse();

test('§1.5 lists are newest first, ties in one second broken by creation order', async () => {
  const page = await stripe.coupons.list({ limit: 100 });
  expect(page.data.map((c) => c.id)).toEqual(newestFirst());
});

test('§1.5 limit defaults to 10 with has_more and the list url', async () => {
  const page = await stripe.coupons.list();
  expect(page.object).toBe('list');
  expect(page.data).toHaveLength(10);
  expect(page.has_more).toBe(true);
  expect(page.url).toBe('/v1/coupons');
});

test('§1.5 §13 limit over 100 is 400 parameter_invalid_integer on param limit', async () => {
  const error = await failure(stripe.coupons.list({ limit: 101 }));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe('parameter_invalid_integer');
  expect(error.param).toBe('limit');
});

test('§1.5 §13 with limitOver100 clamp, limit 101 answers at most 100', async () => {
  const other = await startTestEmulator({ switches: { limitOver100: 'clamp' } });
  try {
    other.emulator.seed('sk_test_clamp', { coupons: Array.from({ length: 105 }, (_, i) => ({ id: `K${i}`, percent_off: 1 })) });
    const page = await other.client('sk_test_clamp').coupons.list({ limit: 101 });
    expect(page.data).toHaveLength(100);
    expect(page.has_more).toBe(true);
  } finally {
    await other.emulator.close();
  }
});

test('§1.5 limit 0 is refused with the probed message', async () => {
  const error = await failure(stripe.coupons.list({ limit: 0 }));
  expect(error.code).toBe('parameter_invalid_integer');
  expect(error.message).toBe('This value must be greater than or equal to 1.');
});

test('§1.5 starting_after is exclusive and pages walk the whole list', async () => {
  const order = newestFirst();
  const first = await stripe.coupons.list({ limit: 7 });
  const second = await stripe.coupons.list({ limit: 7, starting_after: first.data[6].id });
  expect(second.data.map((c) => c.id)).toEqual(order.slice(7, 14));
  const last = await stripe.coupons.list({ limit: 7, starting_after: order[20] });
  expect(last.data.map((c) => c.id)).toEqual(order.slice(21));
  expect(last.has_more).toBe(false);
});

test('§1.5 ending_before answers the objects just newer than the cursor, newest first', async () => {
  const order = newestFirst();
  const page = await stripe.coupons.list({ limit: 3, ending_before: order[10] });
  expect(page.data.map((c) => c.id)).toEqual(order.slice(7, 10));
  expect(page.has_more).toBe(true);
  const top = await stripe.coupons.list({ limit: 5, ending_before: order[3] });
  expect(top.data.map((c) => c.id)).toEqual(order.slice(0, 3));
  expect(top.has_more).toBe(false);
});

test('§1.5 the SDK auto-pagination walks forwards over every object once, in order', async () => {
  const seen = await stripe.coupons.list({ limit: 4 }).autoPagingToArray({ limit: 1000 });
  expect(seen.map((c) => c.id)).toEqual(newestFirst());
});

test('§1.5 the SDK auto-pagination walks backwards from ending_before over every newer object', async () => {
  const order = newestFirst();
  const seen: string[] = [];
  for await (const coupon of stripe.coupons.list({ limit: 4, ending_before: order[18] })) seen.push(coupon.id);
  expect(seen).toEqual(order.slice(0, 18).reverse());
});

test('§1.5 a cursor that does not exist is 400 resource_missing', async () => {
  const error = await failure(stripe.coupons.list({ starting_after: 'NOPE' }));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe('resource_missing');
  expect(error.param).toBe('starting_after');
});

test('§1.5 starting_after and ending_before cannot be combined', async () => {
  const error = await failure(stripe.coupons.list({ starting_after: created[1], ending_before: created[0] }));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe('parameters_exclusive');
});

test('§1.5 the created filter takes gt, gte, lt and lte', async () => {
  const last = await stripe.coupons.retrieve(created[24]);
  const third = await stripe.coupons.retrieve(created[22]);
  const recent = await stripe.coupons.list({ created: { gte: third.created }, limit: 100 });
  expect(recent.data.map((c) => c.id)).toEqual([created[24], created[23], created[22]]);
  const between = await stripe.coupons.list({ created: { gt: third.created, lt: last.created }, limit: 100 });
  expect(between.data.map((c) => c.id)).toEqual([created[23]]);
  const exact = await stripe.coupons.list({ created: last.created });
  expect(exact.data.map((c) => c.id)).toEqual([created[24]]);
});

test('§1.5 products ids[] cannot be combined with a cursor', async () => {
  await stripe.products.create({ id: 'listed_a', name: 'A' });
  const error = await failure(stripe.products.list({ ids: ['listed_a'], starting_after: 'listed_a' }));
  expect(error.param).toBe('ids');
  expect(error.message).toBe('You may only specify one of these parameters: ids, starting_after.');
});

test('§2 products ids[] and active filter the list', async () => {
  await stripe.products.create({ id: 'active_b', name: 'B' });
  await stripe.products.create({ id: 'inactive_c', name: 'C', active: false });
  expect((await stripe.products.list({ ids: ['active_b', 'inactive_c'] })).data.map((p) => p.id)).toEqual(['inactive_c', 'active_b']);
  expect((await stripe.products.list({ ids: ['active_b', 'inactive_c'], active: false })).data.map((p) => p.id)).toEqual(['inactive_c']);
});

test('§2 §3 §13 without active, lists hold inactive objects; the switch makes them active-only', async () => {
  expect((await stripe.products.list({ limit: 100 })).data.map((p) => p.id)).toContain('inactive_c');
  const other = await startTestEmulator({ switches: { listIncludesInactiveByDefault: false } });
  try {
    const client = other.client('sk_test_switch');
    await client.products.create({ id: 'on', name: 'On' });
    await client.products.create({ id: 'off', name: 'Off', active: false });
    expect((await client.products.list()).data.map((p) => p.id)).toEqual(['on']);
    expect((await client.products.list({ active: false })).data.map((p) => p.id)).toEqual(['off']);
  } finally {
    await other.emulator.close();
  }
});
