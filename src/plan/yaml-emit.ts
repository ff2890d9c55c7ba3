/**
 * A small YAML emitter for JSON-like values, used for plan files. The general-purpose `yaml` stringifier builds
 * a document tree first, which for a 100,000-change plan costs seconds and gigabytes; plan values are only
 * maps, lists and scalars, so they can be written straight out.
 *
 * Output is block style. A string is written plain only when every YAML 1.1 and 1.2 reader would read it back
 * as the same string; otherwise it is written as a JSON string, which is a valid YAML double-quoted scalar
 * once the control characters YAML forbids are escaped.
 */

import { TextSink } from './text-sink.js';

const PLAIN = /^[A-Za-z_/$][A-Za-z0-9_\-/.$+:,@ ]*$/;
/** Words some YAML reader resolves to a boolean or null. */
const KEYWORD = /^(?:y|yes|n|no|on|off|true|false|null|~)$/i;
/** Characters YAML does not allow raw in a double-quoted scalar, which JSON.stringify leaves as they are. */
const NON_PRINTABLE = /[\u007f-\u0084\u0086-\u009f\ud800-\udfff\ufffe\uffff]/g;

function quote(text: string): string {
  return JSON.stringify(text).replace(NON_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** True when `text` can be written without quotes and every YAML reader reads it back as this string. */
export function isPlainSafe(text: string): boolean {
  // PLAIN admits no `#`, so ` #` cannot occur; keywords are at most 5 characters long.
  if (!PLAIN.test(text) || (text.length <= 5 && KEYWORD.test(text))) return false;
  const last = text.charCodeAt(text.length - 1);
  return last !== 0x20 && last !== 0x3a && !text.includes(': ');
}

export function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  const text = String(value);
  return isPlainSafe(text) ? text : quote(text);
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isEmptyContainer(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Map) return value.size === 0;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** An empty container or a scalar, written after `key: ` or `- `. */
function inline(value: unknown): string {
  if (isContainer(value)) return Array.isArray(value) ? '[]' : '{}';
  return scalar(value);
}

/**
 * Where the lines go: a plan file of 100,000 changes has about three million, written out as they come
 * (`text-sink.ts`) instead of kept in a list until one final join. Keys are written through a cache: a plan
 * repeats a few dozen of them a million times.
 */
class Lines {
  readonly sink = new TextSink();
  written = false;
  private readonly keys = new Map<string, string>();
  line(text: string): void {
    this.sink.write(text);
    this.written = true;
  }
  key(key: string): string {
    let text = this.keys.get(key);
    if (text === undefined) this.keys.set(key, (text = scalar(key)));
    return text;
  }
}

/**
 * Writes the members of `map` (`undefined` ones left out); the first line starts with `first` instead of
 * `indent` when given (a map that is an item of a list: `- key: value`). Returns whether it wrote a line.
 */
function emitMap(map: Record<string, unknown>, indent: string, out: Lines, first?: string): boolean {
  let lead = first ?? indent;
  let wrote = false;
  for (const key in map) {
    if (!Object.hasOwn(map, key) || map[key] === undefined) continue;
    emitMember(key, map[key], lead, indent, out);
    lead = indent;
    wrote = true;
  }
  return wrote;
}

/** A `Map` (of string keys) as the map it stands for, in its own order. */
function emitEntries(map: ReadonlyMap<string, unknown>, indent: string, out: Lines): void {
  for (const [key, value] of map) if (value !== undefined) emitMember(key, value, indent, indent, out);
}

function emitMember(key: string, value: unknown, lead: string, indent: string, out: Lines): void {
  if (isContainer(value) && !isEmptyContainer(value)) {
    out.line(`${lead}${out.key(key)}:\n`);
    emitBlock(value, indent + '  ', out);
  } else {
    out.line(`${lead}${out.key(key)}: ${inline(value)}\n`);
  }
}

function emitList(list: readonly unknown[], indent: string, out: Lines): void {
  for (const item of list) {
    if (!isContainer(item) || isEmptyContainer(item)) {
      out.line(`${indent}- ${inline(item)}\n`);
    } else if (Array.isArray(item)) {
      // Lists of lists do not occur in plans; JSON is valid YAML flow style.
      out.line(`${indent}- ${JSON.stringify(item)}\n`);
    } else if (!emitMap(item as Record<string, unknown>, indent + '  ', out, `${indent}- `)) {
      // `- key: value` with the other keys aligned under the first; a map of undefined members only is empty.
      out.line(`${indent}- {}\n`);
    }
  }
}

function emitBlock(value: object, indent: string, out: Lines): void {
  if (Array.isArray(value)) emitList(value, indent, out);
  else if (value instanceof Map) emitEntries(value as ReadonlyMap<string, unknown>, indent, out);
  else emitMap(value as Record<string, unknown>, indent, out);
}

/** A top-level map as block YAML, one line per scalar, ending with a newline. */
export function emitYaml(document: Record<string, unknown>): string {
  const out = new Lines();
  emitMap(document, '', out);
  // Lines end in a newline; a document without any is the one newline.
  return out.written ? out.sink.text() : '\n';
}
