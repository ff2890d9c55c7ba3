import { fixtureKeys } from './fixture-keys.js';
import { raw } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
const key = 'sk_test_wire';
beforeAll(async () => {
  t = await startTestEmulator();
  await raw(t.url, 'POST', '/v1/products', { key, body: 'id=wire&name=Wire' });
});
afterAll(() => t.emulator.close());


test('§1.1 nested objects, indexed and [] arrays and booleans decode from the form body', async () => {
  const res = await raw(t.url, 'POST', '/v1/prices', {
    key,
    body: 'product=wire&currency=usd&unit_amount=100&recurring[interval]=month&recurring[interval_count]=3&metadata[a]=1&active=false',
  });
  expect(res.status).toBe(200);
  expect(res.body.recurring).toMatchObject({ interval: 'month', interval_count: 3 });
  expect(res.body.metadata).toEqual({ a: '1' });
  expect(res.body.active).toBe(false);
  await raw(t.url, 'POST', `/v1/prices/${res.body.id}`, { key, body: 'lookup_key=wire_key' });
  for (const query of ['lookup_keys[]=wire_key', 'lookup_keys[0]=wire_key', 'lookup_keys%5B0%5D=wire_key']) {
    const list = await raw(t.url, 'GET', `/v1/prices?${query}`, { key });
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([res.body.id]);
  }
});

test('§1.1 decimals travel as JSON strings', async () => {
  const res = await raw(t.url, 'POST', '/v1/prices', { key, body: 'product=wire&currency=usd&unit_amount_decimal=1000.50' });
  expect(res.body.unit_amount_decimal).toBe('1000.5');
  const whole = await raw(t.url, 'POST', '/v1/prices', { key, body: 'product=wire&currency=usd&unit_amount=1000' });
  expect(whole.body.unit_amount_decimal).toBe('1000');
  expect(whole.body.unit_amount).toBe(1000);
});

test('§1.1 a malformed integer or boolean is refused naming the param', async () => {
  const int = await raw(t.url, 'POST', '/v1/prices', { key, body: 'product=wire&currency=usd&unit_amount=ten' });
  expect(int.status).toBe(400);
  expect(int.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'unit_amount', message: 'Invalid integer: ten' });
  const bool = await raw(t.url, 'POST', '/v1/products', { key, body: 'name=x&active=maybe' });
  expect(bool.body.error).toMatchObject({ param: 'active', message: 'Invalid boolean: maybe' });
});

test('§1.1 an empty value on a field that cannot be unset is parameter_invalid_empty', async () => {
  const res = await raw(t.url, 'POST', '/v1/products/wire', { key, body: 'name=' });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('parameter_invalid_empty');
  expect(res.body.error.param).toBe('name');
});

test('§1.6 unknown parameters on any endpoint are parameter_unknown, nested ones named with brackets', async () => {
  const list = await raw(t.url, 'GET', '/v1/products?colour=red', { key });
  expect(list.status).toBe(400);
  expect(list.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' });
  const nested = await raw(t.url, 'POST', '/v1/prices', { key, body: 'product=wire&currency=usd&unit_amount=1&recurring[interval]=month&recurring[colour]=red' });
  expect(nested.body.error).toMatchObject({ code: 'parameter_unknown', param: 'recurring[colour]' });
  const retrieve = await raw(t.url, 'GET', '/v1/products/wire?colour=red', { key });
  expect(retrieve.body.error.code).toBe('parameter_unknown');
});

test('§1.2 every response carries Request-Id, errors included', async () => {
  const ok = await raw(t.url, 'GET', '/v1/products/wire', { key });
  const missing = await raw(t.url, 'GET', '/v1/products/nope', { key });
  const unauthenticated = await raw(t.url, 'GET', '/v1/products');
  for (const res of [ok, missing, unauthenticated]) expect(res.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]+$/);
  expect(ok.headers.get('request-id')).not.toBe(missing.headers.get('request-id'));
});

test('§1.2 the Idempotency-Key request header is mirrored on the response', async () => {
  const res = await raw(t.url, 'POST', '/v1/coupons', { key, body: 'percent_off=5', headers: { 'Idempotency-Key': 'mirror-me' } });
  expect(res.headers.get('idempotency-key')).toBe('mirror-me');
});

test('§1.6 the error envelope omits null fields and links the error code doc', async () => {
  const res = await raw(t.url, 'GET', '/v1/products/nope', { key });
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error).toMatchObject({
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'id',
    doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
  });
  const noCode = await raw(t.url, 'GET', '/v1/products/wire?expand[]=name', { key });
  expect(noCode.body.error).not.toHaveProperty('code');
  expect(noCode.body.error).not.toHaveProperty('param');
  expect(noCode.body.error).not.toHaveProperty('doc_url');
  expect(Object.values(noCode.body.error)).not.toContain(null);
});

test('§1.6 an unknown URL is 404 invalid_request_error', async () => {
  const res = await raw(t.url, 'GET', '/v1/widgets', { key });
  expect(res.status).toBe(404);
  expect(res.body.error.type).toBe('invalid_request_error');
  expect(res.body.error.message).toBe('Unrecognized request URL (GET: /v1/widgets). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.');
});

test('§1.1 fixtures3.json: products, prices, plans and coupons carry every key of their fixture', async () => {
  const price = await raw(t.url, 'POST', '/v1/plans', { key, body: 'id=wire_plan&currency=usd&interval=month&amount=5&product=wire' });
  const coupon = await raw(t.url, 'POST', '/v1/coupons', { key, body: 'percent_off=5' });
  const objects = {
    product: (await raw(t.url, 'GET', '/v1/products/wire', { key })).body,
    price: (await raw(t.url, 'GET', '/v1/prices/wire_plan', { key })).body,
    plan: price.body,
    coupon: coupon.body,
  };
  for (const [type, object] of Object.entries(objects)) {
    expect(Object.keys(object).sort()).toEqual(expect.arrayContaining(fixtureKeys(type)));
  }
});

test('§1.1 deleted objects answer the fixture stub {id, object, deleted}', async () => {
  await raw(t.url, 'POST', '/v1/coupons', { key, body: 'id=STUB&percent_off=5' });
  const res = await raw(t.url, 'DELETE', '/v1/coupons/STUB', { key });
  expect(res.body).toEqual({ id: 'STUB', object: 'coupon', deleted: true });
});

test('§1.1 basic auth with the key as user name is accepted (curl -u)', async () => {
  const res = await raw(t.url, 'GET', '/v1/products/wire', { headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
  expect(res.status).toBe(200);
  expect(res.body.id).toBe('wire');
});
