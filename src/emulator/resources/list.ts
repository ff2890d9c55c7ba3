/**
 * List pages (§1.5): newest first, `limit` 1–100 (default 10), exclusive cursors `starting_after` and
 * `ending_before`, `has_more`, `url`, and the `created` filter. `ending_before` returns the `limit` objects just
 * newer than the cursor, still newest first, which is what stripe-node's backwards auto-pagination expects.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params, type Value } from '../wire/params.js';
import type { Collection, Json, StoredRecord } from '../store/collection.js';
import type { Ctx } from './registry.js';

/** Parameters every list endpoint takes (`expand` is added by the registry). */
export const LIST_FIELDS: Fields = {
  limit: p.int(),
  starting_after: p.string(),
  ending_before: p.string(),
};

export const CREATED_FIELD: Fields = { created: p.range() };

export interface PageOptions {
  url: string;
  /** Object word for a missing cursor (`No such price: 'x'`). */
  word: string;
  accept: (record: StoredRecord) => boolean;
  render: (record: StoredRecord) => Json;
}

export function listPage(ctx: Ctx, collection: Collection, params: Params, options: PageOptions): Json {
  const limit = pageLimit(ctx, params.limit);
  const after = params.starting_after as string | undefined;
  const before = params.ending_before as string | undefined;
  if (after !== undefined && before !== undefined) throw refuse.exclusive('starting_after', 'ending_before');
  const picked: StoredRecord[] = [];
  let hasMore = false;
  if (before !== undefined) {
    const cursor = cursorRecord(collection, before, 'ending_before', options.word);
    for (let i = collection.indexOf(cursor) + 1; ; i += 1) {
      const record = collection.at(i);
      if (record === undefined) break;
      if (!options.accept(record)) continue;
      if (picked.length === limit) {
        hasMore = true;
        break;
      }
      picked.push(record);
    }
    picked.reverse();
  } else {
    const start = after === undefined ? collection.size - 1 : collection.indexOf(cursorRecord(collection, after, 'starting_after', options.word)) - 1;
    for (let i = start; i >= 0; i -= 1) {
      const record = collection.at(i) as StoredRecord;
      if (!options.accept(record)) continue;
      if (picked.length === limit) {
        hasMore = true;
        break;
      }
      picked.push(record);
    }
  }
  return { object: 'list', data: picked.map(options.render), has_more: hasMore, url: options.url };
}

function pageLimit(ctx: Ctx, value: Value | undefined): number {
  if (value === undefined) return 10;
  const limit = value as number;
  if (limit < 1) throw refuse.invalid('This value must be greater than or equal to 1.', 'limit', 'parameter_invalid_integer');
  if (limit > 100) {
    if (ctx.switches.limitOver100 === 'clamp') return 100;
    throw refuse.invalid(`This value must be less than or equal to 100 (it currently is '${limit}').`, 'limit', 'parameter_invalid_integer');
  }
  return limit;
}

function cursorRecord(collection: Collection, id: string, param: string, word: string): StoredRecord {
  const record = collection.get(id);
  if (record === undefined) throw refuse.noSuch(word, id, param, 400);
  return record;
}

/** The `created` filter: an exact second, or any of gt/gte/lt/lte. */
export function createdMatches(filter: Value | undefined, created: number): boolean {
  if (filter === undefined || filter === null) return true;
  if (typeof filter === 'number') return created === filter;
  const range = filter as Record<string, number | undefined>;
  if (range.gt !== undefined && !(created > range.gt)) return false;
  if (range.gte !== undefined && !(created >= range.gte)) return false;
  if (range.lt !== undefined && !(created < range.lt)) return false;
  if (range.lte !== undefined && !(created <= range.lte)) return false;
  return true;
}
