import { createHash } from 'node:crypto';
import { canonicalChange } from '../../src/plan/canonical-change.js';
import { computePlan } from '../../src/plan/compute.js';
import { hashChanges, targetStateOf } from '../../src/plan/fingerprint.js';
import { canonicalJson, hashValue } from '../../src/plan/hash.js';
import { generateCatalog } from '../support/generate-catalog.js';
import { plansApiCanCarry } from '../../src/catalog/rules.js';
import type { Catalog, Meter } from '../../src/catalog/types.js';
import { catalog, coupon, meter, monthly, options, price, product, promotionCode } from './builders.js';
import { parsePlan, serializePlan } from '../../src/plan/planfile.js';

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
    expect([...replan!.targetState!.values()].filter((h) => h !== null).length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan.targetFingerprint).toBe(hashValue(Object.fromEntries(plan.targetState!)));
    // Only objects that exist are recorded: the first migration's creates leave it empty.
    for (const plan of plans) expect([...plan.targetState!.values()]).not.toContain(null);
    expect(plans[0]!.targetState!.size).toBe(0);
  });

  test('the fingerprint is the hash of the state whatever addresses an edited plan file holds', () => {
    const liveOnly = ['product/b', '10', '__proto__', 'product/a'].map((address) => ({ address, liveId: 'x' }));
    const target = targetStateOf(empty, { changes: [], liveOnly });
    expect(target.fingerprint).toBe(hashValue(Object.fromEntries(target.state)));
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

describe('the content hash of a computed plan', () => {
  const empty = { products: [], prices: [], coupons: [] };
  /** Live after a faithful migration of `desired`, then drifted: renames, new metadata keys, replaced prices. */
  function drifted(seed: number): { desired: Catalog; live: Catalog } {
    const desired = generateCatalog({ seed, products: 300 });
    const live = generateCatalog({ seed, products: 300 });
    // Prices the Plans API cannot carry got ids of Stripe's in live, and carry their source id as a link.
    const liveIds = new Map(live.prices.filter((p) => !plansApiCanCarry(p)).map((p, i) => [p.id, `price_1Live${String(i).padStart(6, '0')}`]));
    live.prices = live.prices.map((p) => (liveIds.has(p.id) ? { ...p, id: liveIds.get(p.id)!, link: p.id } : p)).sort((a, b) => (a.id < b.id ? -1 : 1));
    live.products = live.products.map((p) => (p.default_price !== null && liveIds.has(p.default_price) ? { ...p, default_price: liveIds.get(p.default_price)! } : p));
    live.products = live.products.map((p, i) => (i % 4 === 0 ? { ...p, name: `${p.name} before`, metadata: { z: 'last', a: 'first' } } : p));
    live.prices = live.prices.map((p, i) =>
      i % 6 === 0 ? { ...p, unit_amount: (p.unit_amount ?? 0) + 1 } : i % 7 === 0 ? { ...p, nickname: 'old', lookup_key: null, active: !p.active } : p,
    );
    live.coupons = live.coupons.map((c, i) => (i % 3 === 0 ? { ...c, name: 'Old', metadata: { b: '2', a: '1' } } : c));
    live.products.push(product({ id: 'prod_zz_live_only', metadata: { y: '1', x: '2' } }));
    return { desired, live };
  }
  const meters = (c: Catalog, ...list: Meter[]): Catalog => ({ ...c, meters: list });

  test.each([1, 2, 3])('equals the hash of the changes in canonical JSON (seed %i: first migration, re-plan, prune, archived)', (seed) => {
    const { desired, live } = drifted(seed);
    const plans = [
      computePlan(desired, empty, options),
      computePlan(desired, empty, { ...options, includeArchived: true }),
      computePlan(desired, live, options),
      computePlan(desired, live, { ...options, prune: true }),
    ];
    expect(new Set(plans.flatMap((p) => p.changes.map((c) => c.action)))).toEqual(new Set(['create', 'update', 'replace', 'archive']));
    for (const plan of plans) {
      expect(plan.contentHash).toBe(hashValue(plan.changes));
      expect(plan.contentHash).toBe(hashChanges(plan.changes));
    }
  });

  test('every change it hashes is its own canonical JSON (what the fast hash relies on), for every kind of change', () => {
    const { desired, live } = drifted(4);
    const feature = (id: string, lookup_key: string, active = true) => ({ id, lookup_key, name: lookup_key, active, metadata: { z: '1', a: '2' } });
    const withFeatures = (c: Catalog, products: Catalog['products'], features: ReturnType<typeof feature>[]): Catalog => ({ ...c, products: [...c.products, ...products], features });
    const plans = [
      computePlan(desired, empty, options),
      computePlan(desired, live, { ...options, prune: true, includeArchived: true }),
      computePlan(
        withFeatures(desired, [product({ id: 'prod_f', features: ['feat_new', 'feat_old'] })], [feature('feat_new', 'sso'), feature('feat_old', 'audit', false)]),
        withFeatures(live, [product({ id: 'prod_f', features: ['feat_gone'], featureAttachments: { feat_gone: 'prodft_1' } })], [feature('feat_gone', 'gone')]),
        { ...options, prune: true, includeArchived: true },
      ),
    ];
    const changes = plans.flatMap((p) => p.changes);
    expect(new Set(changes.map((c) => c.action))).toEqual(new Set(['create', 'update', 'replace', 'archive']));
    expect(changes.some((c) => c.address.endsWith('#features')) && changes.some((c) => c.address.endsWith('#archive'))).toBe(true);
    expect(changes.some((c) => c.requests.some((r) => 'transfer_lookup_key' in r.params))).toBe(true);
    for (const change of changes) expect(JSON.stringify(change)).toBe(canonicalJson(change));
  });

  // `zone` sorts after `catalog_migrate_source_id`, the key a create adds for types Stripe gives new ids; integer-like
  // keys are enumerated before the others by JavaScript whatever order they were written in.
  test.each([
    [{ zone: 'eu', a: '1' }],
    [{ '10': 'x', '9': 'y', catalog_migrate_source_idz: 'q', '': 'empty key' }],
    [{ 'É': 'ü → 🚀', _: 'a "quoted"\nline', Z: 'upper' }],
  ])('holds for every catalog type whose metadata is %j, and the plan file reads back unedited', (metadata) => {
    const desired: Catalog = {
      ...catalog(
        product({ id: 'prod_m', metadata }),
        price({ id: 'price_once', product: 'prod_m', metadata }),
        price({ id: 'price_monthly', product: 'prod_m', recurring: monthly(), metadata }),
        coupon({ id: 'COUPON', percent_off: 10, metadata }),
      ),
      promotionCodes: [promotionCode({ id: 'promo_sbx', code: 'SPRING', coupon: 'COUPON', metadata })],
      taxRates: [{ id: 'txr_sbx', display_name: 'VAT', description: null, percentage: 19, inclusive: true, active: true, country: 'DE', state: null, jurisdiction: null, tax_type: 'vat', metadata, link: null }],
      shippingRates: [{
        id: 'shr_sbx', display_name: 'Standard', active: true, type: 'fixed_amount', fixed_amount: { amount: 500, currency: 'usd', currency_options: {} },
        delivery_estimate: null, tax_behavior: 'unspecified', tax_code: null, metadata, link: null,
      }],
      features: [{ id: 'feat_sbx', lookup_key: 'sso', name: 'SSO', active: true, metadata }],
    };
    // Live after a migration, then edited: other metadata everywhere, a renamed rate and feature, a tax rate whose
    // percentage changed (a replace), and a tax rate only in live (archived with --prune).
    const old = { ...metadata, zone: 'us', b: 'old', '7': 'seven' };
    const live: Catalog = {
      ...catalog(
        product({ id: 'prod_m', metadata: old }),
        price({ id: 'price_1Live', product: 'prod_m', metadata: old, link: 'price_once' }),
        price({ id: 'price_monthly', product: 'prod_m', recurring: monthly(), metadata: old }),
        coupon({ id: 'COUPON', percent_off: 10, metadata: old }),
      ),
      promotionCodes: [promotionCode({ id: 'promo_live', code: 'SPRING', coupon: 'COUPON', metadata: old })],
      taxRates: [
        { ...desired.taxRates![0]!, id: 'txr_live', percentage: 20, metadata: old, link: 'txr_sbx' },
        { ...desired.taxRates![0]!, id: 'txr_zz_extra', metadata: old, link: null },
      ],
      shippingRates: [{ ...desired.shippingRates![0]!, id: 'shr_live', display_name: 'Old', metadata: old, link: 'shr_sbx' }],
      features: [{ id: 'feat_live', lookup_key: 'sso', name: 'Old', active: true, metadata: old }],
    };
    const plans = [computePlan(desired, empty, options), computePlan(desired, live, { ...options, prune: true })];
    expect(new Set(plans[0]!.changes.map((c) => c.type))).toEqual(new Set(['product', 'price', 'coupon', 'promotion_code', 'tax_rate', 'shipping_rate', 'feature']));
    expect(new Set(plans[1]!.changes.map((c) => c.action))).toEqual(new Set(['update', 'replace', 'archive']));
    for (const plan of plans) {
      for (const change of plan.changes) expect(JSON.stringify(change)).toBe(canonicalJson(change));
      expect(plan.contentHash).toBe(hashValue(plan.changes));
      expect(parsePlan(serializePlan(plan), 'plan.yaml').contentHash).toBe(plan.contentHash);
    }
  });

  test('equals the hash of the changes in canonical JSON for meters and metered prices', () => {
    const metered = price({ id: 'price_api', product: 'prod_api', recurring: monthly({ usage_type: 'metered', meter: 'mtr_sbx' }), metadata: { z: '1', a: '2' } });
    const desired = meters(catalog(product({ id: 'prod_api' }), metered), meter({ id: 'mtr_sbx', event_name: 'api_call', display_name: 'Calls' }));
    const live = meters(catalog(), meter({ id: 'mtr_live', event_name: 'api_call' }), meter({ id: 'mtr_old', event_name: 'old' }));
    for (const plan of [computePlan(desired, empty, options), computePlan(desired, live, { ...options, prune: true })]) {
      expect(plan.contentHash).toBe(hashValue(plan.changes));
    }
  });
});
