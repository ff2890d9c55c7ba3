/**
 * What to do when a write fails, as one ordered table of rules (first match wins), following Stripe's own advice
 * (api-notes §1.8, §1.9): `Stripe-Should-Retry` decides when present; 429s (`rate_limit`, `lock_timeout`) slow
 * down and retry without limit, so a throttle never fails a change; 409s, 5xx and lost connections retry a few
 * times with the same idempotency key; everything else is final.
 */
import { StripeApiError } from '../util/errors.js';

/** `throttle`: retry after backoff and shrink concurrency; `retry`: retry with the same key; `final`: give up. */
export type FailureKind = 'throttle' | 'retry' | 'final';

interface Rule {
  when: (error: StripeApiError) => boolean;
  kind: FailureKind;
}

const RULES: Rule[] = [
  { when: (e) => e.details.shouldRetry === false, kind: 'final' },
  { when: (e) => e.details.status === 429 || e.details.category === 'rate_limit', kind: 'throttle' },
  { when: (e) => e.details.shouldRetry === true, kind: 'retry' },
  { when: (e) => e.details.status === 409, kind: 'retry' },
  { when: (e) => (e.details.status ?? 0) >= 500, kind: 'retry' },
  { when: (e) => e.details.category === 'connection', kind: 'retry' },
];

export function classifyFailure(error: unknown): FailureKind {
  if (!(error instanceof StripeApiError)) return 'final';
  return RULES.find((rule) => rule.when(error))?.kind ?? 'final';
}

/** Stripe's client backoff: min(0.5 · 2^(n-1), 5) s, jittered by 0.5–1.0, never under 0.25 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** Math.max(0, attempt - 1), 5000);
  return Math.max(250, base * (0.5 + random() * 0.5));
}

/** Throttles say "come back soon" and get more patience than failures do. */
const MAX_READ_ATTEMPTS: Record<Exclude<FailureKind, 'final'>, number> = { throttle: 25, retry: 4 };

/**
 * Throttled reads retried after a short pause before Stripe's backoff applies. Reads are paced to the limit, so a
 * 429 on a read nearly always means an earlier request reached the server a few ms later than it left here and
 * is still in the server's second: its place frees within tens of ms, and half a second of backoff would only
 * idle the rate limit. A 429 that persists (someone else using the account's limit) gets the full backoff.
 */
const QUICK_THROTTLE_RETRIES = 2;

export function readRetryMs(kind: Exclude<FailureKind, 'final'>, attempt: number, random: () => number = Math.random): number {
  if (kind === 'throttle' && attempt <= QUICK_THROTTLE_RETRIES) return 25 + random() * 50;
  return backoffMs(kind === 'throttle' ? attempt - QUICK_THROTTLE_RETRIES : attempt, random);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs a read again after a throttle or a passing failure, as writes are: stripe-node does not retry 429s
 * (api-notes §1.8), so without this a busy account would fail a run before it starts. `read` must throw
 * `StripeApiError`s (the gateway converts SDK errors first).
 */
export async function withReadRetries<T>(read: () => Promise<T>, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      const kind = classifyFailure(error);
      if (kind === 'final' || attempt >= MAX_READ_ATTEMPTS[kind]) throw error;
      await wait(readRetryMs(kind, attempt));
    }
  }
}
