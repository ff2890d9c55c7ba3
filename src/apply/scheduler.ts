/**
 * Runs the plan's dependency graph: a change starts once every change it depends on has finished, and every
 * request goes through one flow controller (AIMD limit + a pacer at the mode's rate and at each endpoint's, the
 * latter probed above its documented 25 a second: `stripe/endpoint-ceiling.ts`) with retries per the retry policy. A change whose dependency did not finish is `blocked`, never sent.
 */
import type { Mode } from '../stripe/types.js';
import { AimdLimiter } from './aimd.js';
import { EndpointPacer, delay, burstSpacingMs, type StartWindow } from '../stripe/pacing.js';
import { MODE_RATE } from '../stripe/rate-limits.js';
import { backoffMs, classifyFailure } from '../stripe/retry-policy.js';
import { StripeApiError } from '../util/errors.js';

/** Where the AIMD limit starts: enough to fill the rate at a few hundred ms per request, without a burst of 429s. */
export const MODE_INITIAL_CONCURRENCY: Record<Mode, number> = { live: 25, test: 8 };

/** After a 429 every sender pauses for this many request slots of the mode's rate, so the window drains a little. */
const THROTTLE_HOLD_OFF_SLOTS = 5;

export interface SchedulerOptions {
  mode: Mode;
  initialConcurrency?: number;
  maxConcurrency?: number;
  ratePerSecond?: number;
  /** Each endpoint's limit per second (api-notes §1.9); default `endpointRate` (25 unless its table says otherwise). */
  endpointRate?: (endpoint: string) => number;
  /** Retries of 409 / 5xx / connection errors (429s retry without limit). */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /**
   * The account's window of the gateway's reads (`Gateway.accountWindow`): writes then wait for the second the
   * preflight's reads fill, instead of opening with a burst of 429s (the account limit counts both).
   */
  accountWindow?: StartWindow;
  /** Find each endpoint's real limit above the documented one (`EndpointCeiling`); default true. */
  probeEndpoints?: boolean;
}

export interface RetryInfo {
  label: string;
  kind: 'throttle' | 'retry';
  attempt: number;
  waitMs: number;
  error: unknown;
  concurrency: number;
}

/**
 * Sends requests with flow control and retries; one per apply run. A request starts when its endpoint's window,
 * the account's window and the AIMD limit all have room; requests to an endpoint whose window is full wait in its
 * own queue, so they never hold back a request to another endpoint (a backlog of price creates does not stop
 * product or coupon creates). Among requests that may start, the one that asked first goes first: changes that
 * were ready earliest, such as the products that prices wait for, are not starved by later ones.
 */
export class RequestScheduler {
  readonly limiter: AimdLimiter;
  private readonly pacer: EndpointPacer;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private throttledCount = 0;
  private retriedCount = 0;
  private readonly rate: number;
  /** Set by the first refusal of the key itself; every request not yet sent fails with it instead of going out. */
  private keyRefused: StripeApiError | undefined;

  constructor(private readonly options: SchedulerOptions) {
    const rate = options.ratePerSecond ?? MODE_RATE[options.mode];
    this.rate = rate;
    this.limiter = new AimdLimiter({
      initial: options.initialConcurrency ?? MODE_INITIAL_CONCURRENCY[options.mode],
      max: options.maxConcurrency ?? rate,
      now: options.now,
    });
    this.sleep = options.sleep ?? delay;
    this.random = options.random ?? Math.random;
    this.pacer = new EndpointPacer({
      rate,
      endpointRate: options.endpointRate,
      spacingMs: burstSpacingMs,
      now: options.now,
      sleep: this.sleep,
      admit: () => this.limiter.tryAcquire(),
      account: options.accountWindow,
      probeEndpoints: options.probeEndpoints ?? true,
    });
  }

  /** Also the limit each endpoint probed above its documented one ended at (`EndpointCeiling`). */
  get stats(): { throttled: number; retried: number; concurrency: number; endpointLimits: Record<string, number> } {
    return { throttled: this.throttledCount, retried: this.retriedCount, concurrency: this.limiter.limit, endpointLimits: this.pacer.probedLimits() };
  }

