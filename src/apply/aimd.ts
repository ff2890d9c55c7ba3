/**
 * Flow control for writes: an AIMD concurrency limit (additive increase per window of successes, multiplicative
 * decrease on a 429, as TCP does) and a sliding-window pacer that never starts more requests in one second than
 * the mode's published rate limit (live 100/s, sandbox 25/s; api-notes §1.9).
 */

export interface AimdOptions {
  initial: number;
  /** Never more requests in flight than this (the mode's rate). */
  max: number;
  min?: number;
}

/** Invariant: `min <= limit <= max`; at most `limit` tickets are out at once. */
export class AimdLimiter {
  private current: number;
  private inFlight = 0;
  private successes = 0;
  private issued = 0;
  /** Tickets issued before the last decrease do not decrease again: one halving per burst of 429s. */
  private lastDecreaseAt = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly min: number;

  constructor(private readonly options: AimdOptions) {
    this.min = options.min ?? 1;
    this.current = clamp(options.initial, this.min, options.max);
  }

  get limit(): number {
    return this.current;
  }

  /** Resolves with a ticket once a slot is free. */
  async acquire(): Promise<number> {
    while (this.inFlight >= this.current) await new Promise<void>((resolve) => this.waiting.push(resolve));
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
    } else if (outcome === 'throttled' && ticket > this.lastDecreaseAt) {
      this.current = Math.max(this.min, Math.floor(this.current / 2));
      this.successes = 0;
      this.lastDecreaseAt = this.issued;
    }
    // Woken waiters re-check the limit when they run; wake one per free slot.
    for (let free = this.current - this.inFlight; free > 0 && this.waiting.length > 0; free -= 1) this.waiting.shift()!();
  }
}

/** Allows at most `perSecond` starts in any sliding second. */
export class WindowPacer {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  private notBefore = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = delay,
    /** Margin against clock skew between this process and the server's window. */
    private readonly windowMs = 1010,
  ) {}

  /** After a 429 the server's window is full whatever this side counted: start nothing for `ms`. */
  holdOff(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + ms);
  }

  take(): Promise<void> {
    const turn = this.chain.then(async () => {
      const held = this.notBefore - this.now();
      if (held > 0) await this.sleep(held);
      if (this.starts.length >= this.perSecond) {
        const oldest = this.starts[this.starts.length - this.perSecond]!;
        const wait = oldest + this.windowMs - this.now();
        if (wait > 0) await this.sleep(wait);
      }
      this.starts.push(this.now());
      if (this.starts.length > this.perSecond * 2) this.starts.splice(0, this.starts.length - this.perSecond);
    });
    this.chain = turn;
    return turn;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
