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
import { LineIndex, scalarNode, type TreeMap, type TreeNode, type TreePair, type TreeScalar, type TreeSeq } from './tree.js';

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
  /** Called once, before the first item, with the file's line positions. */
  begin?(lines: LineIndex): void;
  onItem(item: TreeNode, index: number, lines: LineIndex): void;
}

/** Thrown inside the reader when the text leaves the subset; never escapes `parseBlockYaml`. */
class OutsideSubset extends Error {}

const outside = (): never => {
  throw new OutsideSubset();
};

/**
 * The YAML 1.2 core schema's plain scalars other than strings, in `yaml`'s order (the first match wins), each
 * resolved as `yaml` resolves it (integers as numbers, not bigints) by `resolveCore`.
 */
type CoreScalar = 'null' | 'bool' | 'octal' | 'int' | 'hex' | 'special float' | 'exponent' | 'float';
const CORE_SCALARS: readonly { test: RegExp; kind: CoreScalar }[] = [
  { test: /^(?:~|[Nn]ull|NULL)?$/, kind: 'null' },
  { test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, kind: 'bool' },
  { test: /^0o[0-7]+$/, kind: 'octal' },
  { test: /^[-+]?[0-9]+$/, kind: 'int' },
  { test: /^0x[0-9a-fA-F]+$/, kind: 'hex' },
  { test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, kind: 'special float' },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, kind: 'exponent' },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, kind: 'float' },
];

/** A switch rather than a function per rule: one call target, however many kinds a file holds. */
function resolveCore(kind: CoreScalar, text: string): unknown {
  switch (kind) {
    case 'null':
      return null;
    case 'bool':
      return text[0] === 't' || text[0] === 'T';
    case 'octal':
      return parseInt(text.substring(2), 8);
    case 'int':
      return parseInt(text, 10);
    case 'hex':
      return parseInt(text.substring(2), 16);
    case 'special float':
      return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    case 'exponent':
    case 'float':
      return parseFloat(text);
  }
}
/**
 * The rules a text may match, by its first character: `null` and `bool` need `~` or a letter, every other rule a
 * digit, a sign or a dot. A text starting otherwise is a string. Same order as `CORE_SCALARS`, so the same
 * first match; most plain values are words (`month`, `tiered`) and are spared the numeric rules.
 */
const WORD_RULES = CORE_SCALARS.filter((rule) => rule.kind === 'null' || rule.kind === 'bool');
const NUMBER_RULES = CORE_SCALARS.filter((rule) => rule.kind !== 'null' && rule.kind !== 'bool');
const WORD_START = '~nNtTfF';
const NUMBER_START = '0123456789+-.';

