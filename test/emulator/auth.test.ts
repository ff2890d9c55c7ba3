import Stripe from 'stripe';
import { failure, raw } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ readOnlyKeys: ['rk_test_readonly'] });
});
afterAll(() => t.emulator.close());

test('§1.4 a request without a key gets 401 with Stripe\'s no-key message', async () => {
  const res = await raw(t.url, 'GET', '/v1/products');
  expect(res.status).toBe(401);
  expect(res.body.error.type).toBe('invalid_request_error');
  expect(res.body.error.message).toBe(
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  );
});

test('§1.4 a malformed key gets 401 with the key masked to prefix, asterisks and last 4', async () => {
  const error = await failure(t.client('sk_test_bad-key9876').products.list());
  expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  expect(error.statusCode).toBe(401);
  expect(error.rawType).toBe('invalid_request_error');
  expect(error.message).toBe('Invalid API Key provided: sk_test_*******9876');
});

test('§1.4 different accounts do not see each other\'s objects', async () => {
  await t.client('sk_test_alpha').products.create({ id: 'only_alpha', name: 'A' });
  const error = await failure(t.client('sk_test_beta').products.retrieve('only_alpha'));
  expect(error.statusCode).toBe(404);
  expect(error.message).toBe("No such product: 'only_alpha'");
});

test('§1.4 test and live data of one account are separate and carry livemode', async () => {
  const live = await t.client('sk_live_gamma').products.create({ id: 'same_id', name: 'Live' });
  const test = await t.client('sk_test_gamma').products.create({ id: 'same_id', name: 'Test' });
  expect(live.livemode).toBe(true);
  expect(test.livemode).toBe(false);
  expect((await t.client('sk_live_gamma').products.retrieve('same_id')).name).toBe('Live');
});

test('§1.4 an id that exists only in the other mode gets the cross-mode message', async () => {
  await t.client('sk_test_delta').coupons.create({ id: 'TESTONLY', percent_off: 10 });
  const error = await failure(t.client('sk_live_delta').coupons.retrieve('TESTONLY'));
  expect(error.statusCode).toBe(404);
  expect(error.code).toBe('resource_missing');
  expect(error.message).toBe(
    "No such coupon: 'TESTONLY'; a similar object exists in test mode, but a live mode key was used to make this request.",
  );
});

test('§1.4 a restricted key reads the same account and mode as the secret key', async () => {
  await t.client('sk_test_eps').products.create({ id: 'shared', name: 'Shared' });
  expect((await t.client('rk_test_eps').products.retrieve('shared')).name).toBe('Shared');
});

test('§1.4 GET /v1/account names the account behind the key', async () => {
  const account = await t.client('sk_live_zeta').accounts.retrieveCurrent();
  expect(account.id).toBe('acct_zeta');
  expect(account.object).toBe('account');
  for (const key of ['business_profile', 'capabilities', 'charges_enabled', 'country', 'default_currency', 'settings', 'type']) {
    expect(account).toHaveProperty(key);
  }
});

test('§1.6 a read-only restricted key may read but a write gets 403 naming the permission', async () => {
  const client = t.client('rk_test_readonly');
  await expect(client.products.list()).resolves.toHaveProperty('object', 'list');
  const error = await failure(client.products.create({ name: 'Nope' }));
  expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  expect(error.statusCode).toBe(403);
  expect(error.message).toContain("'rak_product_write'");
  expect(error.message).toContain("on account 'acct_readonly'");
  expect((await t.client('sk_test_readonly').products.list()).data).toEqual([]);
});
