/**
 * `migrate doctor` and `migrate apply --include webhooks` end to end against the emulator, as a user runs them:
 * doctor names what live lacks, apply creates it and shows each signing secret once, doctor then passes. Keys and
 * secrets must never reach the report, and the secret must reach no file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalPathFor } from '../../src/apply/journal.js';
import { parsePlan } from '../../src/plan/planfile.js';
import { STRIPE_API_VERSION } from '../../src/stripe/client.js';
import { containsKeyShaped } from '../../src/util/redact.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate, type CliResult } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';
import type { JsonCheck } from './json-check.js';

let stripe: TestEmulator;

const ORDERS_HOOK = { url: 'https://shop.example.com/hooks/orders', enabled_events: ['checkout.session.completed', 'invoice.paid'] };
const CATALOG_HOOK = { url: 'https://shop.example.com/hooks/catalog', enabled_events: ['price.updated', 'product.updated'] };

beforeAll(async () => {
  stripe = await startTestEmulator();
});

afterAll(async () => {
  await stripe.emulator.close();
});

function envFor(sandbox: string, live: string): NodeJS.ProcessEnv {
  return { STRIPE_SANDBOX_KEY: sandbox, STRIPE_LIVE_KEY: live, STRIPE_API_BASE: stripe.url };
}

/** A git repository whose tracked files are given; `git add` is enough for `ls-files`, no identity needed. */
async function gitRepo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-doctor-repo-'));
  execFileSync('git', ['init', '-q', dir]);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  execFileSync('git', ['-C', dir, 'add', '.']);
  return dir;
}


function checksOf(result: CliResult): Record<string, JsonCheck> {
  const report = JSON.parse(result.stdout) as { checks: JsonCheck[] };
  return Object.fromEntries(report.checks.map((c) => [c.id, c]));
}

function expectNothingKeyShaped(result: CliResult): void {
  expect(containsKeyShaped(result.stdout)).toBe(false);
  expect(containsKeyShaped(result.stderr)).toBe(false);
}

