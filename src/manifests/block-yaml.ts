/**
 * A fast reader for the plain block-style YAML that manifests are written in (what `migrate export` writes and
 * what people add by hand: block mappings and lists, plain, quoted and `|`/`|-` literal scalars, comments,
 * empty `{}` and `[]`). It builds the same `yaml` nodes, with the same source ranges, that `parseDocument`
 * builds, so every check and every `file:line:column` works on either; it exists because the `yaml` library
 * takes about 1.8 s of CPU for the 75,000 lines of a 10,000-object catalog and this reader about a tenth of it.
 *
 * It is deliberately narrow: at the first thing outside the subset (anchors, tags, flow collections with
 * content, multi-line plain or quoted scalars, folded scalars, tabs, duplicate keys, anything malformed) it
 * returns `null` and the caller parses the file with `parseDocument`, which then also reports any error. So the
 * subset only has to be right about what it accepts; `test/manifests/block-yaml.test.ts` compares both readers.
 */
import { Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, isScalar } from 'yaml';

export interface BlockDocument {
  doc: Document;
  lineCounter: LineCounter;
}

/** Thrown inside the reader when the text leaves the subset; never escapes `parseBlockYaml`. */
class OutsideSubset extends Error {}

const outside = (): never => {
  throw new OutsideSubset();
};

interface Line {
  /** Offset of the line's first character in the text. */
  start: number;
  /** Spaces before the content. */
  indent: number;
  /** The line without its leading spaces and its newline; '' for a blank line. */
  text: string;
}

type NodeValue = Scalar | YAMLMap | YAMLSeq;
/** A scalar tag of the schema (`null`, `bool`, `int`, `float`): the ones with a `test` resolve plain text. */
type ScalarTag = { resolve?: (text: string, onError: (message: string) => void, options: unknown) => unknown; format?: string };

/** Characters that start something other than a plain scalar (YAML 1.2 §7.3.3, c-indicator). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** Distinct plain texts whose tag is remembered: every key and common value, long before ids fill it. */
const TAG_MEMO_SIZE = 2048;
/** JSON's escapes are a subset of YAML's double-quoted ones and mean the same; anything else goes to `yaml`. */
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

/** Parses `text`, or returns `null` when it is outside the subset (the caller then uses `parseDocument`). */
export function parseBlockYaml(text: string): BlockDocument | null {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return null;
  try {
    return new BlockReader(text).read();
  } catch (error) {
    if (error instanceof OutsideSubset) return null;
    throw error;
  }
}

