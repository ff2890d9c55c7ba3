/**
 * Stripe's request-rate limits (§1.9): live 100 and test 25 requests per second, per account and mode, over a
 * sliding one-second window. Real time, not the emulator clock, so tests that freeze the clock still drain.
 */
import type { Mode } from '../store/state.js';

const LIMITS: Record<Mode, number> = { live: 100, test: 25 };
const WINDOW_MS = 1000;

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  /** Counts the request and says whether it is allowed. Refused requests do not use up the window. */
  allow(scope: string, mode: Mode, now = performance.now()): boolean {
    let stamps = this.windows.get(scope);
    if (stamps === undefined) {
      stamps = [];
      this.windows.set(scope, stamps);
    }
    let drop = 0;
    while (drop < stamps.length && stamps[drop] <= now - WINDOW_MS) drop += 1;
    if (drop > 0) stamps.splice(0, drop);
    if (stamps.length >= LIMITS[mode]) return false;
    stamps.push(now);
    return true;
  }

  clear(): void {
    this.windows.clear();
  }
}
