/**
 * Dependency order for changes: a topological sort whose ties are broken by phase (products, prices, coupons,
 * default-price links, retirements) and then by address, so the same inputs always give the same order and a
 * reader sees objects before the links between them.
 */
import type { ResourceType } from '../catalog/types.js';
import { InternalError } from '../util/errors.js';
import type { Change } from './types.js';

/** Phase of each type's own changes: referenced types come before the types that refer to them. */
const TYPE_PHASE: Readonly<Record<ResourceType, number>> = {
  feature: 0,
  meter: 0,
  product: 1,
  price: 2,
  coupon: 3,
  promotion_code: 4,
  tax_rate: 5,
  shipping_rate: 6,
};
const LINK_PHASE = 8;
const RETIRE_PHASE = 9;

function phaseOf(change: Change): number {
  if (change.action === 'archive') return RETIRE_PHASE;
  if (change.address.includes('#')) return LINK_PHASE;
  return TYPE_PHASE[change.type];
}

/** A binary min-heap of indices, ordered by `compare`. */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly compare: (a: number, b: number) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(index: number): void {
    const items = this.items;
    items.push(index);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[parent]!, items[i]!) <= 0) break;
      const swap = items[parent]!;
      items[parent] = items[i]!;
      items[i] = swap;
      i = parent;
    }
  }
  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < items.length && this.compare(items[l]!, items[min]!) < 0) min = l;
        if (r < items.length && this.compare(items[r]!, items[min]!) < 0) min = r;
        if (min === i) break;
        const swap = items[min]!;
        items[min] = items[i]!;
        items[i] = swap;
        i = min;
      }
    }
    return top;
  }
}

/**
 * The tie-break order of changes, as a comparison of their indices: by phase, then by address (UTF-16 code
 * units), with the phase of each change by index. Phases are compared as numbers and addresses as they are, without a `"<phase> <address>"` key per
 * change (phases are single digits, so this is the order such keys would give).
 */
function tieBreak(changes: readonly Change[]): { compare: (a: number, b: number) => number; phases: Uint8Array } {
  const phases = new Uint8Array(changes.length);
  for (let i = 0; i < changes.length; i++) phases[i] = phaseOf(changes[i]!);
  const compare = (a: number, b: number) => {
    if (phases[a] !== phases[b]) return phases[a]! - phases[b]!;
    const x = changes[a]!.address;
    const y = changes[b]!.address;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return { compare, phases };
}

/**
 * Changes in dependency order. Dependencies on addresses outside the plan are ignored.
 * Most plans need nothing more than the tie-break order (phases already put what is referenced first), so that
 * order is tried first; a topological sort with the same tie-break runs only when some dependency would come
 * later. Both give the same result whenever the first is valid.
 *
 * `byAddress`, when given, must map the address of every change to that change (the planner has such a map
 * already); a dependency then comes first when it sorts first, which needs no map of positions.
 */
export function orderChanges(changes: readonly Change[], byAddress?: ReadonlyMap<string, Change>): Change[] {
  const index = byAddress ?? new Map(changes.map((c) => [c.address, c]));
  if (index.size !== changes.length) {
    const seen = new Set<string>();
    const shared = changes.find((c) => seen.size === seen.add(c.address).size)?.address;
    throw new InternalError('plan_duplicate_address', `Two changes share the address ${shared ?? '(unknown)'}.`, {
      hint: 'This is a bug in the planner: please report it with the plan command you ran and the address above.',
    });
  }
  const { compare, phases } = tieBreak(changes);
  // Indexed loops: this runs once per plan, mostly before V8 optimises it, where `for...of` allocates a result
  // object per step.
  const sorted = new Array<number>(changes.length);
  for (let i = 0; i < sorted.length; i++) sorted[i] = i;
  sorted.sort(compare);
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const dependsOn = change.dependsOn;
    for (let d = 0; d < dependsOn.length; d++) {
      const before = index.get(dependsOn[d]!);
      if (before === undefined) continue;
      const depPhase = phaseOf(before);
      if (depPhase > phases[i]! || (depPhase === phases[i]! && before.address >= change.address)) return topological(changes, compare);
    }
  }
  const out = new Array<Change>(sorted.length);
  for (let i = 0; i < sorted.length; i++) out[i] = changes[sorted[i]!]!;
  return out;
}

function topological(changes: readonly Change[], compare: (a: number, b: number) => number): Change[] {
  const index = new Map(changes.map((c, i) => [c.address, i]));
  const waiting = changes.map(() => 0);
  const dependents: number[][] = changes.map(() => []);
  changes.forEach((change, i) => {
    for (const dep of new Set(change.dependsOn)) {
      const j = index.get(dep);
      if (j === undefined || j === i) continue;
      waiting[i]!++;
      dependents[j]!.push(i);
    }
  });
  const ready = new MinHeap(compare);
  waiting.forEach((n, i) => n === 0 && ready.push(i));
  const out: Change[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    out.push(changes[i]!);
    for (const j of dependents[i]!) if (--waiting[j]! === 0) ready.push(j);
  }
  if (out.length !== changes.length) {
    const stuck = changes.filter((_, i) => waiting[i]! > 0).map((c) => c.address);
    throw new InternalError('plan_cycle', `The plan's changes depend on each other in a cycle: ${stuck.slice(0, 5).join(', ')}.`);
  }
  return out;
}
