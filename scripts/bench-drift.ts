/**
 * Validate and drift benchmark: CPU time of `migrate validate` and of `migrate drift` on about 10,000 objects.
 *
 * In process, network excluded: the manifests are written from a generated catalog; the account is held in
 * memory, as the gateway returns it after its list calls. Measured: validate = read the folder + every rule;
 * drift = read the folder + compute the drift + render it, against the sandbox it was exported from (in sync)
 * and against a live account where about 5% of the objects differ.
 *
 * Whole commands, as a person runs them: the benchmark's emulator (a child process, seeded with the same
 * catalog) serves the sandbox; `migrate export`, `migrate validate` and `migrate drift --against sandbox` run as
 * their own processes, three times each, and report their total CPU (start-up, module loading, and for export
 * and drift the list calls' HTTP and JSON work too) and, apart, the CPU of the list calls themselves. Not a
 * test: it prints numbers, never fails.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/bench-drift.js [objects]
 */
import { fork, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerConfig, ServerReply } from './bench-server.js';
import type { Catalog, Price } from '../src/catalog/types.js';
import { plansApiCanCarry } from '../src/catalog/rules.js';
import { computeDrift, renderDriftText, type DriftAgainst } from '../src/drift/index.js';
import { readManifests } from '../src/manifests/read.js';
import { writeManifests } from '../src/manifests/write.js';
import { validateManifests } from '../src/validate/index.js';
import { countObjects, generateCatalog } from '../test/support/generate-catalog.js';

/** Live as apply leaves it: one-time prices got new ids and carry links; then ~5% of objects edited. */
function liveWithDrift(desired: Catalog): Catalog {
  const liveIds = new Map<string, string>();
  const prices: Price[] = desired.prices.map((p, i) => {
    if (plansApiCanCarry(p)) return { ...p };
    const id = `price_1Live${i.toString(36).padStart(8, '0')}`;
    liveIds.set(p.id, id);
    return { ...p, id, link: p.id, metadata: i % 20 === 0 ? { ...p.metadata, edited: 'yes' } : p.metadata };
  });
  return {
    products: desired.products.map((p, i) => ({
      ...p,
      name: i % 20 === 0 ? `${p.name} (renamed)` : p.name,
      default_price: p.default_price === null ? null : liveIds.get(p.default_price) ?? p.default_price,
    })),
    prices: prices.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    coupons: desired.coupons.map((c) => ({ ...c })),
  };
}

function cpuMs<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.cpuUsage();
  return run().then((value) => {
    const used = process.cpuUsage(start);
    return { value, ms: (used.user + used.system) / 1000 };
  });
}

