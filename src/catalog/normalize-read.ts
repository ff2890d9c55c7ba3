/**
 * Typed reading of one Stripe object, whether the `stripe` SDK returned it (decimals are `Stripe.Decimal`
 * objects, references may be expanded objects) or it came as plain JSON from the wire (decimals are strings).
 * A field of the wrong shape is a `stripe_object_invalid` error naming the object and the field, so a surprise
 * from the API (or the emulator) stops the read instead of leaking a malformed value into a catalog.
 */
import { LINK_METADATA_KEY, type Metadata } from './types.js';
import { MigrateError } from '../util/errors.js';

/** A Stripe object as plain JSON. SDK objects are read through the same view. */
export type WireObject = { readonly [key: string]: unknown };

export function isWireObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  constructor(
    private readonly obj: WireObject,
    /** `price/price_123`, used in error messages. */
    readonly where: string,
    /** Path of this object inside the top-level one (`recurring.`), for error messages. */
    private readonly prefix = '',
  ) {}

  static of(value: unknown, kind: string): FieldReader {
    if (!isWireObject(value)) throw new MigrateError('stripe_object_invalid', `Expected a Stripe ${kind} object, got ${describe(value)}.`);
    const id = typeof value.id === 'string' ? value.id : '(no id)';
    return new FieldReader(value, `${kind}/${id}`);
  }

  /** A nested object read with the same error context (`price/p_1 recurring.interval`). */
  nested(key: string): FieldReader | null {
    const value = this.raw(key);
    if (value === null) return null;
    if (!isWireObject(value)) throw this.invalid(key, 'an object', value);
    return new FieldReader(value, this.where, `${this.prefix}${key}.`);
  }

  /** Like `nested` for an array element or map entry that has no key of its own in this reader. */
  child(value: unknown, label: string): FieldReader {
    if (!isWireObject(value)) throw this.invalid(label, 'an object', value);
    return new FieldReader(value, this.where, `${this.prefix}${label}.`);
  }

  /** The value, with `undefined` (field not serialised) read as `null`. */
  raw(key: string): unknown {
    const value = this.obj[key];
    return value === undefined ? null : value;
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  string(key: string): string {
    const value = this.raw(key);
    if (typeof value !== 'string') throw this.invalid(key, 'a string', value);
    return value;
  }

  stringOrNull(key: string): string | null {
    const value = this.raw(key);
    if (value === null) return null;
    if (typeof value !== 'string') throw this.invalid(key, 'a string or null', value);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.raw(key);
    if (typeof value !== 'boolean') throw this.invalid(key, 'a boolean', value);
    return value;
  }

  booleanOrNull(key: string): boolean | null {
    const value = this.raw(key);
    if (value === null) return null;
    if (typeof value !== 'boolean') throw this.invalid(key, 'a boolean or null', value);
    return value;
  }

  number(key: string): number {
    const value = this.raw(key);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.invalid(key, 'a number', value);
    return value;
  }

  numberOrNull(key: string): number | null {
    return this.raw(key) === null ? null : this.number(key);
  }

  integer(key: string): number {
    const value = this.raw(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw this.invalid(key, 'an integer', value);
    return value;
  }

  integerOrNull(key: string): number | null {
    return this.raw(key) === null ? null : this.integer(key);
  }

  /** A decimal as a string: a wire string as is, a `Stripe.Decimal` (or a number) through `String()`. */
  decimalOrNull(key: string): string | null {
    const value = this.raw(key);
    if (value === null) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    // Stripe.Decimal is a frozen object whose toString() gives the plain decimal notation.
    if (isWireObject(value) && typeof value.toString === 'function' && value.toString !== Object.prototype.toString) {
      return String(value);
    }
    throw this.invalid(key, 'a decimal string', value);
  }

  /** One of a closed set of values; `fallback` stands for a missing or null field. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const value = this.raw(key);
    if (value === null && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.invalid(key, `one of ${allowed.join(', ')}`, value);
    }
    return value as T;
  }

  oneOfOrNull<T extends string>(key: string, allowed: readonly T[]): T | null {
    return this.raw(key) === null ? null : this.oneOf(key, allowed);
  }

  /** A reference that may be an id or an expanded object (`{ id, ... }`, deleted objects included). */
  idOrNull(key: string): string | null {
    const value = this.raw(key);
    if (value === null) return null;
    if (typeof value === 'string') return value;
    if (isWireObject(value) && typeof value.id === 'string') return value.id;
    throw this.invalid(key, 'an id or an expanded object', value);
  }

  id(key: string): string {
    const value = this.idOrNull(key);
    if (value === null) throw this.invalid(key, 'an id or an expanded object', null);
    return value;
  }

  arrayOrNull(key: string): unknown[] | null {
    const value = this.raw(key);
    if (value === null) return null;
    if (!Array.isArray(value)) throw this.invalid(key, 'a list', value);
    return value;
  }

  strings(key: string): string[] {
    const list = this.arrayOrNull(key) ?? [];
    return mapList(list, (item, i) => {
      if (typeof item !== 'string') throw this.invalid(`${key}[${i}]`, 'a string', item);
      return item;
    });
  }

  /** Entries of a map field (`currency_options`), `[]` when absent. */
  entries(key: string): [string, unknown][] {
    const value = this.raw(key);
    if (value === null) return [];
    if (!isWireObject(value)) throw this.invalid(key, 'a map', value);
    return Object.entries(value);
  }

  /**
   * Entries of a map keyed by currency code, codes lower-cased, sorted by code; `[]` when absent. Built in one
   * place, so the lists have one hidden class whether empty or not (a mapped list's class depends on what it
   * holds, and optimised code meeting the other one is thrown away).
   */
  currencyEntries(key: string): [string, unknown][] {
    const out: [string, unknown][] = [];
    for (const [k, v] of this.entries(key)) out.push([k.toLowerCase(), v]);
    return out.sort(byKey);
  }

  /** All metadata but the reserved link key, with keys sorted so equal metadata reads equal. */
  metadata(): Metadata {
    const out: Metadata = {};
    for (const [k, v] of this.entries('metadata').sort(byKey)) {
      if (k === LINK_METADATA_KEY) continue;
      if (typeof v !== 'string') throw this.invalid(`metadata.${k}`, 'a string', v);
      out[k] = v;
    }
    return out;
  }

  /** The reserved link key's value, `null` when absent. */
  link(): string | null {
    const value = this.entries('metadata').find(([k]) => k === LINK_METADATA_KEY)?.[1];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') throw this.invalid(`metadata.${LINK_METADATA_KEY}`, 'a string', value);
    return value;
  }

  invalid(key: string, expected: string, got: unknown): MigrateError {
    return new MigrateError('stripe_object_invalid', `${this.where}: field ${this.prefix}${key} should be ${expected}, got ${describe(got)}.`, {
      hint: 'The Stripe API answered with an object this tool does not understand; check the API version.',
    });
  }
}

/**
 * `list.map(fn)`, into a list made in one place. An array's hidden class follows what it was made to hold, so
 * mapped lists differ between empty and full ones, and wire lists between one parse and another; every list a
 * catalog object holds is made here (and a manifest's in `newList`), so the comparisons that walk catalogs
 * (`sameValue` in the planner) meet one class of list instead of being optimised for one and thrown away at the next.
 */
export function mapList<T, U>(list: readonly T[], fn: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < list.length; i += 1) out.push(fn(list[i]!, i));
  return out;
}

export function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}
