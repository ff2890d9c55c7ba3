/**
 * Checks parsed YAML nodes against a field table (`fields.ts`): unknown fields, wrong types, missing required
 * fields, patterns and ranges, each reported at the node it concerns. The same tables generate the JSON
 * Schemas, so an editor and the reader agree on what is valid.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { Field, FieldTable, FieldType } from './fields.js';
import { locationAt, type ManifestProblem, type ProblemCode } from './problems.js';

export interface CheckContext {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  problems: ManifestProblem[];
}

/** Aliases (`*anchor`) read as the node they point to. */
export function resolveNode(node: unknown, doc: Document): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return isScalar(node) || isMap(node) || isSeq(node) ? node : null;
}

/** The source offset of a node, or of the pair's key when the value is empty (`key:` with nothing after it). */
export function offsetOf(node: unknown, fallback: number): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : fallback;
}

export function keyOf(pair: Pair<unknown, unknown>): string | null {
  if (!isScalar(pair.key)) return null;
  const key = pair.key.value;
  return typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean' ? String(key) : null;
}

/** The field tables' patterns, compiled once each: they are tested on every id, currency and key. */
const PATTERNS = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let pattern = PATTERNS.get(source);
  if (pattern === undefined) PATTERNS.set(source, (pattern = new RegExp(source)));
  return pattern;
}

function report(ctx: CheckContext, code: ProblemCode, offset: number, message: string): void {
  ctx.problems.push({ code, message, severity: 'error', location: locationAt(ctx.file, ctx.lineCounter, offset) });
}

/**
 * Checks a map against a table. `where` names the object (`price price_basic`), `path` the field path of
 * `node` inside it (empty at the top). Returns whether the node is valid.
 */
export function checkObject(node: unknown, fields: FieldTable, where: string, path: string, ctx: CheckContext, at: number): boolean {
  const map = resolveNode(node, ctx.doc);
  if (!isMap(map)) {
    report(ctx, 'schema_type', offsetOf(map, at), `${where}: ${path || 'each entry'} should be a mapping of fields, got ${describeNode(map)}.`);
    return false;
  }
  let ok = true;
  const seen = new Set<string>();
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const key = keyOf(pair);
    const keyOffset = offsetOf(pair.key, offsetOf(map, at));
    const field = key === null ? undefined : fields.find((f) => f.name === key);
    if (key === null || field === undefined) {
      const known = fields.map((f) => f.name).join(', ');
      report(ctx, 'schema_unknown_field', keyOffset, `${where}: unknown field ${join(path, key ?? '?')}; the fields here are ${known}.`);
      ok = false;
      continue;
    }
    seen.add(key);
    ok = checkField(pair.value, field, where, join(path, key), ctx, keyOffset) && ok;
  }
  for (const field of fields) {
    if (field.required && !seen.has(field.name)) {
      report(ctx, 'schema_required', offsetOf(map, at), `${where}: required field ${join(path, field.name)} is missing.`);
      ok = false;
    }
  }
  return ok;
}

function checkField(value: unknown, field: Field, where: string, path: string, ctx: CheckContext, at: number): boolean {
  const node = resolveNode(value, ctx.doc);
  if (node === null || (isScalar(node) && node.value === null)) {
    if (field.nullable) return true;
    // An empty value has no text of its own to point at; its key does.
    report(ctx, 'schema_type', at, `${where}: ${path} should be ${describeType(field.type)}, got nothing.`);
    return false;
  }
  return checkType(node, field.type, where, path, ctx, at);
}

function checkType(node: Node, type: FieldType, where: string, path: string, ctx: CheckContext, at: number): boolean {
  const offset = offsetOf(node, at);
  const wrongType = (): false => {
    const quote = isScalar(node) && type.kind === 'string' && node.value !== null && typeof node.value !== 'object';
    const hint = quote ? ` (quote it: "${String(node.value)}")` : '';
    report(ctx, 'schema_type', offset, `${where}: ${path} should be ${describeType(type)}, got ${describeNode(node)}${hint}.`);
    return false;
  };
  const scalar = isScalar(node) ? node.value : undefined;
  switch (type.kind) {
    case 'string':
      if (typeof scalar !== 'string') return wrongType();
      if (type.pattern !== undefined && !patternOf(type.pattern).test(scalar)) {
        report(ctx, 'schema_pattern', offset, `${where}: ${path} should be ${type.patternHint ?? `a string matching ${type.pattern}`}, got ${JSON.stringify(scalar)}.`);
        return false;
      }
      return true;
    case 'integer':
      if (typeof scalar !== 'number' || !Number.isSafeInteger(scalar)) return wrongType();
      return inRange(scalar, type.minimum === undefined ? {} : { min: type.minimum }, where, path, ctx, offset);
    case 'number':
      if (typeof scalar !== 'number' || !Number.isFinite(scalar)) return wrongType();
      return inRange(scalar, { above: type.exclusiveMinimum, max: type.maximum }, where, path, ctx, offset);
    case 'boolean':
      return typeof scalar === 'boolean' ? true : wrongType();
    case 'enum':
      return typeof scalar === 'string' && type.values.includes(scalar) ? true : wrongType();
    case 'const':
      return scalar === type.value ? true : wrongType();
    case 'anyOf': {
      const passes = type.options.some((option) => checkType(node, option, where, path, { ...ctx, problems: [] }, at));
      return passes ? true : wrongType();
    }
    case 'object':
      return checkObject(node, type.fields, where, path, ctx, at);
    case 'list': {
      if (!isSeq(node)) return wrongType();
      let ok = true;
      node.items.forEach((item, i) => {
        const itemNode = resolveNode(item, ctx.doc);
        if (itemNode === null || (isScalar(itemNode) && itemNode.value === null)) {
          report(ctx, 'schema_type', offsetOf(itemNode, offset), `${where}: ${path}[${i}] should be ${describeType(type.items)}, got nothing.`);
          ok = false;
        } else ok = checkType(itemNode, type.items, where, `${path}[${i}]`, ctx, offset) && ok;
      });
      return ok;
    }
    case 'map': {
      if (!isMap(node)) return wrongType();
      let ok = true;
      for (const pair of node.items) {
        const key = keyOf(pair);
        const keyOffset = offsetOf(pair.key, offset);
        if (key === null) {
          report(ctx, 'schema_type', keyOffset, `${where}: ${path} keys should be plain strings.`);
          ok = false;
          continue;
        }
        if (type.keyPattern !== undefined && !patternOf(type.keyPattern).test(key)) {
          report(ctx, 'schema_pattern', keyOffset, `${where}: ${path} key ${JSON.stringify(key)} should be ${type.keyHint ?? `a key matching ${type.keyPattern}`}.`);
          ok = false;
          continue;
        }
        ok = checkField(pair.value, { name: key, type: type.values, doc: '' }, where, join(path, key), ctx, keyOffset) && ok;
      }
      return ok;
    }
  }
}

function inRange(value: number, range: { min?: number; above?: number; max?: number }, where: string, path: string, ctx: CheckContext, offset: number): boolean {
  let bound: string | null = null;
  if (range.min !== undefined && value < range.min) bound = `at least ${range.min}`;
  else if (range.above !== undefined && value <= range.above) bound = `greater than ${range.above}`;
  else if (range.max !== undefined && value > range.max) bound = `at most ${range.max}`;
  if (bound === null) return true;
  report(ctx, 'schema_range', offset, `${where}: ${path} should be ${bound}, got ${value}.`);
  return false;
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

export function describeNode(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'nothing';
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return `the number ${value}`;
    return String(value);
  }
  return 'nothing';
}
