/**
 * Hashes that tie a plan to the world it was computed against (`targetState`, `targetFingerprint`) and to its
 * own reviewed content (`contentHash`). Apply recomputes both from a fresh read and from the file.
 */
import { createHash } from 'node:crypto';
import { addressOf, pathTarget } from '../catalog/rules.js';
import { RESOURCE_TYPES, objectsOf, type Catalog, type CatalogObject, type ResourceType } from '../catalog/types.js';
import type { Change, Plan } from './types.js';
import { canonicalView } from './canonical-change.js';
import { hashValue, hashViews } from './hash.js';

/**
 * Live objects by type and id, for the types a plan touches. A plan touches a few thousand of an account's
 * objects at most, so a list sorted by id (catalog invariant) is searched in place; a list that is not strictly
 * sorted is indexed by a map, with the same answers.
 */
class LiveIndex {
  private readonly byType = new Map<ResourceType, { sorted: readonly CatalogObject[] } | { map: Map<string, CatalogObject> }>();
  constructor(private readonly actual: Catalog) {}
  get(type: ResourceType, id: string): CatalogObject | undefined {
    let index = this.byType.get(type);
    if (index === undefined) {
      const list = objectsOf(this.actual, type) as CatalogObject[];
      index = strictlySorted(list) ? { sorted: list } : { map: new Map(list.map((o) => [o.id, o])) };
      this.byType.set(type, index);
    }
    if ('map' in index) return index.map.get(id);
    const list = index.sorted;
    let [low, high] = [0, list.length - 1];
    while (low <= high) {
      const middle = (low + high) >> 1;
      const other = list[middle]!.id;
      if (other === id) return list[middle];
      if (other < id) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}

function strictlySorted(list: readonly CatalogObject[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]!.id < list[i]!.id)) return false;
  return true;
}

/** One object a plan touches: the address that names it, and its live type and id (`null`: none yet). */
interface Touch {
  address: string;
  type: ResourceType;
  liveId: string | null;
}

/**
 * Per touched address that names a live object, the hash of that object. An address whose object does not
 * exist (yet) is left out: a `Map`, because a re-plan touches a few thousand live objects but a large first
 * migration onto a filled account may touch 100,000. The plan file and `--json` write it as an object.
 */
export type TargetState = ReadonlyMap<string, string | null>;

/**
 * Every object a plan touches, in plan order: each change's own live object (`liveId`, `null` when it does not
 * exist yet), every other object a request writes to (a product whose default price a replace moves), and every
 * object only in live. A change is the touch of its own object (it has the members a touch needs), so only the
 * rare request to another object makes a touch of its own.
 */
function touchesOf(plan: Pick<Plan, 'changes' | 'liveOnly'>): Touch[] {
  const touches: Touch[] = [];
  const changes = plan.changes;
  for (let c = 0; c < changes.length; c++) {
    const change = changes[c]!;
    touches.push(change);
    const requests = change.requests;
    for (let r = 0; r < requests.length; r++) {
      const target = pathTarget(requests[r]!.path);
      if (target === undefined || target.id === change.liveId || target.id.includes('{')) continue;
      touches.push({ address: addressOf(target.type, target.id), type: target.type, liveId: target.id });
    }
  }
  for (const only of plan.liveOnly) touches.push({ address: only.address, type: only.address.split('/')[0] as ResourceType, liveId: only.liveId });
  return touches;
}

/**
 * The touches at addresses where some touch names an object that exists in live; at any other address no
 * touched object exists (creates, mostly), which the state leaves out. A first migration keeps none.
 */
function touchesOfLiveObjects(touches: readonly Touch[], live: LiveIndex): Touch[] {
  const existing = new Set<string>();
  for (let i = 0; i < touches.length; i++) {
    const touch = touches[i]!;
    if (touch.liveId !== null && live.get(touch.type, touch.liveId) !== undefined) existing.add(touch.address);
  }
  return existing.size === 0 ? [] : touches.filter((t) => existing.has(t.address));
}

