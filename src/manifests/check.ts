/**
 * Checks a manifest object's tree against a field table (`fields.ts`): unknown fields, wrong types, missing
 * required fields, patterns and ranges, each reported at the node it concerns. The same tables generate the
 * JSON Schemas, so an editor and the reader agree on what is valid.
 *
 * A valid object is read in the same walk: the result is its plain value with every omitted field (also in
 * nested objects) at its default and keys in the table's order, so no second pass copies it.
 */
import { copyDefault, type ManifestObject } from './convert.js';
import type { FieldTable, FieldType } from './fields.js';
import { locationAt, type ManifestProblem, type ProblemCode } from './problems.js';
import { isEmpty, offsetOf, plainValue, setOwn, type LinePositions, type TreeMap, type TreeNode } from './tree.js';

export interface CheckContext {
  file: string;
  lines: LinePositions;
  problems: ManifestProblem[];
}

/** What a check returns for a value with a problem (reported to the context); any other result is the value. */
const INVALID: unique symbol = Symbol('invalid');
type Checked = unknown;

/**
 * Checks the object `node` against `fields`; `where` names it (`price price_basic`), `at` is the offset to
 * report at when there is no node. Returns the object with defaults filled in, or `null` when it has problems.
 */
export function readObject(node: TreeNode | null, fields: FieldTable, where: string, ctx: CheckContext, at: number): ManifestObject | null {
  const value = checkObject(node, fields, where, '', ctx, at);
  return value === INVALID ? null : (value as ManifestObject);
}

/** The field tables' patterns, compiled once each: they are tested on every id, currency and key. */
const PATTERNS = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let pattern = PATTERNS.get(source);
  if (pattern === undefined) PATTERNS.set(source, (pattern = new RegExp(source)));
  return pattern;
}

/** Each table's field positions by name, built once: every key of every object is looked up. */
const FIELD_INDEX = new WeakMap<FieldTable, Map<string, number>>();
function fieldIndex(fields: FieldTable): Map<string, number> {
  let index = FIELD_INDEX.get(fields);
  if (index === undefined) {
    index = new Map();
    // The first field of a name wins, as a search of the table would find it.
    fields.forEach((field, i) => index!.has(field.name) || index!.set(field.name, i));
    FIELD_INDEX.set(fields, index);
  }
  return index;
}

function report(ctx: CheckContext, code: ProblemCode, offset: number, message: string): typeof INVALID {
  ctx.problems.push({ code, message, severity: 'error', location: locationAt(ctx.file, ctx.lines, offset) });
  return INVALID;
}

/** `path` is the field path of `node` inside the object (empty at the top). */
function checkObject(node: TreeNode | null, fields: FieldTable, where: string, path: string, ctx: CheckContext, at: number): Checked {
  if (node?.kind !== 'map') return report(ctx, 'schema_type', offsetOf(node, at), `${where}: ${path || 'each entry'} should be a mapping of fields, got ${describeNode(node)}.`);
  const index = fieldIndex(fields);
  // The checked value of each field of the table that is written; `undefined` for one that is not.
  const given: Checked[] = new Array<Checked>(fields.length);
  let ok = true;
  for (const pair of node.pairs) {
    const position = pair.key === null ? undefined : index.get(pair.key);
    if (position === undefined) {
      const known = fields.map((f) => f.name).join(', ');
      report(ctx, 'schema_unknown_field', pair.keyOffset, `${where}: unknown field ${join(path, pair.key ?? '?')}; the fields here are ${known}.`);
      ok = false;
      continue;
    }
    const field = fields[position]!;
    const value = checkField(pair.value, field.type, field.nullable === true, where, join(path, field.name), ctx, pair.keyOffset);
    if (value === INVALID) ok = false;
    given[position] = value;
  }
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i]!;
    if (field.required && given[i] === undefined) {
      report(ctx, 'schema_required', node.offset, `${where}: required field ${join(path, field.name)} is missing.`);
      ok = false;
    }
  }
  if (!ok) return INVALID;
  const out: ManifestObject = {};
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i]!;
    out[field.name] = given[i] === undefined ? copyDefault(field.default) : given[i];
  }
  return out;
}

/** A field's value; an empty one is `null` where the field may be null. `at` is the key's offset. */
function checkField(value: TreeNode | null, type: FieldType, nullable: boolean, where: string, path: string, ctx: CheckContext, at: number): Checked {
  if (isEmpty(value)) {
    if (nullable) return null;
    // An empty value has no text of its own to point at; its key does.
    return report(ctx, 'schema_type', at, `${where}: ${path} should be ${describeType(type)}, got nothing.`);
  }
  return checkType(value!, type, where, path, ctx, at);
}

function wrongType(node: TreeNode, type: FieldType, where: string, path: string, ctx: CheckContext): typeof INVALID {
  const quote = node.kind === 'scalar' && type.kind === 'string' && node.value !== null && typeof node.value !== 'object';
  const hint = quote ? ` (quote it: "${String(node.value)}")` : '';
  return report(ctx, 'schema_type', node.offset, `${where}: ${path} should be ${describeType(type)}, got ${describeNode(node)}${hint}.`);
}

