import Stripe from 'stripe';
import { failure, raw } from './http.js';
import { fixtureKeys, keysOf } from './fixture-keys.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
const now = () => Math.floor(Date.now() / 1000);
const coupon = (id: string) => ({ promotion: { type: 'coupon' as const, coupon: id } });
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_promos');
  await stripe.coupons.create({ id: 'TENOFF', percent_off: 10 });
});
afterAll(() => t.emulator.close());

test('§7 a promotion code has the fixture keys, a promo_ id, clover promotion shape and no top-level coupon', async () => {
  const promo = await stripe.promotionCodes.create({ ...coupon('TENOFF'), code: 'WELCOME10' });
  expect(keysOf(promo)).toEqual(fixtureKeys('promotion_code'));
  expect(promo.id).toMatch(/^promo_/);
  expect(promo).toMatchObject({
    object: 'promotion_code',
    active: true,
    code: 'WELCOME10',
    customer: null,
    expires_at: null,
    max_redemptions: null,
    promotion: { type: 'coupon', coupon: 'TENOFF' },
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: 0,
  });
  const minted = await stripe.promotionCodes.create(coupon('TENOFF'));
  expect(minted.code).toMatch(/^[A-Z0-9]{8}$/);
});

test('§7 promotion is required, needs a coupon, and the coupon must exist; top-level coupon is unknown', async () => {
  const missing = await failure(stripe.promotionCodes.create({} as Stripe.PromotionCodeCreateParams));
  expect(missing.message).toBe('Missing required param: promotion.');
  const noCoupon = await failure(stripe.promotionCodes.create({ promotion: { type: 'coupon' } }));
  expect([noCoupon.message, noCoupon.param]).toEqual(['You must pass promotion.coupon when passing promotion', 'promotion.coupon']);
  const unknown = await failure(stripe.promotionCodes.create(coupon('NOPE')));
  expect([unknown.statusCode, unknown.code, unknown.param, unknown.message]).toEqual([400, 'resource_missing', 'promotion[coupon]', "No such coupon: 'NOPE'"]);
  const basil = await failure(stripe.promotionCodes.create({ coupon: 'TENOFF' } as unknown as Stripe.PromotionCodeCreateParams));
  expect([basil.code, basil.message]).toEqual(['parameter_unknown', 'Received unknown parameter: coupon']);
});

test('§7 a code must match the charset and is unique case-insensitively among active codes', async () => {
  const spaces = await failure(stripe.promotionCodes.create({ ...coupon('TENOFF'), code: 'has spaces!' }));
  expect(spaces.param).toBe('code');
  expect(spaces.message).toBe('This value must match the regex pattern. (/\\A[a-zA-Z0-9\\-_]+\\z/ does not match for the value has spaces!).');
  const first = await stripe.promotionCodes.create({ ...coupon('TENOFF'), code: 'TAKEN1' });
  const taken = await failure(stripe.promotionCodes.create({ ...coupon('TENOFF'), code: 'taken1' }));
  expect(taken.message).toBe('An active promotion code with `code: taken1` already exists.');
  await stripe.promotionCodes.update(first.id, { active: false });
  expect((await stripe.promotionCodes.create({ ...coupon('TENOFF'), code: 'taken1' })).active).toBe(true);
  const reactivate = await failure(stripe.promotionCodes.update(first.id, { active: true }));
  expect(reactivate.statusCode).toBe(400);
});

test('§7 expires_at must be in the future, within five years and not after the coupon\'s redeem_by', async () => {
  const past = await failure(stripe.promotionCodes.create({ ...coupon('TENOFF'), expires_at: 2000 }));
  expect(past.message).toBe(
    'The parameter `expires_at` expects a unix timestamp representing a date and time in the future. You specified the value `2000` which is in the past.',
  );
  const far = await failure(stripe.promotionCodes.create({ ...coupon('TENOFF'), expires_at: now() + 6 * 366 * 24 * 3600 }));
  expect(far.message).toBe('Invalid timestamp: can be no more than five years in the future.');
  await stripe.coupons.create({ id: 'SHORT', percent_off: 5, redeem_by: now() + 3600 });
  const later = await failure(stripe.promotionCodes.create({ ...coupon('SHORT'), expires_at: now() + 7200 }));
  expect([later.statusCode, later.param]).toEqual([400, 'expires_at']);
  expect((await stripe.promotionCodes.create({ ...coupon('SHORT'), expires_at: now() + 1800 })).expires_at).toBeGreaterThan(now());
});

