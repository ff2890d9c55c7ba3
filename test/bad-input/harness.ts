/**
 * The bad-input harness: each case prepares a working folder, runs one CLI command in-process and must end with
 * exit 1, a message that says what to do, no stack trace (unless `--debug`), and no write accepted by any API the
 * run could reach — the emulator's request log and the misbehaving fake APIs' logs are the witnesses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { cp, mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate, type CliResult } from '../support/cli.js';

/** How a fake Stripe misbehaves: every request it gets is answered (or not) this way. */
export type FakeBehaviour = 'html' | 'unauthorized' | 'not-found' | 'server-error' | 'bad-gateway-html' | 'hang' | 'empty-json';

export interface FakeRequest {
  method: string;
  path: string;
}

const ANSWERS: Record<Exclude<FakeBehaviour, 'hang'>, { status: number; type: string; body: string }> = {
  html: { status: 200, type: 'text/html', body: '<!doctype html><html><body><h1>Welcome to our captive portal</h1></body></html>' },
  unauthorized: {
    status: 401,
    type: 'application/json',
    body: JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_live_****oops' } }),
  },
  'not-found': {
    status: 404,
    type: 'application/json',
    body: JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL (GET: /v1/account).' } }),
  },
  'server-error': { status: 500, type: 'application/json', body: JSON.stringify({ error: { type: 'api_error', message: 'Sorry, something went wrong.' } }) },
  'bad-gateway-html': { status: 502, type: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>' },
  'empty-json': { status: 200, type: 'application/json', body: '' },
};

export interface FakeApi {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeApi(behaviour: FakeBehaviour): Promise<FakeApi> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
    req.resume();
    // A hanging API never answers; the client's timeout (STRIPE_TIMEOUT_MS) has to end the wait.
    if (behaviour === 'hang') return;
    const answer = ANSWERS[behaviour];
    res.writeHead(answer.status, { 'Content-Type': answer.type, 'Request-Id': 'req_fake' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on: a server is opened to get a free port, then closed. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** What every case can reach: the emulator, the fake APIs, and a fresh working folder of its own. */
export interface World {
  emulator: TestEmulator;
  fakes: Record<FakeBehaviour, FakeApi>;
  refused: string;
  /** The case's own folder; holds `plan.yaml` (sandbox `acct_badsrc` → live `acct_baddst`) and `manifests/`. */
  cwd: string;
  /** Keys and `STRIPE_API_BASE` of the healthy setup. */
  env: NodeJS.ProcessEnv;
}

export interface BadInputCase {
  name: string;
  setup?: (world: World) => Promise<void>;
  args: string[];
  /** Defaults to `world.env`. */
  env?: (world: World) => NodeJS.ProcessEnv;
  expect: {
    /** The message, including the part that tells the person what to do (stderr; stdout too for `validate`, whose problems are its result). */
    message: RegExp;
    /** A restricted key's writes reach the API and are refused there (403): attempts are allowed, acceptances not. */
    refusedWritesAllowed?: boolean;
  };
}

export const SANDBOX_KEY = 'sk_test_badsrc';
export const LIVE_KEY = 'sk_live_baddst';

export async function startWorld(seed: (emulator: TestEmulator) => void, emulatorOptions: Parameters<typeof startTestEmulator>[0] = {}): Promise<Omit<World, 'cwd'> & { template: string; close(): Promise<void> }> {
  const emulator = await startTestEmulator(emulatorOptions);
  seed(emulator);
  const behaviours: FakeBehaviour[] = ['html', 'unauthorized', 'not-found', 'server-error', 'bad-gateway-html', 'hang', 'empty-json'];
  const fakes = Object.fromEntries(await Promise.all(behaviours.map(async (b) => [b, await startFakeApi(b)] as const))) as Record<FakeBehaviour, FakeApi>;
  const env = { STRIPE_SANDBOX_KEY: SANDBOX_KEY, STRIPE_LIVE_KEY: LIVE_KEY, STRIPE_API_BASE: emulator.url };
  const template = await mkdtemp(join(tmpdir(), 'migrate-bad-input-'));
  await cp(join(process.cwd(), 'manifests'), join(template, 'manifests'), { recursive: true });
  const planned = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd: template });
  if (planned.code !== 0) throw new Error(`setup plan failed: ${planned.stderr}`);
  return {
    emulator,
    fakes,
    refused: await refusedUrl(),
    env,
    template,
    close: async () => {
      await emulator.emulator.close();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
    },
  };
}

/** A write an API accepted: any non-GET that was not refused (a reset after commit counts: it committed). */
function accepted(entry: { method: string; status: number; fault?: string }): boolean {
  return entry.method !== 'GET' && (entry.status < 400 || entry.fault === 'reset-after-commit');
}

export interface CaseOutcome extends CliResult {
  writesAttempted: number;
  writesAccepted: number;
}

/** Runs one case in a fresh copy of the template folder and counts what it sent to every API. */
export async function runCase(world: Omit<World, 'cwd'> & { template: string }, badCase: BadInputCase, extraArgs: string[] = []): Promise<CaseOutcome> {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-bad-case-'));
  await cp(world.template, cwd, { recursive: true });
  const full: World = { ...world, cwd };
  await badCase.setup?.(full);
  const emulatorBefore = world.emulator.emulator.requests().length;
  const fakeBefore = Object.values(world.fakes).map((fake) => fake.requests.length);
  const result = await runMigrate([...badCase.args, ...extraArgs], { env: (badCase.env ?? ((w) => w.env))(full), cwd });
  const sent = [
    ...world.emulator.emulator.requests().slice(emulatorBefore),
    // The fakes never answer a write with success, but every request they saw is counted as one the run sent.
    ...Object.values(world.fakes).flatMap((fake, i) => fake.requests.slice(fakeBefore[i]).map((r) => ({ ...r, status: 200 }))),
  ];
  const writes = sent.filter((entry) => entry.method !== 'GET');
  return { ...result, writesAttempted: writes.length, writesAccepted: writes.filter(accepted).length };
}
