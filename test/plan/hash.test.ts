import { createHash } from 'node:crypto';
import { canonicalJson, hashValue } from '../../src/plan/hash.js';

describe('canonical JSON', () => {
  test('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[{"z":1}]},"b":1}');
  });

  test.each(['plain', 'quote "', 'back\\slash', 'new\nline', 'tab\t', '\u0000', 'ü → 🚀', 'lone\ud800'])('writes %j as JSON does, as a value and as a key', (s) => {
    expect(canonicalJson(s)).toBe(JSON.stringify(s));
    expect(canonicalJson({ [s]: 1 })).toBe(JSON.stringify({ [s]: 1 }));
  });

  test('equal values in any key order hash alike; different values do not', () => {
    expect(hashValue({ a: 1, b: [1, 2] })).toBe(hashValue({ b: [1, 2], a: 1 }));
    expect(hashValue({ a: 1, b: [1, 2] })).not.toBe(hashValue({ a: 1, b: [2, 1] }));
  });

  test('an array, hashed member by member, hashes like its canonical text', () => {
    const big = [...Array.from({ length: 2_000 }, (_, i) => ({ n: i, id: `obj_${i}` })), undefined, null];
    expect(hashValue(big)).toBe(`sha256:${createHash('sha256').update(canonicalJson(big)).digest('hex')}`);
  });
});
