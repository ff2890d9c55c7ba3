import { parse } from 'yaml';
import { emitYaml } from '../../src/plan/yaml-emit.js';
import { OutsideSubset, readYamlSubset } from '../../src/plan/yaml-read.js';

const awkward = [
  '', ' ', 'a ', ' a', 'yes', 'No', 'on', 'OFF', 'y', 'true', 'False', 'null', 'Null', '~', '007', '12.345', '1e3', '0x1f', '.inf', '-.5',
  '- item', '? key', '[list]', '{map}', '*alias', '&anchor', '!tag', '|', '>', '%directive', '@at', '`tick`', '#comment', 'a #b', 'a: b',
  'ends:', 'https://example.com/a?b=c#d', 'two\nlines', 'trailing\n', 'tab\there', 'quote " and \\ backslash', "single ' quote",
  'unicode → ünïcødé 🚀', 'line\u2028separator', 'del\u007f', 'c1\u0085\u0086', 'bom\ufeff', 'lone\ud800surrogate', 'sha256:abc', '$ref',
  'price/price_123', 'Add-on 3', '2026-10-28.endive', '0.1.0',
];

describe('YAML emitter', () => {
  test.each(awkward.map((s) => [JSON.stringify(s), s]))('the string %s reads back as itself, as a value and as a key', (_name, s) => {
    const doc = { value: s, list: [s], nested: { [s]: s } };
    const text = emitYaml(doc);
    expect(parse(text)).toEqual(doc);
    expect(parse(text, { version: '1.1' })).toEqual(doc);
    expect(readYamlSubset(text)).toEqual(doc);
  });

  test('numbers, booleans, null, empty containers and lists of maps read back unchanged', () => {
    const doc = {
      n: [0, -1, 2.5, 1e21, 123456789012],
      b: [true, false],
      z: null,
      empty: { list: [], map: {} },
      items: [{ a: 1, b: { c: [1, { d: 'e' }] } }, {}, [1, 2]],
    };
    expect(parse(emitYaml(doc))).toEqual(doc);
    expect(readYamlSubset(emitYaml(doc))).toEqual(doc);
  });

  test('members that are undefined are left out', () => {
    expect(parse(emitYaml({ a: 1, b: undefined, c: [{ d: undefined, e: 2 }] }))).toEqual({ a: 1, c: [{ e: 2 }] });
  });
});

describe('fast reader', () => {
  test.each([
    ['single quotes', "a: 'x'\n"],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a flow map', 'a: {b: 1}\n'],
    ['a comment after a value', 'a: b # note\n'],
    ['a tab', 'a:\tb\n'],
    ['a list at the key indent', 'a:\n- 1\n'],
    ['a YAML 1.1 boolean', 'a: yes\n'],
    ['a date', 'a: 2026-01-01\n'],
    ['a block literal', 'a: |\n  text\n'],
    ['a key with no value', 'a:\nb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a document marker', '---\na: 1\n'],
    ['a YAML-only escape', 'a: "\\x41"\n'],
    ['CRLF line ends', 'a: 1\r\n'],
  ])('leaves %s to the general reader', (_name, text) => {
    expect(() => readYamlSubset(text)).toThrow(OutsideSubset);
  });

  test('on plan files edited at random, it reads what the general reader reads, or leaves the text to it', () => {
    // A small linear congruential generator: the same edits on every run.
    let state = 7;
    const rand = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pieces = [' ', '  ', '- ', ': ', ':', '"', '\\', '#', '\n', 'x', '1', '1e3', 'null', 'yes', '{}', '[]', '[1]', '- a: b', '"k": v', 'é'];
    const doc = {
      formatVersion: 1,
      state: { 'product/a': null, 'price/p': 'sha256:ab' },
      changes: [
        { address: 'product/a', dependsOn: [], requests: [{ method: 'POST', path: '/v1/products', params: { id: 'a', metadata: { '10': 'x', z: 'a: b' }, name: 'yes' } }] },
        { address: 'price/p', fields: [{ field: 'unit_amount', before: 1, after: 2.5 }], forcedBy: ['unit_amount'], requests: [] },
      ],
    };
    const text = emitYaml(doc);
    let read = 0;
    for (let n = 0; n < 3000; n++) {
      let edited = text;
      for (let e = 0; e < 1 + Math.floor(rand() * 3); e++) {
        const at = Math.floor(rand() * edited.length);
        edited = rand() < 0.6 ? edited.slice(0, at) + pieces[Math.floor(rand() * pieces.length)]! + edited.slice(at) : edited.slice(0, at) + edited.slice(at + 1);
      }
      let fast: unknown;
      try {
        fast = readYamlSubset(edited);
      } catch (error) {
        if (error instanceof OutsideSubset) continue;
        throw error;
      }
      read++;
      expect(fast).toEqual(parse(edited, { uniqueKeys: true }));
    }
    // Most edits leave the subset, but not all: some edits were read and compared.
    expect(read).toBeGreaterThan(300);
  });

  test('comment and blank lines are skipped', () => {
    expect(readYamlSubset('# head\na: 1\n\n  # indented\nb:\n  - x\n# end\n')).toEqual({ a: 1, b: ['x'] });
  });
});
