/**
 * A fast reader for the plain block-style YAML that manifests are written in (what `migrate export` writes and
 * what people add by hand: block mappings and lists, plain, quoted and `|`/`|-` literal scalars, comments,
 * empty `{}` and `[]`). It builds the reader's light tree (`tree.ts`) with the values and offsets `parseDocument`
 * gives the same nodes, so every check and every `file:line:column` is the same either way; it exists because
 * the `yaml` library takes about 1.8 s of CPU for the 75,000 lines of a 10,000-object catalog, and building its
 * node objects alone took a third of what is left.
 *
 * It is deliberately narrow: at the first thing outside the subset (anchors, tags, flow collections with
 * content, multi-line plain or quoted scalars, folded scalars, tabs, duplicate keys, anything malformed) it
 * returns `null` and the caller parses the file with `parseDocument`, which then also reports any error. So the
 * subset only has to be right about what it accepts; `test/manifests/block-yaml.test.ts` compares both readers.
 */
import { LineIndex, type TreeMap, type TreeNode, type TreePair, type TreeScalar, type TreeSeq } from './tree.js';

export interface BlockTree {
  contents: TreeNode | null;
  lines: LineIndex;
}

/**
 * Hands the items of the file's list to the caller one at a time, as they are read, instead of keeping them in
 * the tree: the list is the value of `key` in the top-level mapping, and is left empty in the returned tree.
 * Items handed over before the reader gives up (returns `null`) are to be dropped with the rest of the reading.
 */
export interface ListStream {
  key: string;
  onItem(item: TreeNode, index: number, lines: LineIndex): void;
}

/** Thrown inside the reader when the text leaves the subset; never escapes `parseBlockYaml`. */
class OutsideSubset extends Error {}

const outside = (): never => {
  throw new OutsideSubset();
};

/**
 * The YAML 1.2 core schema's plain scalars other than strings, in `yaml`'s order (the first match wins) and
 * resolved as `yaml` resolves them (integers as numbers, not bigints).
 */
const CORE_SCALARS: readonly { test: RegExp; resolve: (text: string) => unknown }[] = [
  { test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null },
  { test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, resolve: (text) => text[0] === 't' || text[0] === 'T' },
  { test: /^0o[0-7]+$/, resolve: (text) => parseInt(text.substring(2), 8) },
  { test: /^[-+]?[0-9]+$/, resolve: (text) => parseInt(text, 10) },
  { test: /^0x[0-9a-fA-F]+$/, resolve: (text) => parseInt(text.substring(2), 16) },
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (text) => (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, resolve: (text) => parseFloat(text) },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, resolve: (text) => parseFloat(text) },
];
/** Every text a core-schema rule matches starts with one of these (`~`, n, N, t, T, f, F, digits, `+`, `-`, `.`). */
const MAY_RESOLVE = /^[~nNtTfF0-9+\-.]/;

/** Characters that start something other than a plain scalar (YAML 1.2 §7.3.3, c-indicator). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** JSON's escapes are a subset of YAML's double-quoted ones and mean the same; anything else goes to `yaml`. */
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;
const SPACE = 32;
const HASH = 35;
const DASH = 45;

/** Parses `text`, or returns `null` when it is outside the subset (the caller then uses `parseDocument`). */
export function parseBlockYaml(text: string, stream?: ListStream): BlockTree | null {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return null;
  try {
    return new BlockReader(text, stream).read();
  } catch (error) {
    if (error instanceof OutsideSubset) return null;
    throw error;
  }
}

