/**
 * What the benchmark derives from the emulator's request log: requests per phase, by kind and account, 429s,
 * and the floors the rate limits set (api-notes §1.9: live 100 req/s, sandbox 25 req/s, per account and mode).
 */
import type { LoggedRequest } from './bench-server.js';

export const LIVE_RATE = 100;
export const SANDBOX_RATE = 25;

export interface PhaseCounts {
  /** GETs (list pages and the account lookup) answered, by account side. */
  sandboxReads: number;
  liveReads: number;
  /** POST/DELETE to live answered with a 2xx. */
  writes: number;
  /** Requests by `METHOD /v1/resource` (ids folded), 429s included. */
  byKind: Record<string, number>;
  /** 429s received, any side. */
  rateLimited: number;
  failed: number;
}

/** `/v1/prices/price_123` → `/v1/prices/:id`, so kinds can be counted. */
function kindOf(entry: LoggedRequest): string {
  const parts = entry.path.split('?')[0]!.split('/');
  return `${entry.method} ${parts.slice(0, 3).join('/')}${parts.length > 3 ? '/:id' : ''}`;
}

export function countPhase(requests: LoggedRequest[], liveAccount: string): PhaseCounts {
  const counts: PhaseCounts = { sandboxReads: 0, liveReads: 0, writes: 0, byKind: {}, rateLimited: 0, failed: 0 };
  for (const entry of requests) {
    const kind = kindOf(entry);
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
    if (entry.status === 429) {
      counts.rateLimited += 1;
      continue;
    }
    if (entry.status >= 400) counts.failed += 1;
    const live = entry.livemode === true && entry.account === liveAccount;
    if (entry.method === 'GET') {
      if (live) counts.liveReads += 1;
      else counts.sandboxReads += 1;
    } else if (live && entry.status < 300) {
      counts.writes += 1;
    }
  }
  return counts;
}

/** The read floor: each side's reads at its own limit, the two sides read at the same time. */
export function readFloorMs(counts: PhaseCounts): number {
  return Math.max(counts.sandboxReads / SANDBOX_RATE, counts.liveReads / LIVE_RATE) * 1000;
}

export function writeFloorMs(writes: number): number {
  return (writes / LIVE_RATE) * 1000;
}
