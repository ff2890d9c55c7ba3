/**
 * The pacer that keeps under Stripe's rate limits (`rate-limits.ts`), used by the gateway's reads and the
 * applier's writes: a request starts when both its account's and its endpoint's sliding second have room. The
 * gateway's account window is shared with the applier's pacer, since reads and writes count against one limit.
 * The applier's pacer also finds where an endpoint's real limit lies above the documented one
 * (`endpoint-ceiling.ts`).
 */
import { EndpointCeiling } from './endpoint-ceiling.js';
import { endpointRate } from './rate-limits.js';

/**
 * A pacer's first request opens the connection and runs the SDK's first call: it reached the emulator 20-80 ms
 * after it left, on a loaded machine. Its start is recorded this many spacings later. So is the first start after
 * `IDLE_MS` without one: it opens a burst (a catalog read's first pages, one per list, over new connections), and
 * the burst's first request reached the emulator 14-25 ms after it left on an idle machine, later than its place
 * was recorded; 1,010 ms on, its place went to a page the server refused (one 429 in nearly every read).
 */
const COLD_START_SPACINGS = 3;
const IDLE_MS = 100;

/**
 * How a window's margin follows the lag between a start here and its arrival at the server: a 429 says the lag
 * was larger than the margin, so it widens by `WIDEN_MS` (up to `MAX_EXTRA_MS`); each start recorded narrows it by
 * `NARROW_MS`, back to the base margin when requests pass. Measured against the emulator on a loaded 2-core
 * machine, a list page that left while other pages were being parsed and normalised reached the server 25-35 ms
 * after its start, more than the base margin of 10 ms: with a full endpoint window every such page was refused.
 */
const WIDEN_MS = 20;
const MAX_EXTRA_MS = 200;
const NARROW_MS = 0.5;

/**
 * The starts recorded against one limit: at most `limit` in any sliding window of `windowMs`, the server's second
 * plus a margin. Invariant: `starts` is sorted, oldest first; a recorded start may lie a little in the future.
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
export class StartWindow {
  private readonly starts: number[] = [];
  /** Added to `windowMs` while requests seem to reach the server later than the base margin allows. */
  private extraMs = 0;

  constructor(
    private size: number,
    private readonly windowMs: number,
    private readonly spacingMs: number,
  ) {}

  /** At most this many starts in any window. */
  get limit(): number {
    return this.size;
  }

  /** A new limit, for an endpoint whose real limit is being found (`EndpointCeiling`). */
  setLimit(limit: number): void {
    this.size = limit;
  }

  /** The earliest time, `now` or later, at which another start fits. */
  freeAt(now: number): number {
    if (this.starts.length < this.limit) return now;
    return Math.max(now, this.starts[this.starts.length - this.limit]! + this.windowMs + this.extraMs);
  }

  /**
   * How many more starts fit by `at`: the limit less the recorded starts still in the window then. A recorded
   * start counts even if it lies after `at` (it has been granted).
   */
  placesBy(at: number): number {
    let held = 0;
    for (let i = this.starts.length - 1; i >= 0 && held < this.limit; i -= 1) {
      if (this.starts[i]! + this.windowMs + this.extraMs > at) held += 1;
      else break;
    }
    return this.limit - held;
  }

  /**
   * Whether a start at `now` opens a burst: none for `IDLE_MS` and the window at most half full. A full window
   * also pauses between its clumps of starts while it waits for places, but a start there takes a place the
   * window hands on, over connections already open; delaying it would slow a saturated window by three spacings a
   * second (writes at 10,000 objects took 2% longer).
   */
  private opensBurst(now: number, last: number): boolean {
    return now - last >= IDLE_MS && this.placesBy(now) >= this.limit / 2;
  }

  record(now: number): number {
    const last = this.starts[this.starts.length - 1];
    const start = last === undefined || this.opensBurst(now, last) ? now + this.spacingMs * COLD_START_SPACINGS : Math.max(now, last + this.spacingMs);
    this.starts.push(start);
    if (this.starts.length > this.limit * 2) this.starts.splice(0, this.starts.length - this.limit);
    this.extraMs = Math.max(0, this.extraMs - NARROW_MS);
    return start;
  }

  widen(): void {
    this.extraMs = Math.min(MAX_EXTRA_MS, this.extraMs + WIDEN_MS);
  }

  refund(start: number): void {
    const at = this.starts.lastIndexOf(start);
    if (at >= 0) this.starts.splice(at, 1);
  }
}

/**
 * A granted start: the endpoint, the places recorded in the account's and the endpoint's windows, and the ticket;
 * `place` is its place in the endpoint's window (1 for the only start in it) and `accountFree` the places the
 * account's window had free when it started.
 */
export interface Turn {
  readonly endpoint: string;
  readonly ticket: number;
  readonly account: number;
  readonly own: number;
  readonly place: number;
  readonly accountFree: number;
}

