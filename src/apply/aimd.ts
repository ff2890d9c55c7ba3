/**
 * Flow control for writes: an AIMD concurrency limit (additive increase per window of successes, multiplicative
 * decrease on a 429, as TCP does). The pacer that keeps starts under the mode's rate is in `stripe/pacing.ts`.
 */

export interface AimdOptions {
  initial: number;
  /** Never more requests in flight than this (the mode's rate). */
  max: number;
  min?: number;
  /** At most one decrease in this time (default: one second, the rate limits' window). */
  decreaseIntervalMs?: number;
  now?: () => number;
}

/** Invariant: `min <= limit <= max`; at most `limit` tickets are out at once. */
export class AimdLimiter {
  private current: number;
  private inFlight = 0;
  private successes = 0;
  private issued = 0;
  /**
   * Tickets issued before the last decrease do not decrease again, nor do 429s within `decreaseIntervalMs` of it:
   * one halving per burst of 429s. A 429 comes back at once (the server refuses before any work), so without
   * the time rule a request sent just after a halving would halve again within milliseconds, for the same
   * overfull second.
   */
  private lastDecreaseAt = 0;
  private lastDecreaseTime = Number.NEGATIVE_INFINITY;
  private readonly min: number;
  private readonly now: () => number;

  constructor(private readonly options: AimdOptions) {
    this.min = options.min ?? 1;
    this.now = options.now ?? Date.now;
    this.current = clamp(options.initial, this.min, options.max);
  }

  get limit(): number {
    return this.current;
  }

  /** A ticket if a slot is free now, else undefined (the pacer asks again after a `release`). */
  tryAcquire(): number | undefined {
    if (this.inFlight >= this.current) return undefined;
    this.inFlight += 1;
    this.issued += 1;
    return this.issued;
  }

  release(ticket: number, outcome: 'success' | 'throttled' | 'other'): void {
    this.inFlight -= 1;
    if (outcome === 'success') {
      this.successes += 1;
      if (this.successes >= this.current) {
        this.current = Math.min(this.options.max, this.current + 1);
        this.successes = 0;
      }
    } else if (outcome === 'throttled' && ticket > this.lastDecreaseAt && this.now() - this.lastDecreaseTime >= (this.options.decreaseIntervalMs ?? 1000)) {
      this.current = Math.max(this.min, Math.floor(this.current / 2));
      this.successes = 0;
      this.lastDecreaseAt = this.issued;
      this.lastDecreaseTime = this.now();
    }
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