/** Characters that start something other than a plain scalar (YAML 1.2 §7.3.3, c-indicator). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** JSON's escapes are a subset of YAML's double-quoted ones and mean the same; anything else goes to `yaml`. */
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;
const SPACE = 32;
const COLON = 58;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const PIPE = 124;
const BRACE = 123;
const BRACKET = 91;
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
  /**
   * Offset of each line's first character, and one entry more: one past the end of the text, as if it ended
   * with a newline, so that line `i` always ends at `starts[i + 1] - 1` (no branch for the last line, which
   * optimised code would otherwise first meet at the end of a file). Typed arrays: the collector never copies
   * or scans them.
   */
  private readonly starts: Int32Array;
  /** Spaces before each line's content. */
  private readonly indents: Int32Array;
  /** Number of lines (`starts` has one entry more). */
  private readonly count: number;
  private readonly lines: LineIndex;
  /** Index of the next line to read. */
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly stream: ListStream | undefined,
  ) {
    this.count = countLines(text);
    this.starts = new Int32Array(this.count + 1);
    this.indents = new Int32Array(this.count);
    fillLines(text, this.starts, this.indents);
    this.lines = new LineIndex(this.starts.subarray(0, this.count));
  }

  read(): BlockTree {
    this.stream?.begin?.(this.lines);
    this.skipBlank();
    let contents: TreeNode | null = null;
    if (this.at < this.count) {
      const text = this.lineText(this.at);
      if (this.indents[this.at] !== 0 || /^(?:---|\.\.\.)(?: |$)|^%/.test(text)) outside();
      contents = isSeqEntry(text) ? this.blockSeq(0) : this.blockMap(0, this.starts[this.at]!, text, this.stream, this.stream?.key);
      this.skipBlank();
      if (this.at < this.count) outside();
    }
    return { contents, lines: this.lines };
  }

  /** Line `i` without its indentation and its newline; '' for a blank line. */
  private lineText(i: number): string {
    return this.text.slice(this.starts[i]! + this.indents[i]!, this.starts[i + 1]! - 1);
  }

  /** Whether line `i` holds nothing, or only a comment. */
  private isBlank(i: number): boolean {
    const from = this.starts[i]! + this.indents[i]!;
    return from === this.starts[i + 1]! - 1 || this.text.charCodeAt(from) === HASH;
  }

  /** Whether line `i` starts with a list entry's dash (followed by a space or the end of the line). */
  private startsSeqEntry(i: number): boolean {
    const from = this.starts[i]! + this.indents[i]!;
    const end = this.starts[i + 1]! - 1;
    if (from >= end || this.text.charCodeAt(from) !== DASH) return false;
    return from + 1 === end || this.text.charCodeAt(from + 1) === SPACE;
  }

  private skipBlank(): void {
    while (this.at < this.count && this.isBlank(this.at)) this.at += 1;
  }

  /** A block mapping or list whose entries start at column `indent` of the current line. */
  private blockNode(indent: number, stream: ListStream | undefined): TreeMap | TreeSeq {
    if (this.startsSeqEntry(this.at)) return stream === undefined ? this.blockSeq(indent) : this.streamSeq(indent, stream);
    return this.blockMap(indent, this.starts[this.at]! + indent, this.lineText(this.at), undefined, undefined);
  }

  /** A block list at column `indent`. */
  private blockSeq(indent: number): TreeSeq {
    const items: TreeNode[] = [];
    const seq: TreeSeq = { kind: 'seq', offset: this.starts[this.at]! + indent, items };
    while (this.nextEntry(indent)) items.push(this.seqEntry(indent));
    return seq;
  }

  /**
   * The streamed list at column `indent`: its items are handed over instead of kept. A loop of its own (not a
   * flag of `blockSeq`), so that the optimizer compiles the one long loop of the file once.
   */
  private streamSeq(indent: number, stream: ListStream): TreeSeq {
    const seq: TreeSeq = { kind: 'seq', offset: this.starts[this.at]! + indent, items: [] };
    for (let index = 0; this.nextEntry(indent); index += 1) stream.onItem(this.seqEntry(indent), index, this.lines);
    return seq;
  }

  /** Whether the list at column `indent` has another entry on the current line (blank lines skipped). */
  private nextEntry(indent: number): boolean {
    this.skipBlank();
    if (this.at >= this.count) return false;
    const lineIndent = this.indents[this.at]!;
    if (lineIndent < indent) return false;
    if (lineIndent > indent || !this.startsSeqEntry(this.at)) outside();
    return true;
  }

  /** The entry of the list at column `indent` that starts on the current line (with its dash). */
  private seqEntry(indent: number): TreeNode {
    const start = this.starts[this.at]!;
    const rest = this.lineText(this.at).slice(1);
    let spaces = 0;
    while (spaces < rest.length && rest.charCodeAt(spaces) === SPACE) spaces += 1;
    const column = indent + 1 + spaces;
    const content = rest.slice(spaces);
    if (content === '' || content.charCodeAt(0) === HASH) {
      this.at += 1;
      return this.nestedValue(indent, start + column, false, undefined);
    }
    if (isSeqEntry(content)) return outside();
    if (mapKeyEnd(content) !== -1) return this.blockMap(column, start + column, content, undefined, undefined);
    return this.inlineValue(content, start + column, indent);
  }

  /**
   * A block mapping at column `indent`; its first entry is `firstText` at offset `firstOffset` (on the current
   * line, possibly after a list item's dash). With `stream`, the list under `streamKey` (`stream.key`) is
   * streamed. The key comes as an argument: only the top-level mapping reads it, on the first call, before V8
   * records what this function's property reads see, and a read of `stream.key` would stop the code optimised
   * during one file at the top of the next.
   */
  private blockMap(indent: number, firstOffset: number, firstText: string, stream: ListStream | undefined, streamKey: string | undefined): TreeMap {
    const pairs: TreePair[] = [];
    const map: TreeMap = { kind: 'map', offset: firstOffset, pairs };
    // The values of the keys so far (a mapping holds a handful: a list is cheaper than a set).
    const keys: unknown[] = [];
    let text = firstText;
    let offset = firstOffset;
    for (;;) {
      // For a plain key, the line is cut at its comment once, here, for the key and a plain value alike.
      const quotedKey = text.charCodeAt(0) === DOUBLE_QUOTE || text.charCodeAt(0) === SINGLE_QUOTE;
      const end = quotedKey ? text.length : plainEnd(text);
      const keyEnd = quotedKey ? mapKeyEnd(text) : plainKeyEnd(text, end);
      if (keyEnd === -1) outside();
      const key = scalarValue(text.slice(0, keyEnd));
      if (keys.includes(key) || key === '<<') outside();
      keys.push(key);
      const name = typeof key === 'string' ? key : key === null ? null : String(key);
      let valueStart = keyEnd + 1;
      while (valueStart < text.length && text.charCodeAt(valueStart) === SPACE) valueStart += 1;
      let value: TreeNode;
      if (valueStart === text.length || text.charCodeAt(valueStart) === HASH) {
        this.at += 1;
        value = this.nestedValue(indent, offset + valueStart, true, name === streamKey ? stream : undefined);
      } else if (quotedKey || !isPlainStart(text.charCodeAt(valueStart))) value = this.inlineValue(text.slice(valueStart), offset + valueStart, indent);
      else value = this.plainValue(text.slice(valueStart, end), offset + valueStart, indent);
      pairs.push({ key: name, keyOffset: offset, value });
      this.skipBlank();
      if (this.at >= this.count) break;
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
  private nestedValue(parentIndent: number, emptyOffset: number, sameColumnList: boolean, stream: ListStream | undefined): TreeNode {
    this.skipBlank();
    if (this.at < this.count) {
      const indent = this.indents[this.at]!;
      if (indent > parentIndent || (sameColumnList && indent === parentIndent && this.startsSeqEntry(this.at))) return this.blockNode(indent, stream);
    }
    return scalarNode(emptyOffset, null);
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
    return this.scalarEntry(scalarValue(stripComment(text)), offset, parentIndent);
  }

  /** A plain value `text` (its comment and trailing spaces already cut off) on the current line, at `offset`. */
  private plainValue(text: string, offset: number, parentIndent: number): TreeScalar {
    this.at += 1;
    return this.scalarEntry(scalarValue(text), offset, parentIndent);
  }

  /** The scalar that ends an entry; the next line must not continue it. */
  private scalarEntry(value: unknown, offset: number, parentIndent: number): TreeScalar {
    // A line indented past the collection holding this entry would continue the scalar over several lines.
    this.skipBlank();
    if (this.at < this.count && this.indents[this.at]! > parentIndent) outside();
    return scalarNode(offset, value);
  }

  /** A `|` or `|-` literal scalar whose header is `header` at `offset`; its lines are indented past `parentIndent`. */
  private literal(header: string, offset: number, parentIndent: number): TreeScalar {
    const chomp = /^\|(-?)(?: +#.*)?$/.exec(header);
    if (chomp === null) return outside();
    this.at += 1;
    if (this.at >= this.count || this.lineText(this.at) === '' || this.indents[this.at]! <= parentIndent) outside();
    const indent = this.indents[this.at]!;
    const content: string[] = [];
    let end = this.at;
    while (end < this.count) {
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
    return scalarNode(offset, content.join('\n') + (chomp[1] === '-' ? '' : '\n'));
  }
}

/** Lines in `text`: one more than its newlines. A loop of its own, so that its on-stack optimisation is small. */
function countLines(text: string): number {
  let count = 1;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) count += 1;
  return count;
}

/** Fills each line's start and indentation, and after the last line one past the end of `text`. */
function fillLines(text: string, starts: Int32Array, indents: Int32Array): void {
  // Set first: code after the loop would be new to the loop's on-stack optimised code.
  starts[indents.length] = text.length + 1;
  let start = 0;
  for (let i = 0; i < indents.length; i += 1) {
    let indent = 0;
    while (start + indent < text.length && text.charCodeAt(start + indent) === SPACE) indent += 1;
    starts[i] = start;
    indents[i] = indent;
    start = text.indexOf('\n', start + indent) + 1;
  }
}

/** The value of a plain, single- or double-quoted scalar that is all of `text` (comment already removed). */
function scalarValue(text: string): unknown {
  const first = text[0];
  if (first === '"') return decodeDouble(quotedBody(text));
  if (first === "'") return quotedBody(text).replace(/''/g, "'");
  if (!isPlainSafe(text)) outside();
  const rules = WORD_START.includes(first!) ? WORD_RULES : NUMBER_START.includes(first!) ? NUMBER_RULES : null;
  if (rules === null) return text;
  for (const rule of rules) if (rule.test.test(text)) return resolveCore(rule.kind, text);
  return text;
}

/**
 * Whether `text` reads as one plain scalar: no indicator first (`-`, `?` and `:` may start one when a non-space
 * follows, as in `-5`), no `: ` inside, no colon or space at the end. Every caller has cut a ` # comment` off
 * already, so `text` holds no ` #`.
 */
function isPlainSafe(text: string): boolean {
  if (text === '') return false;
  const last = text.charCodeAt(text.length - 1);
  if (last === COLON || last === SPACE || text.includes(': ')) return false;
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
  return plainKeyEnd(text, plainEnd(text));
}

/** `mapKeyEnd` of an entry with a plain key, whose text without comment ends at `end` (`plainEnd`). */
function plainKeyEnd(text: string, end: number): number {
  // The first `: ` of the line is the first of the text up to `end`, if that one is before `end`.
  const colon = text.indexOf(': ');
  if (colon > 0 && colon < end - 1) return colon;
  return end > 1 && text.charCodeAt(end - 1) === COLON ? end - 1 : -1;
}

/** Whether a value starting with this character is read as a plain scalar (or refused as one) by `scalarValue`. */
function isPlainStart(code: number): boolean {
  return code !== PIPE && code !== BRACE && code !== BRACKET && code !== DOUBLE_QUOTE && code !== SINGLE_QUOTE;
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
  return text.slice(0, plainEnd(text));
}

/**
 * Where the unquoted entry or value `text` ends without its ` # comment` and trailing spaces. Only spaces: YAML
 * counts no other white space (a trailing no-break space is part of the value, as `yaml` reads it).
 */
function plainEnd(text: string): number {
  const hash = text.indexOf(' #');
  let end = hash === -1 ? text.length : hash;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end -= 1;
  return end;
}

/** What is between the quotes of a quoted scalar that is all of `text`. */
function quotedBody(text: string): string {
  const close = closingQuote(text, text[0]!);
  if (close !== text.length - 1) outside();
  return text.slice(1, -1);
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