export interface EndpointPacerOptions {
  /** The account's limit per second (the mode's rate). */
  rate: number;
  /** Each endpoint's limit per second; default `endpointRate`. */
  endpointRate?: (endpoint: string) => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Margin against clock skew between this process and the server's window. */
  windowMs?: number;
  /** How far apart a window of this rate records starts (see `StartWindow` and `burstSpacingMs`); default 0. */
  spacingMs?: (ratePerSecond: number) => number;
  /**
   * A second gate besides the windows, such as a concurrency limit: returns a ticket, or undefined when nothing may
   * start now (then `wake()` says when it may have changed).
   */
  admit?: () => number | undefined;
  /**
   * The account's window of another pacer of the same account and mode (`accountWindow`), so that this pacer's
   * starts and that one's count against one limit (api-notes §1.9: the current doc's global limit counts every
   * request; were reads and writes limited apart, as the older doc says, sharing would only hold the first writes
   * back for up to a second); by default a window of this pacer's own.
   */
  account?: StartWindow;
  /**
   * Find each endpoint's real limit above its documented one, up to the account's rate (`EndpointCeiling`): for
   * writes, where one operation can make up a third of an apply. Off by default.
   */
  probeEndpoints?: boolean;
}

interface Waiter {
  endpoint: string;
  seq: number;
  resolve: (turn: Turn) => void;
}

/** A first-in, first-out queue that does not shift a long array. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/**
 * Starts requests so that neither the account's window nor any endpoint's window overflows: a request starts only
 * when both its endpoint's window and the account's have room (and `admit` gives a ticket), and is then recorded
 * in both. Each endpoint waits in a queue of its own, so a request held back by its endpoint's limit never holds
 * back a request to another endpoint; among endpoints that may start, the request that asked first goes first.
 */
export class EndpointPacer {
  private readonly account: StartWindow;
  private readonly windows = new Map<string, StartWindow>();
  private readonly ceilings = new Map<string, EndpointCeiling>();
  private readonly queues = new Map<string, Queue<Waiter>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private seq = 0;
  private notBefore = 0;
  /** The latest time a wake-up was slept to: a sleep that returns early (tests) still counts as time passed. */
  private reached = 0;
  /** When the pending wake-up fires; undefined when none is pending. */
  private wakeAt: number | undefined;

  constructor(private readonly options: EndpointPacerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? delay;
    this.account = options.account ?? this.newWindow(options.rate);
  }

  /** The account's window, for another pacer of the same account to share (`EndpointPacerOptions.account`). */
  get accountWindow(): StartWindow {
    return this.account;
  }

