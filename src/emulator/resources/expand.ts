/**
 * `expand[]` (§1.5): includable fields are added, reference fields become the referenced object (recursively, up
 * to four levels), and anything else is refused with Stripe's message. On lists every path must start `data.`.
 */
import { refuse } from '../wire/api-error.js';
import type { Json, StoredRecord } from '../store/collection.js';
import type { Ctx, ObjectType } from './registry.js';

const MAX_DEPTH = 4;
const NOTHING: ReadonlySet<string> = new Set();

interface Path {
  full: string;
  rest: string[];
}

function cannotExpand(path: string, hint = ''): never {
  throw refuse.invalid(`This property cannot be expanded (${path}).${hint}`);
}

/** One object, rendered with its `expand[]` applied. */
export function present(ctx: Ctx, typeName: string, record: StoredRecord, expand: readonly string[]): Json {
  if (expand.length === 0) return typeOf(ctx, typeName).render(ctx, record, NOTHING);
  return build(ctx, typeName, record, expand.map((full) => ({ full, rest: full.split('.') })));
}

/** List paths without their `data.` prefix; a path without it is refused with Stripe's hint. */
export function listExpand(expand: readonly string[]): string[] {
  return expand.map((full) => {
    if (full.startsWith('data.')) return full.slice('data.'.length);
    return cannotExpand(full, ` You may want to try expanding 'data.${full}' instead.`);
  });
}

/** Refuses bad paths before anything is written, so a create with a bad `expand[]` changes nothing. */
export function checkExpand(ctx: Ctx, typeName: string, expand: readonly string[]): void {
  for (const full of expand) walk(ctx, typeName, full, full.split('.'));
}

function walk(ctx: Ctx, typeName: string, full: string, rest: string[]): void {
  if (full.split('.').length > MAX_DEPTH) cannotExpand(full);
  const type = typeOf(ctx, typeName);
  const [head, ...tail] = rest;
  if (includableOf(ctx, type).includes(head) && tail.length === 0) return;
  const inner = type.embedded?.[head];
  if (inner !== undefined) {
    if (tail.length > 0) walk(ctx, inner, full, tail);
    return;
  }
  const target = type.references[head];
  if (target === undefined) cannotExpand(full);
  if (tail.length > 0) walk(ctx, target, full, tail);
}

function build(ctx: Ctx, typeName: string, record: StoredRecord, paths: Path[]): Json {
  const type = typeOf(ctx, typeName);
  const include = new Set<string>();
  const references = new Map<string, Path[]>();
  const embedded = new Map<string, Path[]>();
  for (const path of paths) {
    if (path.full.split('.').length > MAX_DEPTH) cannotExpand(path.full);
    const [head, ...tail] = path.rest;
    if (includableOf(ctx, type).includes(head) && tail.length === 0) {
      include.add(head);
    } else if (type.embedded?.[head] !== undefined) {
      // `expand[]=promotion` alone is a no-op; only paths through the embedded object do anything.
      if (tail.length > 0) embedded.set(head, [...(embedded.get(head) ?? []), { full: path.full, rest: tail }]);
    } else if (type.references[head] !== undefined) {
      const list = references.get(head) ?? [];
      list.push({ full: path.full, rest: tail });
      references.set(head, list);
    } else {
      cannotExpand(path.full);
    }
  }
  const rendered = type.render(ctx, record, include);
  if (references.size === 0 && embedded.size === 0) return rendered;
  const out: Json = { ...rendered };
  for (const [field, sub] of embedded) {
    const value = out[field];
    if (value === null || typeof value !== 'object') continue;
    // The embedded object's includable fields live under the same field name in the record's hidden part.
    const hidden = (record.hidden[field] ?? {}) as Json;
    const holder: StoredRecord = { id: record.id, seq: record.seq, created: record.created, data: value as Json, hidden };
    out[field] = build(ctx, type.embedded![field], holder, sub);
  }
  for (const [field, sub] of references) {
    const id = out[field];
    if (typeof id !== 'string') continue;
    const targetName = type.references[field];
    const target = typeOf(ctx, targetName).find(ctx, id);
    if (target === undefined) continue;
    out[field] = build(ctx, targetName, target, sub.filter((p) => p.rest.length > 0));
  }
  return out;
}

function includableOf(ctx: Ctx, type: ObjectType): readonly string[] {
  return typeof type.includable === 'function' ? type.includable(ctx) : type.includable;
}

function typeOf(ctx: Ctx, name: string) {
  const type = ctx.types.get(name);
  if (type === undefined) throw new Error(`no object type ${name}`);
  return type;
}