  /**
   * Runs `attempt`, a request to `endpoint` (`POST /v1/prices/:id`, see `endpointOf`), until it succeeds or fails
   * for good. `attempt` must be safe to repeat (same idempotency key). Rethrows the last error when it is final or
   * retries are exhausted.
   */
  async send<T>(label: string, endpoint: string, attempt: () => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 4;
    let retries = 0;
    let throttles = 0;
    for (;;) {
      const turn = await this.pacer.take(endpoint);
      const { ticket } = turn;
      if (this.keyRefused !== undefined) {
        this.release(ticket, 'other');
        throw notSent(this.keyRefused);
      }
      try {
        const result = await attempt();
        this.pacer.answered(turn);
        this.release(ticket, 'success');
        return result;
      } catch (error) {
        const kind = classifyFailure(error);
        // A refused write keeps its places (it is retried under the same key; a refusal may also mean the server
        // counts more than this side did). A refusal of a place its endpoint's probe tried above the documented
        // limit only brings that endpoint's limit down; any other slows every sender down.
        const probed = kind === 'throttle' && this.pacer.throttled(turn, false, !isLockTimeout(error));
        this.release(ticket, kind === 'throttle' && !probed ? 'throttled' : 'other');
        if (isKeyRefusal(error)) this.keyRefused ??= error;
        if (kind === 'final') throw error;
        if (kind === 'retry' && retries >= maxRetries) throw error;
        const attemptNo = kind === 'throttle' ? ++throttles : ++retries;
        if (kind === 'throttle') {
          this.throttledCount += 1;
          if (!probed) this.pacer.holdOff((THROTTLE_HOLD_OFF_SLOTS * 1000) / this.rate);
        } else {
          this.retriedCount += 1;
        }
        const waitMs = backoffMs(attemptNo, this.random);
        this.options.onRetry?.({ label, kind, attempt: attemptNo, waitMs, error, concurrency: this.limiter.limit });
        await this.sleep(waitMs);
      }
    }
  }

  /** The AIMD slot goes back, and whoever waits for one may start. */
  private release(ticket: number, outcome: 'success' | 'throttled' | 'other'): void {
    this.limiter.release(ticket, outcome);
    this.pacer.wake();
  }
}

/** A 429 for one busy object (api-notes §1.9), not for the rate. */
function isLockTimeout(error: unknown): boolean {
  return error instanceof StripeApiError && error.details.stripeCode === 'lock_timeout';
}

/** The key was refused (401) or lacks a permission (403): every other write with it would be refused too. */
function isKeyRefusal(error: unknown): error is StripeApiError {
  return error instanceof StripeApiError && (error.details.category === 'authentication' || error.details.category === 'permission');
}

function notSent(cause: StripeApiError): StripeApiError {
  return new StripeApiError(cause.code, `not sent: Stripe refused the key on an earlier request (${cause.message})`, { ...cause.details, requestId: undefined }, { hint: cause.hint });
}

export type NodeOutcome = 'ok' | 'failed' | 'skipped' | 'blocked';

export interface GraphNode {
  address: string;
  dependsOn: string[];
}

/**
 * Runs every node once its dependencies inside the graph ended `ok` (a dependency outside the graph is taken as
 * already satisfied); a node whose dependency failed is `blocked`, one whose dependency was skipped is `skipped`,
 * both without running. Returns every
 * node's outcome. Independent nodes run concurrently; the request scheduler bounds the real concurrency.
 */
export async function runGraph<N extends GraphNode>(
  nodes: N[],
  run: (node: N) => Promise<NodeOutcome>,
): Promise<Map<string, NodeOutcome>> {
  const byAddress = new Map(nodes.map((node) => [node.address, node]));
  const settled = new Map<string, Promise<NodeOutcome>>();
  const outcomes = new Map<string, NodeOutcome>();

  const visit = (node: N, path: Set<string>): Promise<NodeOutcome> => {
    const existing = settled.get(node.address);
    if (existing) return existing;
    const deps = node.dependsOn.filter((dep) => byAddress.has(dep) && dep !== node.address);
    const cyclic = deps.some((dep) => path.has(dep));
    const nextPath = new Set(path).add(node.address);
    const promise = (async (): Promise<NodeOutcome> => {
      if (cyclic) return 'blocked';
      const depOutcomes = await Promise.all(deps.map((dep) => visit(byAddress.get(dep)!, nextPath)));
      if (depOutcomes.some((outcome) => outcome === 'failed' || outcome === 'blocked')) return 'blocked';
      // A change that builds on one left out by choice is left out too, and is no failure.
      if (depOutcomes.some((outcome) => outcome === 'skipped')) return 'skipped';
      return run(node);
    })().then((outcome) => {
      outcomes.set(node.address, outcome);
      return outcome;
    });
    settled.set(node.address, promise);
    return promise;
  };

  await Promise.all(nodes.map((node) => visit(node, new Set())));
  return outcomes;
}
