/** The gateway against the emulator: what reads survive, and what a failed read tells the person. */
import { createGateway } from '../../src/stripe/gateway.js';
import { StripeApiError } from '../../src/util/errors.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { generateCatalog } from '../support/generate-catalog.js';

const catalog = generateCatalog({ seed: 3, products: 40 });
const open = (t: TestEmulator, apiKey: string) => createGateway({ apiKey, mode: 'test', keyVariable: 'STRIPE_SANDBOX_KEY', apiBase: t.url });

test('a catalog read survives 429 bursts and gives the same catalog as a quiet read', async () => {
  const quiet = await startTestEmulator();
  const busy = await startTestEmulator({ faults: { 'rate-limit': 0.1 }, faultSeed: 5 });
  try {
    quiet.emulator.seed('sk_test_src', catalog);
    busy.emulator.seed('sk_test_src', catalog);
    const expected = await open(quiet, 'sk_test_src').readCatalog();
    const actual = await open(busy, 'sk_test_src').readCatalog();
    expect(actual).toEqual(expected);
    expect(actual.prices.length).toBe(catalog.prices.length);
    expect(busy.emulator.requests().some((r) => r.status === 429)).toBe(true);
  } finally {
    await quiet.emulator.close();
    await busy.emulator.close();
  }
});

test('reads use list pages only, never one GET per object; no attachment lists in an account without features', async () => {
  const t = await startTestEmulator();
  try {
    t.emulator.seed('sk_test_src', catalog);
    await open(t, 'sk_test_src').readCatalog();
    const paths = t.emulator.requests().map((r) => r.path.split('?')[0]);
    expect(new Set(paths)).toEqual(new Set(['/v1/products', '/v1/prices', '/v1/plans', '/v1/coupons', '/v1/billing/meters', '/v1/promotion_codes', '/v1/tax_rates', '/v1/shipping_rates', '/v1/entitlements/features']));
  } finally {
    await t.emulator.close();
  }
});

test('with features in the account, attachments are read with one list call per product', async () => {
  const t = await startTestEmulator();
  try {
    t.emulator.seed('sk_test_src', catalog);
    const stripe = t.client('sk_test_src');
    const feature = await stripe.entitlements.features.create({ name: 'SSO', lookup_key: 'sso' });
    await stripe.products.createFeature(catalog.products[0]!.id, { entitlement_feature: feature.id });
    const before = t.emulator.requests().length;
    const read = await open(t, 'sk_test_src').readCatalog();
    const attachmentLists = t.emulator.requests().slice(before).filter((r) => /^\/v1\/products\/[^/?]+\/features/.test(r.path));
    expect(attachmentLists).toHaveLength(catalog.products.length);
    expect(read.products.find((p) => p.id === catalog.products[0]!.id)?.features).toEqual([feature.id]);
  } finally {
    await t.emulator.close();
  }
});

test('a key Stripe does not know fails as an authentication error that names the variable, not the key', async () => {
  const t = await startTestEmulator();
  try {
    const error = await open(t, 'sk_test_').account().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StripeApiError);
    const apiError = error as StripeApiError;
    expect(apiError.details.category).toBe('authentication');
    expect(apiError.hint).toContain('STRIPE_SANDBOX_KEY');
  } finally {
    await t.emulator.close();
  }
});

test('a 500 storm ends in an api error that keeps the request id and says re-running is safe', async () => {
  const t = await startTestEmulator({ faults: { 'error-500': 1 } });
  try {
    const error = (await open(t, 'sk_test_src').account().catch((e: unknown) => e)) as StripeApiError;
    expect(error).toBeInstanceOf(StripeApiError);
    expect(error.details.category).toBe('api');
    expect(error.details.requestId).toMatch(/^req_/);
    expect(error.hint).toMatch(/safe/);
  } finally {
    await t.emulator.close();
  }
}, 60_000);

test('an unreachable API base is a connection error naming the address', async () => {
  const gateway = createGateway({ apiKey: 'sk_test_src', mode: 'test', keyVariable: 'STRIPE_SANDBOX_KEY', apiBase: 'http://127.0.0.1:9' });
  const error = (await gateway.account().catch((e: unknown) => e)) as StripeApiError;
  expect(error.details.category).toBe('connection');
  expect(error.hint).toContain('http://127.0.0.1:9');
}, 60_000);
