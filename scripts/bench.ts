/**
 * `npm run bench -- [--objects N] [--latency-ms L] [--jitter-ms J] [--sample W] [--json]`: plan and apply of a
 * sandbox of N objects (default 10,000) into an empty live account, against the emulator with latency (default
 * 150 ms + up to 50 ms) and Stripe's rate limits on, through the library calls the `plan` and `apply` commands
 * make (`createGateway`, `readCatalog`, `computePlan`, `preflight`, `applyPlan`, `verifyApply`). It prints wall
 * times, requests by kind, 429s and peak memory, the ratios to the rate-limit floors (the account's limit and
 * each endpoint's 25/s), the write throughput against the live limit, and the speedup over a
 * naive sequential copier run on the same catalog (on a sample of its writes, extrapolated per request, above
 * 1,000 objects). With `--json` the last line of stdout is one JSON object. Not a test: it never fails on a time.
 * `--plan-only` stops after the plan (and the sequential copier's read, which sets the read floor), for iterating
 * on reads. `--rate-model older` runs the emulator under the older documented limits (no endpoint limits), which
 * the tool is not told: its writes find each endpoint's limit themselves.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { applyPlan } from '../src/apply/apply-plan.js';
import { journalPathFor, readJournal } from '../src/apply/journal.js';
import { auditPathFor } from '../src/apply/outputs.js';
import { checkPlanFile, preflight } from '../src/apply/preflight.js';
import { verifyApply } from '../src/apply/verify.js';
import type { Catalog } from '../src/catalog/types.js';
import { computePlan } from '../src/plan/compute.js';
import { parsePlan, serializePlan } from '../src/plan/planfile.js';
import { renderPlanTo } from '../src/plan/render.js';
import { STRIPE_API_VERSION, TOOL_NAME, TOOL_VERSION } from '../src/stripe/client.js';
import { createGateway } from '../src/stripe/gateway.js';
import type { AccountRef, Gateway } from '../src/stripe/types.js';
import { countPhase, operationRate, readFloorMs, writeFloorMs, DEFAULT_ENDPOINT_RATE, LIVE_RATE, type ByEndpoint, type PhaseCounts, type RateModel } from './bench-measure.js';
import type { LoggedRequest, ServerConfig, ServerReply } from './bench-server.js';
import { runSequential, type SequentialResult } from './bench-sequential.js';

const SANDBOX_KEY = 'sk_test_bench';
const LIVE_KEY = 'sk_live_bench';
/** The sequential copier writes into an account of its own. */
const SEQUENTIAL_KEY = 'sk_live_benchseq';
/** Up to this many objects the sequential copier runs in full; above, on a sample. */
const FULL_SEQUENTIAL_UP_TO = 1000;