/**
 * The state of the touched objects (see `touchesOf`) by address: the first touch of an address in plan order
 * says which live object it names. The state is filled in key order; its fingerprint is `hashValue` of the state
 * as an object (`Object.fromEntries`), whose canonical JSON is written entry by entry as the state is filled.
 * `recordAbsent` also records the addresses whose object does not exist, as `null`: the fingerprint of plans
 * written before `targetState` (the only thing they carry) was taken that way.
 */
function stateOf(actual: Catalog, plan: Pick<Plan, 'changes' | 'liveOnly'>, recordAbsent: boolean): { state: TargetState; fingerprint: string } {
  const live = new LiveIndex(actual);
  const all = touchesOf(plan);
  const touches = recordAbsent ? all : touchesOfLiveObjects(all, live);
  // By UTF-16 code units, the order canonical JSON gives object keys; a stable sort keeps, for each address, its
  // first touch first. Plans come mostly sorted by address within each phase, which this sort merges in
  // near-linear time.
  touches.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const state = new Map<string, string | null>();
  const pieces: string[] = ['{'];
  for (let i = 0; i < touches.length; i++) {
    const touch = touches[i]!;
    if (i > 0 && touch.address === touches[i - 1]!.address) continue;
    const object = touch.liveId === null ? undefined : live.get(touch.type, touch.liveId);
    const hash = object === undefined ? null : hashValue(object);
    if (hash === null && !recordAbsent) continue;
    pieces.push(`${state.size > 0 ? ',' : ''}${JSON.stringify(touch.address)}:${hash === null ? 'null' : JSON.stringify(hash)}`);
    state.set(touch.address, hash);
  }
  pieces.push('}');
  return { state, fingerprint: `sha256:${createHash('sha256').update(pieces.join('')).digest('hex')}` };
}

/**
 * The live objects a plan touches that exist, by the address that names them in the plan, and the state's
 * fingerprint. An address left out is one whose object did not exist: compared as `null`, so a plan file that
 * records such addresses as `null` (written before they were left out) compares the same way.
 */
export function targetStateOf(actual: Catalog, plan: Pick<Plan, 'changes' | 'liveOnly'>): { state: TargetState; fingerprint: string } {
  return stateOf(actual, plan, false);
}

/** The touched live objects' hashes, by address (see `targetStateOf`). */
export function computeTargetState(actual: Catalog, plan: Pick<Plan, 'changes' | 'liveOnly'>): TargetState {
  return targetStateOf(actual, plan).state;
}

/** sha256 of the target state: equal iff every touched live object is as it was. */
export function fingerprintTarget(actual: Catalog, plan: Pick<Plan, 'changes' | 'liveOnly'>): string {
  return targetStateOf(actual, plan).fingerprint;
}

/**
 * The fingerprint a plan without `targetState` carries (written before the state was kept): the state with
 * the absent objects recorded as `null`.
 */
export function legacyFingerprintTarget(actual: Catalog, plan: Pick<Plan, 'changes' | 'liveOnly'>): string {
  return stateOf(actual, plan, true).fingerprint;
}

const asIs = (change: unknown): unknown => change;

/** sha256 of the canonical JSON of the changes (`hashValue(changes)`): what a reviewer approved. */
export function hashChanges(changes: readonly Change[]): string {
  return hashViews(changes, canonicalView);
}

/**
 * `hashChanges` of changes `computePlan` has just built: the same hash, without a canonical view of each. The
 * planner builds every change, request and field change in canonical member order, with request parameters
 * in key order and canonical values (`change.ts`), so each change is its own canonical JSON. Changes read back
 * from a plan file, or built by anyone else, go through `hashChanges`. Tested equal to it on generated plans.
 */
export function hashPlannedChanges(changes: readonly Change[]): string {
  return hashViews(changes, asIs);
}
