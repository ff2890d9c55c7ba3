import Stripe from 'stripe';
import { failure } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_coupons');
});
afterAll(() => t.emulator.close());

test('§6 a coupon keeps its custom id and gets Stripe\'s defaults', async () => {
  const coupon = await stripe.coupons.create({ id: 'SUMMER', percent_off: 25.5 });
  expect(coupon).toMatchObject({
    id: 'SUMMER',
    object: 'coupon',
    amount_off: null,
    currency: null,
    duration: 'once',
    duration_in_months: null,
    max_redemptions: null,
    name: null,
    percent_off: 25.5,
    redeem_by: null,
    times_redeemed: 0,
    valid: true,
  });
});

test('§6 a minted coupon id is 8 mixed-case alphanumerics without a prefix', async () => {
  const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'usd' });
  expect(coupon.id).toMatch(/^[A-Za-z0-9]{8}$/);
});

test('§6 a coupon without percent_off or amount_off is parameter_missing', async () => {
  const error = await failure(stripe.coupons.create({ duration: 'once' }));
  expect(error.code).toBe('parameter_missing');
  expect(error.message).toBe('Must provide percent_off or amount_off.');
});

test('§6 percent_off and amount_off together are refused', async () => {
  const error = await failure(stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: 'usd' }));
  expect(error.message).toBe('Received both percent_off and amount_off parameters. Please pass in only one.');
});

test('§6 amount_off without currency is refused on param currency', async () => {
  const error = await failure(stripe.coupons.create({ amount_off: 100 }));
  expect(error.param).toBe('currency');
  expect(error.message).toBe('You must pass currency when passing amount_off');
});

test('§6 percent_off 0 is refused with the probed message', async () => {
  const error = await failure(stripe.coupons.create({ percent_off: 0 }));
  expect(error.param).toBe('percent_off');
  expect(error.message).toBe("This value must be greater than or equal to 0.01 (it currently is '0.0').");
});

test('§6 a repeating coupon needs duration_in_months', async () => {
  const error = await failure(stripe.coupons.create({ percent_off: 5, duration: 'repeating' }));
  expect(error.param).toBe('duration');
  expect(error.message).toBe('The duration_in_months param must be set when creating a coupon with a repeating duration');
  const ok = await stripe.coupons.create({ percent_off: 5, duration: 'repeating', duration_in_months: 3 });
  expect(ok.duration_in_months).toBe(3);
});

test('§6 currency_options cannot go with percent_off', async () => {
  const error = await failure(stripe.coupons.create({ percent_off: 5, currency_options: { eur: { amount_off: 1 } } }));
  expect(error.code).toBe('parameters_exclusive');
  expect(error.message).toBe('You may only specify one of these parameters: currency_options, percent_off.');
});

test('§6 §1.6 a redeem_by in the past is refused with Stripe\'s message', async () => {
  const error = await failure(stripe.coupons.create({ percent_off: 5, redeem_by: 1000 }));
  expect(error.param).toBe('redeem_by');
  expect(error.message).toBe(
    'The parameter `redeem_by` expects a unix timestamp representing a date and time in the future. You specified the value `1000` which is in the past.',
  );
});

test('§6 a duplicate coupon id is 400 resource_already_exists', async () => {
  await stripe.coupons.create({ id: 'ONCE_ONLY', percent_off: 5 });
  const error = await failure(stripe.coupons.create({ id: 'ONCE_ONLY', percent_off: 5 }));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe('resource_already_exists');
  expect(error.message).toBe('Coupon already exists.');
});

test('§6 §1.5 applies_to and currency_options appear only when expanded', async () => {
  await stripe.products.create({ id: 'target', name: 'Target' });
  const coupon = await stripe.coupons.create({
    id: 'SCOPED',
    amount_off: 300,
    currency: 'usd',
    applies_to: { products: ['target'] },
    currency_options: { eur: { amount_off: 250 } },
  });
  expect(coupon).not.toHaveProperty('applies_to');
  expect(coupon).not.toHaveProperty('currency_options');
  const expanded = await stripe.coupons.retrieve('SCOPED', { expand: ['applies_to', 'currency_options'] });
  expect(expanded.applies_to).toEqual({ products: ['target'] });
  expect(expanded.currency_options).toEqual({ eur: { amount_off: 250 } });
});

test('§6 update changes name and metadata; amounts and duration are unknown parameters', async () => {
  await stripe.coupons.create({ id: 'EDIT', percent_off: 10 });
  const updated = await stripe.coupons.update('EDIT', { name: 'Ten off', metadata: { a: '1' } });
  expect(updated).toMatchObject({ name: 'Ten off', metadata: { a: '1' }, percent_off: 10 });
  for (const field of ['percent_off', 'duration', 'redeem_by']) {
    const error = await failure(stripe.coupons.update('EDIT', { [field]: field === 'duration' ? 'forever' : 20 } as Stripe.CouponUpdateParams));
    expect(error.code).toBe('parameter_unknown');
    expect(error.param).toBe(field);
  }
});

test('§6 currency_options updates merge per currency', async () => {
  await stripe.coupons.create({ id: 'MULTI', amount_off: 500, currency: 'usd', currency_options: { eur: { amount_off: 450 } } });
  await stripe.coupons.update('MULTI', { currency_options: { gbp: { amount_off: 400 } } });
  const expanded = await stripe.coupons.retrieve('MULTI', { expand: ['currency_options'] });
  expect(expanded.currency_options).toEqual({ eur: { amount_off: 450 }, gbp: { amount_off: 400 } });
});

test('§6 delete answers a stub; retrieve after is 404 with param coupon', async () => {
  await stripe.coupons.create({ id: 'GONE', percent_off: 1 });
  expect(await stripe.coupons.del('GONE')).toEqual({ id: 'GONE', object: 'coupon', deleted: true });
  const error = await failure(stripe.coupons.retrieve('GONE'));
  expect(error.statusCode).toBe(404);
  expect(error.param).toBe('coupon');
  expect(error.message).toBe("No such coupon: 'GONE'");
});

test('§6 the coupon list takes no active filter', async () => {
  const error = await failure(stripe.coupons.list({ active: true } as Stripe.CouponListParams));
  expect(error.code).toBe('parameter_unknown');
  expect(error.param).toBe('active');
});
