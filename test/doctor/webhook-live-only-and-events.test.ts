/**
 * Webhook endpoints that differ other than by being missing, end to end against the emulator: a live endpoint the
 * sandbox has no URL for is a doctor warning (not a failure); a live endpoint at a sandbox endpoint's URL with
 * other events is a doctor failure that `apply --include webhooks` settles by updating its events, keeping the
 * endpoint (and so its signing secret) instead of creating a second one at the same URL.
 */
import { mkdtemp } from 'node:fs/promises';
import type Stripe from 'stripe';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRIPE_API_VERSION } from '../../src/stripe/client.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate, type CliResult } from '../support/cli.js';
import type { JsonCheck } from './json-check.js';

let stripe: TestEmulator;

beforeAll(async () => {
  stripe = await startTestEmulator();
});

afterAll(async () => {
  await stripe.emulator.close();
});

const ORDERS = 'https://shop.example.com/hooks/orders';
const LEGACY = 'https://old.example.com/stripe';


function parity(result: CliResult): JsonCheck {
  return (JSON.parse(result.stdout) as { checks: JsonCheck[] }).checks.find((c) => c.id === 'webhook-parity')!;
}

async function setUp(name: string, sandboxHooks: object[], liveHooks: object[]) {
  const [sandbox, live] = [`sk_test_${name}`, `sk_live_${name}`];
  stripe.emulator.seed(sandbox, { webhookEndpoints: sandboxHooks });
  stripe.emulator.seed(live, { webhookEndpoints: liveHooks });
  const env = { STRIPE_SANDBOX_KEY: sandbox, STRIPE_LIVE_KEY: live, STRIPE_API_BASE: stripe.url };
  const cwd = await mkdtemp(join(tmpdir(), `migrate-${name}-`));
  return { env, cwd, live, liveHooks: async () => (await stripe.client(live).webhookEndpoints.list({ limit: 100 })).data };
}

test('a live endpoint at a URL the sandbox does not have is reported as a warning, not a failure', async () => {
  const hook = { url: ORDERS, enabled_events: ['invoice.paid'], api_version: STRIPE_API_VERSION };
  const { env, cwd, liveHooks } = await setUp('hooksliveonly', [hook], [hook, { url: LEGACY, enabled_events: ['charge.succeeded'], api_version: STRIPE_API_VERSION }]);
  const legacyId = (await liveHooks()).find((e) => e.url === LEGACY)!.id;

  const result = await runMigrate(['doctor', '--json'], { env, cwd });
  const check = parity(result);
  expect(check.status).toBe('warn');
  expect(check.items).toEqual([`only in live: ${legacyId} ${LEGACY} (charge.succeeded)`]);
  expect(check.fix).toContain('delete it in the Dashboard');
  expect(result.code).toBe(2);

  const text = await runMigrate(['doctor'], { env, cwd });
  expect(text.stdout).toMatch(/^WARN {2}Webhook endpoints in live: 1 live endpoint\(s\) at a URL the sandbox has no endpoint for/m);
});

test('a live endpoint at the same URL with other events is updated to the sandbox events, not duplicated', async () => {
  const sandboxHook = { url: ORDERS, enabled_events: ['checkout.session.completed', 'invoice.paid'], api_version: STRIPE_API_VERSION };
  const liveHook = { url: ORDERS, enabled_events: ['invoice.paid', 'charge.refunded'], api_version: STRIPE_API_VERSION };
  const { env, cwd, live, liveHooks } = await setUp('hooksevents', [sandboxHook], [liveHook]);
  const [original] = await liveHooks();

  const before = await runMigrate(['doctor', '--json'], { env, cwd });
  expect(parity(before)).toMatchObject({
    status: 'fail',
    items: [`other events in live: ${original!.id} ${ORDERS} — lacks checkout.session.completed; has charge.refunded, the sandbox does not`],
  });

  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
  const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--include', 'webhooks'], { env, cwd });
  expect(applied.code).toBe(0);
  expect(applied.stderr).toContain(`updated the events of live webhook endpoint ${original!.id} for ${ORDERS}`);
  expect(applied.stderr).toContain('Webhook endpoints: 0 created, 1 updated, 0 already in live.');
  // No new endpoint, so no new signing secret to hand out.
  expect(applied.stderr).not.toMatch(/signing secret/i);

  const after = await liveHooks();
  expect(after.map((e) => [e.id, e.url, [...e.enabled_events].sort()])).toEqual([[original!.id, ORDERS, [...sandboxHook.enabled_events].sort()]]);
  expect(parity(await runMigrate(['doctor', '--json'], { env, cwd })).status).toBe('pass');

  const again = await runMigrate(['apply', 'plan.yaml', '--yes', '--include', 'webhooks'], { env, cwd });
  expect(again.stderr).toContain('Webhook endpoints: 0 created, 0 updated, 1 already in live.');
  expect(await liveHooks()).toHaveLength(1);

  // Someone sets the old events back in the Dashboard: the same plan updates them again, not a replayed answer.
  await stripe.client(live).webhookEndpoints.update(original!.id, { enabled_events: liveHook.enabled_events as Stripe.WebhookEndpointUpdateParams.EnabledEvent[] });
  expect((await runMigrate(['apply', 'plan.yaml', '--yes', '--include', 'webhooks'], { env, cwd })).stderr).toContain('0 created, 1 updated');
  expect([...(await liveHooks())[0]!.enabled_events].sort()).toEqual([...sandboxHook.enabled_events].sort());
});

test('a second live endpoint at a URL whose sandbox endpoint has its twin (what an older apply left) is a warning naming it', async () => {
  const hook = { url: ORDERS, enabled_events: ['invoice.paid'], api_version: STRIPE_API_VERSION };
  const { env, cwd, liveHooks } = await setUp('hookssecond', [hook], [hook, { ...hook, enabled_events: ['invoice.paid', 'charge.refunded'] }]);
  const second = (await liveHooks()).find((e) => e.enabled_events.length === 2)!;
  const check = parity(await runMigrate(['doctor', '--json'], { env, cwd }));
  expect(check.status).toBe('warn');
  expect(check.items).toEqual([`second endpoint in live: ${second.id} ${ORDERS} (charge.refunded, invoice.paid)`]);
  expect(check.fix).toContain('delivers the events both take twice');
});
