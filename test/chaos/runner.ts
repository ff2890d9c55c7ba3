/**
 * The chaos runner. Each run: a random sandbox catalog, an emulator with random faults (500s, resets after
 * commit, 429 bursts, lock timeouts) behind a proxy that holds some requests beyond the client's timeout, the
 * built CLI's `plan` and `apply` as child processes, apply killed with SIGKILL at a random moment in some runs,
 * and apply re-run until it succeeds. Then, on a fault-free emulator over the same state: live must equal the
 * desired catalog (a fresh plan has no changes), no object may exist twice, nothing may be missing, and the
 * sandbox must never have been written to.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyCatalog, type Catalog } from '../../src/catalog/types.js';
import { startEmulator, type EmulatorOptions, type EmulatorSwitches, type FaultName, type RunningEmulator } from '../../src/emulator/index.js';
import { computePlan } from '../../src/plan/compute.js';
import type { Plan } from '../../src/plan/types.js';
import { STRIPE_API_VERSION, TOOL_NAME, TOOL_VERSION } from '../../src/stripe/client.js';
import { createGateway } from '../../src/stripe/gateway.js';
import { countObjects, generateCatalog, prng } from '../support/generate-catalog.js';
import { startSpikeProxy } from './spike-proxy.js';

const SANDBOX_KEY = 'sk_test_chaossrc';
const LIVE_KEY = 'sk_live_chaosdst';
/** Enough for any fault mix to give way; a run that needs more has not converged. */
const MAX_APPLY_ATTEMPTS = 25;
/** A child that runs longer than this is hung: killed and reported. */
const ATTEMPT_TIMEOUT_MS = 180_000;

export interface ChaosOptions {
  runs: number;
  seed: number;
  /** The built CLI entry (`dist/src/cli/main.js`). */
  cli: string;
  /** Products per catalog, inclusive. */
  products?: [number, number];
  /** Chance that a run's first apply is killed with SIGKILL; default 0.5. */
  killProbability?: number;
  /** Client timeout in the children (`STRIPE_TIMEOUT_MS`); spikes last longer than it. */
  timeoutMs?: number;
  /** Progress lines (one per run). */
  log?: (line: string) => void;
  /** The emulator's answers to what Stripe does not document (`OTHER_ANSWERS` to rehearse the other ones). */
  switches?: Partial<EmulatorSwitches>;
}

/** What one run found. Invariant: `converged` implies zero duplicates, missing and sandbox writes. */
export interface RunReport {
  run: number;
  seed: number;
  objects: number;
  faults: Partial<Record<FaultName, number>>;
  killed: boolean;
  planAttempts: number;
  applyAttempts: number;
  converged: boolean;
  remainingChanges: string[];
  duplicates: string[];
  missing: string[];
  sandboxWrites: number;
  latencySpikes: number;
  /** Why it did not converge (the last failed command's last error line), when it did not. */
  problem?: string;
}

export interface ChaosSummary {
  runs: number;
  seed: number;
  converged: number;
  duplicates: number;
  missing: number;
  sandboxWrites: number;
  remainingChanges: number;
  reRunsNeeded: { total: number; max: number; byCount: Record<string, number> };
  killed: number;
  objects: number;
  faultsInjected: Record<string, number>;
  latencySpikes: number;
  elapsedMs: number;
  failures: RunReport[];
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(cli: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, killWhen?: () => boolean): Promise<ChildResult> {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
  const hung = setTimeout(() => child.kill('SIGKILL'), ATTEMPT_TIMEOUT_MS);
  const watch = killWhen
    ? setInterval(() => {
        if (killWhen()) child.kill('SIGKILL');
      }, 3)
    : undefined;
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(hung);
      if (watch) clearInterval(watch);
      resolve({ code, signal, stderr });
    }),
  );
}

function lastError(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => /^(error|hint):/.test(line));
  return lines.slice(-2).join(' | ') || stderr.trim().split('\n').slice(-1)[0] || '(no output)';
}

/** Random fault rates for one run: each fault on or off, at a rate that keeps a run to a few re-runs. */
function drawFaults(random: () => number): Partial<Record<FaultName, number>> {
  const rates: Partial<Record<FaultName, number>> = {};
  const ranges: Record<FaultName, [number, number]> = {
    'reset-after-commit': [0.02, 0.12],
    'error-500': [0.02, 0.1],
    'rate-limit': [0.01, 0.06],
    'lock-timeout': [0.01, 0.06],
  };
  for (const [name, [low, high]] of Object.entries(ranges) as [FaultName, [number, number]][]) {
    if (random() < 0.6) rates[name] = Math.round((low + random() * (high - low)) * 1000) / 1000;
  }
  return rates;
}

