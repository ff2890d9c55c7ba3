/**
 * How far one endpoint's window may rise above its documented limit. api-notes §1.9 records two documented models:
 * the current one allows each endpoint 25 requests a second besides the account's 100 in live; the older one has
 * account limits only (100 writes a second in live), and Stripe raises limits for some accounts. Paced at 25 on
 * every endpoint, an apply whose writes are a third `POST /v1/plans` is held to 0.78 of the live limit even where
 * the account allows all of it. So while an endpoint's full window is what holds its requests back and the
 * account's window has room, the endpoint's limit is probed upward: one place first, a test that costs one 429
 * where the documented limit holds, then doubling up to the account's rate. A level is tested by a start beyond
 * the level before it: the next raise waits until one such start has been answered, so a refused test never
 * doubles into a window of refusals. A 429 on a start beyond the documented limit brings the level below that
 * start's place. If the account's window had room when it started, the refusal was the endpoint's and the level
 * becomes its ceiling; otherwise (the account's limit may have refused it) probing waits two seconds and tries
 * once more, and a second such refusal sets the ceiling too (an endpoint that saturates while the account is
 * nearly full for a minute would otherwise pay a refusal each time).
 */

/** The account's window counts as having room while at least this share of its places is free. */
const ACCOUNT_ROOM_SHARE = 0.1;
/** How long probing waits after a refusal that may have been the account's. */
const WAIT_MS = 2000;
/** Refusals that may have been the account's before the level is taken as the ceiling. */
const UNCLEAR_REFUSALS = 2;

/** Invariant: `documented <= level <= max(documented, min(ceiling, accountRate))`. */
export class EndpointCeiling {
  private current: number;
  /** The level before the last raise: a start beyond it tests the current level. */
  private previous: number;
  /** Whether a start beyond `previous` has been answered. */
  private tested = false;
  private ceiling = Number.POSITIVE_INFINITY;
  private nextProbeAt = Number.NEGATIVE_INFINITY;
  private unclear = 0;
  private raised = false;

  constructor(
    readonly documented: number,
    private readonly accountRate: number,
  ) {
    this.current = documented;
    this.previous = documented;
  }

  get level(): number {
    return this.current;
  }

  /** Whether a level above the documented one has been tried. */
  get probed(): boolean {
    return this.raised;
  }

  /** Whether an account window with `free` places of `accountRate` has room to test an endpoint against. */
  accountHasRoom(free: number): boolean {
    return free >= this.accountRate * ACCOUNT_ROOM_SHARE;
  }

  /**
   * The endpoint's window is full, holds back a request, and the account's has room: the next level, or undefined
   * while the current one is untested or no higher level may be tried.
   */
  raise(now: number): number | undefined {
    const top = Math.min(this.ceiling, this.accountRate);
    if (now < this.nextProbeAt || this.current >= top) return undefined;
    if (this.current > this.previous && !this.tested) return undefined;
    this.previous = this.current;
    this.tested = false;
    this.raised = true;
    this.current = this.current === this.documented ? this.current + 1 : Math.min(top, this.current * 2);
    return this.current;
  }

  /** A start that took the `place`-th place of the endpoint's window was answered, not refused. */
  passed(place: number): void {
    if (place > this.previous) this.tested = true;
  }

  /**
   * A start that took the `place`-th place of the endpoint's window was refused; `accountHadRoom` says whether the
   * account's window had room when it started. Returns whether probing explains the refusal (a place beyond the
   * documented limit); a refusal within it is the server's window counting differently from ours.
   */
  refused(place: number, accountHadRoom: boolean, now: number): boolean {
    if (place <= this.documented) return false;
    this.current = Math.max(this.documented, Math.min(this.current, place - 1));
    this.previous = this.current;
    this.tested = false;
    if (!accountHadRoom) this.unclear += 1;
    if (accountHadRoom || this.unclear >= UNCLEAR_REFUSALS) this.ceiling = this.current;
    else this.nextProbeAt = now + WAIT_MS;
    return true;
  }
}
