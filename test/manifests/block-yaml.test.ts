/**
 * The fast block-YAML reader must agree with the `yaml` library on everything it accepts: the same values, the
 * same node kinds and key names, the same source offsets (so every file:line:column is the same), and it must
 * hand back (return null) anything malformed or outside its subset, so `yaml` reports the error. Its tree is
 * compared with `yaml`'s own nodes here, not with the converted tree the reader uses for handed-back files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { parseBlockYaml } from '../../src/manifests/block-yaml.js';
import { plainValue, type TreeNode } from '../../src/manifests/tree.js';
import { writeManifests } from '../../src/manifests/write.js';
import { prng } from '../../src/util/prng.js';
import { generateCatalog } from '../support/generate-catalog.js';
import { BASE, INVALID } from '../validate/fixtures.js';
import { REPO_MANIFESTS, read, tempDir } from './helpers.js';

/** A key as the reader names it: the text of a string, number or boolean scalar, else null. */
function keyName(key: unknown): string | null {
  if (!isScalar(key)) return null;
  const value = key.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

/** Differences between the reader's tree and `yaml`'s nodes, as paths; empty when they agree. */
function differences(fast: TreeNode | null, slow: unknown, path = '$'): string[] {
  const range = (slow as { range?: number[] } | null)?.range?.[0];
  if (fast === null || slow === null) return fast === slow ? [] : [`${path}: ${fast === null ? 'missing' : 'extra'} node`];
  if (fast.offset !== range) return [`${path}: offset ${fast.offset} ≠ ${range}`];
  if (isScalar(slow)) {
    if (fast.kind !== 'scalar') return [`${path}: not a scalar`];
    return Object.is(fast.value, slow.value) ? [] : [`${path}: ${JSON.stringify(fast.value)} ≠ ${JSON.stringify(slow.value)}`];
  }
  if (isSeq(slow)) {
    if (fast.kind !== 'seq' || fast.items.length !== slow.items.length) return [`${path}: list differs`];
    return slow.items.flatMap((item, i) => differences(fast.items[i]!, item, `${path}[${i}]`));
  }
  if (isMap(slow)) {
    if (fast.kind !== 'map' || fast.pairs.length !== slow.items.length) return [`${path}: mapping differs`];
    return slow.items.flatMap((pair, i) => {
      const other = fast.pairs[i]!;
      if (!isPair(pair)) return [`${path}: pair ${i}`];
      const keyRange = (pair.key as { range?: number[] } | null)?.range?.[0];
      if (other.key !== keyName(pair.key) || other.keyOffset !== keyRange) return [`${path}: key ${i} ${JSON.stringify([other.key, other.keyOffset])} ≠ ${JSON.stringify([keyName(pair.key), keyRange])}`];
      return differences(other.value, pair.value, `${path}.${String(other.key)}`);
    });
  }
  return [`${path}: ${String(slow)} is no node the reader builds`];
}

type Outcome = 'accepted' | 'handed back';

/** Checks the reader's contract on one text and says which way it went. */
function check(text: string): Outcome {
  const fast = parseBlockYaml(text);
  if (fast === null) return 'handed back';
  const lineCounter = new LineCounter();
  const slow = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (slow.errors.length > 0) throw new Error(`accepted a text yaml refuses (${slow.errors[0]!.code}):\n${text}`);
  const diff = differences(fast.contents, slow.contents);
  if (diff.length > 0) throw new Error(`disagrees with yaml: ${diff.slice(0, 3).join('; ')}\n${text}`);
  expect(plainValue(fast.contents)).toEqual(slow.toJS());
  for (let offset = 0; offset <= text.length; offset += 1 + Math.floor(text.length / 50)) {
    expect(fast.lines.linePos(offset)).toEqual(lineCounter.linePos(offset));
  }
  return 'accepted';
}

describe('block-YAML reader', () => {
  const accepted: [string, string][] = [
    ['plain scalars of every core type', 'a: 1\nb: -5\nc: 1.50\nd: 0x1F\ne: 0o17\nf: true\ng: null\nh: ~\ni: .inf\nj: 1e3\nk: text with spaces\nl: -x\nm: https://x.test/a:b\n'],
    [
      'the edges of the core schema',
      'a: +5\nb: -0\nc: .5\nd: 1.\ne: +.inf\nf: -.Inf\ng: .NaN\nh: NULL\ni: Null\nj: False\nk: TRUE\nl: tRUE\nm: 0o\nn: 0x\no: 0o8\np: 0xG\nq: 1_000\nr: 0b1\ns: +0x1\nt: 1e\nu: .e1\nv: 1.5E-3\nw: -.5e+2\nx: 007\ny: nan\nz: ~x\n',
    ],
    ['quoted scalars, escapes and comments', 'a: "1782" # a string\nb: \'it\'\'s\'\nc: "tab\\there \\u00e9 \\"q\\" \\\\"\n"d e": x\n\'f\': "#not a comment"\n'],
    ['nested lists and mappings', 'products:\n  - id: a\n    metadata:\n      k: v\n    features:\n      - one\n      - two\n\n  - id: b # comment\n    tiers:\n      - up_to: 10\n        unit_amount: 1\n      - up_to: inf\n'],
    ['a list at its key\'s column', 'prices:\n- id: a\n  nickname: x\n- id: b\n'],
    ['literal scalars', 'a: |-\n  two\n  lines\nb: |\n  kept newline\n\n  after a blank line\n    indented more\nc: x\n'],
    ['empty values and empty flow collections', 'a:\nb: {}\nc: []\nd:\n  - \n  -\ne: # note\n'],
    ['comments everywhere', '# head\nproducts: # list\n  # before\n  - id: a\n# column 0\n    name: b\n  # trailing\n'],
    ['an empty file and a comment-only file', ''],
    ['a comment-only file', '# nothing yet\n'],
    ['no final newline', 'coupons:\n  - id: X\n    percent_off: 20'],
    ['keys that are not plain names', '__proto__: 1\nconstructor: 2\n~: 3\n12: 4\ntrue: 5\n'],
    ['white space YAML does not trim (no-break and line separators)', 'a: x\u00a0\nb: \u00a0y\nc\u00a0: z\nd: x\u2028 # c\n'],
  ];
  test.each(accepted)('accepts %s exactly as yaml reads it', (_name, text) => {
    expect(check(text)).toBe('accepted');
  });

  const handedBack: [string, string][] = [
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['flow collections with content', 'a: [1, 2]\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a folded scalar', 'a: >\n  x\n'],
    ['a keep-chomping literal', 'a: |+\n  x\n\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'a:\n  <<: {}\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['Windows line ends', 'a: 1\r\nb: 2\r\n'],
    ['a document marker', '---\na: 1\n'],
    ['an unclosed quote', 'a: "x\n'],
    ['a YAML-only escape', 'a: "\\x41"\n'],
    ['a mapping in a plain scalar', 'a: b: c\n'],
    ['a bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a nested list on one line', 'a:\n  - - x\n'],
    ['a complex key', '? a\n: b\n'],
  ];
  test.each(handedBack)('hands %s back to yaml', (_name, text) => {
    expect(check(text)).toBe('handed back');
  });

  test('reads what the writer writes, for the repository catalog and generated ones', async () => {
    const texts = readdirSync(REPO_MANIFESTS).map((f) => read(REPO_MANIFESTS, f));
    for (const seed of [1, 2, 3]) {
      const dir = tempDir();
      await writeManifests(dir, generateCatalog({ seed, products: 60 }));
      texts.push(...readdirSync(dir).map((f) => read(dir, f)));
    }
    expect(texts.map(check)).toEqual(texts.map(() => 'accepted'));
  });

  test('hands the items of the top-level list over one by one, as the whole tree holds them', async () => {
    const dir = tempDir();
    await writeManifests(dir, generateCatalog({ seed: 4, products: 30 }));
    for (const name of readdirSync(dir)) {
      const text = read(dir, name);
      const key = name.replace(/\.yaml$/, '');
      const streamed: [TreeNode, number][] = [];
      const tree = parseBlockYaml(text, { key, onItem: (item, index) => streamed.push([item, index]) });
      const whole = parseBlockYaml(text)!.contents as Extract<TreeNode, { kind: 'map' }>;
      const list = whole.pairs.find((pair) => pair.key === key)!.value as Extract<TreeNode, { kind: 'seq' }>;
      expect(list.items.length).toBeGreaterThan(1);
      expect(streamed).toEqual(list.items.map((item, index) => [item, index]));
      // The streamed list is left empty in the tree; everything else is as without streaming.
      expect(tree!.contents).toEqual({ ...whole, pairs: whole.pairs.map((pair) => (pair.key === key ? { ...pair, value: { ...list, items: [] } } : pair)) });
    }
  });

  test('every validate fixture is either read alike or handed back', () => {
    let handed = 0;
    for (const invalid of INVALID) {
      let text = BASE[invalid.file]!;
      for (const [from, to] of invalid.edits) text = text.replace(from, to);
      if (check(text) === 'handed back') handed += 1;
    }
    // The fixtures include YAML syntax errors and duplicate keys, which only yaml may report.
    expect(handed).toBeGreaterThanOrEqual(2);
  });

  test('seeded mutations of a manifest are read alike or handed back', async () => {
    const dir = tempDir();
    await writeManifests(dir, generateCatalog({ seed: 7, products: 8 }));
    const sources = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const random = prng(Number(process.env.MUTATION_SEED ?? 11));
    const pieces = [' ', '  ', '\n', ':', ': ', '- ', '#', ' #', '"', "'", '|', '|-', '>', '{}', '[', '&a ', '*a', '\\', '~', '-1', '0x', '\n  ', '\n- ', '\u00a0'];
    const outcomes = { accepted: 0, 'handed back': 0 };
    for (let i = 0; i < Number(process.env.MUTATIONS ?? 1500); i += 1) {
      const source = sources[i % sources.length]!;
      const at = Math.floor(random() * source.length);
      const cut = Math.floor(random() * 4);
      const piece = random() < 0.7 ? pieces[Math.floor(random() * pieces.length)]! : '';
      outcomes[check(source.slice(0, at) + piece + source.slice(at + cut))] += 1;
    }
    // Both ways must actually happen, or the mutations test nothing.
    expect(outcomes.accepted).toBeGreaterThan(300);
    expect(outcomes['handed back']).toBeGreaterThan(300);
  });
});