test('doctor names the missing live webhook endpoint, apply --include webhooks creates it, then every check passes', async () => {
  const [sandbox, live] = ['sk_test_doctorflow', 'sk_live_doctorflow'];
  stripe.emulator.seed(sandbox, {
    ...generateCatalog({ seed: 7, products: 4 }),
    webhookEndpoints: [
      { ...ORDERS_HOOK, api_version: STRIPE_API_VERSION, description: 'Orders', metadata: { team: 'shop' } },
      { ...CATALOG_HOOK, api_version: STRIPE_API_VERSION },
    ],
  });
  // Live already has the catalog hook (events in another order): only the orders hook is missing.
  stripe.emulator.seed(live, { webhookEndpoints: [{ ...CATALOG_HOOK, enabled_events: [...CATALOG_HOOK.enabled_events].reverse(), api_version: STRIPE_API_VERSION }] });
  const env = envFor(sandbox, live);
  const cwd = await gitRepo({ 'README.md': '# shop\nKeys come from the environment.\n' });

  const before = await runMigrate(['doctor'], { env, cwd });
  expect(before.code).toBe(2);
  expect(before.stdout).toMatch(/^FAIL {2}Webhook endpoints in live: 1 sandbox webhook endpoint/m);
  expect(before.stdout).toContain(`missing in live: ${ORDERS_HOOK.url}`);
  expect(before.stdout).not.toContain(`missing in live: ${CATALOG_HOOK.url}`);
  expect(before.stdout).toContain('--include webhooks');
  expect(before.stdout).toMatch(/^FAIL {2}Live catalog in sync/m);
  expectNothingKeyShaped(before);

  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
  const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--json', '--include', 'webhooks'], { env: { ...env, CI: 'true' }, cwd, stderrIsTTY: true });
  expect(applied.code).toBe(0);
  const secrets = applied.stderr.match(/whsec_[0-9A-Za-z]+/g) ?? [];
  expect(secrets).toHaveLength(1);
  expect(applied.stderr).toContain('Store it in your secret manager now');
  // Shown after the summary, where the run ends, not scrolled past.
  expect(applied.stderr).toContain('Webhook endpoints: 1 created, 0 updated, 1 already in live.');
  expect(applied.stderr.indexOf(secrets[0]!)).toBeGreaterThan(applied.stderr.indexOf('Webhook endpoints: 1 created, 0 updated, 1 already in live.'));
  const report = JSON.parse(applied.stdout);
  expect(report.webhooks.created).toEqual([expect.objectContaining({ url: ORDERS_HOOK.url })]);
  expect(containsKeyShaped(applied.stdout)).toBe(false);

  const liveHooks = await stripe.client(live).webhookEndpoints.list({ limit: 100 });
  const copy = liveHooks.data.find((e) => e.url === ORDERS_HOOK.url)!;
  expect(copy).toMatchObject({ enabled_events: ORDERS_HOOK.enabled_events, api_version: STRIPE_API_VERSION, description: 'Orders', metadata: { team: 'shop' } });

  expect(await readFile(join(cwd, 'plan.yaml.audit.jsonl'), 'utf8')).toContain('"request":"POST /v1/webhook_endpoints"');
  for (const name of await readdir(cwd)) {
    if (name === '.git') continue;
    const text = await readFile(join(cwd, name), 'utf8');
    expect({ name, leaked: text.includes(secrets[0]!) || containsKeyShaped(text) }).toEqual({ name, leaked: false });
  }

  const after = await runMigrate(['doctor', '--json'], { env, cwd });
  const checks = checksOf(after);
  expect(Object.values(checks).filter((c) => c.status !== 'pass')).toEqual([]);
  expect(after.code).toBe(0);
  expectNothingKeyShaped(after);
  const text = await runMigrate(['doctor'], { env, cwd });
  expect(text.stdout).toContain('Ready to go live');
  expect(text.stdout).not.toMatch(/^FAIL/m);

  const again = await runMigrate(['apply', 'plan.yaml', '--yes', '--include', 'webhooks'], { env, cwd });
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('Webhook endpoints: 0 created, 0 updated, 2 already in live.');
  expect(containsKeyShaped(again.stderr)).toBe(false);
});

test('keys of the wrong mode are a failure with the fix, and the other checks still run', async () => {
  const env = envFor('sk_test_doctormode', 'sk_test_doctormodeb');
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-doctor-'));
  const result = await runMigrate(['doctor', '--json'], { env, cwd });
  expect(result.code).toBe(2);
  const checks = checksOf(result);
  expect(checks.keys!.status).toBe('fail');
  expect(checks.keys!.items.join('\n')).toContain('STRIPE_LIVE_KEY holds a test-mode key where a live-mode key belongs');
  expect(checks.keys!.fix).toBe('Put a live-mode secret or restricted key in STRIPE_LIVE_KEY.');
  expect(checks['webhook-parity']!.status).toBe('fail');
  expect(checks['secrets-in-git']).toMatchObject({ status: 'warn', detail: expect.stringContaining('not a git repository') });
  expect(checks.journal).toMatchObject({ status: 'warn', detail: 'no plan file at plan.yaml, so no apply to check' });
  expectNothingKeyShaped(result);

  const text = await runMigrate(['doctor'], { env, cwd });
  expect(text.stdout).toMatch(/^FAIL {2}API keys of the right mode/m);
  expect(text.stdout).toContain('fix: Put a live-mode secret or restricted key in STRIPE_LIVE_KEY.');
  expectNothingKeyShaped(text);
});

