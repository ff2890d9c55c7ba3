/**
 * Idempotency keys derived from the plan and the change, never random: the same request of the same reviewed
 * plan carries the same key on every retry and every re-run, so Stripe answers a repeat from its idempotency
 * store instead of writing twice.
 */
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_KEY_PREFIX = 'scm_';

/**
 * `scm_` + the first 20 hex digits of sha256(contentHash/address/requestIndex). `generation` > 0 (appended as
 * `/g<n>`) is only used after Stripe answered the same key with a stored server error several times (a stored
 * 500 is replayed forever, so the only way forward is a new key, taken deliberately and recorded in the journal),
 * or with a stored answer that a fresh read shows live has moved away from since (a webhook endpoint's events).
 */
export function idempotencyKey(contentHash: string, address: string, requestIndex: number, generation = 0): string {
  const suffix = generation > 0 ? `/g${generation}` : '';
  const digest = createHash('sha256').update(`${contentHash}/${address}/${requestIndex}${suffix}`).digest('hex');
  return `${IDEMPOTENCY_KEY_PREFIX}${digest.slice(0, 20)}`;
}