const planOptions = (sandbox: string, live: string) => ({
  source: { kind: 'account' as const, account: sandbox, mode: 'test' as const },
  target: { kind: 'account' as const, account: live, mode: 'live' as const },
  tool: { name: TOOL_NAME, version: TOOL_VERSION },
  stripeApiVersion: STRIPE_API_VERSION,
});

/**
 * Live objects that should be one but are several: one-time prices, and products or prices Stripe would not
 * create under their ids, are linked to their source by metadata.
 */
export function findDuplicates(live: Catalog): string[] {
  const seen = new Map<string, number>();
  for (const price of live.prices) if (price.link) seen.set(price.link, (seen.get(price.link) ?? 0) + 1);
  const products = new Map<string, number>();
  for (const product of live.products) if (product.link) products.set(product.link, (products.get(product.link) ?? 0) + 1);
  const byId = (items: { id: string }[], type: string) => {
    const ids = new Map<string, number>();
    for (const item of items) ids.set(item.id, (ids.get(item.id) ?? 0) + 1);
    return [...ids].filter(([, n]) => n > 1).map(([id, n]) => `${type}/${id} ×${n}`);
  };
  return [
    ...[...seen].filter(([, n]) => n > 1).map(([link, n]) => `price linked to ${link} ×${n}`),
    ...[...products].filter(([, n]) => n > 1).map(([link, n]) => `product linked to ${link} ×${n}`),
    ...byId(live.products, 'product'),
    ...byId(live.prices, 'price'),
    ...byId(live.coupons, 'coupon'),
  ];
}

/** Everything a plan against an empty live account would create, looked up in live by id or by link. */
export function findMissing(desiredCreates: Plan, live: Catalog): string[] {
  const products = new Set(live.products.flatMap((p) => (p.link ? [p.id, p.link] : [p.id])));
  const coupons = new Set(live.coupons.map((c) => c.id));
  const prices = new Set(live.prices.map((p) => p.id));
  const links = new Set(live.prices.map((p) => p.link).filter((link): link is string => Boolean(link)));
  return desiredCreates.changes
    .filter((change) => change.action === 'create' && !change.address.includes('#'))
    .filter((change) => {
      switch (change.type) {
        case 'product':
          return !products.has(change.id);
        case 'coupon':
          return !coupons.has(change.id);
        case 'price':
          return !(prices.has(change.id) || links.has(change.id));
      }
    })
    .map((change) => change.address);
}

async function withEmulator<T>(options: EmulatorOptions, work: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ port: 0, ...options });
  try {
    return await work(emulator);
  } finally {
    await emulator.close();
  }
}