test('a key-shaped string in a tracked file is reported by file:line, never shown', async () => {
  // Built from pieces at run time: no key-shaped literal lives in this repository.
  const key = ['sk', 'live', 'Zq'.repeat(14)].join('_');
  const repo = await gitRepo({
    'config.js': `export const region = 'eu';\n\nexport const stripeKey = '${key}';\n`,
    'notes.md': 'Rehearse against the emulator with STRIPE_LIVE_KEY=sk_live_acme.\n',
  });
  const result = await runMigrate(['doctor', '--repo', repo, '--json'], { env: {}, cwd: repo });
  expect(result.code).toBe(2);
  const check = checksOf(result)['secrets-in-git']!;
  expect(check.status).toBe('fail');
  expect(check.items).toEqual(['config.js:3']);
  // A short emulator key is no secret: counted, not reported.
  expect(check.detail).toContain('1 line(s) with short emulator-style keys');
  expect(check.fix).toContain('roll it');
  expect(result.stdout).not.toContain('Zq'.repeat(14));
  expectNothingKeyShaped(result);
});

test('an endpoint without api_version is a warning to pin it', async () => {
  const [sandbox, live] = ['sk_test_doctorversion', 'sk_live_doctorversion'];
  stripe.emulator.seed(sandbox, { webhookEndpoints: [ORDERS_HOOK] });
  stripe.emulator.seed(live, { webhookEndpoints: [ORDERS_HOOK] });
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-doctor-'));
  const check = checksOf(await runMigrate(['doctor', '--json'], { env: envFor(sandbox, live), cwd }))['api-version']!;
  expect(check.status).toBe('warn');
  expect(check.items).toHaveLength(2);
  expect(check.items[0]).toContain('no api_version');
  expect(check.fix).toContain(`Pin api_version on the endpoint`);
});

test('an apply cut short is a failure telling to re-run apply', async () => {
  const [sandbox, live] = ['sk_test_doctorjournal', 'sk_live_doctorjournal'];
  stripe.emulator.seed(sandbox, generateCatalog({ seed: 3, products: 2 }));
  const env = envFor(sandbox, live);
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-doctor-'));
  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);

  const never = checksOf(await runMigrate(['doctor', '--json'], { env, cwd })).journal!;
  expect(never).toMatchObject({ status: 'warn', detail: 'plan.yaml has no journal: it was never applied' });

  // What a SIGKILL between `started` and the response leaves: the first request started, nothing done.
  const plan = parsePlan(await readFile(join(cwd, 'plan.yaml'), 'utf8'), 'plan.yaml');
  const first = plan.changes[0]!;
  const started = { event: 'started', time: new Date(0).toISOString(), plan: plan.contentHash, address: first.address, request: 0, idempotencyKey: 'scm_test', generation: 0 };
  await writeFile(journalPathFor(join(cwd, 'plan.yaml')), `${JSON.stringify(started)}\n`);

  const result = await runMigrate(['doctor'], { env, cwd });
  expect(result.code).toBe(2);
  expect(result.stdout).toMatch(/^FAIL {2}Last apply complete: the last apply of plan.yaml stopped with 1 change\(s\) started but not done/m);
  expect(result.stdout).toContain(first.address);
  expect(result.stdout).toContain('fix: Re-run `migrate apply plan.yaml`');
});

test('without a terminal the new signing secret is not printed at all (it would land in a CI log)', async () => {
  const sandbox = 'sk_test_doctornotty';
  const live = 'sk_live_doctornotty';
  stripe.emulator.seed(sandbox, { webhookEndpoints: [{ ...ORDERS_HOOK }] });
  const env = envFor(sandbox, live);
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-doctor-notty-'));
  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
  const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--include', 'webhooks'], { env, cwd });
  expect(applied.code).toBe(0);
  expect(applied.stderr).not.toMatch(/whsec_/);
  expect(applied.stderr).toContain('is not printed');
  const liveHooks = await stripe.client(live).webhookEndpoints.list({ limit: 100 });
  expect(liveHooks.data.map((e) => e.url)).toContain(ORDERS_HOOK.url);
});
