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
 * their own processes and report their total CPU (start-up, module loading, and for export and drift the list
 * calls' HTTP and JSON work too). Not a test: it prints numbers, never fails.
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
/** Loaded before the CLI: prints the process's own CPU time when it exits, on a line of its own. */
const CPU_PROBE = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-ms '+(u.user+u.system)/1000+'\\n')})`;

/** Runs one `migrate` command in its own process; its exit code and total CPU milliseconds. */
function migrate(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', CPU_PROBE, MAIN, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const cpu = /cpu-ms ([\d.]+)/.exec(stderr);
      if (cpu === null) reject(new Error(`migrate ${args[0]} printed no CPU time:\n${stderr}`));
      else resolve({ code: code ?? 1, cpuMs: Number(cpu[1]) });
    });
  });
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
    const exported = await migrate(['export', '--out', dir], env);
    console.log(`migrate export: ${exported.cpuMs.toFixed(0)} ms CPU, exit ${exported.code} (list calls included)`);
    for (let run = 1; run <= 2; run += 1) {
      const validate = await migrate(['validate', '--manifests', dir], env);
      console.log(`migrate validate (run ${run}): ${validate.cpuMs.toFixed(0)} ms CPU, exit ${validate.code}`);
    }
    for (let run = 1; run <= 2; run += 1) {
      const drift = await migrate(['drift', '--manifests', dir, '--against', 'sandbox'], env);
      console.log(`migrate drift --against sandbox (run ${run}): ${drift.cpuMs.toFixed(0)} ms CPU, exit ${drift.code} (list calls included)`);
    }
  } finally {
    server.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
