/**
 * Checks a manifest object's tree against a field table (`fields.ts`): unknown fields, wrong types, missing
 * required fields, patterns and ranges, each reported at the node it concerns. The same tables generate the
 * JSON Schemas, so an editor and the reader agree on what is valid.
 *
 * A valid object is read in the same walk: the result is its plain value with every omitted field (also in
 * nested objects) at its default and keys in the table's order, so no second pass copies it.
 */
import { copyDefault, newList, type ManifestObject } from './convert.js';
import { FIELDS, type Field, type FieldTable, type FieldType } from './fields.js';
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
  const value = checkObject(node, tableOf(fields), where, '', ctx, at);
  return value === INVALID ? null : (value as ManifestObject);
}

/**
 * A field type as the checker reads it. The field tables' types are literals of a dozen shapes (a string with
 * or without a pattern, an integer with or without a minimum…); read in one hot function they make every read
 * of them polymorphic, and each shape first met after optimisation (the first number, in coupons.yaml) throws
 * the optimised checker away. Here every kind has one shape, patterns are compiled once, and an object's
 * fields come with their index by name.
 */
class CheckType {
  readonly kind: FieldType['kind'];
  /** `string`: the compiled pattern, if any. */
  readonly pattern: RegExp | null = null;
  /** `integer`: inclusive lower bound. `number`: exclusive lower and inclusive upper bound. */
  readonly minimum: number | undefined = undefined;
  readonly exclusiveMinimum: number | undefined = undefined;
  readonly maximum: number | undefined = undefined;
  /** `enum`: the allowed values; `const`: the one value. */
  readonly values: readonly string[] | null = null;
  readonly value: string | null = null;
  readonly options: readonly CheckType[] | null = null;
  /** `object`: its fields. */
  readonly table: CheckTable | null = null;
  /** `list`: its items' type; `map`: its values' type. */
  readonly items: CheckType | null = null;
  /** `map`: the compiled key pattern, if any. */
  readonly keyPattern: RegExp | null = null;

  constructor(readonly source: FieldType) {
    this.kind = source.kind;
    switch (source.kind) {
      case 'string':
        this.pattern = source.pattern === undefined ? null : new RegExp(source.pattern);
        break;
      case 'integer':
        this.minimum = source.minimum;
        break;
      case 'number':
        this.exclusiveMinimum = source.exclusiveMinimum;
        this.maximum = source.maximum;
        break;
      case 'enum':
        this.values = source.values;
        break;
      case 'const':
        this.value = source.value;
        break;
      case 'anyOf':
        this.options = source.options.map((option) => new CheckType(option));
        break;
      case 'object':
        this.table = tableOf(source.fields);
        break;
      case 'list':
        this.items = new CheckType(source.items);
        break;
      case 'map':
        this.keyPattern = source.keyPattern === undefined ? null : new RegExp(source.keyPattern);
        this.items = new CheckType(source.values);
        break;
      case 'boolean':
        break;
    }
  }
}

class CheckField {
  readonly name: string;
  readonly type: CheckType;
  readonly nullable: boolean;
  readonly required: boolean;
  readonly default: unknown;

  constructor(field: Field) {
    this.name = field.name;
    this.type = new CheckType(field.type);
    this.nullable = field.nullable === true;
    this.required = field.required === true;
    this.default = field.default;
  }
}

class CheckTable {
  readonly fields: readonly CheckField[];
  /** Each field's position by name; the first field of a name wins, as a search of the table would find it. */
  readonly index = new Map<string, number>();
  /** The field names, as an unknown field's message lists them. */
  readonly names: string;

  constructor(fields: FieldTable) {
    this.fields = fields.map((field) => new CheckField(field));
    fields.forEach((field, i) => this.index.has(field.name) || this.index.set(field.name, i));
    this.names = fields.map((f) => f.name).join(', ');
  }
}

const TABLES = new WeakMap<FieldTable, CheckTable>();
function tableOf(fields: FieldTable): CheckTable {
  let table = TABLES.get(fields);
  if (table === undefined) TABLES.set(fields, (table = new CheckTable(fields)));
  return table;
}
// Every manifest type's table is compiled when the module loads, not in the middle of a file.
for (const fields of Object.values(FIELDS)) tableOf(fields);

function report(ctx: CheckContext, code: ProblemCode, offset: number, message: string): typeof INVALID {
  ctx.problems.push({ code, message, severity: 'error', location: locationAt(ctx.file, ctx.lines, offset) });
  return INVALID;
}

