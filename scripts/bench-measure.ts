/**
 * What the benchmark derives from the emulator's request log: requests per phase, by kind and account, 429s,
 * and the floors the rate limits set (api-notes §1.9: live 100 req/s, sandbox 25 req/s, per account and mode;
 * besides, 25 req/s for each endpoint, a method and route such as `POST /v1/prices`, per account and mode).
 */
import { DEFAULT_ENDPOINT_RATE, endpointOf, endpointRate } from '../src/stripe/rate-limits.js';
import type { LoggedRequest } from './bench-server.js';

export const LIVE_RATE = 100;
export const SANDBOX_RATE = 25;
export { DEFAULT_ENDPOINT_RATE };

/** Requests counted by endpoint (`POST /v1/prices/:id`). */
export type ByEndpoint = Record<string, number>;

export interface PhaseCounts {
  /** GETs (list pages and the account lookup) answered, by account side. */
  sandboxReads: number;
  liveReads: number;
  /** The same GETs by endpoint. */
  sandboxReadsBy: ByEndpoint;
  liveReadsBy: ByEndpoint;
  /** POST/DELETE to live answered with a 2xx. */
  writes: number;
  /** The same writes by endpoint. */
  writesBy: ByEndpoint;
  /** Requests by endpoint, 429s and failures included. */
  byKind: ByEndpoint;
  /** 429s received, any side. */
  rateLimited: number;
  failed: number;
}

const add = (counts: ByEndpoint, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function countPhase(requests: LoggedRequest[], liveAccount: string): PhaseCounts {
  const counts: PhaseCounts = { sandboxReads: 0, liveReads: 0, sandboxReadsBy: {}, liveReadsBy: {}, writes: 0, writesBy: {}, byKind: {}, rateLimited: 0, failed: 0 };
  for (const entry of requests) {
    const endpoint = endpointOf(entry.method, entry.path);
    add(counts.byKind, endpoint);
    if (entry.status === 429) {
      counts.rateLimited += 1;
      continue;
    }
    if (entry.status >= 400) counts.failed += 1;
    const live = entry.livemode === true && entry.account === liveAccount;
    if (entry.method === 'GET') {
      if (live) {
        counts.liveReads += 1;
        add(counts.liveReadsBy, endpoint);
      } else {
        counts.sandboxReads += 1;
        add(counts.sandboxReadsBy, endpoint);
      }
    } else if (live && entry.status < 300) {
      counts.writes += 1;
      add(counts.writesBy, endpoint);
    }
  }
  return counts;
}

/**
 * Which of the two documented models the emulator enforces (api-notes §1.9): `current`, the account's limit and
 * 25/s for each endpoint; `older`, account limits only, reads and writes apart (the emulator's `endpointRateLimits:
 * false`, and what an account whose endpoint limits Stripe has raised to its account limit sees).
 */
export type RateModel = 'current' | 'older';

/**
 * The least time `byEndpoint`'s requests can take on one account: all of them at the account's `rate`, and in
 * the current model each endpoint's at its own limit (at most the account's).
 */
export function accountFloorMs(byEndpoint: ByEndpoint, rate: number, model: RateModel = 'current'): number {
  let seconds = 0;
  let total = 0;
  for (const [endpoint, count] of Object.entries(byEndpoint)) {
    total += count;
    seconds = Math.max(seconds, count / Math.min(rate, operationRate(endpoint, model)));
  }
  return Math.max(seconds, total / rate) * 1000;
}

/** One endpoint's limit under `model`: its own in the current model, none (infinite) in the older. */
export function operationRate(endpoint: string, model: RateModel): number {
  return model === 'current' ? endpointRate(endpoint) : Number.POSITIVE_INFINITY;
}

/** The read floor: each side's list pages at its own limits, the two sides read at the same time. */
export function readFloorMs(sandboxPagesBy: ByEndpoint, livePagesBy: ByEndpoint, model: RateModel = 'current'): number {
  return Math.max(accountFloorMs(sandboxPagesBy, SANDBOX_RATE, model), accountFloorMs(livePagesBy, LIVE_RATE, model));
}

/** The write floor: writes ÷ 100, and in the current model at least the busiest endpoint's writes ÷ 25. */
export function writeFloorMs(writesBy: ByEndpoint, model: RateModel = 'current'): number {
  return accountFloorMs(writesBy, LIVE_RATE, model);
}
