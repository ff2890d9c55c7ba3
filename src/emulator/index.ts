/**
 * The Stripe emulator: a local, stateful HTTP server speaking Stripe's v1 wire protocol for the catalog
 * (products, prices, plans, coupons, promotion codes, tax and shipping rates, billing meters, entitlement
 * features and their product attachments) and webhook endpoints, with knobs for latency, rate limits and seeded faults. Tests, the demo and
 * the benchmark run against it; users can rehearse a migration against it in their own CI.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults, type FaultName } from './knobs/faults.js';
import { callerOf, seedObjects, type SeedObjects } from './seed.js';
import { Pipeline } from './server.js';
import { resolveSwitches, type EmulatorSwitches } from './switches.js';

export type { EmulatorSwitches } from './switches.js';
export type { SeedObjects } from './seed.js';
export { withProductFeatures } from './seed.js';
export { DEFAULT_SWITCHES } from './switches.js';
export { FAULT_NAMES, type FaultName } from './knobs/faults.js';
export { API_VERSION } from './server.js';

export interface EmulatorOptions {
  /** 0 = a free port; default 12111. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Loaded at start, saved atomically (temp + rename) after each write. */
  statePath?: string;
  latencyMs?: number;
  latencyJitterMs?: number;
  /** Stripe's limits: live 100 req/s, test 25 req/s per account+mode → 429 rate_limit. */
  rateLimit?: boolean;
  /**
   * With `rateLimit`: each endpoint (a named operation, method + route pattern such as `POST /v1/prices` or
   * `GET /v1/prices/:id`) also allows 25 req/s per account+mode, as Stripe's current rate-limits page documents
   * (api-notes §1.9), and the account's limit counts reads and writes together. Default true; false keeps the
   * older documented model: account limits only, one for reads and one for writes ("100 read operations and 100
   * write operations" a second in live).
   */
  endpointRateLimits?: boolean;
  /** Probabilities per request. */
  faults?: Partial<Record<FaultName, number>>;
  /** Faults are drawn from a seeded PRNG so runs repeat. */
  faultSeed?: number;
  /** Each UNCONFIRMED behaviour of api-notes §13, named, with a default. */
  switches?: Partial<EmulatorSwitches>;
  /** Restricted keys (rk_…) that may read but not write: writes → 403 naming the permission. */
  readOnlyKeys?: string[];
  /** Emulator time in ms (tests move it to expire idempotency keys); default Date.now. */
  clock?: () => number;
}

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  account: string | null;
  livemode: boolean | null;
  status: number;
  idempotencyKey: string | null;
  replayed: boolean;
  requestId: string;
  /** The injected fault, if any; with `reset-after-commit` the client never saw `status`. */
  fault?: FaultName;
}

export interface RunningEmulator {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
  /** Same as GET /_emulator/requests. */
  requests(): RequestLogEntry[];
  /** Same as POST /_emulator/reset (data, idempotency store, log). */
  reset(): void;
  /** Inserts Stripe-shaped objects straight into an account (ids kept, prices included), for seeding. */
  seed(apiKey: string, objects: SeedObjects): void;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const pipeline = new Pipeline({
    clock: options.clock ?? Date.now,
    switches: resolveSwitches(options.switches),
    statePath: options.statePath,
    latencyMs: options.latencyMs ?? 0,
    latencyJitterMs: options.latencyJitterMs ?? 0,
    rateLimit: options.rateLimit ?? false,
    endpointRateLimits: options.endpointRateLimits ?? true,
    faults: new Faults(options.faults ?? {}, options.faultSeed ?? 1),
    readOnlyKeys: new Set(options.readOnlyKeys ?? []),
  });
  const server = createServer((req, res) => {
    pipeline.handle(req, res).catch((error: unknown) => {
      process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 12111, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    requests: () => pipeline.log.map((entry) => ({ ...entry })),
    reset: () => pipeline.reset(),
    seed(apiKey, objects) {
      seedObjects(pipeline.context(callerOf(apiKey)), objects);
      pipeline.persist();
    },
  };
}
