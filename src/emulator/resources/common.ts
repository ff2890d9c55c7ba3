/** Rules several resources share: custom ids, metadata merging, id minting, lookups with Stripe's 404/400. */
import { refuse } from '../wire/api-error.js';
import type { Collection, Json, StoredRecord } from '../store/collection.js';
import type { Value } from '../wire/params.js';
import type { CollectionName } from '../store/state.js';
import type { Ctx } from './registry.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CUSTOM_ID = /^[a-zA-Z0-9_-]+$/;

export function randomId(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return out;
}

/** A fresh id not present in `collection`, shaped like Stripe's (`prod_` + 14, `price_` + 24, coupon 8 bare). */
export function mintId(collection: Collection, prefix: string, length: number): string {
  for (;;) {
    const id = prefix + randomId(length);
    if (!collection.has(id)) return id;
  }
}

/** §2: custom ids of products, plans and coupons (and customers) follow one charset since API 2018-05-21. */
export function checkCustomId(id: string, param = 'id'): void {
  if (!CUSTOM_ID.test(id)) {
    throw refuse.invalid(
      `This value must match the regex pattern. (/\\A[a-zA-Z0-9_\\-]+\\z/ does not match for the value ${id}).`,
      param,
    );
  }
}

/**
 * §1.1: `metadata=` clears all keys; `metadata[k]=` deletes one key; other keys merge into what is stored.
 */
export function mergeMetadata(current: unknown, update: Value | undefined): Record<string, string> {
  const base = (current ?? {}) as Record<string, string>;
  if (update === undefined) return base;
  if (update === null) return {};
  const out: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(update as Record<string, Value>)) {
    if (value === null) delete out[key];
    else out[key] = String(value);
  }
  return out;
}

/** Metadata on create: empty values set nothing. */
export function createMetadata(update: Value | undefined): Record<string, string> {
  return mergeMetadata({}, update);
}

/**
 * A record by id in the caller's space, or Stripe's `resource_missing`: 404 when the id came from the path, 400
 * naming the parameter when it came from the body (§1.6), with the cross-mode sentence when the other mode has it.
 */
export function findOr404(
  ctx: Ctx,
  collection: CollectionName,
  id: string,
  word: string,
  param: string,
  status: 404 | 400,
  visible: (record: StoredRecord) => boolean = () => true,
): StoredRecord {
  const record = ctx.space[collection].get(id);
  if (record !== undefined && visible(record)) return record;
  const otherMode = ctx.mode === 'test' ? 'live' : 'test';
  const other = ctx.state.peek(ctx.account, otherMode)?.[collection].get(id);
  throw refuse.noSuch(word, id, param, status, other !== undefined && visible(other) ? otherMode : undefined);
}

export function newRecord(ctx: Ctx, id: string, data: Json, hidden: Json = {}): StoredRecord {
  return { id, seq: ctx.state.nextSeq(), created: data.created as number, data, hidden };
}

/** A copy of `record` with `patch` applied to its rendered fields (copy-on-write: stored objects never mutate). */
export function patched(record: StoredRecord, patch: Json, hidden?: Json): StoredRecord {
  return { ...record, data: { ...record.data, ...patch }, hidden: hidden === undefined ? record.hidden : { ...record.hidden, ...hidden } };
}

/** Deleted objects render as a stub (§2, §4, §6). */
export function deletedStub(id: string, object: string): Json {
  return { id, object, deleted: true };
}

/** Custom-id collisions, counting deleted ids when the reuse switch is off. */
export function ensureIdFree(ctx: Ctx, taken: boolean, deleted: boolean, word: string): void {
  if (taken || (deleted && !ctx.switches.deletedIdsReusable)) throw refuse.alreadyExists(word, ctx.switches.alreadyExistsParam);
}
