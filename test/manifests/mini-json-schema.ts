/**
 * A small JSON Schema (2020-12) checker for the keywords the manifest schemas use, so the tests can check the
 * committed schemas against real files without a validator dependency. Unknown keywords fail loudly.
 */
type Schema = { [key: string]: unknown };

const KNOWN = new Set(['$schema', '$defs', '$ref', 'title', 'description', 'default', 'type', 'enum', 'const', 'pattern', 'required', 'additionalProperties', 'properties', 'items', 'anyOf', 'propertyNames', 'minimum', 'exclusiveMinimum', 'maximum']);

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '', errors);
  return errors;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function check(root: Schema, schema: Schema, value: unknown, path: string, errors: string[]): void {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`unsupported keyword ${key}`);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '');
    check(root, (root.$defs as Record<string, Schema>)[name]!, value, path, errors);
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) errors.push(`${path}: type ${actual}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: not in enum`);
  if (schema.const !== undefined && schema.const !== value) errors.push(`${path}: not const`);
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: pattern`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: minimum`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${path}: exclusiveMinimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: maximum`);
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option) => validateWith(root, option as Schema, value))) errors.push(`${path}: anyOf`);
  if (actual === 'array' && schema.items !== undefined) {
    (value as unknown[]).forEach((item, i) => check(root, schema.items as Schema, item, `${path}[${i}]`, errors));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) errors.push(`${path}: required ${name}`);
    for (const [key, item] of Object.entries(object)) {
      if (schema.propertyNames !== undefined) check(root, schema.propertyNames as Schema, key, `${path}.${key}(name)`, errors);
      if (key in properties) check(root, properties[key]!, item, `${path}.${key}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${path}: unknown ${key}`);
      else if (typeof schema.additionalProperties === 'object') check(root, schema.additionalProperties as Schema, item, `${path}.${key}`, errors);
    }
  }
}

function validateWith(root: Schema, schema: Schema, value: unknown): boolean {
  const errors: string[] = [];
  check(root, schema, value, '', errors);
  return errors.length === 0;
}
