/**
 * Whole-catalog reads that survive what writes survive: a 429 or a passing server error during a read (the
 * preflight read, a re-read, the verification read) waits and reads again instead of failing the run.
 */
import type { Catalog } from '../catalog/types.js';
import type { Gateway } from '../stripe/types.js';
import { delay } from './aimd.js';
import { backoffMs, classifyFailure } from './retry-policy.js';

const MAX_READ_ATTEMPTS = 8;

export async function readLive(gateway: Gateway, sleep: (ms: number) => Promise<void> = delay): Promise<Catalog> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await gateway.readCatalog();
    } catch (error) {
      if (classifyFailure(error) === 'final' || attempt >= MAX_READ_ATTEMPTS) throw error;
      await sleep(backoffMs(attempt));
    }
  }
}
