/**
 * The benchmark's emulator, run as a child process so the tool's CPU and memory are measured apart from it (as
 * with the real Stripe). It seeds the sandbox from the seeded generator, then answers the parent over IPC:
 * `log` hands back the request log (compacted to what the benchmark counts), `stop` closes it.
 */
import { startEmulator } from '../src/emulator/index.js';
import { countObjects, generateCatalog } from '../test/support/generate-catalog.js';

export interface ServerConfig {
  latencyMs: number;
  latencyJitterMs: number;
  /** Target number of sandbox objects (the generator's mix gives about 3.7 objects per product). */
  objects: number;
  seed: number;
  sandboxKey: string;
  /** Each endpoint limited to 25/s besides the account (the current documented model); false: the older model. */
  endpointRateLimits?: boolean;
}

/** One logged request, as the benchmark counts it: when it arrived (ms since epoch), who and what. */
export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  account: string | null;
  livemode: boolean | null;
  status: number;
}

export type ServerReply =
  | { type: 'ready'; url: string; objects: number; products: number; prices: number; coupons: number }
  | { type: 'log'; requests: LoggedRequest[] };

export const OBJECTS_PER_PRODUCT = 3.71;

/** A sandbox built over two years, as a real one is: creation times spread so `created` filters mean something. */
const SPREAD_SECONDS = 2 * 365 * 24 * 3600;

async function serve(config: ServerConfig): Promise<void> {
  const emulator = await startEmulator({
    port: 0,
    latencyMs: config.latencyMs,
    latencyJitterMs: config.latencyJitterMs,
    rateLimit: true,
    endpointRateLimits: config.endpointRateLimits,
  });
  const catalog = generateCatalog({ seed: config.seed, products: Math.max(1, Math.round(config.objects / OBJECTS_PER_PRODUCT)) });
  const start = Math.floor(Date.now() / 1000) - SPREAD_SECONDS;
  const step = SPREAD_SECONDS / Math.max(1, countObjects(catalog));
  let created = 0;
  const stamp = <T extends object>(object: T) => ({ ...object, created: Math.floor(start + step * created++) });
  emulator.seed(config.sandboxKey, {
    products: catalog.products.map(stamp),
    prices: catalog.prices.map(stamp),
    coupons: catalog.coupons.map(stamp),
  });
  const reply = (message: ServerReply) => process.send!(message);
  reply({
    type: 'ready',
    url: emulator.url,
    objects: countObjects(catalog),
    products: catalog.products.length,
    prices: catalog.prices.length,
    coupons: catalog.coupons.length,
  });
  process.on('message', async (message: { type: 'log' | 'stop' }) => {
    if (message.type === 'log') {
      const requests = emulator.requests().map((entry) => ({
        at: Date.parse(entry.time),
        method: entry.method,
        path: entry.path,
        account: entry.account,
        livemode: entry.livemode,
        status: entry.status,
      }));
      reply({ type: 'log', requests });
    } else {
      await emulator.close();
      process.exit(0);
    }
  });
}

if (process.send !== undefined && process.argv[2] !== undefined) await serve(JSON.parse(process.argv[2]) as ServerConfig);