test('§7 max_redemptions may not exceed the coupon\'s', async () => {
  await stripe.coupons.create({ id: 'LIMITED', percent_off: 5, max_redemptions: 3 });
  const over = await failure(stripe.promotionCodes.create({ ...coupon('LIMITED'), max_redemptions: 4 }));
  expect([over.statusCode, over.param]).toEqual([400, 'max_redemptions']);
  expect((await stripe.promotionCodes.create({ ...coupon('LIMITED'), max_redemptions: 3 })).max_redemptions).toBe(3);
});

test('§7 update takes active and metadata; code, promotion and expires_at are immutable; there is no delete', async () => {
  const promo = await stripe.promotionCodes.create({ ...coupon('TENOFF'), code: 'EDITME' });
  const updated = await stripe.promotionCodes.update(promo.id, { metadata: { campaign: 'spring' }, active: false });
  expect(updated).toMatchObject({ active: false, metadata: { campaign: 'spring' }, code: 'EDITME' });
  for (const field of ['code', 'expires_at', 'max_redemptions']) {
    const error = await failure(stripe.promotionCodes.update(promo.id, { [field]: field === 'code' ? 'X' : 5 } as Stripe.PromotionCodeUpdateParams));
    expect([error.code, error.param]).toEqual(['parameter_unknown', field]);
  }
  const del = await raw(t.url, 'DELETE', `/v1/promotion_codes/${promo.id}`, { key: 'sk_test_promos' });
  expect(del.status).toBe(404);
});

test('§7 list filters by active, code (case-insensitive) and coupon; an unknown coupon filter is 400', async () => {
  await stripe.coupons.create({ id: 'LISTED', percent_off: 7 });
  const a = await stripe.promotionCodes.create({ ...coupon('LISTED'), code: 'ListMe' });
  const b = await stripe.promotionCodes.create({ ...coupon('LISTED'), code: 'OtherOne', active: false });
  const byCoupon = await stripe.promotionCodes.list({ coupon: 'LISTED' });
  expect(byCoupon.data.map((x) => x.id)).toEqual([b.id, a.id]);
  expect((await stripe.promotionCodes.list({ coupon: 'LISTED', active: true })).data.map((x) => x.id)).toEqual([a.id]);
  expect((await stripe.promotionCodes.list({ code: 'LISTME' })).data.map((x) => x.id)).toEqual([a.id]);
  const unknown = await failure(stripe.promotionCodes.list({ coupon: 'UNKNOWN1' }));
  expect([unknown.statusCode, unknown.param, unknown.message]).toEqual([400, 'coupon', "No such coupon: 'UNKNOWN1'"]);
});

test('§7 §1.5 expand[]=promotion.coupon inflates the coupon; expand[]=promotion alone changes nothing', async () => {
  const promo = await stripe.promotionCodes.create({ ...coupon('TENOFF'), code: 'EXPANDED' });
  const expanded = await stripe.promotionCodes.retrieve(promo.id, { expand: ['promotion.coupon'] });
  expect(expanded.promotion.coupon).toMatchObject({ id: 'TENOFF', object: 'coupon', percent_off: 10 });
  expect((await stripe.promotionCodes.retrieve(promo.id, { expand: ['promotion'] })).promotion.coupon).toBe('TENOFF');
  const listed = await stripe.promotionCodes.list({ code: 'EXPANDED', expand: ['data.promotion.coupon'] });
  expect((listed.data[0].promotion.coupon as Stripe.Coupon).id).toBe('TENOFF');
  const bad = await failure(stripe.promotionCodes.retrieve(promo.id, { expand: ['promotion.type'] }));
  expect(bad.message).toBe('This property cannot be expanded (promotion.type).');
});

test('§7 §1.6 a missing promotion code is 404 with param promotion_code', async () => {
  const error = await failure(stripe.promotionCodes.retrieve('promo_nope'));
  expect([error.statusCode, error.param, error.message]).toEqual([404, 'promotion_code', "No such promotion code: 'promo_nope'"]);
});

test('§7 seed keeps promotion code ids in Stripe shape', async () => {
  t.emulator.seed('sk_test_seedpromo', {
    coupons: [{ id: 'SEEDED', percent_off: 20 }],
    promotionCodes: [{ id: 'promo_seeded', code: 'SEEDME', promotion: { type: 'coupon', coupon: 'SEEDED' } }],
  });
  const client = t.client('sk_test_seedpromo');
  const promo = await client.promotionCodes.retrieve('promo_seeded', { expand: ['promotion.coupon'] });
  expect(keysOf(promo)).toEqual(fixtureKeys('promotion_code'));
  expect(promo).toMatchObject({ code: 'SEEDME', active: true, promotion: { type: 'coupon', coupon: { id: 'SEEDED' } } });
  const clash = await failure(client.promotionCodes.create({ ...coupon('SEEDED'), code: 'seedme' }));
  expect(clash.param).toBe('code');
});