const args = yargs(process.argv.slice(2))
  .scriptName('npm run bench --')
  .usage(
    '$0 [options]\n\nPlan and apply a generated sandbox of N objects into an empty live account on the emulator, with latency and ' +
      "Stripe's rate limits on; prints times, requests, 429s, peak memory, the ratios to the rate-limit floors and the speedup over a " +
      'sequential copier. A benchmark, not a test: it never fails on a time.',
  )
  .option('objects', { type: 'number', default: 10_000, describe: 'objects in the generated sandbox (products, prices, plans, coupons)' })
  .option('latency-ms', { type: 'number', default: 150, describe: "the emulator's latency per request" })
  .option('jitter-ms', { type: 'number', default: 50, describe: 'plus a random delay of up to this much' })
  .option('sample', { type: 'number', default: 300, describe: 'writes the sequential copier sends above 1,000 objects' })
  .option('seed', { type: 'number', default: 42, describe: 'seed of the generated catalog (the same seed, the same catalog)' })
  .option('json', { type: 'boolean', default: false, describe: 'the last line of stdout is one JSON object of the results' })
  .option('plan-only', { type: 'boolean', default: false, describe: 'stop after the plan phase (reads and their floor only)' })
  .option('rate-model', {
    choices: ['current', 'older'] as const,
    default: 'current' as const,
    describe: "the emulator's rate limits: current (the account's and 25/s for each endpoint) or older (account limits only, reads and writes apart, as the older doc and accounts with raised endpoint limits have); the floors follow",
  })
  .check((a) => {
    const whole = (name: string, value: number, min: number) => {
      if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}; got ${value}.`);
    };
    whole('objects', a.objects, 1);
    whole('latency-ms', a['latency-ms'], 0);
    whole('jitter-ms', a['jitter-ms'], 0);
    whole('sample', a.sample, 1);
    return true;
  })
  .example('$0', '10,000 objects, 150 ms latency: the numbers in the README table')
  .example('$0 --objects 1000 --json', 'a quicker run whose last line is JSON')
  .example('$0 --objects 1000 --plan-only', 'reads only, for work on the plan phase')
  .example('$0 --objects 1000 --rate-model older', 'no endpoint limits: does the applier find and use the whole live limit?')
  .showHelpOnFail(false, 'Run with --help for the options.')
  .strict()
  .parseSync();

const say = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);

function startServer(config: ServerConfig): Promise<{ child: ChildProcess; ready: Extract<ServerReply, { type: 'ready' }> }> {
  const child = fork(fileURLToPath(new URL('./bench-server.js', import.meta.url)), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
    child.once('message', (message: ServerReply) => {
      if (message.type === 'ready') resolve({ child, ready: message });
    });
  });
}

function fetchLog(child: ChildProcess): Promise<LoggedRequest[]> {
  return new Promise((resolve) => {
    const onMessage = (message: ServerReply) => {
      if (message.type !== 'log') return;
      child.off('message', onMessage);
      resolve(message.requests);
    };
    child.on('message', onMessage);
    child.send({ type: 'log' });
  });
}

async function readSide(gateway: Gateway): Promise<{ account: AccountRef; catalog: Catalog }> {
  const account = await gateway.account();
  return { account, catalog: await gateway.readCatalog() };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

interface Span {
  start: number;
  end: number;
}

/** Requests that arrived during the span (the log stamps arrival; every response of a phase lands before its end). */
const between = (log: LoggedRequest[], span: Span) => log.filter((entry) => entry.at >= span.start && entry.at < span.end);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const model: RateModel = args['rate-model'];
  const { child, ready } = await startServer({
    latencyMs: args['latency-ms'],
    latencyJitterMs: args['jitter-ms'],
    objects: args.objects,
    seed: args.seed,
    sandboxKey: SANDBOX_KEY,
    endpointRateLimits: args['rate-model'] === 'current',
  });
  const dir = await mkdtemp(join(tmpdir(), 'migrate-bench-'));
  const planPath = join(dir, 'plan.yaml');
  try {
    say(`sandbox: ${ready.objects} objects (${ready.products} products, ${ready.prices} prices and plans, ${ready.coupons} coupons); ` +
      `latency ${args['latency-ms']} ms + up to ${args['jitter-ms']} ms; rate limits on (live ${LIVE_RATE}/s, sandbox 25/s, ` +
      (model === 'current' ? `${DEFAULT_ENDPOINT_RATE}/s per endpoint)` : 'no endpoint limits: the older model, reads and writes apart)'));
    const apiBase = ready.url;
    const sandbox = createGateway({ apiKey: SANDBOX_KEY, mode: 'test', keyVariable: 'STRIPE_SANDBOX_KEY', apiBase });
    const live = createGateway({ apiKey: LIVE_KEY, mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase });

    // plan: both sides read at once, then the pure planner, the rendered diff and the plan file.
    const planSpan: Span = { start: Date.now(), end: 0 };
    // As `migrate plan` does: both accounts looked up at once, then both catalogs read at once. The read ratio
    // is the catalog reads' (list pages, the floor's unit); the lookups' round trip is reported apart.
    const accountStart = performance.now();
    const [sourceAccount, targetAccount] = await Promise.all([sandbox.account(), live.account()]);
    const accountMs = performance.now() - accountStart;
    const readSpan: Span = { start: Date.now(), end: 0 };
    const readStart = performance.now();
    const [sourceCatalog, targetCatalog] = await Promise.all([sandbox.readCatalog(), live.readCatalog()]);
    const readMs = performance.now() - readStart;
    readSpan.end = Date.now();
    const source = { account: sourceAccount, catalog: sourceCatalog };
    const target = { account: targetAccount, catalog: targetCatalog };
    const planCpu = process.cpuUsage();
    const plan = computePlan(source.catalog, target.catalog, {
      source: { kind: 'account', account: source.account.id, mode: source.account.mode },
      target: { kind: 'account', account: target.account.id, mode: target.account.mode },
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      stripeApiVersion: STRIPE_API_VERSION,
    });
    renderPlanTo(plan, { color: false }, () => undefined);
    await writeFile(planPath, serializePlan(plan));
    const planCpuMs = cpuMs(planCpu);
    planSpan.end = Date.now();
    const planMs = planSpan.end - planSpan.start;
    const plannedWrites = plan.changes.reduce((n, change) => n + change.requests.length, 0);
    if (args['plan-only']) {
      const minPages = (await runSequential(apiBase, SANDBOX_KEY, SEQUENTIAL_KEY, plan, 0)).readRequestsBy;
      const log = await fetchLog(child);
      const report = { objects: ready.objects, plan: planReport(log, planSpan, readSpan, target.account.id, { planMs, readMs, accountMs, minPages, model }) };
      say(planLine(report.plan));
      if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }

    // apply: the plan file read back, preflight (the staleness re-read), the writes, then verification.
    const applySpan: Span = { start: Date.now(), end: 0 };
    const applyPlanned = parsePlan(await readFile(planPath, 'utf8'), 'plan.yaml');
    checkPlanFile(applyPlanned);
    const journalPath = journalPathFor(planPath);
    const journal = await readJournal(journalPath, applyPlanned.contentHash);
    const checked = await preflight(applyPlanned, live, journal);
    const writeSpan: Span = { start: Date.now(), end: 0 };
    // As `migrate apply` does: verification's sandbox read runs alongside the writes (another account's limits).
    const sandboxRead = readSide(sandbox);
    sandboxRead.catch(() => undefined);
    const result = await applyPlan(applyPlanned, live, { journal, journalPath, auditPath: auditPathFor(planPath), live: checked.live });
    writeSpan.end = Date.now();
    const verifySpan: Span = { start: Date.now(), end: 0 };
    const desired = (await sandboxRead).catalog;
    const skipped = new Set(result.changes.filter((c) => c.outcome === 'skipped').map((c) => c.address));
    const verification = await verifyApply(desired, live, applyPlanned, { skipped });
    verifySpan.end = Date.now();
    applySpan.end = verifySpan.end;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const sample = args.objects <= FULL_SEQUENTIAL_UP_TO ? Number.POSITIVE_INFINITY : args.sample;
    const seqSpan: Span = { start: Date.now(), end: 0 };
    const sequential = await runSequential(apiBase, SANDBOX_KEY, SEQUENTIAL_KEY, plan, sample);
    seqSpan.end = Date.now();

    const log = await fetchLog(child);
    const liveAccount = target.account.id;
    const planCounts = countPhase(between(log, planSpan), liveAccount);
    const preflightCounts = countPhase(between(log, { start: applySpan.start, end: writeSpan.start }), liveAccount);
    // The writes' counts are live's alone: the sandbox pages read meanwhile are verification's.
    const onLive = (entry: LoggedRequest) => entry.livemode === true && entry.account === liveAccount;
    const writeCounts = countPhase(between(log, writeSpan).filter(onLive), liveAccount);
    const verifyCounts = countPhase([...between(log, writeSpan).filter((entry) => !onLive(entry)), ...between(log, verifySpan)], liveAccount);
    const seqCounts = countPhase(between(log, seqSpan), 'acct_benchseq');

    const writeMs = writeSpan.end - writeSpan.start;
    const applyMs = applySpan.end - applySpan.start;
    const writeFloor = writeFloorMs(writeCounts.writesBy, model);
    const failedChanges = result.counts.failed + result.counts.blocked;
    const toolMs = planMs + applyMs;
    const report = {
      objects: ready.objects,
      latency_ms: args['latency-ms'],
      rate_model: model,
      jitter_ms: args['jitter-ms'],
      plan: {
        ...planReport(log, planSpan, readSpan, liveAccount, { planMs, readMs, accountMs, minPages: sequential.readRequestsBy, model }),
        cpu_ms: Math.round(planCpuMs),
        changes: plan.changes.length,
      },
      apply: {
        wall_ms: Math.round(applyMs),
        preflight_ms: writeSpan.start - applySpan.start,
        write_ms: writeMs,
        verify_ms: verifySpan.end - verifySpan.start,
        planned_writes: plannedWrites,
        writes: writeCounts.writes,
        write_floor_ms: Math.round(writeFloor),
        throughput_ratio: writeCounts.writes / (writeMs / 1000) / LIVE_RATE,
        floor_ratio: writeFloor / writeMs,
        writes_by_operation: sortedCounts(writeCounts.writesBy),
        requests: Object.values(writeCounts.byKind).reduce((a, b) => a + b, 0),
        rate_limited: writeCounts.rateLimited,
        failed_changes: failedChanges,
        final_concurrency: result.stats.finalConcurrency,
        endpoint_limits: result.stats.endpointLimits,
        preflight_requests: Object.values(preflightCounts.byKind).reduce((a, b) => a + b, 0),
        verify_requests: Object.values(verifyCounts.byKind).reduce((a, b) => a + b, 0),
        verify_remaining: verification.remaining.length,
        by_kind: writeCounts.byKind,
      },
      sequential: {
        estimated_ms: Math.round(sequential.estimatedMs),
        read_ms: Math.round(sequential.readMs),
        read_requests: sequential.readRequests,
        writes_sent: sequential.writesSent,
        writes_failed: sequential.writesFailed,
        total_writes: sequential.totalWrites,
        mean_write_ms: sequential.writesSent === 0 ? 0 : sequential.writeMs / sequential.writesSent,
        sampled: sequential.sampled,
        rate_limited: seqCounts.rateLimited,
      },
      speedup_vs_sequential: sequential.estimatedMs / toolMs,
      peak_rss_mb: Math.round(peakRssMb),
    };
    printHuman(report, preflightCounts, verifyCounts, sequential, model);
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    child.removeAllListeners('exit');
    child.send({ type: 'stop' });
    await rm(dir, { recursive: true, force: true });
  }
}

/** Counts by endpoint, the largest first. */
function sortedCounts(counts: ByEndpoint): ByEndpoint {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)));
}

type Report = {
  objects: number;
  plan: ReturnType<typeof planReport> & { cpu_ms: number; changes: number };
  apply: Record<string, number | Record<string, number>> & { by_kind: Record<string, number>; writes_by_operation: ByEndpoint; endpoint_limits: Record<string, number> };
  speedup_vs_sequential: number;
  peak_rss_mb: number;
};

/**
 * The plan phase as the report gives it. The read floor counts the fewest list pages a full read can take (the
 * naive copier's, every list the tool reads, an empty list one page), each side at its own limits (the account's,
 * and 25/s for each list endpoint: active and archived prices are one endpoint), both sides at once; pages the
 * split chains add count against the tool, not for it. Reads are counted from the catalog reads' span only: the
 * account lookups before them are timed apart (`account_ms`).
 */
function planReport(log: LoggedRequest[], planSpan: Span, readSpan: Span, liveAccount: string, times: { planMs: number; readMs: number; accountMs: number; minPages: ByEndpoint; model: RateModel }) {
  const plan = countPhase(between(log, planSpan), liveAccount);
  const read = countPhase(between(log, readSpan), liveAccount);
  const floor = readFloorMs(times.minPages, read.liveReadsBy, times.model);
  return {
    wall_ms: Math.round(times.planMs),
    account_ms: Math.round(times.accountMs),
    read_ms: Math.round(times.readMs),
    read_floor_ms: Math.round(floor),
    read_ratio: floor / times.readMs,
    requests: plan.sandboxReads + plan.liveReads + plan.rateLimited,
    sandbox_reads: read.sandboxReads,
    sandbox_min_reads: Object.values(times.minPages).reduce((a, b) => a + b, 0),
    sandbox_min_reads_by_endpoint: sortedCounts(times.minPages),
    live_reads: read.liveReads,
    rate_limited: read.rateLimited,
  };
}

function planLine(p: ReturnType<typeof planReport> & { cpu_ms?: number; changes?: number }): string {
  return `plan:   ${seconds(p.wall_ms)} wall = account lookups ${seconds(p.account_ms)} + catalog reads ${seconds(p.read_ms)} for ${p.sandbox_reads} sandbox + ${p.live_reads} live list pages ` +
    `(fewest possible: ${p.sandbox_min_reads} sandbox; floor ${seconds(p.read_floor_ms)}, read ratio ${ratio(p.read_ratio)}); ${p.rate_limited} × 429` +
    (p.cpu_ms === undefined ? '' : `; compute + render + file ${Math.round(p.cpu_ms)} ms CPU; ${p.changes} changes`);
}

function printHuman(report: Report, preflightCounts: PhaseCounts, verify: PhaseCounts, seq: SequentialResult, model: RateModel): void {
  const a = report.apply as Record<string, number>;
  say(planLine(report.plan));
  say(`apply:  ${seconds(a.wall_ms!)} wall = preflight ${seconds(a.preflight_ms!)} (${preflightCounts.liveReads} list/account reads) + writes ${seconds(a.write_ms!)} + verify ${seconds(a.verify_ms!)} ` +
    `(${verify.liveReads} live reads; its ${verify.sandboxReads} sandbox reads ran alongside the writes)`);
  say(`writes: ${a.writes} sent OK for ${a.planned_writes} planned; floor ${seconds(a.write_floor_ms!)} (floor ratio ${ratio(a.floor_ratio!)}); throughput ${(a.writes! / (a.write_ms! / 1000)).toFixed(1)}/s ` +
    `= ratio ${ratio(a.throughput_ratio!)} of the live limit; ${a.rate_limited} × 429; ${a.failed_changes} failed changes; final concurrency ${a.final_concurrency}; ` +
    `verification: ${a.verify_remaining} left`);
  say(`        by operation (written; the least time each can take): ${Object.entries(report.apply.writes_by_operation).map(([k, n]) => `${k} ${n} (${seconds((n / Math.min(LIVE_RATE, operationRate(k, model))) * 1000)})`).join(', ')}`);
  say(`        endpoint limits probed above ${DEFAULT_ENDPOINT_RATE}/s, where each ended: ${Object.entries(report.apply.endpoint_limits).map(([k, n]) => `${k} ${n}/s`).join(', ') || 'none'}`);
  say(`        requests by kind (429s included): ${Object.entries(report.apply.by_kind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  say(`sequential copier: reads ${seconds(seq.readMs)} (${seq.readRequests} pages, one at a time); ${seq.writesSent} writes in ${seconds(seq.writeMs)} ` +
    `(${(seq.writeMs / Math.max(1, seq.writesSent)).toFixed(0)} ms each, ${seq.writesFailed} failed)` +
    (seq.sampled ? `; sample of ${seq.writesSent} of ${seq.totalWrites} writes, extrapolated per request to ${seconds(seq.estimatedMs)}` : `; total ${seconds(seq.estimatedMs)}`));
  say(`speedup vs sequential: ${report.speedup_vs_sequential.toFixed(1)}× (plan + apply incl. preflight and verification); peak RSS ${report.peak_rss_mb} MB (tool process; the emulator runs apart)`);
}

await main();
