/**
 * The changes of a plan that make a new object (a create, or a replace), by type and id: what a reference to
 * that object must wait for. A type is indexed the first time it is asked for, so a first migration of 100,000
 * objects indexes its 27,000 products (which prices wait for) but never its 70,000 prices, which nothing looks
 * up this way.
 *
 * Invariant: a change's address is `addressOf(change.type, change.id)`, and no type name contains a `/`; so an
 * address names exactly one type and id.
 */
import type { ResourceType } from '../catalog/types.js';
import type { Change } from './types.js';

export class CreatedChanges {
  /** Every change added, in order. */
  private readonly changes: Change[] = [];
  /** Address of each change by id, for the types indexed so far. */
  private readonly index = new Map<string, Map<string, string>>();
  private addresses: Set<string> | undefined;

  add(change: Change): void {
    this.changes.push(change);
    this.index.get(change.type)?.set(change.id, change.address);
    this.addresses?.add(change.address);
  }

  /**
   * The address of the change that makes `type`/`id`, `undefined` when the plan makes no such object. The
   * change's own address string is returned, so a plan holds one string per address however many changes
   * wait for it.
   */
  address(type: ResourceType, id: string): string | undefined {
    return this.indexOf(type).get(id);
  }

  /** Whether a change makes the object at `address`. */
  has(address: string): boolean {
    const slash = address.indexOf('/');
    return slash >= 0 && this.indexOf(address.slice(0, slash)).get(address.slice(slash + 1)) === address;
  }

  /** The addresses as a read-only set, for stages that take one; only `has` answers without building it. */
  asSet(): ReadonlySet<string> {
    return new CreatedAddresses(this);
  }

  /** Every address, in the order the changes were added (built once, then kept up to date). */
  allAddresses(): Set<string> {
    this.addresses ??= new Set(this.changes.map((c) => c.address));
    return this.addresses;
  }

  private indexOf(type: string): Map<string, string> {
    let index = this.index.get(type);
    if (index === undefined) {
      // One pass over the changes per type ever asked for (a handful), instead of an entry per change.
      index = new Map();
      for (const change of this.changes) if (change.type === type) index.set(change.id, change.address);
      this.index.set(type, index);
    }
    return index;
  }
}

/** `CreatedChanges` seen as a `ReadonlySet` of addresses. */
class CreatedAddresses implements ReadonlySet<string> {
  constructor(private readonly created: CreatedChanges) {}
  has(address: string): boolean {
    return this.created.has(address);
  }
  get size(): number {
    return this.created.allAddresses().size;
  }
  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const address of this.created.allAddresses()) callback.call(thisArg, address, address, this);
  }
  entries(): SetIterator<[string, string]> {
    return this.created.allAddresses().entries();
  }
  keys(): SetIterator<string> {
    return this.created.allAddresses().keys();
  }
  values(): SetIterator<string> {
    return this.created.allAddresses().values();
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.created.allAddresses()[Symbol.iterator]();
  }
}