class BlockReader {
  /** Offset of each line's first character. */
  private readonly starts: number[] = [];
  /** Spaces before each line's content. */
  private readonly indents: number[] = [];
  private readonly lines: LineIndex;
  /** Index of the next line to read. */
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly stream: ListStream | undefined,
  ) {
    let start = 0;
    for (;;) {
      let indent = 0;
      while (text.charCodeAt(start + indent) === SPACE) indent += 1;
      this.starts.push(start);
      this.indents.push(indent);
      const end = text.indexOf('\n', start + indent);
      if (end === -1) break;
      start = end + 1;
    }
    this.lines = new LineIndex(this.starts);
  }

  read(): BlockTree {
    this.skipBlank();
    let contents: TreeNode | null = null;
    if (this.at < this.starts.length) {
      const text = this.lineText(this.at);
      if (this.indents[this.at] !== 0 || /^(?:---|\.\.\.)(?: |$)|^%/.test(text)) outside();
      contents = isSeqEntry(text) ? this.blockSeq(0) : this.blockMap(0, this.starts[this.at]!, text, this.stream);
      this.skipBlank();
      if (this.at < this.starts.length) outside();
    }
    return { contents, lines: this.lines };
  }

  /** Line `i` without its indentation and its newline; '' for a blank line. */
  private lineText(i: number): string {
    const from = this.starts[i]! + this.indents[i]!;
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! - 1 : this.text.length;
    return this.text.slice(from, end);
  }

  /** Whether line `i` holds nothing, or only a comment. */
  private isBlank(i: number): boolean {
    const from = this.starts[i]! + this.indents[i]!;
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! - 1 : this.text.length;
    return from === end || this.text.charCodeAt(from) === HASH;
  }

  /** Whether line `i` starts with a list entry's dash (followed by a space or the end of the line). */
  private startsSeqEntry(i: number): boolean {
    const from = this.starts[i]! + this.indents[i]!;
    if (this.text.charCodeAt(from) !== DASH) return false;
    const next = this.text.charCodeAt(from + 1);
    return next === SPACE || next === 10 || Number.isNaN(next);
  }

  private skipBlank(): void {
    while (this.at < this.starts.length && this.isBlank(this.at)) this.at += 1;
  }

  /** A block mapping or list whose entries start at column `indent` of the current line. */
  private blockNode(indent: number, onItem?: ListStream['onItem']): TreeMap | TreeSeq {
    if (this.startsSeqEntry(this.at)) return this.blockSeq(indent, onItem);
    return this.blockMap(indent, this.starts[this.at]! + indent, this.lineText(this.at));
  }

  /** A block list at column `indent`; with `onItem`, its items are handed over instead of kept. */
  private blockSeq(indent: number, onItem?: ListStream['onItem']): TreeSeq {
    const items: TreeNode[] = [];
    const seq: TreeSeq = { kind: 'seq', offset: this.starts[this.at]! + indent, items };
    let index = 0;
    while (this.at < this.starts.length) {
      const lineIndent = this.indents[this.at]!;
      if (lineIndent < indent) break;
      if (lineIndent > indent || !this.startsSeqEntry(this.at)) outside();
      const start = this.starts[this.at]!;
      const rest = this.lineText(this.at).slice(1);
      let spaces = 0;
      while (rest.charCodeAt(spaces) === SPACE) spaces += 1;
      const column = indent + 1 + spaces;
      const content = rest.slice(spaces);
      let item: TreeNode;
      if (content === '' || content.charCodeAt(0) === HASH) {
        this.at += 1;
        item = this.nestedValue(indent, start + column, false);
      } else if (isSeqEntry(content)) return outside();
      else if (mapKeyEnd(content) !== -1) item = this.blockMap(column, start + column, content);
      else item = this.inlineValue(content, start + column, indent);
      if (onItem === undefined) items.push(item);
      else onItem(item, index, this.lines);
      index += 1;
      this.skipBlank();
    }
    return seq;
  }

  /**
   * A block mapping at column `indent`; its first entry is `firstText` at offset `firstOffset` (on the current
   * line, possibly after a list item's dash). With `stream`, the list under `stream.key` is streamed.
   */
  private blockMap(indent: number, firstOffset: number, firstText: string, stream?: ListStream): TreeMap {
    const pairs: TreePair[] = [];
    const map: TreeMap = { kind: 'map', offset: firstOffset, pairs };
    const keys = new Set<unknown>();
    let text = firstText;
    let offset = firstOffset;
    for (;;) {
      const keyEnd = mapKeyEnd(text);
      if (keyEnd === -1) outside();
      const key = scalarValue(text.slice(0, keyEnd));
      if (keys.has(key) || key === '<<') outside();
      keys.add(key);
      const name = typeof key === 'string' ? key : key === null ? null : String(key);
      let valueStart = keyEnd + 1;
      while (text.charCodeAt(valueStart) === SPACE) valueStart += 1;
      let value: TreeNode;
      if (valueStart === text.length || text.charCodeAt(valueStart) === HASH) {
        this.at += 1;
        value = this.nestedValue(indent, offset + valueStart, true, stream !== undefined && name === stream.key ? stream.onItem : undefined);
      } else value = this.inlineValue(text.slice(valueStart), offset + valueStart, indent);
      pairs.push({ key: name, keyOffset: offset, value });
      this.skipBlank();
      if (this.at >= this.starts.length) break;
      const nextIndent = this.indents[this.at]!;
      if (nextIndent < indent) break;
      if (nextIndent > indent || this.startsSeqEntry(this.at)) outside();
      text = this.lineText(this.at);
      offset = this.starts[this.at]! + indent;
    }
    return map;
  }

  /**
   * The value of a key or dash with nothing after it on its line: a block node on the next lines, or an empty
   * (null) scalar at `emptyOffset` (past the indicator and its spaces, where `yaml` puts it). A mapping's value
   * may be a list at the key's own column.
   */
  private nestedValue(parentIndent: number, emptyOffset: number, sameColumnList: boolean, onItem?: ListStream['onItem']): TreeNode {
    this.skipBlank();
    if (this.at < this.starts.length) {
      const indent = this.indents[this.at]!;
      if (indent > parentIndent || (sameColumnList && indent === parentIndent && this.startsSeqEntry(this.at))) return this.blockNode(indent, onItem);
    }
    return { kind: 'scalar', offset: emptyOffset, value: null };
  }

  /** A value written on the same line as its key or dash, starting at `offset`; consumes its line(s). */
  private inlineValue(text: string, offset: number, parentIndent: number): TreeNode {
    const first = text[0]!;
    if (first === '|') return this.literal(text, offset, parentIndent);
    this.at += 1;
    if (first === '{' || first === '[') {
      if (!/^(?:\{\}|\[\])(?: +#.*)?$/.test(text)) outside();
      return first === '{' ? { kind: 'map', offset, pairs: [] } : { kind: 'seq', offset, items: [] };
    }
    const scalar: TreeScalar = { kind: 'scalar', offset, value: scalarValue(stripComment(text)) };
    // A line indented past the collection holding this entry would continue the scalar over several lines.
    this.skipBlank();
    if (this.at < this.starts.length && this.indents[this.at]! > parentIndent) outside();
    return scalar;
  }

  /** A `|` or `|-` literal scalar whose header is `header` at `offset`; its lines are indented past `parentIndent`. */
  private literal(header: string, offset: number, parentIndent: number): TreeScalar {
    const chomp = /^\|(-?)(?: +#.*)?$/.exec(header);
    if (chomp === null) return outside();
    this.at += 1;
    if (this.at >= this.starts.length || this.lineText(this.at) === '' || this.indents[this.at]! <= parentIndent) outside();
    const indent = this.indents[this.at]!;
    const content: string[] = [];
    let end = this.at;
    while (end < this.starts.length) {
      const lineIndent = this.indents[end]!;
      const text = this.lineText(end);
      if (text === '') {
        // Spaces past the indentation of a blank line are content; keep the subset simple and let `yaml` do it.
        if (lineIndent > indent) outside();
        content.push('');
      } else if (lineIndent >= indent) content.push(' '.repeat(lineIndent - indent) + text);
      else break;
      end += 1;
    }
    while (content.length > 0 && content[content.length - 1] === '') {
      content.pop();
      end -= 1;
    }
    this.at = end;
    return { kind: 'scalar', offset, value: content.join('\n') + (chomp[1] === '-' ? '' : '\n') };
  }
}

/** The value of a plain, single- or double-quoted scalar that is all of `text` (comment already removed). */
function scalarValue(text: string): unknown {
  const first = text[0];
  if (first === '"') return quoted(text, decodeDouble);
  if (first === "'") return quoted(text, (body) => body.replace(/''/g, "'"));
  if (!isPlainSafe(text)) outside();
  if (!MAY_RESOLVE.test(text)) return text;
  for (const rule of CORE_SCALARS) if (rule.test.test(text)) return rule.resolve(text);
  return text;
}

/**
 * Whether `text` reads as one plain scalar: no indicator first (`-`, `?` and `:` may start one when a non-space
 * follows, as in `-5`), no `: ` or ` #` inside, no colon or space at the end.
 */
function isPlainSafe(text: string): boolean {
  if (text === '' || text.includes(': ') || text.includes(' #') || text.endsWith(':') || text.endsWith(' ')) return false;
  const first = text[0]!;
  if (!INDICATORS.has(first)) return true;
  return (first === '-' || first === '?' || first === ':') && text.length > 1 && text[1] !== ' ';
}

/** A list entry: a dash followed by a space or the end of the line. */
function isSeqEntry(text: string): boolean {
  return text.charCodeAt(0) === DASH && (text.length === 1 || text.charCodeAt(1) === SPACE);
}

/** Where the key of a `key: value` / `key:` entry ends (the colon's index), or -1 when `text` is not one. */
function mapKeyEnd(text: string): number {
  const first = text[0];
  if (first === '"' || first === "'") {
    const close = closingQuote(text, first);
    if (close === -1) return -1;
    return text[close + 1] === ':' && (close + 2 === text.length || text[close + 2] === ' ') ? close + 1 : -1;
  }
  const body = stripComment(text);
  const colon = body.indexOf(': ');
  if (colon > 0) return colon;
  return body.endsWith(':') && body.length > 1 ? body.length - 1 : -1;
}

/** Index of the quote closing the scalar that `text` opens, or -1 when it does not close on this line. */
function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote === '"' && c === '\\') i += 1;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 1;
      else return i;
    }
  }
  return -1;
}

/** `text` without a trailing ` # comment` and trailing spaces (a `#` inside quotes is not a comment). */
function stripComment(text: string): string {
  const first = text[0];
  if (first === '"' || first === "'") {
    const close = closingQuote(text, first);
    if (close === -1) outside();
    // A comment needs a space before its `#`; anything else after the closing quote is not for this reader.
    if (close + 1 < text.length && !/^(?: +(?:#.*)?)?$/.test(text.slice(close + 1))) outside();
    return close + 1 === text.length ? text : text.slice(0, close + 1);
  }
  const hash = text.indexOf(' #');
  return (hash === -1 ? text : text.slice(0, hash)).trimEnd();
}

function quoted(text: string, decode: (body: string) => string): string {
  const close = closingQuote(text, text[0]!);
  if (close !== text.length - 1) outside();
  return decode(text.slice(1, -1));
}

function decodeDouble(body: string): string {
  if (!body.includes('\\')) return body;
  // Every escape must be one JSON knows (then both languages read it the same); nothing else may be escaped.
  if (body.replace(JSON_ESCAPE, '').includes('\\')) outside();
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return outside();
  }
}
