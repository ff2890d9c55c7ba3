/**
 * Planner benchmark: CPU time and peak RSS of `computePlan` + rendering on synthetic catalogs of about
 * 10,000 and 100,000 objects, in two situations: a first migration (live empty) and a re-plan against a live
 * account that matches except for some drift (renames, metadata, replaced prices, objects only in live).
 *
 * The target (issue 7) is about `computePlan` + rendering alone (`renderPlanTo`, as `migrate plan` renders:
 * chunks of whole lines handed to the writer as they are made; here the writer counts their bytes and keeps
 * nothing, as printing them would). A real `migrate plan` also writes the plan file (`serializePlan`), which is
 * timed apart: the `plan cmd` column is compute + render + serialise, what the command spends on CPU besides
 * reading the accounts.
 *
 * CPU is the whole process's (user + system, `process.cpuUsage`): the main thread plus V8's background threads
 * (parallel scavenges, concurrent marking, optimising compiler), which `migrate plan` pays for as well. The
 * `main` column is the main thread's share alone (Linux: `/proc/self/task/<pid>/stat`, 10 ms ticks), so the
 * difference is what the background threads spent during compute + render.
 *
 * The catalogs are copied through JSON before the timed region, so they hold what the account reader gives the
 * planner: objects and strings of their own, read from JSON. (The generator builds ids by concatenation, which
 * V8 keeps as ropes until first use, and a twin built by spreading shares its strings with the desired catalog;
 * neither happens with catalogs read from Stripe.) The generator's garbage is then collected, so neither the
 * timed region nor peak RSS pays for it.
 *
 * Each measurement runs in a fresh Node process, so peak RSS belongs to that run alone; it is read after
 * compute + render, and again after the plan file is serialised, and includes building the catalogs, which a
 * real `migrate plan` also holds in memory. Not a test: it prints numbers, never fails. With `--repeat N` each
 * measurement runs N times (fresh processes) and every column shows min–max, for shared machines.
 *
 * `--against DIR` compares this build with another one (DIR: a checkout of the project, built, for example a
 * `git worktree` of the commit before a change): their measurements run in turn, this build's then the other's,
 * `--repeat` times (default 8), and the medians of both are printed. On a shared machine whose speed drifts by
 * ±15% from one minute to the next, only runs taken in turn like this tell a change of 5% from the drift.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/bench-plan.js [--objects 100000] [--repeat 3] [--against DIR]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Price } from '../src/catalog/types.js';
import { computePlan } from '../src/plan/compute.js';
import { parsePlan, serializePlan } from '../src/plan/planfile.js';
import { renderPlanTo } from '../src/plan/render.js';
import { plansApiCanCarry } from '../src/catalog/rules.js';
import { countObjects, generateCatalog } from '../test/support/generate-catalog.js';

type Scenario = 'first-migration' | 'replan-with-drift';

/** Live as a faithful migration left it: assigned prices got new ids and carry links, references follow. */
function migratedTwin(desired: Catalog): Catalog {
  const liveIds = new Map<string, string>();
  const prices: Price[] = desired.prices.map((p, i) => {
    if (plansApiCanCarry(p)) return { ...p };
    const id = `price_1Live${i.toString(36).padStart(8, '0')}`;
    liveIds.set(p.id, id);
    return { ...p, id, link: p.id };
  });
  return {
    products: desired.products.map((p) => ({ ...p, default_price: p.default_price === null ? null : liveIds.get(p.default_price) ?? p.default_price })),
    prices: prices.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    coupons: desired.coupons.map((c) => ({ ...c })),
  };
}

/** About 5% of objects differ: renamed products, edited metadata, re-priced one-time prices, live-only extras. */
function withDrift(live: Catalog): Catalog {
  const products = live.products.map((p, i) => (i % 20 === 0 ? { ...p, name: `${p.name} (old name)` } : p));
  const prices = live.prices.map((p, i) => {
    if (i % 50 === 0) return { ...p, metadata: { ...p.metadata, stale: 'yes' } };
    if (i % 97 === 0 && p.link !== null && p.unit_amount !== null) return { ...p, unit_amount: p.unit_amount + 100 };
    return p;
  });
  const extra = Math.ceil(live.products.length / 100);
  for (let i = 0; i < extra; i++) {
    products.push({ ...live.products[0]!, id: `prod_zz_live_only_${i}`, default_price: null });
  }
  return { products, prices, coupons: live.coupons };
}

