import Stripe from 'stripe';
import { failure } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
let priceId: string;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_expand');
  const product = await stripe.products.create({ id: 'exp', name: 'Exp', default_price_data: { currency: 'usd', unit_amount: 100 } });
  priceId = product.default_price as string;
});
afterAll(() => t.emulator.close());

test('§1.5 expand turns default_price and product into objects on retrieve', async () => {
  const product = await stripe.products.retrieve('exp', { expand: ['default_price'] });
  expect((product.default_price as Stripe.Price).object).toBe('price');
  const price = await stripe.prices.retrieve(priceId, { expand: ['product'] });
  expect((price.product as Stripe.Product).name).toBe('Exp');
});

test('§1.5 list expansions use the data. prefix', async () => {
  const list = await stripe.prices.list({ expand: ['data.product'] });
  expect(list.data.every((p) => typeof p.product === 'object')).toBe(true);
});

test('§1.5 a list expansion without data. is refused with Stripe\'s hint', async () => {
  const error = await failure(stripe.prices.list({ expand: ['product'] }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe("This property cannot be expanded (product). You may want to try expanding 'data.product' instead.");
});

test('§1.5 a path that cannot be expanded is 400 with no code or param', async () => {
  const error = await failure(stripe.products.retrieve('exp', { expand: ['name'] }));
  expect(error.statusCode).toBe(400);
  expect(error.rawType).toBe('invalid_request_error');
  expect(error.message).toBe('This property cannot be expanded (name).');
  expect(error.code).toBeUndefined();
  expect(error.param).toBeUndefined();
});

test('§1.5 expand works on create and update', async () => {
  const created = await stripe.prices.create({ product: 'exp', currency: 'usd', unit_amount: 5, expand: ['product'] });
  expect((created.product as Stripe.Product).id).toBe('exp');
  const updated = await stripe.products.update('exp', { description: 'd', expand: ['default_price'] });
  expect((updated.default_price as Stripe.Price).id).toBe(priceId);
});

test('§1.5 nested expansions follow references', async () => {
  const list = await stripe.products.list({ ids: ['exp'], expand: ['data.default_price.product'] });
  const price = list.data[0].default_price as Stripe.Price;
  expect((price.product as Stripe.Product).id).toBe('exp');
});

test('§1.5 a bad expansion on create writes nothing', async () => {
  const error = await failure(stripe.products.create({ id: 'never', name: 'Never', expand: ['bogus'] }));
  expect(error.message).toBe('This property cannot be expanded (bogus).');
  expect((await failure(stripe.products.retrieve('never'))).statusCode).toBe(404);
});