function checkType(node: TreeNode, type: FieldType, where: string, path: string, ctx: CheckContext, at: number): Checked {
  const offset = node.offset;
  const scalar = node.kind === 'scalar' ? node.value : undefined;
  switch (type.kind) {
    case 'string':
      if (typeof scalar !== 'string') return wrongType(node, type, where, path, ctx);
      if (type.pattern !== undefined && !patternOf(type.pattern).test(scalar)) {
        return report(ctx, 'schema_pattern', offset, `${where}: ${path} should be ${type.patternHint ?? `a string matching ${type.pattern}`}, got ${JSON.stringify(scalar)}.`);
      }
      return scalar;
    case 'integer':
      if (typeof scalar !== 'number' || !Number.isSafeInteger(scalar)) return wrongType(node, type, where, path, ctx);
      return inRange(scalar, type.minimum, undefined, undefined, where, path, ctx, offset);
    case 'number':
      if (typeof scalar !== 'number' || !Number.isFinite(scalar)) return wrongType(node, type, where, path, ctx);
      return inRange(scalar, undefined, type.exclusiveMinimum, type.maximum, where, path, ctx, offset);
    case 'boolean':
      return typeof scalar === 'boolean' ? scalar : wrongType(node, type, where, path, ctx);
    case 'enum':
      return typeof scalar === 'string' && type.values.includes(scalar) ? scalar : wrongType(node, type, where, path, ctx);
    case 'const':
      return scalar === type.value ? scalar : wrongType(node, type, where, path, ctx);
    case 'anyOf': {
      const scratch = { ...ctx, problems: [] };
      const passes = type.options.some((option) => checkType(node, option, where, path, scratch, at) !== INVALID);
      // The value as written: an option's defaults are not filled in.
      return passes ? plainValue(node) : wrongType(node, type, where, path, ctx);
    }
    case 'object':
      return checkObject(node, type.fields, where, path, ctx, at);
    case 'list': {
      if (node.kind !== 'seq') return wrongType(node, type, where, path, ctx);
      let ok = true;
      const values = node.items.map((item, i) => {
        const value = isEmpty(item)
          ? report(ctx, 'schema_type', offsetOf(item, offset), `${where}: ${path}[${i}] should be ${describeType(type.items)}, got nothing.`)
          : checkType(item!, type.items, where, `${path}[${i}]`, ctx, offset);
        if (value === INVALID) ok = false;
        return value;
      });
      return ok ? values : INVALID;
    }
    case 'map':
      return node.kind === 'map' ? checkMap(node, type, where, path, ctx) : wrongType(node, type, where, path, ctx);
  }
}

/** Free keys (metadata keys, currency codes) to values of one type. */
function checkMap(node: TreeMap, type: Extract<FieldType, { kind: 'map' }>, where: string, path: string, ctx: CheckContext): Checked {
  let ok = true;
  const out: Record<string, unknown> = {};
  for (const pair of node.pairs) {
    const key = pair.key;
    if (key === null) {
      report(ctx, 'schema_type', pair.keyOffset, `${where}: ${path} keys should be plain strings.`);
      ok = false;
      continue;
    }
    if (type.keyPattern !== undefined && !patternOf(type.keyPattern).test(key)) {
      report(ctx, 'schema_pattern', pair.keyOffset, `${where}: ${path} key ${JSON.stringify(key)} should be ${type.keyHint ?? `a key matching ${type.keyPattern}`}.`);
      ok = false;
      continue;
    }
    const value = checkField(pair.value, type.values, false, where, join(path, key), ctx, pair.keyOffset);
    if (value === INVALID) ok = false;
    else setOwn(out, key, value);
  }
  return ok ? out : INVALID;
}

/** `min` inclusive, `above` exclusive, `max` inclusive; each may be absent. Bounds as arguments, not an object of one of several shapes. */
function inRange(value: number, min: number | undefined, above: number | undefined, max: number | undefined, where: string, path: string, ctx: CheckContext, offset: number): Checked {
  let bound: string | null = null;
  if (min !== undefined && value < min) bound = `at least ${min}`;
  else if (above !== undefined && value <= above) bound = `greater than ${above}`;
  else if (max !== undefined && value > max) bound = `at most ${max}`;
  if (bound === null) return value;
  return report(ctx, 'schema_range', offset, `${where}: ${path} should be ${bound}, got ${value}.`);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function describeType(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return type.patternHint ?? 'a string';
    case 'integer':
      return type.minimum === undefined ? 'an integer' : `an integer of at least ${type.minimum}`;
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'const':
      return type.value;
    case 'anyOf':
      return type.options.map(describeType).join(' or ');
    case 'object':
      return 'a mapping of fields';
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
  }
}

export function describeNode(node: TreeNode | null): string {
  if (node === null) return 'nothing';
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const value = node.value;
  if (value === null) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}
