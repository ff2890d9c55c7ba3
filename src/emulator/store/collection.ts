/**
 * One type of object in one account and mode: a Map by id plus an index ordered by (created, seq), so lists walk
 * newest-first from either end of a cursor in O(log n + page) without sorting or copying the store.
 */

/** A stored JSON object of Stripe's shape. Records are replaced, never mutated, once a response may hold them. */
export type Json = { [key: string]: unknown };

export interface StoredRecord {
  id: string;
  /** Emulator-wide insertion counter: breaks ties between objects created in the same second. */
  seq: number;
  /** Unix seconds, the object's `created`. */
  created: number;
  /** The object as Stripe renders it by default. */
  data: Json;
  /** Includable fields (§1.5), sent only when expanded: price `tiers`/`currency_options`, coupon `applies_to`/… */
  hidden: Json;
}

export class Collection {
  private readonly byId = new Map<string, StoredRecord>();
  /** Ascending by (created, seq); newest is last. */
  private readonly order: StoredRecord[] = [];

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredRecord | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  insert(record: StoredRecord): void {
    this.byId.set(record.id, record);
    const at = this.lowerBound(record);
    this.order.splice(at, 0, record);
  }

  /** Swaps in a new version of a record; its place in the order (created, seq) does not change. */
  replace(record: StoredRecord): void {
    const old = this.byId.get(record.id);
    if (old === undefined) throw new Error(`replace of unknown record ${record.id}`);
    this.byId.set(record.id, record);
    this.order[this.indexOf(old)] = record;
  }

  remove(id: string): StoredRecord | undefined {
    const old = this.byId.get(id);
    if (old === undefined) return undefined;
    this.byId.delete(id);
    this.order.splice(this.indexOf(old), 1);
    return old;
  }

  /** Position of a stored record in the ascending order. */
  indexOf(record: StoredRecord): number {
    const at = this.lowerBound(record);
    if (this.order[at]?.id !== record.id) throw new Error(`index out of step for ${record.id}`);
    return at;
  }

  at(index: number): StoredRecord | undefined {
    return this.order[index];
  }

  all(): readonly StoredRecord[] {
    return this.order;
  }

  clear(): void {
    this.byId.clear();
    this.order.length = 0;
  }

  private lowerBound(record: { created: number; seq: number }): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.order[mid];
      if (other.created < record.created || (other.created === record.created && other.seq < record.seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
