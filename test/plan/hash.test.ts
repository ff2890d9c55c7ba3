import { createHash } from 'node:crypto';
import { canonicalChange } from '../../src/plan/canonical-change.js';
import { computePlan } from '../../src/plan/compute.js';
import { hashChanges, targetStateOf } from '../../src/plan/fingerprint.js';
import { canonicalJson, hashValue } from '../../src/plan/hash.js';
import { generateCatalog } from '../support/generate-catalog.js';
import { options } from './builders.js';

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

  test.each([0, 1, 127, 128, 129, 256, 300])('an array of %i members hashes like its canonical text, whatever its length', (length) => {
    const list = Array.from({ length }, (_, i) => (i % 10 === 3 ? undefined : { z: i, a: `é${i}` }));
    expect(hashValue(list)).toBe(`sha256:${createHash('sha256').update(canonicalJson(list)).digest('hex')}`);
  });
});

describe('canonical JSON of changes, written member by member', () => {
  const empty = { products: [], prices: [], coupons: [] };
  const desired = generateCatalog({ seed: 5, products: 200 });
  const live = generateCatalog({ seed: 5, products: 200 });
  live.products = live.products.map((p, i) => (i % 3 === 0 ? { ...p, name: `${p.name} before`, metadata: { old: 'yes' } } : p));
  live.prices = live.prices.filter((_, i) => i % 4 !== 0).map((p, i) => (i % 5 === 0 ? { ...p, unit_amount: (p.unit_amount ?? 0) + 1 } : p));
  const plans = [computePlan(desired, empty, options), computePlan(desired, live, { ...options, includeArchived: true })];

  test('equals the generic canonical JSON for every change of generated plans', () => {
    const changes = plans.flatMap((p) => p.changes);
    expect(new Set(changes.map((c) => c.action))).toEqual(new Set(['create', 'update', 'replace']));
    for (const change of changes) expect(canonicalChange(change)).toBe(canonicalJson(change));
    for (const plan of plans) expect(hashChanges(plan.changes)).toBe(hashValue(plan.changes));
  });

  test('the target fingerprint is the hash of the target state, which holds the live objects the plan touches', () => {
    const [, replan] = plans;
    expect(Object.values(replan!.targetState!).filter((h) => h !== null).length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan.targetFingerprint).toBe(hashValue(plan.targetState));
  });

  test('the fingerprint is the hash of the state whatever addresses an edited plan file holds', () => {
    const liveOnly = ['product/b', '10', '__proto__', 'product/a'].map((address) => ({ address, liveId: 'x' }));
    const target = targetStateOf(empty, { changes: [], liveOnly });
    expect(target.fingerprint).toBe(hashValue(target.state));
  });

  const change = plans[0]!.changes[0]!;
  test.each([
    ['an unknown member', { ...change, note: 'x' }],
    ['a member left undefined', { ...change, reason: undefined, fields: undefined }],
    ['a reason with quotes and unicode', { ...change, reason: 'a "b" → ü\n\ud800' }],
    ['a request with an extra member', { ...change, requests: [{ ...change.requests[0]!, extra: 1 }] }],
    ['a hole among the requests', { ...change, requests: [, change.requests[0]!] }],
    ['a number where a string belongs', { ...change, id: 7 }],
    ['params with unsorted nested keys', { ...change, requests: [{ method: 'POST', path: '/v1/x', params: { z: { b: 1, a: [{ d: 1, c: 2 }] }, a: null } }] }],
    ['a value with toJSON', { ...change, fields: [{ field: 'x', before: new Date(0), after: null }] }],
    ['a dependsOn member that is not a string', { ...change, dependsOn: ['b', 1, { z: 1, a: 2 }] }],
    ['parameters in key order holding a date and a nested object', { ...change, requests: [{ method: 'POST', path: '/v1/x', params: { a: new Date(0), b: { d: 1, c: 2 }, c: true } }] }],
    ['parameters out of order, all scalars', { ...change, requests: [{ method: 'POST', path: '/v1/x', params: { z: 'x', b: 1, a: false, m: null, '': 2 } }] }],
  ])('falls back to, or equals, the generic form for %s', (_name, value) => {
    expect(canonicalChange(value)).toBe(canonicalJson(value));
  });

  test('refuses a parameter JSON cannot hold, as the generic form does', () => {
    const value = { ...change, requests: [{ method: 'POST', path: '/v1/x', params: { a: Number.NaN } }] };
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalChange(value)).toThrow(TypeError);
  });
});
