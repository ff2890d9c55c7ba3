/**
 * Seeding in Stripe's shape for the resources beyond the catalog core: a seeded object keeps its id and
 * `created`, takes every other rendered field from the input when present and from the resource's defaults
 * otherwise, and replaces any stored object with the same id.
 */
import type { Collection, Json, StoredRecord } from '../store/collection.js';
import { mintId, newRecord } from './common.js';
import type { Ctx } from './registry.js';

export type Loose = Record<string, unknown>;

export interface SeedShape {
  /** Id prefix and random length for objects seeded without an id. */
  prefix: string;
  length: number;
  object: string;
  /** Every rendered field besides `id`, `object`, `livemode` and `created`, with its default. */
  defaults: Json;
  /** Whether the object renders `created` (features do not). */
  rendersCreated?: boolean;
}

export function seedRecord(ctx: Ctx, collection: Collection, shape: SeedShape, o: Loose, hidden: Json = {}): StoredRecord {
  const id = typeof o.id === 'string' ? o.id : mintId(collection, shape.prefix, shape.length);
  const created = typeof o.created === 'number' ? o.created : ctx.now;
  const data: Json = { id, object: shape.object, livemode: ctx.livemode };
  if (shape.rendersCreated !== false) data.created = created;
  for (const [key, fallback] of Object.entries(shape.defaults)) data[key] = o[key] === undefined ? fallback : o[key];
  collection.remove(id);
  const record = { ...newRecord(ctx, id, data, hidden), created };
  collection.insert(record);
  return record;
}
