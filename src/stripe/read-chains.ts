/**
 * How a catalog read splits its long lists (`read-catalog.ts`): the page chains that run, what each is estimated to
 * have left, and where what a chain has left is cut by `created` time for new chains to read. A split costs a
 * part-full page, so a chain is split only when it is the read's critical path; halving is enough while the rate limit
 * binds, and while the pacer has places spare within one and a half round trips (a read's first second, or a sandbox's
 * window reopening after it) what such a chain has left is cut at once into pieces that each end within the time the
 * read needs anyway (under a page each when that is one round trip), as many as its share of those places allows.
 */

/**
 * The most page chains one catalog read runs at once, for an account allowed `ratePerSecond` requests: enough to
 * fill the rate when a list page takes up to 600 ms. `ChainTracker` decides how many of them are worth it.
 */
export function maxChains(ratePerSecond: number): number {
  return Math.max(4, Math.ceil(ratePerSecond * 0.6));
}

/** `created` bounds of one chain, in seconds: `gte` inclusive, `lt` exclusive; absent = unbounded. */
export interface CreatedRange {
  gte?: number;
  lt?: number;
}

/** A page's round trip before the first one is measured: Stripe's usual list latency. */
const FIRST_ROUND_TRIP_MS = 250;

/**
 * The page chains of one catalog read: how many run (the first chain of every list always runs, a split only
 * within `max`, and within what its endpoint's rate can use), how many pages each is estimated to have left, and
 * how long a page takes. From these it says how many pages one chain may walk alone: as many as the rate limits
 * need for all the pages left anyway (the account's rate for all of them, each endpoint's for its own). A chain
 * with more is the read's critical path and is worth splitting (each split costs about half a page more: the
 * part-full page where the new chain ends); one with fewer is not, since the pacer would hold its new chain back.
 */
export class ChainTracker {
  private readonly left = new Map<number, { endpoint: string; pages: number }>();
  private next = 0;
  private roundTripMs = FIRST_ROUND_TRIP_MS;
  private oldest: number | undefined;

  constructor(
    private readonly max: number,
    private readonly ratePerSecond: number,
    /** Each endpoint's limit per second; default: none tighter than the account's. */
    private readonly endpointRate: (endpoint: string) => number = () => ratePerSecond,
  ) {}

  /** A list's first chain: always runs. Returns its handle. */
  start(endpoint = ''): number {
    this.left.set(this.next, { endpoint, pages: 1 });
    return this.next++;
  }

  /**
   * A split's new chain, or undefined when `max` chains already run, or as many of its endpoint's as that
   * endpoint's rate can keep busy (more would only wait in the pacer). A piece cut for places the pacer has spare
   * (`spared`) is not held to `max`: those places bound it already, and a read's first chains (one per list, 17)
   * outnumber a sandbox's 15 until the empty lists come back, which is just when the long lists' second pages leave.
   */
  tryStart(endpoint = '', spared = false): number | undefined {
    if (!spared && this.left.size >= this.max) return undefined;
    let own = 0;
    for (const chain of this.left.values()) if (chain.endpoint === endpoint) own += 1;
    return own >= maxChains(this.endpointRate(endpoint)) ? undefined : this.start(endpoint);
  }

  end(chain: number): void {
    this.left.delete(chain);
  }

  /** What a chain is estimated to have left after its latest page (at least the one it knows is there). */
  report(chain: number, pagesLeft: number): void {
    const known = this.left.get(chain);
    if (known !== undefined) known.pages = Math.max(1, pagesLeft);
  }

  /** A page's round trip, as measured so far. */
  get roundTrip(): number {
    return this.roundTripMs;
  }

  /** Pages every running chain is estimated to have left. */
  totalLeft(): number {
    let total = 0;
    for (const { pages } of this.left.values()) total += pages;
    return total;
  }

  observeRoundTrip(ms: number): void {
    this.roundTripMs = 0.8 * this.roundTripMs + 0.2 * ms;
  }

  /** A page of any list showed an object created at `created` (seconds). */
  observeCreated(created: number): void {
    if (this.oldest === undefined || created < this.oldest) this.oldest = created;
  }

  /**
   * The oldest `created` any list has shown so far: where an account's objects probably begin, so a list's
   * unread past is estimated to end there too (an estimate only: a chain into the unbounded past still reads
   * everything older).
   */
  oldestSeen(): number | undefined {
    return this.oldest;
  }

  /** Pages one chain can walk in the time the rate limits need for every page left: at least one. */
  soloPages(): number {
    let total = 0;
    const byEndpoint = new Map<string, number>();
    for (const { endpoint, pages } of this.left.values()) {
      total += pages;
      byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + pages);
    }
    let seconds = total / this.ratePerSecond;
    for (const [endpoint, pages] of byEndpoint) seconds = Math.max(seconds, pages / this.endpointRate(endpoint));
    return Math.max(1, seconds * (1000 / this.roundTripMs));
  }
}

/**
 * Where to split what a chain has left after a page whose objects span `newest`..`oldest`: a point at or below
 * `oldest` (so the objects after the cursor with `created >= split` stay with this chain, the rest go to the
 * new one), or undefined when the rest is not worth sharing or the page shows no time spread to split by.
 * A bounded chain is halved when it has more than `solo` pages left and at least one and a half: then it needs
 * two pages anyway, and two halves of under a page each take no more pages, in half the time. A chain into the
 * unbounded past is treated alike when the account's objects are estimated to begin at `start` (before
 * `oldest`); without an estimate it keeps `keep` pages (at the page's density) and hands off the rest.
 */