/** A catalog as a reader hands it over: every object and string its own, read from JSON (object by object). */
function asRead(catalog: Catalog): Catalog {
  const read = <T>(list: readonly T[]): T[] => list.map((o) => JSON.parse(JSON.stringify(o)) as T);
  return { products: read(catalog.products), prices: read(catalog.prices), coupons: read(catalog.coupons) };
}

/** The two catalogs of a scenario, as read; the generated ones are left for the collector. */
function catalogs(target: number, scenario: Scenario): { desired: Catalog; actual: Catalog } {
  const generated = generateCatalog({ seed: 42, products: Math.round(target / 3.71) });
  const actual = scenario === 'first-migration' ? { products: [], prices: [], coupons: [] } : withDrift(migratedTwin(generated));
  return { desired: asRead(generated), actual: asRead(actual) };
}

interface Measurement {
  objects: number;
  scenario: Scenario;
  changes: number;
  computeMs: number;
  renderMs: number;
  /** The main thread's CPU during compute + render (`null` where the OS does not say). */
  mainMs: number | null;
  serializeMs: number;
  parseMs: number;
  planFileMb: number;
  cpuMs: number;
  peakRssMb: number;
  peakRssAfterWriteMb: number;
  renderedKb: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** CPU ms of the main thread so far (utime + stime of the thread whose id is the process id; 10 ms ticks). */
function mainThreadMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function measure(target: number, scenario: Scenario): Measurement {
  const { desired, actual } = catalogs(target, scenario);
  // The generator's garbage is not the planner's: collected before the timed region (the child runs with
  // --expose-gc), as a long account read would have collected its own by the time the plan is computed.
  (globalThis as { gc?: () => void }).gc?.();
  const options = {
    source: { kind: 'account' as const, account: 'acct_bench', mode: 'test' as const },
    target: { kind: 'account' as const, account: 'acct_bench', mode: 'live' as const },
    tool: { name: 'stripe-catalog-migrate', version: 'bench' },
    stripeApiVersion: '2026-10-28.endive',
  };

  const mainStart = mainThreadMs();
  const start = process.cpuUsage();
  const computeStart = process.cpuUsage();
  const plan = computePlan(desired, actual, options);
  const computeMs = cpuMs(computeStart);
  const renderStart = process.cpuUsage();
  // What `migrate plan` does: the text in chunks of whole lines, each written out (here: counted) as it comes.
  let renderedBytes = 0;
  renderPlanTo(plan, { color: false }, (chunk) => (renderedBytes += Buffer.byteLength(chunk)));
  const renderMs = cpuMs(renderStart);
  const total = cpuMs(start);
  const mainEnd = mainThreadMs();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const serializeStart = process.cpuUsage();
  const text = serializePlan(plan);
  const serializeMs = cpuMs(serializeStart);
  const peakRssAfterWriteMb = process.resourceUsage().maxRSS / 1024;
  const parseStart = process.cpuUsage();
  parsePlan(text, 'plan.yaml');
  const parseMs = cpuMs(parseStart);

  return {
    objects: countObjects(desired),
    scenario,
    changes: plan.changes.length,
    computeMs,
    renderMs,
    mainMs: mainStart === null || mainEnd === null ? null : mainEnd - mainStart,
    serializeMs,
    parseMs,
    planFileMb: text.length / 1e6,
    cpuMs: total,
    peakRssMb,
    peakRssAfterWriteMb,
    renderedKb: renderedBytes / 1024,
  };
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

/** `min–max` of a column over repeated runs (one number when they agree; `n/a` when a run has none). */
function range(rows: readonly Measurement[], pick: (r: Measurement) => number | null, width: number): string {
  const values = rows.map(pick);
  if (values.some((v) => v === null)) return 'n/a'.padStart(width);
  const numbers = values as number[];
  const [min, max] = [Math.min(...numbers).toFixed(0), Math.max(...numbers).toFixed(0)];
  return (min === max ? min : `${min}–${max}`).padStart(width);
}

/** One measurement in a fresh process of the bench script at `script` (this one, or another build's). */
function runChild(script: string, objects: number, scenario: Scenario): Measurement {
  const out = execFileSync(process.execPath, ['--expose-gc', script, '--child', String(objects), scenario], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Measurement;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `--against DIR`: this build and DIR's, measured in turn, then the medians (and ranges) of each. */
function compare(self: string, otherRoot: string, sizes: readonly number[], repeat: number): void {
  const other = join(resolve(otherRoot), 'dist', 'scripts', 'bench-plan.js');
  if (!existsSync(other)) {
    console.error(`bench-plan: ${other} not found: --against takes a built checkout of this project (npx tsc -p tsconfig.json in it).`);
    process.exitCode = 1;
    return;
  }
  const columns: [string, (m: Measurement) => number | null][] = [
    ['compute', (m) => m.computeMs],
    ['render', (m) => m.renderMs],
    ['compute+render', (m) => m.cpuMs],
    ['main', (m) => m.mainMs],
    ['peak RSS MB', (m) => m.peakRssMb],
  ];
  console.log(`This build against ${otherRoot}: ${repeat} runs of each, in turn; median (min–max). Load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
  for (const objects of sizes) {
    for (const scenario of ['first-migration', 'replan-with-drift'] as const) {
      const runs: { self: Measurement[]; other: Measurement[] } = { self: [], other: [] };
      for (let i = 0; i < repeat; i++) {
        runs.self.push(runChild(self, objects, scenario));
        runs.other.push(runChild(other, objects, scenario));
      }
      for (const [name, list] of [['this build', runs.self], ['against', runs.other]] as const) {
        const cells = columns.map(([column, pick]) => {
          const values = list.map(pick);
          if (values.some((v) => v === null)) return `${column} n/a`;
          return `${column} ${median(values as number[]).toFixed(0)} (${range(list, pick, 0)})`;
        });
        console.log(`${String(list[0]!.objects).padStart(7)}  ${scenario.padEnd(18)} ${name.padEnd(10)}  ${cells.join(' | ')}`);
      }
    }
  }
}

function main(): void {
  const [mode, size, scenario] = process.argv.slice(2);
  if (mode === '--child') {
    process.stdout.write(JSON.stringify(measure(Number(size), scenario as Scenario)));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const against = option('against', '');
  if (against !== '') {
    compare(self, against, option('objects', '100000').split(',').map(Number), Number(option('repeat', '8')));
    return;
  }
  const sizes = option('objects', '10000,100000').split(',').map(Number);
  const repeat = Number(option('repeat', '1'));
  console.log('CPU ms (user + system, all threads) per step; main = main thread alone during compute + render; peak RSS after compute + render,');
  console.log(`then after serialise; parse = reading the plan file back (apply). Load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
  console.log(
    'objects  scenario              changes        compute         render  compute+render           main    peak RSS MB  rendered KB  |      serialize       plan cmd  RSS after MB  file MB          parse',
  );
  for (const objects of sizes) {
    for (const s of ['first-migration', 'replan-with-drift'] as const) {
      const runs: Measurement[] = [];
      for (let i = 0; i < repeat; i++) {
        runs.push(runChild(self, objects, s));
      }
      const r = runs[0]!;
      console.log(
        `${String(r.objects).padStart(7)}  ${r.scenario.padEnd(18)}${range(runs, (m) => m.changes, 9)}${range(runs, (m) => m.computeMs, 15)}` +
          `${range(runs, (m) => m.renderMs, 15)}${range(runs, (m) => m.cpuMs, 16)}${range(runs, (m) => m.mainMs, 15)}${range(runs, (m) => m.peakRssMb, 15)}${range(runs, (m) => m.renderedKb, 13)}  |` +
          `${range(runs, (m) => m.serializeMs, 15)}${range(runs, (m) => m.cpuMs + m.serializeMs, 15)}${range(runs, (m) => m.peakRssAfterWriteMb, 14)}${range(runs, (m) => m.planFileMb, 9)}${range(runs, (m) => m.parseMs, 15)}`,
      );
    }
  }
  console.log('targets: compute+render < 2000 ms and < 300 MB at 10,000 objects; < 3000 ms at 100,000.');
}

main();