/** `path` is the field path of `node` inside the object (empty at the top). */
function checkObject(node: TreeNode | null, table: CheckTable, where: string, path: string, ctx: CheckContext, at: number): Checked {
  if (node?.kind !== 'map') return report(ctx, 'schema_type', offsetOf(node, at), `${where}: ${path || 'each entry'} should be a mapping of fields, got ${describeNode(node)}.`);
  const fields = table.fields;
  // The checked value of each field of the table that is written; `undefined` for one that is not.
  const given: Checked[] = new Array<Checked>(fields.length);
  let ok = true;
  for (const pair of node.pairs) {
    const position = pair.key === null ? undefined : table.index.get(pair.key);
    if (position === undefined) {
      report(ctx, 'schema_unknown_field', pair.keyOffset, `${where}: unknown field ${join(path, pair.key ?? '?')}; the fields here are ${table.names}.`);
      ok = false;
      continue;
    }
    const field = fields[position]!;
    const value = checkField(pair.value, field.type, field.nullable, where, join(path, field.name), ctx, pair.keyOffset);
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
function checkField(value: TreeNode | null, type: CheckType, nullable: boolean, where: string, path: string, ctx: CheckContext, at: number): Checked {
  if (isEmpty(value)) {
    if (nullable) return null;
    // An empty value has no text of its own to point at; its key does.
    return report(ctx, 'schema_type', at, `${where}: ${path} should be ${describeType(type.source)}, got nothing.`);
  }
  return checkType(value!, type, where, path, ctx, at);
}

function wrongType(node: TreeNode, type: CheckType, where: string, path: string, ctx: CheckContext): typeof INVALID {
  const quote = node.kind === 'scalar' && type.kind === 'string' && node.value !== null && typeof node.value !== 'object';
  const hint = quote ? ` (quote it: "${String(node.value)}")` : '';
  return report(ctx, 'schema_type', node.offset, `${where}: ${path} should be ${describeType(type.source)}, got ${describeNode(node)}${hint}.`);
}

function checkType(node: TreeNode, type: CheckType, where: string, path: string, ctx: CheckContext, at: number): Checked {
  const offset = node.offset;
  const scalar = node.kind === 'scalar' ? node.value : undefined;
  switch (type.kind) {
    case 'string':
      if (typeof scalar !== 'string') return wrongType(node, type, where, path, ctx);
      if (type.pattern !== null && !type.pattern.test(scalar)) {
        const source = type.source as Extract<FieldType, { kind: 'string' }>;
        return report(ctx, 'schema_pattern', offset, `${where}: ${path} should be ${source.patternHint ?? `a string matching ${source.pattern}`}, got ${JSON.stringify(scalar)}.`);
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
      return typeof scalar === 'string' && type.values!.includes(scalar) ? scalar : wrongType(node, type, where, path, ctx);
    case 'const':
      return scalar === type.value ? scalar : wrongType(node, type, where, path, ctx);
    case 'anyOf': {
      const scratch = { ...ctx, problems: [] };
      const passes = type.options!.some((option) => checkType(node, option, where, path, scratch, at) !== INVALID);
      // The value as written: an option's defaults are not filled in.
      return passes ? plainValue(node) : wrongType(node, type, where, path, ctx);
    }
    case 'object':
      return checkObject(node, type.table!, where, path, ctx, at);
    case 'list': {
      if (node.kind !== 'seq') return wrongType(node, type, where, path, ctx);
      const items = type.items!;
      let ok = true;
      const values = newList();
      for (let i = 0; i < node.items.length; i += 1) {
        const item = node.items[i]!;
        const value = isEmpty(item)
          ? report(ctx, 'schema_type', offsetOf(item, offset), `${where}: ${path}[${i}] should be ${describeType(items.source)}, got nothing.`)
          : checkType(item!, items, where, `${path}[${i}]`, ctx, offset);
        if (value === INVALID) ok = false;
        values.push(value);
      }
      return ok ? values : INVALID;
    }
    case 'map':
      return node.kind === 'map' ? checkMap(node, type, where, path, ctx) : wrongType(node, type, where, path, ctx);
  }
}

/** Free keys (metadata keys, currency codes) to values of one type. */
function checkMap(node: TreeMap, type: CheckType, where: string, path: string, ctx: CheckContext): Checked {
  let ok = true;
  const out: Record<string, unknown> = {};
  for (const pair of node.pairs) {
    const key = pair.key;
    if (key === null) {
      report(ctx, 'schema_type', pair.keyOffset, `${where}: ${path} keys should be plain strings.`);
      ok = false;
      continue;
    }
    if (type.keyPattern !== null && !type.keyPattern.test(key)) {
      const source = type.source as Extract<FieldType, { kind: 'map' }>;
      report(ctx, 'schema_pattern', pair.keyOffset, `${where}: ${path} key ${JSON.stringify(key)} should be ${source.keyHint ?? `a key matching ${source.keyPattern}`}.`);
      ok = false;
      continue;
    }
    const value = checkField(pair.value, type.items!, false, where, join(path, key), ctx, pair.keyOffset);
    if (value === INVALID) ok = false;
    else setOwn(out, key, value);
  }
  return ok ? out : INVALID;
}

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
