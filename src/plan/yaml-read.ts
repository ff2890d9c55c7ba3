/**
 * A fast reader for exactly the YAML that `yaml-emit.ts` writes: block maps and lists, `- key: value` list
 * items, plain scalars of the emitter's safe set, JSON-style double-quoted strings, numbers, booleans, null,
 * `{}` and `[]`. The general `yaml` parser needs minutes and gigabytes for a 100,000-change plan; this reads it
 * in well under a second.
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

interface Line {
  indent: number;
  text: string;
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
/** Raw characters YAML forbids inside double quotes; the emitter always escapes them. */
const RAW_NON_PRINTABLE = /[\u0000-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

function outside(why: string): never {
  throw new OutsideSubset(why);
}

function meaningfulLines(text: string): Line[] {
  if (text.includes('\r') || text.includes('\t')) outside('carriage return or tab');
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === 32) indent++;
    if (indent === raw.length || raw[indent] === '#') continue;
    lines.push({ indent, text: raw.slice(indent) });
  }
  return lines;
}

/** The end of a double-quoted JSON string starting at `from` (index after the closing quote). */
function quotedEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
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

/** Splits `key: value` / `key:`; `undefined` when the text is not a map entry. */
function entry(text: string): { key: string; rest: string } | undefined {
  let keyEnd: number;
  let key: string;
  if (text[0] === '"') {
    keyEnd = quotedEnd(text, 0);
    if (text[keyEnd] !== ':') return undefined;
    key = quoted(text.slice(0, keyEnd));
  } else {
    const colon = text.indexOf(': ');
    keyEnd = colon === -1 ? (text.endsWith(':') ? text.length - 1 : -1) : colon;
    if (keyEnd <= 0) return undefined;
    key = text.slice(0, keyEnd);
    if (!isPlainSafe(key)) return undefined;
  }
  const after = text.slice(keyEnd + 1);
  if (after !== '' && after[0] !== ' ') return undefined;
  return { key, rest: after.slice(1) };
}

class Reader {
  private at = 0;
  constructor(private readonly lines: Line[]) {}

  document(): Record<string, unknown> {
    if (this.lines.length === 0 || this.lines[0]!.indent !== 0) outside('no top-level map');
    const value = this.map(0);
    if (this.at !== this.lines.length) outside('text after the top-level map');
    return value;
  }

  private block(parentIndent: number): unknown {
    const line = this.lines[this.at];
    if (line === undefined || line.indent <= parentIndent) return outside('a key without a value');
    return line.text.startsWith('- ') ? this.list(line.indent) : this.map(line.indent);
  }

  private value(rest: string, indent: number): unknown {
    return rest === '' ? this.block(indent) : scalar(rest);
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || line.text.startsWith('- ')) outside('unexpected indentation');
      const found = entry(line.text) ?? outside('not a map entry');
      if (Object.prototype.hasOwnProperty.call(out, found.key)) outside('duplicate key');
      this.at++;
      out[found.key] = this.value(found.rest, indent);
    }
    return out;
  }

  private list(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !line.text.startsWith('- ')) break;
      const rest = line.text.slice(2);
      if (entry(rest) !== undefined) {
        // `- key: value`: a map whose first entry shares the dash's line, the others aligned under it.
        this.lines[this.at] = { indent: indent + 2, text: rest };
        out.push(this.map(indent + 2));
      } else {
        this.at++;
        out.push(scalar(rest));
      }
    }
    return out;
  }
}

/** The value of a YAML text in the emitter's subset; throws `OutsideSubset` for anything else. */
export function readYamlSubset(text: string): Record<string, unknown> {
  return new Reader(meaningfulLines(text)).document();
}
