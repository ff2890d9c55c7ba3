/**
 * Stripe's request-rate limits (§1.9), each over a sliding one-second window:
 * - per account and mode: live 100 and test 25 requests per second;
 * - per endpoint (docs.stripe.com/rate-limits, current): 25 requests per second by default for each named operation,
 *   a method and route pattern such as `POST /v1/prices` or `GET /v1/prices/:id` (retrieves of different ids
 *   count together), per account and mode, besides the account's limit, which counts reads and writes together.
 * The older documented model ("100 read operations and 100 write operations" a second in live, 25 and 25 in test)
 * had account limits only, one for reads and one for writes; `endpointLimits: false` chooses it.
 * Real time, not the emulator clock, so tests that freeze the clock still drain.
 */
import type { Mode } from '../store/state.js';

const MODE_LIMITS: Record<Mode, number> = { live: 100, test: 25 };
/** "API endpoints have a default limit of 25 requests per second"; no catalog endpoint is documented otherwise. */
const ENDPOINT_LIMIT = 25;
const WINDOW_MS = 1000;

/** Which limit refused a request, as Stripe names them in `Stripe-Rate-Limited-Reason` (unconfirmed, §13). */
export type RateLimitReason = 'global-rate' | 'endpoint-rate';

export interface RateLimiterOptions {
  /**
   * The current documented model (default true): each endpoint against its own limit too, and one account limit
   * for reads and writes together. `false`: the older model, account limits only, reads and writes apart.
   */
  endpointLimits?: boolean;
}

/**
 * Invariant: in any one-second window, each account + mode has at most its mode's limit of allowed requests (in
 * the older model: of allowed reads, and of allowed writes), and each account + mode + endpoint at most
 * `ENDPOINT_LIMIT`. A refused request is recorded in neither window.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly endpointLimits: boolean;

  constructor(options: RateLimiterOptions = {}) {
    this.endpointLimits = options.endpointLimits ?? true;
  }

  /**
   * Counts the request and says which limit refuses it, or undefined when it is allowed. `endpoint` is the
   * matched operation (`POST /v1/prices/:id`); undefined for a URL no route matches, which counts against the
   * account's limit only. A GET is a read, any other method a write.
   */
  refuse(account: string, mode: Mode, method: string, endpoint: string | undefined, now = performance.now()): RateLimitReason | undefined {
    const scope = `${account}:${mode}`;
    const global = this.window(this.endpointLimits ? scope : `${scope} ${method === 'GET' ? 'reads' : 'writes'}`, now);
    if (global.length >= MODE_LIMITS[mode]) return 'global-rate';
    const own = this.endpointLimits && endpoint !== undefined ? this.window(`${scope} ${endpoint}`, now) : undefined;
    if (own !== undefined && own.length >= ENDPOINT_LIMIT) return 'endpoint-rate';
    global.push(now);
    own?.push(now);
    return undefined;
  }

  clear(): void {
    this.windows.clear();
  }

  /** The scope's starts within the last second, oldest first (older ones dropped). */
  private window(scope: string, now: number): number[] {
    let stamps = this.windows.get(scope);
    if (stamps === undefined) {
      stamps = [];
      this.windows.set(scope, stamps);
    }
    let drop = 0;
    while (drop < stamps.length && stamps[drop] <= now - WINDOW_MS) drop += 1;
    if (drop > 0) stamps.splice(0, drop);
    return stamps;
  }
}