export async function runOne(run: number, runSeed: number, options: ChaosOptions): Promise<RunReport> {
  const random = prng(runSeed);
  const [low, high] = options.products ?? [5, 40];
  const catalog = generateCatalog({ seed: runSeed, products: low + Math.floor(random() * (high - low + 1)) });
  const faults = drawFaults(random);
  const timeoutMs = options.timeoutMs ?? 1000;
  const killed = random() < (options.killProbability ?? 0.5);
  const work = await mkdtemp(join(tmpdir(), 'migrate-chaos-'));
  const statePath = join(work, 'emulator-state.json');
  const report: RunReport = {
    run, seed: runSeed, objects: countObjects(catalog), faults, killed: false, planAttempts: 0, applyAttempts: 0,
    converged: false, remainingChanges: [], duplicates: [], missing: [], sandboxWrites: 0, latencySpikes: 0,
  };

  try {
    const switches = options.switches ?? {};
    await withEmulator({ statePath, switches, faults, faultSeed: runSeed, latencyMs: Math.floor(random() * 4), latencyJitterMs: 3 }, async (emulator) => {
      emulator.seed(SANDBOX_KEY, catalog);
      const proxy = await startSpikeProxy({
        target: { host: emulator.host, port: emulator.port },
        probability: random() < 0.5 ? 0.02 : 0,
        spikeMs: () => timeoutMs + 200 + Math.floor(random() * 600),
        random,
      });
      const env = { PATH: process.env.PATH, CI: '1', STRIPE_SANDBOX_KEY: SANDBOX_KEY, STRIPE_LIVE_KEY: LIVE_KEY, STRIPE_API_BASE: proxy.url, STRIPE_TIMEOUT_MS: String(timeoutMs) };
      try {
        let last: ChildResult | undefined;
        while (report.planAttempts < 5 && last?.code !== 0) {
          report.planAttempts += 1;
          last = await runChild(options.cli, ['plan', '--out', 'plan.yaml'], work, env);
        }
        if (last?.code !== 0) {
          report.problem = `plan never succeeded: ${lastError(last?.stderr ?? '')}`;
          return;
        }
        const writes = () => emulator.requests().filter((r) => r.method !== 'GET').length;
        const killAfter = writes() + 1 + Math.floor(random() * Math.max(1, report.objects));
        while (report.applyAttempts < MAX_APPLY_ATTEMPTS) {
          report.applyAttempts += 1;
          const kill = killed && report.applyAttempts === 1 ? () => writes() >= killAfter : undefined;
          last = await runChild(options.cli, ['apply', 'plan.yaml', '--yes'], work, env, kill);
          if (last.signal === 'SIGKILL' && kill) report.killed = true;
          if (last.code === 0) break;
        }
        if (last.code !== 0) report.problem = `apply did not succeed in ${MAX_APPLY_ATTEMPTS} attempts: ${lastError(last.stderr)}`;
        // Requests held by the proxy still reach the emulator: the check must see what they did.
        await proxy.drain();
      } finally {
        await proxy.close();
        report.latencySpikes = proxy.spikes.beforeCommit + proxy.spikes.afterCommit;
        const log = emulator.requests();
        report.sandboxWrites = log.filter((r) => r.method !== 'GET' && r.livemode === false).length;
        report.faults = {};
        for (const entry of log) if (entry.fault) report.faults[entry.fault] = (report.faults[entry.fault] ?? 0) + 1;
      }
    });

    await withEmulator({ statePath, switches }, async (emulator) => {
      const gateway = (apiKey: string, mode: 'test' | 'live', keyVariable: string) => createGateway({ apiKey, mode, keyVariable, apiBase: emulator.url });
      const sandbox = gateway(SANDBOX_KEY, 'test', 'STRIPE_SANDBOX_KEY');
      const live = gateway(LIVE_KEY, 'live', 'STRIPE_LIVE_KEY');
      const [sandboxAccount, liveAccount] = [await sandbox.account(), await live.account()];
      const [desired, actual] = [await sandbox.readCatalog(), await live.readCatalog()];
      const opts = planOptions(sandboxAccount.id, liveAccount.id);
      report.remainingChanges = computePlan(desired, actual, opts).changes.map((c) => `${c.action} ${c.address}`);
      report.duplicates = findDuplicates(actual);
      report.missing = findMissing(computePlan(desired, emptyCatalog(), opts), actual);
      report.sandboxWrites += emulator.requests().filter((r) => r.method !== 'GET' && r.livemode === false).length;
    });
    report.converged =
      report.problem === undefined && report.remainingChanges.length === 0 && report.duplicates.length === 0 && report.missing.length === 0 && report.sandboxWrites === 0;
    return report;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const started = Date.now();
  const seeds = prng(options.seed);
  const reports: RunReport[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    const runSeed = Math.floor(seeds() * 2 ** 31);
    const report = await runOne(run, runSeed, options);
    reports.push(report);
    options.log?.(
      `run ${run}/${options.runs} seed ${runSeed}: ${report.converged ? 'converged' : `NOT converged (${report.problem ?? 'check failed'})`}, ` +
        `${report.objects} objects, ${report.applyAttempts} apply runs${report.killed ? ' (first killed)' : ''}, ` +
        `faults ${JSON.stringify(report.faults)}, ${report.latencySpikes} spikes`,
    );
  }
  const faultsInjected: Record<string, number> = {};
  for (const report of reports) for (const [name, n] of Object.entries(report.faults)) faultsInjected[name] = (faultsInjected[name] ?? 0) + n;
  const byCount: Record<string, number> = {};
  for (const report of reports) byCount[String(report.applyAttempts - 1)] = (byCount[String(report.applyAttempts - 1)] ?? 0) + 1;
  const sum = (pick: (r: RunReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  return {
    runs: reports.length,
    seed: options.seed,
    converged: reports.filter((r) => r.converged).length,
    duplicates: sum((r) => r.duplicates.length),
    missing: sum((r) => r.missing.length),
    sandboxWrites: sum((r) => r.sandboxWrites),
    remainingChanges: sum((r) => r.remainingChanges.length),
    reRunsNeeded: { total: sum((r) => Math.max(0, r.applyAttempts - 1)), max: Math.max(0, ...reports.map((r) => r.applyAttempts - 1)), byCount },
    killed: reports.filter((r) => r.killed).length,
    objects: sum((r) => r.objects),
    faultsInjected,
    latencySpikes: sum((r) => r.latencySpikes),
    elapsedMs: Date.now() - started,
    failures: reports.filter((r) => !r.converged),
  };
}
