/**
 * The bad-input corpus: keys, plan files, manifests, flags and a misbehaving API. Every case must end with
 * exit 1, a message that says what to do, no stack trace without `--debug`, and no write accepted anywhere.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runMigrate } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';
import { LIVE_KEY, SANDBOX_KEY, runCase, startWorld, type BadInputCase, type World } from './harness.js';

const READ_ONLY_KEY = 'rk_live_readonly';
const catalog = generateCatalog({ seed: 3, products: 3 });

let world: Awaited<ReturnType<typeof startWorld>>;

beforeAll(async () => {
  world = await startWorld(
    (t) => {
      t.emulator.seed(SANDBOX_KEY, catalog);
    },
    { readOnlyKeys: [READ_ONLY_KEY] },
  );
}, 60_000);

afterAll(async () => {
  await world.close();
});

/** Rewrites `plan.yaml` in the case's folder into `name`; the edit must change something. */
async function editPlan(w: World, name: string, edit: (text: string) => string): Promise<void> {
  const text = await readFile(join(w.cwd, 'plan.yaml'), 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit for ${name} changed nothing`);
  await writeFile(join(w.cwd, name), edited);
}

const withApi = (url: (w: World) => string) => (w: World) => ({ ...w.env, STRIPE_API_BASE: url(w), STRIPE_TIMEOUT_MS: '300' });
const withEnv = (patch: NodeJS.ProcessEnv) => (w: World) => {
  const env = { ...w.env, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete env[key];
  return env;
};

const KEYS: BadInputCase[] = [
  { name: 'sandbox key not set', args: ['plan'], env: withEnv({ STRIPE_SANDBOX_KEY: undefined }), expect: { message: /STRIPE_SANDBOX_KEY is not set[\s\S]*hint: Export STRIPE_SANDBOX_KEY/ } },
  { name: 'sandbox key empty', args: ['plan'], env: withEnv({ STRIPE_SANDBOX_KEY: '' }), expect: { message: /STRIPE_SANDBOX_KEY is not set[\s\S]*hint: Export/ } },
  { name: 'sandbox key only spaces', args: ['export'], env: withEnv({ STRIPE_SANDBOX_KEY: '   ' }), expect: { message: /STRIPE_SANDBOX_KEY is not set/ } },
  { name: 'sandbox key malformed', args: ['plan'], env: withEnv({ STRIPE_SANDBOX_KEY: 'hunter2' }), expect: { message: /does not hold a Stripe API key[\s\S]*hint: .*Copy it again/ } },
  { name: 'sandbox key with a stray dash', args: ['plan'], env: withEnv({ STRIPE_SANDBOX_KEY: 'sk_test-badsrc' }), expect: { message: /does not hold a Stripe API key/ } },
  { name: 'live key as the source without --source-mode live', args: ['plan'], env: withEnv({ STRIPE_SANDBOX_KEY: 'sk_live_badsrc' }), expect: { message: /live-mode key where a test-mode key belongs[\s\S]*--source-mode live/ } },
  { name: 'live key as the export source without --source-mode live', args: ['export'], env: withEnv({ STRIPE_SANDBOX_KEY: 'sk_live_badsrc' }), expect: { message: /--source-mode live/ } },
  { name: 'publishable key as the source', args: ['plan'], env: withEnv({ STRIPE_SANDBOX_KEY: 'pk_test_badsrc' }), expect: { message: /publishable key[\s\S]*hint: Use a secret/ } },
  { name: 'live key not set', args: ['plan'], env: withEnv({ STRIPE_LIVE_KEY: undefined }), expect: { message: /STRIPE_LIVE_KEY is not set/ } },
  { name: 'test key as the target', args: ['plan'], env: withEnv({ STRIPE_LIVE_KEY: 'sk_test_baddst' }), expect: { message: /test-mode key where a live-mode key belongs[\s\S]*--target-mode test/ } },
  { name: 'test key as the apply target', args: ['apply', 'plan.yaml', '--yes'], env: withEnv({ STRIPE_LIVE_KEY: 'sk_test_baddst' }), expect: { message: /live-mode key belongs/ } },
  { name: 'publishable live key as the apply target', args: ['apply', 'plan.yaml', '--yes'], env: withEnv({ STRIPE_LIVE_KEY: 'pk_live_baddst' }), expect: { message: /publishable key/ } },
  { name: 'drift against live without a live key', args: ['drift'], env: withEnv({ STRIPE_LIVE_KEY: undefined }), expect: { message: /STRIPE_LIVE_KEY is not set[\s\S]*Export/ } },
  {
    name: 'restricted key without write permission',
    setup: async (w) => {
      const planned = await runMigrate(['plan', '--out', 'restricted.yaml'], { env: { ...w.env, STRIPE_LIVE_KEY: READ_ONLY_KEY }, cwd: w.cwd });
      if (planned.code !== 0) throw new Error(planned.stderr);
    },
    args: ['apply', 'restricted.yaml', '--yes'],
    env: withEnv({ STRIPE_LIVE_KEY: READ_ONLY_KEY }),
    expect: { message: /'[a-z_]+' permission would allow[\s\S]*hint: .*grant it to the restricted key/, refusedWritesAllowed: true },
  },
];

const PLAN_FILES: BadInputCase[] = [
  { name: 'plan file missing', args: ['apply', 'nowhere.yaml', '--yes'], expect: { message: /no plan file at nowhere\.yaml[\s\S]*Run `migrate plan` first/ } },
  { name: 'plan file empty', setup: (w) => writeFile(join(w.cwd, 'empty.yaml'), ''), args: ['apply', 'empty.yaml', '--yes'], expect: { message: /empty[\s\S]*migrate plan/ } },
  {
    name: 'plan file truncated',
    setup: (w) => editPlan(w, 'cut.yaml', (text) => text.slice(0, Math.floor(text.length * 0.6))),
    args: ['apply', 'cut.yaml', '--yes'],
    expect: { message: /cut short[\s\S]*migrate plan/ },
  },
  { name: 'plan file is not YAML', setup: (w) => writeFile(join(w.cwd, 'junk.yaml'), '{{{ not: [yaml\n::: at all'), args: ['apply', 'junk.yaml', '--yes'], expect: { message: /not valid YAML|not a plan/ } },
  { name: 'plan file is binary', setup: (w) => writeFile(join(w.cwd, 'bin.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])), args: ['apply', 'bin.yaml', '--yes'], expect: { message: /binary[\s\S]*migrate plan/ } },
  { name: 'plan file is a YAML list', setup: (w) => writeFile(join(w.cwd, 'list.yaml'), '- a\n- b\n'), args: ['apply', 'list.yaml', '--yes'], expect: { message: /not a plan file[\s\S]*migrate plan/ } },
  { name: 'plan file is a manifest', setup: async (w) => writeFile(join(w.cwd, 'products.yaml'), await readFile(join(w.cwd, 'manifests', 'products.yaml'))), args: ['apply', 'products.yaml', '--yes'], expect: { message: /not a plan file|no formatVersion/ } },
  {
    name: 'plan of an unknown format version',
    setup: (w) => editPlan(w, 'future.yaml', (text) => text.replace('formatVersion: 1', 'formatVersion: 99')),
    args: ['apply', 'future.yaml', '--yes'],
    expect: { message: /format 99[\s\S]*hint: Run `migrate plan` again/ },
  },
  {
    name: 'plan edited after review',
    setup: (w) => editPlan(w, 'edited.yaml', (text) => text.replace(/(\n {6,}name: )(.+)/, '$1Edited $2')),
    args: ['apply', 'edited.yaml', '--yes'],
    expect: { message: /edited after it was computed[\s\S]*migrate plan/ },
  },
  {
    name: 'plan whose summary was edited',
    setup: (w) => editPlan(w, 'summary.yaml', (text) => text.replace(/(\n {2}create: )(\d+)/, (_m, head: string, n: string) => `${head}${Number(n) + 1}`)),
    args: ['apply', 'summary.yaml', '--yes'],
    expect: { message: /edited after it was computed/ },
  },
  {
    name: 'plan for another account',
    setup: (w) => editPlan(w, 'other.yaml', (text) => text.replace(/acct_baddst/g, 'acct_someoneelse')),
    args: ['apply', 'other.yaml', '--yes'],
    expect: { message: /computed for acct_someoneelse[\s\S]*hint: Use the key of the account/ },
  },
  {
    name: 'plan for live applied with a key of another live account',
    args: ['apply', 'plan.yaml', '--yes'],
    env: withEnv({ STRIPE_LIVE_KEY: 'sk_live_elsewhere' }),
    expect: { message: /computed for acct_baddst but STRIPE_LIVE_KEY belongs to acct_elsewhere/ },
  },
  {
    name: 'stale plan: live changed after planning',
    setup: async (w) => {
      const env = { ...w.env, STRIPE_LIVE_KEY: 'sk_live_stale' };
      await w.emulator.client('sk_live_stale').products.create({ id: catalog.products[0]!.id, name: 'Made by hand' });
      const planned = await runMigrate(['plan', '--out', 'stale.yaml'], { env, cwd: w.cwd });
      if (planned.code !== 0) throw new Error(planned.stderr);
      await w.emulator.client('sk_live_stale').products.update(catalog.products[0]!.id, { name: 'Renamed again in the Dashboard' });
    },
    args: ['apply', 'stale.yaml', '--yes'],
    env: withEnv({ STRIPE_LIVE_KEY: 'sk_live_stale' }),
    expect: { message: /Live changed since the plan was computed[\s\S]*Run `migrate plan` again/ },
  },
  { name: 'apply without a TTY and without --yes', args: ['apply', 'plan.yaml'], expect: { message: /no terminal to ask on[\s\S]*--yes/ } },
  { name: 'plan path is a folder', setup: (w) => mkdir(join(w.cwd, 'folder.yaml')), args: ['apply', 'folder.yaml', '--yes'], expect: { message: /folder\.yaml is a folder[\s\S]*hint: / } },
];

const INVALID_PRODUCT = 'products:\n  - id: prod_x\n    name: 42\n    colour: blue\n';

const MANIFESTS: BadInputCase[] = [
  { name: 'plan from a manifests folder that does not exist', args: ['plan', '--from', 'manifests', '--manifests', 'nope'], expect: { message: /nope[\s\S]*(hint|validate)/ } },
  {
    name: 'plan from manifests with broken YAML',
    setup: (w) => writeFile(join(w.cwd, 'manifests', 'products.yaml'), 'products:\n  - id: prod_x\n   name: [unclosed\n'),
    args: ['plan', '--from', 'manifests'],
    expect: { message: /products\.yaml:\d+[\s\S]*migrate validate/ },
  },
  {
    name: 'plan from manifests with schema errors',
    setup: (w) => writeFile(join(w.cwd, 'manifests', 'products.yaml'), INVALID_PRODUCT),
    args: ['plan', '--from', 'manifests'],
    expect: { message: /products\.yaml:\d+[\s\S]*migrate validate/ },
  },
  {
    name: 'drift with invalid manifests',
    setup: (w) => writeFile(join(w.cwd, 'manifests', 'products.yaml'), INVALID_PRODUCT),
    args: ['drift'],
    expect: { message: /drift needs valid manifests[\s\S]*migrate validate/ },
  },
  {
    name: 'validate a folder with a price of an unknown product',
    setup: (w) => writeFile(join(w.cwd, 'manifests', 'prices.yaml'), 'prices:\n  - id: price_x\n    product: prod_nowhere\n    currency: usd\n    unit_amount: 100\n'),
    args: ['validate'],
    expect: { message: /prices\.yaml:\d+:\d+[\s\S]*prod_nowhere/ },
  },
  {
    name: 'export over a manifest that is not valid YAML',
    setup: (w) => writeFile(join(w.cwd, 'manifests', 'coupons.yaml'), 'coupons: [\n'),
    args: ['export'],
    expect: { message: /coupons\.yaml:\d+:\d+[\s\S]*hint: Fix the YAML/ },
  },
];

const FLAGS: BadInputCase[] = [
  { name: 'no command', args: [], expect: { message: /Name a command[\s\S]*migrate --help/ } },
  { name: 'unknown command', args: ['deploy'], expect: { message: /(deploy|Did you mean)[\s\S]*migrate --help/ } },
  { name: 'unknown flag', args: ['plan', '--frm', 'sandbox'], expect: { message: /frm[\s\S]*migrate --help/ } },
  { name: 'bad choice for --from', args: ['plan', '--from', 'bucket'], expect: { message: /bucket[\s\S]*migrate --help/ } },
  { name: 'bad choice for --target-mode', args: ['plan', '--target-mode', 'prod'], expect: { message: /prod[\s\S]*migrate --help/ } },
  { name: 'a key passed as a flag', args: ['plan', '--api-key', 'sk_live_baddst'], expect: { message: /api-key[\s\S]*migrate --help/ } },
  { name: 'two plan files to apply', args: ['apply', 'a.yaml', 'b.yaml', '--yes'], expect: { message: /migrate --help/ } },
  { name: 'STRIPE_API_BASE is not a URL', args: ['plan'], env: withEnv({ STRIPE_API_BASE: 'localhost 12111' }), expect: { message: /STRIPE_API_BASE is not a URL[\s\S]*hint: Use a URL/ } },
  { name: 'STRIPE_API_BASE with another protocol', args: ['plan'], env: withEnv({ STRIPE_API_BASE: 'ftp://127.0.0.1:21' }), expect: { message: /http or https/ } },
  { name: 'STRIPE_TIMEOUT_MS not a number', args: ['plan'], env: withEnv({ STRIPE_TIMEOUT_MS: 'soon' }), expect: { message: /STRIPE_TIMEOUT_MS[\s\S]*hint: Use for example/ } },
];

const API: BadInputCase[] = [
  { name: 'API answers HTML instead of JSON', args: ['plan'], env: withApi((w) => w.fakes.html.url), expect: { message: /reading the account failed[\s\S]*hint: / } },
  { name: 'API answers an empty body', args: ['export'], env: withApi((w) => w.fakes['empty-json'].url), expect: { message: /failed[\s\S]*hint: / } },
  { name: 'API answers 401', args: ['plan'], env: withApi((w) => w.fakes.unauthorized.url), expect: { message: /Invalid API Key[\s\S]*hint: Stripe did not accept the key in STRIPE_SANDBOX_KEY/ } },
  { name: 'API answers 401 to apply', args: ['apply', 'plan.yaml', '--yes'], env: withApi((w) => w.fakes.unauthorized.url), expect: { message: /hint: Stripe did not accept the key in STRIPE_LIVE_KEY/ } },
  { name: 'API answers 404', args: ['drift'], env: withApi((w) => w.fakes['not-found'].url), expect: { message: /Unrecognized request URL[\s\S]*hint: / } },
  { name: 'API answers 500 to everything', args: ['plan'], env: withApi((w) => w.fakes['server-error'].url), expect: { message: /something went wrong[\s\S]*hint: .*[Rr]e-running is safe/ } },
  { name: 'API answers 500 to apply', args: ['apply', 'plan.yaml', '--yes'], env: withApi((w) => w.fakes['server-error'].url), expect: { message: /hint: .*[Rr]e-running is safe/ } },
  { name: 'proxy answers 502 with HTML', args: ['plan'], env: withApi((w) => w.fakes['bad-gateway-html'].url), expect: { message: /failed[\s\S]*hint: / } },
  { name: 'API never answers (timeout)', args: ['plan'], env: withApi((w) => w.fakes.hang.url), expect: { message: /failed[\s\S]*hint: Could not reach http:\/\/127\.0\.0\.1/ } },
  { name: 'API never answers apply (timeout)', args: ['apply', 'plan.yaml', '--yes'], env: withApi((w) => w.fakes.hang.url), expect: { message: /hint: Could not reach/ } },
  { name: 'connection refused', args: ['plan'], env: withApi((w) => w.refused), expect: { message: /failed[\s\S]*hint: Could not reach http:\/\/127\.0\.0\.1:\d+. Check the network and STRIPE_API_BASE/ } },
  { name: 'connection refused on drift against the sandbox', args: ['drift', '--against', 'sandbox'], env: withApi((w) => w.refused), expect: { message: /Could not reach/ } },
];

const CASES = [...KEYS, ...PLAN_FILES, ...MANIFESTS, ...FLAGS, ...API];

test('the corpus has at least 40 cases with distinct names', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

test.each(CASES.map((c) => [c.name, c] as const))('%s: exit 1, a hint, no stack, no write', async (_name, badCase) => {
  const outcome = await runCase(world, badCase);
  const output = badCase.args[0] === 'validate' ? `${outcome.stdout}\n${outcome.stderr}` : outcome.stderr;
  expect({ code: outcome.code, output }).toEqual({ code: 1, output: expect.stringMatching(badCase.expect.message) });
  expect(`${outcome.stdout}\n${outcome.stderr}`).not.toMatch(/^\s+at /m);
  expect(outcome.stderr).not.toMatch(/unexpected failure/);
  expect(outcome.writesAccepted).toBe(0);
  if (!badCase.expect.refusedWritesAllowed) expect(outcome.writesAttempted).toBe(0);
}, 30_000);

test('--debug adds the stack trace to a refusal', async () => {
  const outcome = await runCase(world, { name: 'debug', args: ['apply', 'nowhere.yaml', '--yes'], expect: { message: /./ } }, ['--debug']);
  expect(outcome.code).toBe(1);
  expect(outcome.stderr).toMatch(/^\s+at /m);
});

test('--json refusals carry the code and the hint in the one JSON object', async () => {
  const outcome = await runCase(world, { name: 'json', args: ['apply', 'plan.yaml', '--yes', '--json'], env: withEnv({ STRIPE_LIVE_KEY: 'sk_test_baddst' }), expect: { message: /./ } });
  expect(outcome.code).toBe(1);
  expect(JSON.parse(outcome.stdout).error).toMatchObject({ code: 'key_wrong_mode', hint: expect.stringContaining('--target-mode') });
});