async function main(): Promise<void> {
  const target = Number(process.argv[2] ?? 10_000);
  const catalog = generateCatalog({ seed: 42, products: Math.round(target / 3.71) });
  const dir = await mkdtemp(join(tmpdir(), 'bench-drift-'));
  await writeManifests(dir, catalog);
  const live = liveWithDrift(catalog);
  const options = { tool: { name: 'bench', version: '0' }, stripeApiVersion: 'bench', dir: 'manifests' };
  console.log(`${countObjects(catalog)} objects (${catalog.products.length} products, ${catalog.prices.length} prices, ${catalog.coupons.length} coupons)`);

  // One warm-up of each path, so the numbers are not dominated by module compilation.
  await validateManifests(dir);

  const read = await cpuMs(() => readManifests(dir));
  console.log(`reading the folder alone (manifests reader): ${read.ms.toFixed(0)} ms CPU`);
  const validate = await cpuMs(() => validateManifests(dir));
  console.log(`validate: ${validate.ms.toFixed(0)} ms CPU, ${validate.value.errors} errors, ${validate.value.warnings} warnings`);

  for (const [against, account] of [['sandbox', catalog], ['live', live]] as [DriftAgainst, Catalog][]) {
    const drift = await cpuMs(async () => {
      const read = await readManifests(dir);
      const report = computeDrift({ ...options, manifests: read, account, accountRef: { id: 'acct_bench', mode: against === 'live' ? 'live' : 'test' }, against });
      renderDriftText(report, dir);
      return report;
    });
    const compare = await cpuMs(async () => renderDriftText(computeDrift({ ...options, manifests: read.value, account, accountRef: { id: 'acct_bench', mode: 'live' }, against }), dir));
    console.log(`drift --against ${against}: ${drift.ms.toFixed(0)} ms CPU (compare + render alone: ${compare.ms.toFixed(0)} ms), ${drift.value.differences.length} differences`);
  }
  if (process.env.KEEP_BENCH_DIR) console.log(`manifests kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
  await wholeCommands(target);
}

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/**
 * Loaded before the CLI: prints the process's own CPU time when it exits, and the CPU spent from the first HTTP
 * request's start until the last response has been handled (its body read, parsed and the page normalised: the
 * probe's 'end' listener runs before the SDK's, and setImmediate waits for what the SDK and the gateway do with
 * it). In `migrate drift` nothing else runs in that window (the manifests are read before it, the comparison
 * after), so it is the list calls' own CPU: HTTP client, JSON, SDK and page normalisation, plus whatever V8's
 * background threads do meanwhile. Loading the SDK happens before the window and is not in it.
 */
const CPU_PROBE = `data:text/javascript,${encodeURIComponent(
  [
    "import dc from 'node:diagnostics_channel';",
    'const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };',
    'let first = null; let last = null;',
    "dc.subscribe('http.client.request.start', () => { if (first === null) first = cpu(); });",
    "dc.subscribe('http.client.response.finish', ({ response }) => response.once('end', () => setImmediate(() => { last = cpu(); })));",
    "process.on('exit', () => process.stderr.write('\\ncpu-ms ' + cpu() + ' list-ms ' + (first === null ? 0 : last - first) + '\\n'));",
  ].join('\n'),
)}`;

interface ProcessCpu {
  code: number;
  /** The whole process. */
  cpuMs: number;
  /** From the first request's start to the last response handled; 0 when it made none. */
  listMs: number;
}

/** Runs one `migrate` command in its own process; its exit code and CPU milliseconds. */
function migrate(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessCpu> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', CPU_PROBE, MAIN, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const cpu = /cpu-ms ([\d.]+) list-ms ([\d.]+)/.exec(stderr);
      if (cpu === null) reject(new Error(`migrate ${args[0]} printed no CPU time:\n${stderr}`));
      else resolve({ code: code ?? 1, cpuMs: Number(cpu[1]), listMs: Number(cpu[2]) });
    });
  });
}

const RUNS = 3;
const range = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

/** Runs a command RUNS times (fresh processes) and prints each run and the range. */
async function repeat(label: string, args: string[], env: NodeJS.ProcessEnv, lists: boolean): Promise<void> {
  const runs: ProcessCpu[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const result = await migrate(args, env);
    runs.push(result);
    const split = lists ? `; list calls ${result.listMs.toFixed(0)} ms, the rest ${(result.cpuMs - result.listMs).toFixed(0)} ms` : '';
    console.log(`${label} (run ${run}): ${result.cpuMs.toFixed(0)} ms CPU, exit ${result.code}${split}`);
  }
  const rest = lists ? `; without the list calls ${range(runs.map((r) => r.cpuMs - r.listMs))} ms (list calls ${range(runs.map((r) => r.listMs))} ms)` : '';
  console.log(`${label}: ${range(runs.map((r) => r.cpuMs))} ms CPU over ${RUNS} processes${rest}`);
}

async function wholeCommands(objects: number): Promise<void> {
  const sandboxKey = 'sk_test_bench';
  const config: ServerConfig = { latencyMs: 0, latencyJitterMs: 0, objects, seed: 42, sandboxKey };
  const server = fork(fileURLToPath(new URL('./bench-server.js', import.meta.url)), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Extract<ServerReply, { type: 'ready' }>>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
    server.on('message', (message: ServerReply) => message.type === 'ready' && resolve(message));
  });
  const dir = await mkdtemp(join(tmpdir(), 'bench-drift-cli-'));
  const env = { STRIPE_SANDBOX_KEY: sandboxKey, STRIPE_API_BASE: ready.url };
  try {
    console.log(`\nwhole commands, each its own process (${ready.objects} objects in the emulator's sandbox):`);
    // Node reads that bundle in every process before any of our code runs (about 60 ms of CPU on the 2-core
    // machine where this was written, for a 220 KB bundle): part of each number below, not of the tool.
    if (process.env.NODE_EXTRA_CA_CERTS) console.log('(NODE_EXTRA_CA_CERTS is set: every process below also loads those certificates)');
    const exported = await migrate(['export', '--out', dir], env);
    console.log(`migrate export: ${exported.cpuMs.toFixed(0)} ms CPU, exit ${exported.code} (list calls ${exported.listMs.toFixed(0)} ms of it)`);
    await repeat('migrate validate', ['validate', '--manifests', dir], env, false);
    await repeat('migrate drift --against sandbox', ['drift', '--manifests', dir, '--against', 'sandbox'], env, true);
  } finally {
    server.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
