/**
 * Parameter rules: each endpoint declares its parameters as a table of `Spec`s, and `checkParams` turns the decoded
 * form tree into typed values or throws Stripe's refusal (unknown, missing, empty, malformed). Cross-field rules
 * live with the resource; only the shape of one field is checked here.
 */
import { ApiError, refuse } from './api-error.js';
import { CURRENCIES, CURRENCY_SET } from './currencies.js';
import { isListNode, listItems, type FormNode, type FormValue } from './form.js';

/** A checked parameter value. `null` means the caller sent `key=` to unset an emptyable field. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Params = { [key: string]: Value };

interface Common {
  required?: boolean;
  /** `key=` is accepted and means "unset" (Stripe's `Emptyable<T>`). */
  emptyable?: boolean;
}

export type Spec = Common &
  (
    | { kind: 'string'; max?: number }
    | { kind: 'int'; min?: number; max?: number }
    | { kind: 'float'; min?: number; max?: number }
    | { kind: 'bool' }
    | { kind: 'enum'; values: readonly string[] }
    | { kind: 'decimal' }
    | { kind: 'currency' }
    | { kind: 'metadata' }
    | { kind: 'object'; fields: Fields }
    | { kind: 'list'; of: Spec; max?: number }
    /** A map keyed by lower-case currency, such as `currency_options`. */
    | { kind: 'currency-map'; of: Spec }
    /** An id, or an inline object that creates one (plan `product`). */
    | { kind: 'id-or-object'; fields: Fields }
    /** `created` filters: an integer, or `{gt, gte, lt, lte}`. */
    | { kind: 'range' }
    /** A tier's `up_to`: an integer or `inf`. */
    | { kind: 'up-to' }
  );

export type Fields = Record<string, Spec>;

/** Spec builders, so route tables read like Stripe's parameter docs. */
export const p = {
  string: (o: Common & { max?: number } = {}): Spec => ({ kind: 'string', ...o }),
  int: (o: Common & { min?: number; max?: number } = {}): Spec => ({ kind: 'int', ...o }),
  float: (o: Common & { min?: number; max?: number } = {}): Spec => ({ kind: 'float', ...o }),
  bool: (o: Common = {}): Spec => ({ kind: 'bool', ...o }),
  enum: (values: readonly string[], o: Common = {}): Spec => ({ kind: 'enum', values, ...o }),
  decimal: (o: Common = {}): Spec => ({ kind: 'decimal', ...o }),
  currency: (o: Common = {}): Spec => ({ kind: 'currency', ...o }),
  metadata: (o: Common = {}): Spec => ({ kind: 'metadata', emptyable: true, ...o }),
  object: (fields: Fields, o: Common = {}): Spec => ({ kind: 'object', fields, ...o }),
  list: (of: Spec, o: Common & { max?: number } = {}): Spec => ({ kind: 'list', of, ...o }),
  currencyMap: (of: Spec, o: Common = {}): Spec => ({ kind: 'currency-map', of, ...o }),
  idOrObject: (fields: Fields, o: Common = {}): Spec => ({ kind: 'id-or-object', fields, ...o }),
  range: (): Spec => ({ kind: 'range' }),
  upTo: (o: Common = {}): Spec => ({ kind: 'up-to', ...o }),
};

const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 };
const DECIMAL = /^-?\d+(\.\d{1,12})?$/;
const INTEGER = /^-?\d+$/;
const FLOAT = /^-?\d+(\.\d+)?$/;

/** Checks a whole request: unknown top-level names first (as Stripe does), then each field. */
export function checkParams(fields: Fields, raw: FormNode): Params {
  return checkObject(fields, raw, '');
}

function checkObject(fields: Fields, raw: FormNode, prefix: string): Params {
  const out: Params = {};
  for (const key of Object.keys(raw)) {
    if (!(key in fields)) throw refuse.unknown(name(prefix, key));
  }
  for (const [key, spec] of Object.entries(fields)) {
    const path = name(prefix, key);
    const value = raw[key];
    if (value === undefined) {
      if (spec.required) throw refuse.missing(path);
      continue;
    }
    out[key] = checkValue(spec, value, path);
  }
  return out;
}

