import Stripe from 'stripe';
import { canonicalJson, sortCatalog } from '../../src/catalog/canonical.js';
import { emptyCatalog, type Catalog } from '../../src/catalog/types.js';

test('canonicalJson sorts keys at every depth, keeps array order', () => {
  const a = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } });
  expect(a).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
});

test('equal values with different key order give equal text', () => {
  expect(canonicalJson({ x: 1, y: { p: 'a', q: 'b' } })).toBe(canonicalJson({ y: { q: 'b', p: 'a' }, x: 1 }));
});

test('undefined members are left out; a Stripe.Decimal is its string', () => {
  expect(canonicalJson({ a: undefined, d: Stripe.Decimal.from('1.50') })).toBe('{"d":"1.5"}');
});

test('non-finite numbers are refused', () => {
  expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
});

test('sortCatalog sorts every list by id without touching the input', () => {
  const catalog: Catalog = { ...emptyCatalog(), coupons: [{ id: 'b' }, { id: 'B' }, { id: 'a' }] as Catalog['coupons'] };
  const sorted = sortCatalog(catalog);
  expect(sorted.coupons.map((c) => c.id)).toEqual(['B', 'a', 'b']);
  expect(catalog.coupons.map((c) => c.id)).toEqual(['b', 'B', 'a']);
});
