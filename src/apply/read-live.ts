/**
 * Reads that survive what writes survive: a 429 or a passing server error during a read (the account lookup,
 * the preflight read, a re-read, the verification reads) waits and reads again instead of failing the run.
 * stripe-node does not retry 429s (api-notes §1.8), so without this a busy account fails a run before it starts.
 */
import type { Catalog } from '../catalog/types.js';
import type { AccountRef, Gateway } from '../stripe/types.js';
import { delay } from './aimd.js';
import { backoffMs, classifyFailure } from './retry-policy.js';

const MAX_READ_ATTEMPTS = 8;

export async function withReadRetries<T>(read: () => Promise<T>, sleep: (ms: number) => Promise<void> = delay): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (classifyFailure(error) === 'final' || attempt >= MAX_READ_ATTEMPTS) throw error;
      await sleep(backoffMs(attempt));
    }
  }
}

export function readLive(gateway: Gateway): Promise<Catalog> {
  return withReadRetries(() => gateway.readCatalog());
}

export function readAccount(gateway: Gateway): Promise<AccountRef> {
  return withReadRetries(() => gateway.account());
}