function name(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}[${key}]`;
}

function checkValue(spec: Spec, value: FormValue, path: string): Value {
  if (value === '') {
    if (spec.emptyable) return null;
    throw refuse.empty(path);
  }
  switch (spec.kind) {
    case 'string': {
      const text = scalar(value, path, 'string');
      if (spec.max !== undefined && text.length > spec.max) {
        throw refuse.invalid(`This value must be at most ${spec.max} characters long.`, path, 'parameter_invalid_string_length');
      }
      return text;
    }
    case 'int': {
      const text = scalar(value, path, 'integer');
      if (!INTEGER.test(text)) throw refuse.integer(path, text);
      return bounded(Number(text), text, spec.min, spec.max, path, 'parameter_invalid_integer');
    }
    case 'float': {
      const text = scalar(value, path, 'decimal');
      if (!FLOAT.test(text)) throw refuse.invalid(`Invalid decimal: ${text}`, path);
      return bounded(Number(text), text, spec.min, spec.max, path, undefined);
    }
    case 'bool': {
      const text = scalar(value, path, 'boolean');
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw refuse.invalid(`Invalid boolean: ${text}`, path);
    }
    case 'enum': {
      const text = scalar(value, path, 'string');
      if (!spec.values.includes(text)) throw refuse.invalid(`Invalid ${path}: must be one of ${oneOf(spec.values)}`, path);
      return text;
    }
    case 'decimal': {
      const text = scalar(value, path, 'decimal');
      if (!DECIMAL.test(text)) throw refuse.invalid(`Invalid decimal: ${text}`, path);
      return normalizeDecimal(text);
    }
    case 'currency': {
      const text = scalar(value, path, 'string');
      return checkCurrency(text.toLowerCase() === text ? text : text.toLowerCase(), path);
    }
    case 'metadata':
      return checkMetadata(node(value, path), path);
    case 'object':
      return checkObject(spec.fields, node(value, path), path);
    case 'list': {
      const raw = node(value, path);
      if (!isListNode(raw)) throw refuse.invalid('Invalid array', path);
      const items = listItems(raw);
      if (spec.max !== undefined && items.length > spec.max) {
        throw refuse.invalid(`This list must have at most ${spec.max} items.`, path);
      }
      return items.map((item, i) => checkValue(spec.of, item, `${path}[${i}]`));
    }
    case 'currency-map': {
      const raw = node(value, path);
      const out: { [key: string]: Value } = {};
      for (const [key, item] of Object.entries(raw)) {
        if (key.toLowerCase() !== key) {
          throw refuse.invalid(
            `Currencies must be lowercase when used as keys in a map. Use \`${key.toLowerCase()}\` instead of \`${key}\`.`,
            `${path}[${key}]`,
          );
        }
        checkCurrency(key, `${path}[${key}]`);
        if (typeof item === 'string' && item !== '') throw refuse.invalid('Invalid object', `${path}[${key}]`);
        out[key] = checkValue(spec.of, item, `${path}[${key}]`);
      }
      return out;
    }
    case 'id-or-object':
      return typeof value === 'string' ? value : checkObject(spec.fields, value, path);
    case 'range': {
      if (typeof value === 'string') {
        if (!INTEGER.test(value)) throw refuse.integer(path, value);
        return Number(value);
      }
      return checkObject({ gt: p.int(), gte: p.int(), lt: p.int(), lte: p.int() }, value, path);
    }
    case 'up-to': {
      const text = scalar(value, path, 'integer');
      if (text === 'inf') return 'inf';
      if (!INTEGER.test(text)) throw refuse.integer(path, text);
      return bounded(Number(text), text, 1, undefined, path, 'parameter_invalid_integer');
    }
  }
}

function scalar(value: FormValue, path: string, what: string): string {
  if (typeof value === 'string') return value;
  throw refuse.invalid(`Invalid ${what}: ${JSON.stringify(value)}`, path);
}

function node(value: FormValue, path: string): FormNode {
  if (typeof value === 'object') return value;
  throw refuse.invalid('Invalid object', path);
}

function bounded(n: number, text: string, min: number | undefined, max: number | undefined, path: string, code?: string): number {
  if (min !== undefined && n < min) {
    throw refuse.invalid(`This value must be greater than or equal to ${min}.`, path, code);
  }
  if (max !== undefined && n > max) {
    throw refuse.invalid(`This value must be less than or equal to ${max} (it currently is '${text}').`, path, code);
  }
  return n;
}

function oneOf(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

function checkCurrency(code: string, path: string): string {
  if (CURRENCY_SET.has(code)) return code;
  throw refuse.invalid(`Invalid currency: ${code}. Stripe currently supports these currencies: ${CURRENCIES.join(', ')}`, path);
}

function checkMetadata(raw: FormNode, path: string): Value {
  const out: { [key: string]: Value } = {};
  const keys = Object.keys(raw);
  if (keys.length > METADATA_LIMITS.keys) {
    throw refuse.invalid(`You can specify up to ${METADATA_LIMITS.keys} keys in metadata.`, path);
  }
  for (const key of keys) {
    const item = raw[key];
    if (typeof item !== 'string') throw refuse.invalid('Invalid string: metadata values must be strings', `${path}[${key}]`);
    if (key.length > METADATA_LIMITS.keyLength) {
      throw refuse.invalid(`Metadata keys can have up to ${METADATA_LIMITS.keyLength} characters.`, `${path}[${key}]`);
    }
    if (item.length > METADATA_LIMITS.valueLength) {
      throw refuse.invalid(`Metadata values can have up to ${METADATA_LIMITS.valueLength} characters.`, `${path}[${key}]`);
    }
    // An empty value deletes that key on update; on create it simply sets nothing.
    out[key] = item === '' ? null : item;
  }
  return out;
}

/** `"1000.50"` → `"1000.5"`, `"1000.0"` → `"1000"`: Stripe answers decimals without trailing zeros. */
export function normalizeDecimal(text: string): string {
  if (!text.includes('.')) return text.replace(/^(-?)0+(?=\d)/, '$1');
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed.replace(/^(-?)0+(?=\d)/, '$1');
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