  /** After a 429 the server's window is full whatever this side counted: start nothing for `ms`. */
  holdOff(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.time() + ms);
  }

  /** Waits for a turn of `endpoint`; `throttled` takes it back. */
  take(endpoint: string): Promise<Turn> {
    return new Promise((resolve) => {
      let queue = this.queues.get(endpoint);
      if (queue === undefined) {
        queue = new Queue();
        this.queues.set(endpoint, queue);
      }
      queue.push({ endpoint, seq: this.seq++, resolve });
      this.pump();
    });
  }

  /**
   * A request of `turn` was refused with a 429. Returns true when it took a place beyond its endpoint's documented
   * limit while that limit was being probed: the endpoint's level comes down (`EndpointCeiling.refused`) and nothing
   * else need slow down. Otherwise an earlier request is still in the server's second though its start has left
   * this side's, so both windows of the turn keep a wider margin for a while. With `giveBack`, the turn's places
   * are taken back too: the emulator does not count a refused request in its windows (whether Stripe does is not
   * documented, api-notes §1.9), and the retry waits for its own turn again. `rateLimit` false: the 429 was
   * another kind (`lock_timeout`, one object busy), which says nothing of the endpoint's limit.
   */
  throttled(turn: Turn, giveBack: boolean, rateLimit = true): boolean {
    const own = this.windowOf(turn.endpoint);
    const ceiling = rateLimit ? this.ceilings.get(turn.endpoint) : undefined;
    const probed = ceiling !== undefined && ceiling.refused(turn.place, ceiling.accountHasRoom(turn.accountFree), this.time());
    if (probed) {
      own.setLimit(ceiling.level);
    } else {
      this.account.widen();
      own.widen();
    }
    if (giveBack) {
      this.account.refund(turn.account);
      own.refund(turn.own);
      this.pump();
    }
    return probed;
  }

  /**
   * How many requests to `endpoint` could start within `withinMs` beyond those already waiting: the places the
   * account's and the endpoint's windows open by then, less the requests queued for them. A reader splitting a
   * long list asks it, since a piece that starts within a round trip ends before a chain's next page would.
   */
  spare(endpoint: string, withinMs: number): number {
    const at = this.time() + withinMs;
    if (this.notBefore > at) return 0;
    let waiting = 0;
    for (const queue of this.queues.values()) waiting += queue.size;
    const own = this.queues.get(endpoint)?.size ?? 0;
    return Math.max(0, Math.min(this.account.placesBy(at) - waiting, this.windowOf(endpoint).placesBy(at) - own));
  }

  /** The request of `turn` was answered (not refused): a probed level it went beyond holds. */
  answered(turn: Turn): void {
    this.ceilings.get(turn.endpoint)?.passed(turn.place);
  }

  /** The limit each probed endpoint has now (`EndpointCeiling`), for the run's report. */
  probedLimits(): Record<string, number> {
    return Object.fromEntries([...this.ceilings].filter(([, ceiling]) => ceiling.probed).map(([endpoint, ceiling]) => [endpoint, ceiling.level]));
  }

  /** `admit` may give a ticket again (one was handed back): start whoever can. */
  wake(): void {
    this.pump();
  }

  private time(): number {
    return Math.max(this.now(), this.reached);
  }

  private newWindow(rate: number): StartWindow {
    return new StartWindow(rate, this.options.windowMs ?? 1010, this.options.spacingMs?.(rate) ?? 0);
  }

  private windowOf(endpoint: string): StartWindow {
    let window = this.windows.get(endpoint);
    if (window === undefined) {
      const documented = (this.options.endpointRate ?? endpointRate)(endpoint);
      window = this.newWindow(documented);
      this.windows.set(endpoint, window);
      if (this.options.probeEndpoints === true) this.ceilings.set(endpoint, new EndpointCeiling(documented, this.options.rate));
    }
    return window;
  }

  /**
   * When `endpoint`'s full window holds its queue back while the account's has room, its probe may raise the
   * window's limit (`EndpointCeiling.raise`); the earliest time it may start then.
   */
  private ownFreeAt(endpoint: string, now: number, accountFreeAt: number): number {
    const window = this.windowOf(endpoint);
    const free = window.freeAt(now);
    const ceiling = this.ceilings.get(endpoint);
    if (free <= now || accountFreeAt > now || ceiling === undefined || !ceiling.accountHasRoom(this.account.placesBy(now))) return free;
    const level = ceiling.raise(now);
    if (level === undefined) return free;
    window.setLimit(level);
    return window.freeAt(now);
  }

  /** Starts every waiter that may start now, oldest first, and sleeps until the next one may. */
  private pump(): void {
    for (;;) {
      const now = this.time();
      const accountFreeAt = Math.max(this.notBefore, this.account.freeAt(now));
      let next: Waiter | undefined;
      let soonest = Number.POSITIVE_INFINITY;
      for (const queue of this.queues.values()) {
        const head = queue.peek();
        if (head === undefined) continue;
        const free = Math.max(accountFreeAt, this.ownFreeAt(head.endpoint, now, accountFreeAt));
        if (free > now) soonest = Math.min(soonest, free);
        else if (next === undefined || head.seq < next.seq) next = head;
      }
      if (next === undefined) {
        if (soonest !== Number.POSITIVE_INFINITY) this.wakeUpAt(soonest);
        return;
      }
      const ticket = this.options.admit === undefined ? 0 : this.options.admit();
      if (ticket === undefined) return;
      this.queues.get(next.endpoint)!.shift();
      const own = this.windowOf(next.endpoint);
      const place = own.limit - own.placesBy(now) + 1;
      const accountFree = this.account.placesBy(now);
      next.resolve({ endpoint: next.endpoint, ticket, account: this.account.record(now), own: own.record(now), place, accountFree });
    }
  }

  private wakeUpAt(at: number): void {
    if (this.wakeAt !== undefined && this.wakeAt <= at) return;
    this.wakeAt = at;
    void this.sleep(at - this.time()).then(() => {
      if (this.wakeAt === at) this.wakeAt = undefined;
      this.reached = Math.max(this.reached, at);
      this.pump();
    });
  }
}

/**
 * The spacing a window records starts with (see `StartWindow`): half the steady interval of its rate, at most
 * `MAX_BURST_SPACING_MS`: 8 ms at 25/s, 5 ms at 100/s. Measured against the emulator on a loaded 2-core machine, a
 * burst of 17 list requests reached the server spread over 30–90 ms, a few milliseconds apart whatever the rate;
 * with no spacing about one read in ten was refused. An apply opens with a burst too (every product and coupon
 * create is ready at once, 25 new connections): its first writes reached the server 30–40 ms after they left.
 */
export function burstSpacingMs(ratePerSecond: number): number {
  return Math.min(1000 / ratePerSecond / 2, MAX_BURST_SPACING_MS);
}

/**
 * At 20 ms (half a sandbox interval, the spacing before) a read's opening burst of 17 pages held its places until
 * 1.35 s and handed them on 20 ms apart, just when the read's last pages waited for them: a 1,000-object read
 * (with the cuts of `read-chains.ts`) took 1.27-1.36 s over eight runs; at 8 ms, 1.24-1.29 s, and with two other
 * processes keeping the machine busy 1.29-1.33 s (at 20 ms 1.31-1.39 s), with no more 429s.
 */
const MAX_BURST_SPACING_MS = 8;

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
