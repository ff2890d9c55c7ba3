/**
 * A fast reader for exactly the YAML that `yaml-emit.ts` writes: block maps and lists, `- key: value` list
 * items, plain scalars of the emitter's safe set, JSON-style double-quoted strings, numbers, booleans, null,
 * `{}` and `[]`. The general `yaml` parser needs minutes and gigabytes for a 100,000-change plan (63 MB); this
 * reads it in 2-3 s of CPU.
 *
 * Anything outside that subset (another quoting style, anchors, comments after values, tabs, flow maps, ...)
 * throws `OutsideSubset`, and the caller reads the text with the general parser instead, so a file a person
 * reformatted is still read correctly (or refused with its line number). Inside the subset, both readers give
 * the same value.
 */
import { isPlainSafe } from './yaml-emit.js';

export class OutsideSubset extends Error {
  override readonly name = 'OutsideSubset';
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
/** Raw characters YAML forbids inside double quotes; the emitter always escapes them. */
const RAW_NON_PRINTABLE = /[\u0000-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

function outside(why: string): never {
  throw new OutsideSubset(why);
}

/** The end of a double-quoted JSON string starting at `from` (index after the closing quote), before `end`. */
function quotedEnd(text: string, from: number, end: number = text.length): number {
  for (let i = from + 1; i < end; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return outside('unclosed quote');
}

function quoted(token: string): string {
  if (RAW_NON_PRINTABLE.test(token)) outside('raw control character');
  try {
    return JSON.parse(token) as string;
  } catch {
    return outside('escape that JSON does not share');
  }
}

function scalar(token: string): unknown {
  switch (token) {
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case '{}':
      return {};
    case '[]':
      return [];
  }
  const first = token[0];
  if (first === '"') {
    if (quotedEnd(token, 0) !== token.length) outside('text after a quoted string');
    return quoted(token);
  }
  if (first === '[') {
    try {
      return JSON.parse(token) as unknown;
    } catch {
      return outside('flow sequence');
    }
  }
  if (NUMBER.test(token)) return Number(token);
  return isPlainSafe(token) ? token : outside(`plain scalar ${token.slice(0, 20)}`);
}

/** Where `: ` first occurs in `text` between `from` and `end`, or -1 (no search past the line's end). */
function colonSpace(text: string, from: number, end: number): number {
  for (let i = from; i < end - 1; i++) if (text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32) return i;
  return -1;
}

/**
 * Reads the text line by line in place: the current line is a range of the text (`start`, its text after the
 * indentation, to `end`, its newline), and only keys and values are cut out of it. A plan of 100,000 changes has
 * three million lines; splitting them into strings and line records first, all alive until the end, cost more in
 * garbage collection than reading them did.
 */
class Reader {
  /** The current line: its indentation, where its text starts and where it ends; `done` past the last line. */
  private indent = 0;
  private start = 0;
  private end = 0;
  private done = false;
  /** What `entry` found: the key, and where the rest of the line starts (`-1`: the line is not a map entry). */
  private key = '';
  private restAt = -1;
  /** Keys already found plain-safe: a plan repeats a few dozen keys a million times. */
  private readonly safeKeys = new Set<string>();

  constructor(private readonly text: string) {
    if (text.includes('\r') || text.includes('\t')) outside('carriage return or tab');
    this.seek(0);
  }

  document(): Record<string, unknown> {
    if (this.done || this.indent !== 0) outside('no top-level map');
    const value = this.map(0);
    if (!this.done) outside('text after the top-level map');
    return value;
  }

  /** Moves to the first line at or after `from` that is neither blank nor a comment. */
  private seek(from: number): void {
    const text = this.text;
    let at = from;
    while (at < text.length) {
      let newline = text.indexOf('\n', at);
      if (newline === -1) newline = text.length;
      let i = at;
      while (i < newline && text.charCodeAt(i) === 32) i++;
      if (i < newline && text.charCodeAt(i) !== 35 /* # */) {
        this.indent = i - at;
        this.start = i;
        this.end = newline;
        return;
      }
      at = newline + 1;
    }
    this.done = true;
  }

  private advance(): void {
    this.seek(this.end + 1);
  }

  /** Whether the current line's text starts with `- `. */
  private isItem(): boolean {
    return this.text.charCodeAt(this.start) === 45 && this.text.charCodeAt(this.start + 1) === 32;
  }

  /** Splits the current line's text from `from` as `key: value` / `key:` into `key` and `restAt` (see there). */
  private entry(from: number): boolean {
    const { text, end } = this;
    let keyEnd: number;
    if (text.charCodeAt(from) === 34 /* " */) {
      keyEnd = quotedEnd(text, from, end);
      if (text.charCodeAt(keyEnd) !== 58 /* : */ || keyEnd >= end) return this.notEntry();
      this.key = quoted(text.slice(from, keyEnd));
    } else {
      const colon = colonSpace(text, from, end);
      keyEnd = colon !== -1 ? colon : text.charCodeAt(end - 1) === 58 ? end - 1 : -1;
      if (keyEnd <= from) return this.notEntry();
      const key = text.slice(from, keyEnd);
      if (!this.safeKeys.has(key)) {
        if (!isPlainSafe(key)) return this.notEntry();
        this.safeKeys.add(key);
      }
      this.key = key;
    }
    // After the colon: the end of the line, or a space and the value.
    if (keyEnd + 1 < end && text.charCodeAt(keyEnd + 1) !== 32) return this.notEntry();
    this.restAt = Math.min(keyEnd + 2, end);
    return true;
  }

  private notEntry(): false {
    this.restAt = -1;
    return false;
  }

  private block(parentIndent: number): unknown {
    if (this.done || this.indent <= parentIndent) return outside('a key without a value');
    return this.isItem() ? this.list(this.indent) : this.map(this.indent);
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (!this.done) {
      if (this.indent < indent) break;
      if (this.indent > indent || this.isItem()) outside('unexpected indentation');
      if (!this.entry(this.start)) outside('not a map entry');
      const key = this.key;
      if (Object.prototype.hasOwnProperty.call(out, key)) outside('duplicate key');
      const restAt = this.restAt;
      const end = this.end;
      this.advance();
      out[key] = restAt === end ? this.block(indent) : scalar(this.text.slice(restAt, end));
    }
    return out;
  }

  private list(indent: number): unknown[] {
    const out: unknown[] = [];
    while (!this.done) {
      if (this.indent !== indent || !this.isItem()) break;
      if (this.entry(this.start + 2)) {
        // `- key: value`: a map whose first entry shares the dash's line, the others aligned under it.
        this.indent = indent + 2;
        this.start += 2;
        out.push(this.map(indent + 2));
      } else {
        const token = this.text.slice(this.start + 2, this.end);
        this.advance();
        out.push(scalar(token));
      }
    }
    return out;
  }
}

/** The value of a YAML text in the emitter's subset; throws `OutsideSubset` for anything else. */
export function readYamlSubset(text: string): Record<string, unknown> {
  return new Reader(text).document();
}
