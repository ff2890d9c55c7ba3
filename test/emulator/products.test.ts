import Stripe from 'stripe';
import { failure } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_products');
});
afterAll(() => t.emulator.close());

test('§2 create keeps a custom id and fills Stripe\'s defaults', async () => {
  const product = await stripe.products.create({ id: 'prod_custom', name: 'Custom' });
  expect(product).toMatchObject({
    id: 'prod_custom',
    object: 'product',
    active: true,
    images: [],
    marketing_features: [],
    metadata: {},
    default_price: null,
    description: null,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    unit_label: null,
    url: null,
    type: 'service',
  });
  expect(product.updated).toBe(product.created);
});

test('§2 a generated product id starts with prod_', async () => {
  const product = await stripe.products.create({ name: 'Generated' });
  expect(product.id).toMatch(/^prod_[A-Za-z0-9]{14}$/);
});

test('§2 §13 a duplicate custom id is refused with resource_already_exists on param id', async () => {
  await stripe.products.create({ id: 'dup_product', name: 'First' });
  const error = await failure(stripe.products.create({ id: 'dup_product', name: 'Second' }));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe('resource_already_exists');
  expect(error.message).toBe('Product already exists.');
  expect(error.param).toBe('id');
});

test('§2 a custom id outside [a-zA-Z0-9_-] is refused with the regex message', async () => {
  const error = await failure(stripe.products.create({ id: 'bad id!', name: 'Bad' }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe('This value must match the regex pattern. (/\\A[a-zA-Z0-9_\\-]+\\z/ does not match for the value bad id!).');
});

test('§2 create without name is parameter_missing with param name', async () => {
  const error = await failure(stripe.products.create({} as Stripe.ProductCreateParams));
  expect(error.code).toBe('parameter_missing');
  expect(error.param).toBe('name');
  expect(error.message).toBe('Missing required param: name.');
});

test('§2 update refuses the immutable id and type as unknown parameters', async () => {
  await stripe.products.create({ id: 'immutable', name: 'Immutable' });
  for (const field of ['id', 'type']) {
    const error = await failure(stripe.products.update('immutable', { [field]: 'x' } as Stripe.ProductUpdateParams));
    expect(error.code).toBe('parameter_unknown');
    expect(error.param).toBe(field);
  }
});

test('§1.1 §2 empty values unset fields, metadata merges and deletes per key', async () => {
  await stripe.products.create({ id: 'unset', name: 'Unset', description: 'D', images: ['https://x.test/a.png'], metadata: { a: '1', b: '2' } });
  const merged = await stripe.products.update('unset', { metadata: { b: '', c: '3' }, description: '' });
  expect(merged.metadata).toEqual({ a: '1', c: '3' });
  expect(merged.description).toBeNull();
  const cleared = await stripe.products.update('unset', { metadata: '', images: '' as unknown as string[] });
  expect(cleared.metadata).toEqual({});
  expect(cleared.images).toEqual([]);
});

test('§2 default_price must be an existing price: 400 resource_missing on param default_price', async () => {
  await stripe.products.create({ id: 'needs_price', name: 'Needs' });
  const error = await failure(stripe.products.update('needs_price', { default_price: 'price_nope' }));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe('resource_missing');
  expect(error.param).toBe('default_price');
  expect(error.message).toBe("No such price: 'price_nope'");
});

test('§2 default_price_data creates a price and links it as default_price', async () => {
  const product = await stripe.products.create({
    id: 'with_default',
    name: 'With default',
    default_price_data: { currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } },
  });
  expect(typeof product.default_price).toBe('string');
  const price = await stripe.prices.retrieve(product.default_price as string);
  expect(price.product).toBe('with_default');
  expect(price.unit_amount).toBe(1500);
  expect(price.type).toBe('recurring');
});

test('§3 §2 a product\'s default price cannot be archived until default_price is unset', async () => {
  const product = await stripe.products.create({ id: 'archive_guard', name: 'Guard', default_price_data: { currency: 'usd', unit_amount: 100 } });
  const priceId = product.default_price as string;
  const error = await failure(stripe.prices.update(priceId, { active: false }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe('This price cannot be archived because it is the default price of its product.');
  await stripe.products.update('archive_guard', { default_price: '' });
  expect((await stripe.prices.update(priceId, { active: false })).active).toBe(false);
});

test('§2 a product with prices, archived ones included, cannot be deleted', async () => {
  await stripe.products.create({ id: 'has_prices', name: 'Has prices' });
  const price = await stripe.prices.create({ product: 'has_prices', currency: 'usd', unit_amount: 100 });
  await stripe.prices.update(price.id, { active: false });
  const error = await failure(stripe.products.del('has_prices'));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBeUndefined();
  expect(error.message).toBe('This product cannot be deleted because it has one or more user-created prices.');
});

test('§2 delete answers a stub, then retrieve is 404 with param id and the list drops it', async () => {
  await stripe.products.create({ id: 'doomed', name: 'Doomed' });
  expect(await stripe.products.del('doomed')).toEqual({ id: 'doomed', object: 'product', deleted: true });
  const error = await failure(stripe.products.retrieve('doomed'));
  expect(error.statusCode).toBe(404);
  expect(error.param).toBe('id');
  expect(error.message).toBe("No such product: 'doomed'");
  const ids = (await stripe.products.list({ limit: 100 })).data.map((p) => p.id);
  expect(ids).not.toContain('doomed');
});

test('§2 archiving a product leaves its prices active', async () => {
  await stripe.products.create({ id: 'archived_product', name: 'Archived' });
  const price = await stripe.prices.create({ product: 'archived_product', currency: 'usd', unit_amount: 100 });
  await stripe.products.update('archived_product', { active: false });
  expect((await stripe.prices.retrieve(price.id)).active).toBe(true);
});

test('§2 update changes managed fields and bumps updated only', async () => {
  await stripe.products.create({ id: 'editable', name: 'Before' });
  const after = await stripe.products.update('editable', {
    name: 'After',
    url: 'https://example.test',
    marketing_features: [{ name: 'Fast' }],
    package_dimensions: { height: 1, length: 2, weight: 3.5, width: 4 },
    shippable: true,
  });
  expect(after).toMatchObject({ name: 'After', url: 'https://example.test', marketing_features: [{ name: 'Fast' }], shippable: true });
  expect(after.package_dimensions).toEqual({ height: 1, length: 2, weight: 3.5, width: 4 });
});

test('§2 §13 a product id may start with prod_ by default, and is refused when the switch says so (other ids and none still work)', async () => {
  expect((await stripe.products.create({ id: 'prod_copied123', name: 'Copied' })).id).toBe('prod_copied123');
  const other = await startTestEmulator({ switches: { productIdMayStartWithProd: false } });
  try {
    const client = other.client('sk_test_prodswitch');
    const error = await failure(client.products.create({ id: 'prod_copied123', name: 'Copied' }));
    expect(error.statusCode).toBe(400);
    expect(error.type).toBe('StripeInvalidRequestError');
    expect(error.param).toBe('id');
    expect((await client.products.create({ id: 'copied123', name: 'Copied' })).id).toBe('copied123');
    expect((await client.products.create({ name: 'Assigned', metadata: { catalog_migrate_source_id: 'prod_copied123' } })).id).toMatch(/^prod_/);
    expect((await client.products.list({ limit: 10 })).data).toHaveLength(2);
  } finally {
    await other.emulator.close();
  }
});
