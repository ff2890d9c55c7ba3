/**
 * The live catalog as the applier knows it: the read preflight made, re-read on demand after a write answered
 * in a way only the live state can settle (`resource_already_exists`, a stored server error). Concurrent callers
 * share one re-read, and a caller gets a read that started after its own error, so the object it asks about is
 * in it.
 */
import type { Catalog } from '../catalog/types.js';
import type { Gateway } from '../stripe/types.js';

export class LiveView {
  private current: Promise<Catalog> | null;
  private startedAt = -Infinity;
  private reads = 0;

  constructor(private readonly gateway: Gateway, initial?: Catalog) {
    this.current = initial ? Promise.resolve(initial) : null;
  }

  /** Whole-catalog reads this run made (the preflight read is not counted). */
  get rereads(): number {
    return this.reads;
  }

  get(): Promise<Catalog> {
    return this.current ?? this.refreshSince(performance.now());
  }

  /** A catalog read that started at or after `since` (`performance.now()` time). */
  refreshSince(since: number): Promise<Catalog> {
    if (this.current && this.startedAt >= since) return this.current;
    this.startedAt = performance.now();
    this.reads += 1;
    const read = this.gateway.readCatalog();
    // A failed read must not poison later callers.
    read.catch(() => {
      if (this.current === read) this.current = null;
    });
    this.current = read;
    return read;
  }
}
