/**
 * Stripe's rate limits and the pacer that keeps under them, shared by the gateway's reads and the applier's
 * writes (api-notes §1.9).
 */
import type { Mode } from './types.js';

/** Requests per second Stripe allows per account and mode. */
export const MODE_RATE: Record<Mode, number> = { live: 100, test: 25 };

/**
 * A pacer's first request opens the connection and runs the SDK's first call: it reached the emulator 20-80 ms
 * after it left, on a loaded machine. Its start is recorded this many spacings later.
 */
const COLD_START_SPACINGS = 3;

/**
 * Allows at most `perSecond` starts in any sliding window of `windowMs`, the server's second plus a margin.
 *
 * Stripe counts a request when it arrives, not when this process starts it. Requests started together leave one
 * after another (the SDK builds each, the socket writes them in turn) and the server takes them in turn too, so a
 * burst reaches the server spread out, the last ones later than their start. When the window is full, a new
 * request takes the place of the oldest one: if the oldest was the tail of such a burst, it may still be in the
 * server's second although its start has left this one (a 429). With `spacingMs`, each start is recorded no
 * earlier than `spacingMs` after the one before it, as the burst would arrive: a burst still leaves at once (a
 * small account's lists are all sent in the first instant), but its places are handed on spread out, and a
 * steady stream (starts further apart than `spacingMs`) is recorded as it is.
 */
export class WindowPacer {
  /** Recorded starts, oldest first; a recorded start may lie a little in the future (see `spacingMs`). */
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  private notBefore = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = delay,
    /** Margin against clock skew between this process and the server's window. */
    private readonly windowMs = 1010,
    private readonly spacingMs = 0,
  ) {}

  /** After a 429 the server's window is full whatever this side counted: start nothing for `ms`. */
  holdOff(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + ms);
  }

  /** Waits for a turn; resolves to the recorded start, which `refund` takes back. */
  take(): Promise<number> {
    const turn = this.chain.then(async () => {
      const held = this.notBefore - this.now();
      if (held > 0) await this.sleep(held);
      if (this.starts.length >= this.perSecond) {
        const oldest = this.starts[this.starts.length - this.perSecond]!;
        const wait = oldest + this.windowMs - this.now();
        if (wait > 0) await this.sleep(wait);
      }
      const now = this.now();
      const last = this.starts[this.starts.length - 1];
      const start = last === undefined ? now + this.spacingMs * COLD_START_SPACINGS : Math.max(now, last + this.spacingMs);
      this.starts.push(start);
      if (this.starts.length > this.perSecond * 2) this.starts.splice(0, this.starts.length - this.perSecond);
      return start;
    });
    this.chain = turn.then(() => undefined);
    return turn;
  }

  /**
   * Takes back the start of a request the server refused with a 429. The emulator does not count a refused
   * request in its window (whether Stripe does is not documented, api-notes §1.9); either way the refusal says
   * an earlier request is still in the server's second, and the retry waits for its own turn again.
   */
  refund(start: number): void {
    const at = this.starts.lastIndexOf(start);
    if (at >= 0) this.starts.splice(at, 1);
  }
}

/**
 * The spacing reads record their starts with (see `WindowPacer`): half the steady interval of the rate, 20 ms in a
 * sandbox. Measured against the emulator on a loaded 2-core machine, a burst of 17 list requests reached the
 * server spread over 30–90 ms; with no spacing about one read in ten was refused, with 20 ms about one in 150.
 */
export function readSpacingMs(ratePerSecond: number): number {
  return 1000 / ratePerSecond / 2;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