class BlockReader {
  private readonly lines: Line[] = [];
  private readonly lineCounter = new LineCounter();
  private readonly doc = new Document();
  private readonly tags = this.doc.schema.tags;
  /** The tag each plain text resolves with (`null`: a string), for the keys and values that repeat. */
  private readonly tagOf = new Map<string, ScalarTag | null>();
  /** Index of the next line to read. */
  private at = 0;

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      this.lineCounter.addNewLine(start);
      const end = text.indexOf('\n', start);
      const raw = end === -1 ? text.slice(start) : text.slice(start, end);
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent += 1;
      this.lines.push({ start, indent, text: raw.slice(indent) });
      if (end === -1) break;
      start = end + 1;
    }
  }

  read(): BlockDocument {
    this.skipBlank();
    let contents: NodeValue | null = null;
    if (this.at < this.lines.length) {
      const first = this.lines[this.at]!;
      if (first.indent !== 0 || /^(?:---|\.\.\.)(?: |$)|^%/.test(first.text)) outside();
      contents = this.blockNode(0);
      this.skipBlank();
      if (this.at < this.lines.length) outside();
    }
    this.doc.contents = contents;
    return { doc: this.doc, lineCounter: this.lineCounter };
  }

  /** Skips blank lines and lines holding only a comment. */
  private skipBlank(): void {
    while (this.at < this.lines.length) {
      const text = this.lines[this.at]!.text;
      if (text !== '' && !text.startsWith('#')) return;
      this.at += 1;
    }
  }

  /** A block mapping or list whose entries start at column `indent` of the current line. */
  private blockNode(indent: number): YAMLMap | YAMLSeq {
    const line = this.lines[this.at]!;
    return isSeqEntry(line.text) ? this.blockSeq(indent) : this.blockMap(indent, line.start + indent, line.text);
  }

  private blockSeq(indent: number): YAMLSeq {
    const seq = new YAMLSeq(this.doc.schema);
    seq.range = [this.lines[this.at]!.start + indent, 0, 0];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !isSeqEntry(line.text)) outside();
      const rest = line.text.slice(1);
      let spaces = 0;
      while (rest.charCodeAt(spaces) === 32) spaces += 1;
      const column = indent + 1 + spaces;
      const content = rest.slice(spaces);
      if (content === '' || content.startsWith('#')) {
        this.at += 1;
        seq.items.push(this.nestedValue(indent, line.start + column, false));
      } else if (isSeqEntry(content)) outside();
      else if (mapKeyEnd(content) !== -1) seq.items.push(this.blockMap(column, line.start + column, content));
      else seq.items.push(this.inlineValue(content, line.start + column, indent));
      this.skipBlank();
    }
    return seq;
  }

  /**
   * A block mapping at column `indent`; its first entry is `firstText` at offset `firstOffset` (on the current
   * line, possibly after a list item's dash).
   */
  private blockMap(indent: number, firstOffset: number, firstText: string): YAMLMap {
    const map = new YAMLMap(this.doc.schema);
    map.range = [firstOffset, 0, 0];
    const keys = new Set<unknown>();
    let text = firstText;
    let offset = firstOffset;
    for (;;) {
      const keyEnd = mapKeyEnd(text);
      if (keyEnd === -1) outside();
      const key = this.scalar(text.slice(0, keyEnd), offset);
      if (keys.has(key.value) || key.value === '<<') outside();
      keys.add(key.value);
      let valueStart = keyEnd + 1;
      while (text.charCodeAt(valueStart) === 32) valueStart += 1;
      const valueText = text.slice(valueStart);
      let value: NodeValue;
      if (valueText === '' || valueText.startsWith('#')) {
        this.at += 1;
        value = this.nestedValue(indent, offset + valueStart, true);
      } else value = this.inlineValue(valueText, offset + valueStart, indent);
      map.items.push(new Pair(key, value));
      this.skipBlank();
      if (this.at >= this.lines.length) break;
      const next = this.lines[this.at]!;
      if (next.indent < indent) break;
      if (next.indent > indent || isSeqEntry(next.text)) outside();
      text = next.text;
      offset = next.start + indent;
    }
    return map;
  }

  /**
   * The value of a key or dash with nothing after it on its line: a block node on the next lines, or an empty
   * (null) scalar at `emptyOffset` (past the indicator and its spaces, where `yaml` puts it). A mapping's value may be a list at the key's own column.
   */
  private nestedValue(parentIndent: number, emptyOffset: number, sameColumnList: boolean): NodeValue {
    this.skipBlank();
    const next = this.lines[this.at];
    if (next !== undefined && (next.indent > parentIndent || (sameColumnList && next.indent === parentIndent && isSeqEntry(next.text)))) {
      return this.blockNode(next.indent);
    }
    const empty = new Scalar(null);
    empty.range = [emptyOffset, emptyOffset, emptyOffset];
    empty.type = 'PLAIN';
    empty.source = '';
    return empty;
  }

  /** A value written on the same line as its key or dash, starting at `offset`; consumes its line(s). */
  private inlineValue(text: string, offset: number, parentIndent: number): NodeValue {
    const first = text[0]!;
    if (first === '|') return this.literal(text, offset, parentIndent);
    this.at += 1;
    if (first === '{' || first === '[') {
      if (!/^(?:\{\}|\[\])(?: +#.*)?$/.test(text)) outside();
      const empty = first === '{' ? new YAMLMap(this.doc.schema) : new YAMLSeq(this.doc.schema);
      empty.flow = true;
      empty.range = [offset, offset + 2, offset + 2];
      return empty;
    }
    const scalar = this.scalar(stripComment(text), offset);
    // A line indented past the collection holding this entry would continue the scalar over several lines.
    this.skipBlank();
    const next = this.lines[this.at];
    if (next !== undefined && next.indent > parentIndent) outside();
    return scalar;
  }

  /** A `|` or `|-` literal scalar whose header is `header` at `offset`; its lines are indented past `parentIndent`. */
  private literal(header: string, offset: number, parentIndent: number): Scalar {
    const chomp = /^\|(-?)(?: +#.*)?$/.exec(header);
    if (chomp === null) outside();
    this.at += 1;
    const first = this.lines[this.at];
    if (first === undefined || first.text === '' || first.indent <= parentIndent) outside();
    const indent = first!.indent;
    const content: string[] = [];
    let end = this.at;
    while (end < this.lines.length) {
      const line = this.lines[end]!;
      if (line.text === '') {
        // Spaces past the indentation of a blank line are content; keep the subset simple and let `yaml` do it.
        if (line.indent > indent) outside();
        content.push('');
      } else if (line.indent >= indent) content.push(' '.repeat(line.indent - indent) + line.text);
      else break;
      end += 1;
    }
    while (content.length > 0 && content[content.length - 1] === '') {
      content.pop();
      end -= 1;
    }
    this.at = end;
    const scalar = new Scalar(content.join('\n') + (chomp![1] === '-' ? '' : '\n'));
    scalar.range = [offset, offset, offset];
    scalar.type = 'BLOCK_LITERAL';
    scalar.source = scalar.value as string;
    return scalar;
  }

  /** A plain, single- or double-quoted scalar that is all of `text` (comment already removed), at `offset`. */
  private scalar(text: string, offset: number): Scalar {
    let scalar: Scalar;
    const first = text[0];
    if (first === '"') scalar = quoted(text, 'QUOTE_DOUBLE', decodeDouble);
    else if (first === "'") scalar = quoted(text, 'QUOTE_SINGLE', (body) => body.replace(/''/g, "'"));
    else scalar = this.plain(text);
    scalar.range = [offset, offset + text.length, offset + text.length];
    return scalar;
  }

  /** Resolves a plain scalar with the document's own schema tags, exactly as the `yaml` composer does. */
  private plain(text: string): Scalar {
    if (!isPlainSafe(text)) outside();
    let tag = this.tagOf.get(text);
    if (tag === undefined) {
      tag = (this.tags.find((t) => t.default === true && t.test?.test(text)) as ScalarTag | undefined) ?? null;
      if (this.tagOf.size < TAG_MEMO_SIZE) this.tagOf.set(text, tag);
    }
    const resolved = tag === null || tag.resolve === undefined ? text : tag.resolve(text, outside, this.doc.options);
    const scalar = isScalar(resolved) ? resolved : new Scalar(resolved);
    scalar.source = text;
    scalar.type = 'PLAIN';
    if (tag !== null && tag.format) scalar.format = tag.format;
    return scalar;
  }
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
  return text.charCodeAt(0) === 45 && (text.length === 1 || text.charCodeAt(1) === 32);
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
    const after = text.slice(close + 1);
    // A comment needs a space before its `#`; anything else after the closing quote is not for this reader.
    if (!/^(?: +(?:#.*)?)?$/.test(after)) outside();
    return text.slice(0, close + 1);
  }
  const hash = text.indexOf(' #');
  return (hash === -1 ? text : text.slice(0, hash)).trimEnd();
}

function quoted(text: string, type: Scalar.Type, decode: (body: string) => string): Scalar {
  const close = closingQuote(text, text[0]!);
  if (close !== text.length - 1) outside();
  const scalar = new Scalar(decode(text.slice(1, -1)));
  scalar.type = type;
  scalar.source = scalar.value as string;
  return scalar;
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

/**
 * The plain value of a node this reader built: what `node.toJS(doc)` returns for it (mappings become objects
 * with string keys, a key already on the object, such as `__proto__`, defined rather than assigned), without
 * the per-call context `toJS` sets up for aliases and merge keys, which this subset never contains.
 */
export function plainValue(node: unknown): unknown {
  if (node instanceof Scalar) return node.value;
  if (node instanceof YAMLSeq) return node.items.map(plainValue);
  if (node instanceof YAMLMap) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items as Pair<Scalar, unknown>[]) {
      const key = pair.key.value;
      const name = key === null ? '' : String(key);
      const value = plainValue(pair.value);
      if (name in out) Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
      else out[name] = value;
    }
    return out;
  }
  return null;
}
