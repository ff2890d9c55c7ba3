/**
 * Stripe's rate limits and the pacer that keeps under them, shared by the gateway's reads and the applier's
 * writes (api-notes §1.9).
 */
import type { Mode } from './types.js';

/** Requests per second Stripe allows per account and mode. */
export const MODE_RATE: Record<Mode, number> = { live: 100, test: 25 };

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