export function splitPoint(range: CreatedRange, newest: number, oldest: number, keep: number, solo: number, start?: number): number | undefined {
  const span = newest - oldest;
  if (span <= 0) return undefined;
  const from = restFrom(range, oldest, start);
  if (from === undefined) return Math.floor(oldest - span * keep);
  const pagesLeft = (oldest - from) / span;
  if (pagesLeft < 1.5 || pagesLeft <= solo) return undefined;
  return Math.floor(from + (oldest - from) / 2);
}

/**
 * How far ahead a cut counts the places the pacer will have spare, in round trips. One was too short: a sandbox
 * read of 1,000 objects has one place left in its first second (the account lookup holds the 25th), and a chain
 * that takes it at about 0.85 s asks before the second's first places reopen (1.03 s) with a round trip of 0.18 s:
 * no spare place is seen, the rest is halved into two pieces of 1.3 pages each needing two round trips, and the
 * read ends at 1.41-1.48 s instead of about 1.27 s (3 of 40 runs). Counting one and a half: none of 40.
 */
export const SPARE_HORIZON_ROUND_TRIPS = 1.5;

/** How far under whole pages a piece cut while places are spare is planned: a margin for uneven density. */
const PIECE_MARGIN = 0.2;

/**
 * Where to cut the `created` range `from`..`oldest` (what a chain has left, `from` inclusive) into `count`
 * pieces of equal time: the points newest first, each at or below `oldest` and above `from`, never two alike
 * (a piece holds at least one second, so objects created in one second stay together).
 */
export function cutPoints(from: number, oldest: number, count: number): number[] {
  const points: number[] = [];
  for (let i = count - 1; i >= 1; i -= 1) {
    const point = Math.floor(from + ((oldest - from) * i) / count);
    if (point > from && point <= oldest && point !== points[points.length - 1]) points.push(point);
  }
  return points;
}

/**
 * How many pieces to cut what a chain has left into, `left` pages estimated, while `spare` requests could start within
 * one and a half round trips: one more than its share of them (in proportion to its pages among `totalLeft`, the pages
 * of every chain), but no more than pieces of the whole pages one chain can walk in the time the rate needs anyway
 * (`solo`, at least one; less `PIECE_MARGIN`) need. A chain is walked in whole pages: with 1.45 pages left and a
 * `solo` of 1.48 it takes two round trips where the read needs one and a half, so it is cut in two. A chain that fits
 * is not cut.
 */
export function piecesFor(left: number, spare: number, totalLeft: number, solo: number): number {
  const size = Math.max(1, Math.floor(solo)) - PIECE_MARGIN;
  if (left <= size || spare <= 0) return 1;
  const share = Math.round((spare * left) / Math.max(left, totalLeft));
  return Math.max(1, Math.min(Math.ceil(left / size), 1 + share));
}

/**
 * Where what a chain has left begins: its range's lower bound, or, for the unbounded past, `start` (where the
 * account's objects are estimated to begin) when that lies before the page's `oldest`; else unknown.
 */
function restFrom(range: CreatedRange, oldest: number, start: number | undefined): number | undefined {
  return range.gte ?? (start !== undefined && start < oldest ? start : undefined);
}

/** Pages left in `range` after a page spanning `newest`..`oldest`, at that page's density; unbounded: unknown. */
export function pagesLeftIn(range: CreatedRange, newest: number, oldest: number): number | undefined {
  const span = newest - oldest;
  if (range.gte === undefined || span <= 0) return undefined;
  return (oldest - range.gte) / span;
}

/**
 * The points (newest first) at which to cut what a chain has left after a page spanning `newest`..`oldest`: none,
 * one (`splitPoint`), or, with `spare` places within `SPARE_HORIZON_ROUND_TRIPS`, as many as `piecesFor` says
 * (then `spared`);
 * and `from`, where the rest begins or is estimated to (`restFrom`), which the new chains' estimates start from.
 * `handOffs` is how often the chain's unbounded past has been handed on (it keeps twice as many pages each time).
 */
export function restCuts(range: CreatedRange, newest: number, oldest: number, handOffs: number, tracker: ChainTracker, spare?: (withinMs: number) => number): { points: number[]; spared: boolean; from?: number } {
  const solo = tracker.soloPages();
  const start = tracker.oldestSeen();
  const split = splitPoint(range, newest, oldest, Math.max(2 ** handOffs, Math.ceil(solo)), solo, start);
  const points = split === undefined ? [] : [split];
  // Where the rest begins (or is estimated to): with places spare now, cut it so each piece ends in a page.
  const from = restFrom(range, oldest, start);
  if (from === undefined || spare === undefined || newest <= oldest) return { points, spared: false, from };
  const count = piecesFor((oldest - from) / (newest - oldest), spare(tracker.roundTrip * SPARE_HORIZON_ROUND_TRIPS), tracker.totalLeft(), solo);
  return count > points.length + 1 ? { points: cutPoints(from, oldest, count), spared: true, from } : { points, spared: false, from };
}
