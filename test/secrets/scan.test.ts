/**
 * No secret leaves the tool: every command, run with real-looking keys (built here at run time, never written
 * in a file), on its happy path and on its refusals, is scanned — stdout, stderr, and every file it wrote (plan,
 * journal, audit log, id map, manifests, the demo's working folder). Nothing key-shaped may appear.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containsKeyShaped } from '../../src/util/redact.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate, type CliResult } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';

/** A key as long and as random-looking as a real one, assembled so that no file holds it. */
function realLookingKey(prefix: string, salt: string): string {
  return `${prefix}_` + `${salt}Zq7Kx9Lm2Np4Rt6Vw8Yb1Dc3Fg5Hj0`.slice(0, 28);
}

const SANDBOX = realLookingKey('sk_test', 'S');
const LIVE = realLookingKey('sk_live', 'L');
const RESTRICTED = realLookingKey('rk_live', 'R');
const PUBLISHABLE = realLookingKey('pk_live', 'P');
const WEBHOOK_SECRET = realLookingKey('whsec', 'W');
const ALL_KEYS = [SANDBOX, LIVE, RESTRICTED, PUBLISHABLE, WEBHOOK_SECRET];

/** Everything key-shaped: the shared detector, plus the exact values in any prefix-stripped form. */
function leaks(text: string): string[] {
  const found: string[] = [];
  if (containsKeyShaped(text)) found.push(...(text.match(/\b(sk|rk|pk)_(test|live)_[0-9A-Za-z]+|\bwhsec_[0-9A-Za-z]+/g) ?? []));
  // The emulator names an account after its key (acct_<body>); a real account id has nothing to do with the key.
  for (const key of ALL_KEYS) if (new RegExp(`(?<!acct_)${key.slice(key.lastIndexOf('_') + 1)}`).test(text)) found.push(`the body of ${key.slice(0, 8)}…`);
  return found;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

let t: TestEmulator;
let cwd: string;
let echo: Server;
let echoUrl: string;
const outputs: { label: string; result: CliResult }[] = [];
const env = (patch: NodeJS.ProcessEnv = {}) => ({ STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: t.url, ...patch });

async function run(label: string, args: string[], environment: NodeJS.ProcessEnv = env()): Promise<CliResult> {
  const result = await runMigrate(args, { env: environment, cwd });
  outputs.push({ label, result });
  return result;
}

beforeAll(async () => {
  t = await startTestEmulator({ readOnlyKeys: [RESTRICTED] });
  t.emulator.seed(SANDBOX, generateCatalog({ seed: 11, products: 6 }));
  cwd = await mkdtemp(join(tmpdir(), 'migrate-secrets-'));
  // The worst API imaginable: it repeats the caller's whole key back in its error message.
  echo = createServer((req, res) => {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${String(req.headers.authorization).replace(/^Bearer /, '')}` } }));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await t.emulator.close();
  echo.closeAllConnections();
  await new Promise((resolve) => echo.close(resolve));
});

test('every command, on success and on refusal, writes nothing key-shaped anywhere', async () => {
  // The happy path of each command.
  expect((await run('export', ['export', '--out', 'manifests'])).code).toBe(0);
  expect((await run('validate', ['validate', '--manifests', 'manifests', '--json'])).code).toBe(0);
  expect((await run('plan', ['plan', '--out', 'plan.yaml'])).code).toBe(0);
  expect((await run('plan --json', ['plan', '--out', 'plan-json.yaml', '--json'])).code).toBe(0);
  expect((await run('apply', ['apply', 'plan.yaml', '--yes'])).code).toBe(0);
  expect((await run('apply again', ['apply', 'plan.yaml', '--yes', '--json'])).code).toBe(0);
  expect((await run('plan from manifests', ['plan', '--from', 'manifests', '--out', 'from-manifests.yaml', '--detailed-exitcode'])).code).toBe(0);
  expect((await run('drift', ['drift'])).code).toBe(0);
  expect((await run('drift sandbox', ['drift', '--against', 'sandbox', '--json'])).code).toBe(0);
  const demo = await run('demo', ['demo', '--keep', '--json']);
  expect(demo.code).toBe(0);

  // Refusals, where a key is most likely to slip into a message.
  const refusals: [string, string[], NodeJS.ProcessEnv][] = [
    ['live key as source', ['plan'], env({ STRIPE_SANDBOX_KEY: LIVE })],
    ['test key as target', ['plan'], env({ STRIPE_LIVE_KEY: SANDBOX })],
    ['publishable key', ['plan'], env({ STRIPE_LIVE_KEY: PUBLISHABLE })],
    ['webhook secret as a key', ['plan'], env({ STRIPE_SANDBOX_KEY: WEBHOOK_SECRET })],
    ['key with a typo appended', ['plan', '--debug'], env({ STRIPE_LIVE_KEY: `${LIVE}-x` })],
    ['key passed as a flag', ['plan', '--api-key', LIVE], env()],
    ['key passed as a command', [LIVE], env()],
    ['API echoes the key', ['plan', '--debug'], env({ STRIPE_API_BASE: echoUrl })],
    ['API echoes the key to apply', ['apply', 'plan.yaml', '--yes', '--json'], env({ STRIPE_API_BASE: echoUrl })],
    ['API echoes the key to export', ['export', '--out', 'elsewhere', '--debug'], env({ STRIPE_API_BASE: echoUrl })],
    ['key in STRIPE_API_BASE', ['plan'], env({ STRIPE_API_BASE: `http://${LIVE}@127.0.0.1:1/` })],
  ];
  for (const [label, args, environment] of refusals) expect({ label, code: (await run(label, args, environment)).code }).toEqual({ label, code: 1 });
  // A restricted key without write permission: the plan works, the apply is refused by the API, per change.
  expect((await run('restricted plan', ['plan', '--out', 'restricted.yaml'], env({ STRIPE_LIVE_KEY: RESTRICTED }))).code).toBe(0);
  expect((await run('restricted apply', ['apply', 'restricted.yaml', '--yes'], env({ STRIPE_LIVE_KEY: RESTRICTED }))).code).toBe(1);

  // The scan can see a key: the echoing API did put the live key into a message, which arrived masked.
  const echoed = outputs.find((o) => o.label === 'API echoes the key')!.result.stderr;
  expect(echoed).toMatch(/Invalid API Key provided: sk_test_\*{4}/);

  const found: Record<string, string[]> = {};
  for (const { label, result } of outputs) {
    const hits = leaks(`${result.stdout}\n${result.stderr}`);
    if (hits.length > 0) found[`output of ${label}`] = hits;
  }
  const demoDir = (JSON.parse(demo.stdout) as { workDir: string }).workDir;
  const written = [...(await filesUnder(cwd)), ...(await filesUnder(demoDir))];
  // What apply leaves behind must be among what was scanned.
  for (const name of ['plan.yaml', 'plan.yaml.journal.jsonl', 'plan.yaml.audit.jsonl', 'plan.yaml.idmap.json', join('manifests', 'products.yaml')]) {
    expect(written).toContain(join(cwd, name));
    expect((await stat(join(cwd, name))).size).toBeGreaterThan(0);
  }
  for (const file of written) {
    const hits = leaks(await readFile(file, 'utf8'));
    if (hits.length > 0) found[file] = hits;
  }
  expect(found).toEqual({});
}, 120_000);

test('a key stored in a sandbox object stops plan and export before any file is written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-secrets-meta-'));
  const sandbox = realLookingKey('sk_test', 'M');
  const product = generateCatalog({ seed: 2, products: 1 }).products[0]!;
  t.emulator.seed(sandbox, { products: [{ ...product, default_price: null, metadata: { note: `webhook ${WEBHOOK_SECRET}` } }] });
  const environment = env({ STRIPE_SANDBOX_KEY: sandbox });

  const plan = await runMigrate(['plan', '--out', 'plan.yaml', '--json'], { env: environment, cwd: dir });
  expect(plan.code).toBe(1);
  expect(JSON.parse(plan.stdout).error.code).toBe('secret_in_output');
  const exported = await runMigrate(['export', '--out', 'manifests'], { env: environment, cwd: dir });
  expect(exported.code).toBe(1);
  expect(exported.stderr).toMatch(/looks like a Stripe key[\s\S]*hint: Remove the key/);
  expect(await readdir(dir)).toEqual([]);
  expect(leaks(`${plan.stdout}${plan.stderr}${exported.stdout}${exported.stderr}`)).toEqual([]);
});
