import { LINK_METADATA_KEY, type Catalog } from '../../src/catalog/types.js';
import { computePlan, fingerprintTarget, hashChanges, type PlanOptions } from '../../src/plan/compute.js';
import { computeTargetState } from '../../src/plan/fingerprint.js';
import { refuseUntakenIds } from '../../src/plan/new-ids.js';
import { serializePlan } from '../../src/plan/planfile.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { catalog, coupon, monthly, options, price, product } from './builders.js';

const plan = (desired: Catalog, actual: Catalog, extra: Partial<PlanOptions> = {}) => computePlan(desired, actual, { ...options, ...extra });
const actions = (p: Plan) => p.changes.map((c) => `${c.action} ${c.address}`);
const change = (p: Plan, address: string): Change => {
  const found = p.changes.find((c) => c.address === address);
  if (!found) throw new Error(`no change ${address} in ${actions(p).join(', ')}`);
  return found;
};
const linked = (id: string) => ({ link: id });

const basic = product({ id: 'prod_basic', name: 'Basic' });
const once = price({ id: 'price_once', product: 'prod_basic' });
const recurring = price({ id: 'price_month', product: 'prod_basic', recurring: monthly() });

describe('identity', () => {
  test.each([
    ['product by id', catalog(basic), catalog(basic), []],
    ['coupon by id', catalog(coupon({ id: 'SAVE10' })), catalog(coupon({ id: 'SAVE10' })), []],
    ['recurring price by id', catalog(basic, recurring), catalog(basic, recurring), []],
    [
      'recurring price by link when Stripe refused its id',
      catalog(basic, recurring),
      catalog(basic, { ...recurring, id: 'price_L1', ...linked('price_month') }),
      [],
    ],
    ['recurring price by lookup_key', catalog(basic, { ...recurring, lookup_key: 'pro' }), catalog(basic, { ...recurring, id: 'price_L2', lookup_key: 'pro' }), []],
    ['one-time price by link', catalog(basic, once), catalog(basic, { ...once, id: 'price_L3', ...linked('price_once') }), []],
    ['one-time price by lookup_key', catalog(basic, { ...once, lookup_key: 'k' }), catalog(basic, { ...once, id: 'price_L4', lookup_key: 'k' }), []],
    ['one-time price is never matched by id', catalog(basic, once), catalog(basic, once), ['create price/price_once']],
    [
      'nothing is matched by name or amount',
      catalog(basic, once),
      catalog(basic, { ...once, id: 'price_same_amount' }),
      ['create price/price_once'],
    ],
    [
      'a lookup_key only on one side does not match',
      catalog(basic, { ...once, lookup_key: 'k' }),
      catalog(basic, { ...once, id: 'price_L5' }),
      ['create price/price_once'],
    ],
  ])('%s', (_name, desired, actual, expected) => {
    expect(actions(plan(desired, actual))).toEqual(expected);
  });

  test('an id match beats a lookup_key match of another desired price', () => {
    const a = { ...recurring, id: 'price_a', lookup_key: 'shared' };
    const b = { ...recurring, id: 'price_b', lookup_key: null };
    // Live price_a holds the key; desired price_a keeps it by id, so nothing moves.
    const p = plan(catalog(basic, a, b), catalog(basic, a, b));
    expect(p.changes).toEqual([]);
    expect(p.summary.unchanged).toBe(3);
  });

  test('of several live prices linked to one source price, the active one that needs no replace is its twin', () => {
    const old = { ...once, id: 'price_old', unit_amount: 500, active: false, ...linked('price_once') };
    const current = { ...once, id: 'price_new', ...linked('price_once') };
    const p = plan(catalog(basic, once), catalog(basic, old, current));
    expect(p.changes).toEqual([]);
    expect(p.liveOnly).toEqual([]);
  });

  test('a recurring price with custom_unit_amount is assigned an id, with a warning', () => {
    const payWhatYouWant = { ...recurring, unit_amount: null, custom_unit_amount: { minimum: 100, maximum: null, preset: 500 } };
    const p = plan(catalog(basic, payWhatYouWant), catalog(basic));
    const c = change(p, 'price/price_month');
    expect(c.strategy).toBe('assigned');
    expect(c.liveId).toBeNull();
    expect(c.requests[0]!.path).toBe('/v1/prices');
    expect(c.requests[0]!.params.custom_unit_amount).toEqual({ enabled: true, minimum: 100, preset: 500 });
    expect(p.warnings.join('\n')).toMatch(/price_month has custom_unit_amount.*new id in live/);
  });

  test('an archived plan under the id loses to an active price linked to it (a plan apply moved to the Prices API)', () => {
    const proMonthly = { ...recurring, lookup_key: 'pro' };
    const archivedPlan = { ...recurring, active: false };
    const moved = { ...proMonthly, id: 'price_L9', ...linked('price_month') };
    const p = plan(catalog(basic, proMonthly), catalog(basic, archivedPlan, moved));
    expect(actions(p)).toEqual([]);
    expect(p.liveOnly).toEqual([]);
    // Without the linked price, the archived plan is still the twin (reactivated in place).
    expect(actions(plan(catalog(basic, proMonthly), catalog(basic, archivedPlan)))).toEqual(['update price/price_month']);
  });

  describe('ids from before API 2018-05-21 (Stripe takes only letters, digits, _ and - in a new id)', () => {
    const legacyPlan = price({ id: 'Gold Plan', product: 'prod_basic', recurring: monthly() });

    test('a recurring price under such an id is created through the Prices API, linked, and a warning says why', () => {
      const p = plan(catalog(basic, legacyPlan), catalog(basic));
      const c = change(p, 'price/Gold Plan');
      expect(c).toMatchObject({ action: 'create', strategy: 'assigned', liveId: null });
      expect(c.requests[0]!.path).toBe('/v1/prices');
      expect(c.requests[0]!.params.id).toBeUndefined();
      expect(c.requests[0]!.params.metadata).toEqual({ [LINK_METADATA_KEY]: 'Gold Plan' });
      expect(p.warnings.join('\n')).toMatch(/^Gold Plan has an id Stripe no longer takes for a new plan.*new id in live/m);
    });

    test('a product under such an id is created under an id Stripe assigns, linked, and what names it waits for it', () => {
      const legacyGold = product({ id: 'Legacy Gold' });
      const p = plan(catalog(legacyGold, price({ id: 'gold-monthly', product: 'Legacy Gold', recurring: monthly() })), catalog());
      const c = change(p, 'product/Legacy Gold');
      expect(c).toMatchObject({ action: 'create', strategy: 'assigned', liveId: null });
      expect(c.requests).toEqual([{ method: 'POST', path: '/v1/products', params: { metadata: { [LINK_METADATA_KEY]: 'Legacy Gold' }, name: 'Legacy Gold' } }]);
      expect(change(p, 'price/gold-monthly').dependsOn).toEqual(['product/Legacy Gold']);
      expect(p.warnings.join('\n')).toMatch(/^Legacy Gold has an id Stripe no longer takes for a new product.*new id in live/m);
      expect(() => refuseUntakenIds(p.changes)).not.toThrow();
      // Found by its link once it is there.
      expect(actions(plan(catalog(legacyGold), catalog({ ...legacyGold, id: 'prod_L9', ...linked('Legacy Gold') })))).toEqual([]);
    });

    test('a live object that already has such an id is still its twin by id, and is left alone', () => {
      const legacyCoupon = coupon({ id: '50% off' });
      const p = plan(catalog(basic, legacyPlan, legacyCoupon), catalog(basic, legacyPlan, legacyCoupon));
      expect(actions(p)).toEqual([]);
      expect(p.warnings).toEqual([]);
    });

    test.each([
      ['a coupon to create', catalog(coupon({ id: '50% off' })), catalog(), 'coupon/50% off'],
      ['a coupon to delete and create again', catalog(coupon({ id: '50% off', percent_off: 20 })), catalog(coupon({ id: '50% off' })), 'coupon/50% off'],
      ['a kept-id plan to delete and create again', catalog(basic, { ...legacyPlan, unit_amount: 2000 }), catalog(basic, legacyPlan), 'price/Gold Plan'],
    ])('a plan with %s under such an id is refused, naming it', (_name, desired, actual, address) => {
      let error: { code?: string; message?: string; hint?: string } = {};
      try {
        refuseUntakenIds(plan(desired, actual).changes);
      } catch (e) {
        error = e as typeof error;
      }
      expect(error.code).toBe('plan_id_not_accepted');
      expect(error.message).toContain(`Stripe no longer takes the id of ${address}:`);
      expect(error.hint).toMatch(/under an id Stripe takes/);
    });
  });
});

describe('a product Stripe created linked (it refused the prod_ id, api-notes §2)', () => {
  const liveBasic = { ...basic, id: 'prod_L1', ...linked('prod_basic') };
  const pro = product({ id: 'prod_pro', name: 'Pro' });
  const livePro = { ...pro, id: 'prod_L2', ...linked('prod_pro') };

  test('is the twin, and what names it by its source id is compared in its live id', () => {
    const liveMonth = { ...recurring, product: 'prod_L1' };
    const deal = coupon({ id: 'DEAL', applies_to: { products: ['prod_basic', 'prod_pro'] } });
    const liveDeal = { ...deal, applies_to: { products: ['prod_L1', 'prod_L2'] } };
    const p = plan(catalog({ ...basic, default_price: 'price_month' }, pro, recurring, deal), catalog({ ...liveBasic, default_price: 'price_month' }, livePro, liveMonth, liveDeal));
    expect(actions(p)).toEqual([]);
    expect(p.liveOnly).toEqual([]);
  });

  test('its changes write to its live id', () => {
    const p = plan(catalog({ ...basic, name: 'Basic 2', default_price: 'price_month' }, recurring, once), catalog(liveBasic));
    expect(change(p, 'product/prod_basic').requests).toEqual([{ method: 'POST', path: '/v1/products/prod_L1', params: { name: 'Basic 2' } }]);
    expect(change(p, 'price/price_month').requests[0]!.params.product).toBe('prod_L1');
    expect(change(p, 'price/price_once').requests[0]!.params.product).toBe('prod_L1');
    expect(change(p, 'product/prod_basic#default_price')).toMatchObject({ liveId: 'prod_L1', requests: [{ path: '/v1/products/prod_L1' }] });
  });

  test('a coupon for it is created naming its live id', () => {
    const p = plan(catalog(basic, coupon({ id: 'DEAL', applies_to: { products: ['prod_basic'] } })), catalog(liveBasic));
    expect(change(p, 'coupon/DEAL').requests[0]!.params.applies_to).toEqual({ products: ['prod_L1'] });
    expect(change(p, 'coupon/DEAL').dependsOn).toEqual([]);
  });

  test('a live product under the id itself wins, and the linked one is only in live', () => {
    const p = plan(catalog(basic), catalog(basic, liveBasic));
    expect(actions(p)).toEqual([]);
    expect(p.liveOnly).toEqual([{ address: 'product/prod_L1', liveId: 'prod_L1' }]);
  });

  test('a default price the linked product points at is moved from its live id before that price is archived', () => {
    const liveOnce = { ...once, id: 'price_L5', ...linked('price_once'), product: 'prod_L1' };
    const next = price({ id: 'price_next', product: 'prod_basic' });
    const p = plan(
      catalog({ ...basic, default_price: 'price_next' }, { ...once, active: false }, next),
      catalog({ ...liveBasic, default_price: 'price_L5' }, liveOnce),
    );
    const archive = change(p, 'price/price_once');
    expect(archive.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/products/prod_L1', 'POST /v1/prices/price_L5']);
    expect(p.changes.map((c) => c.address)).not.toContain('product/prod_basic#default_price');
  });
});

describe('create', () => {
  const desired = catalog(
    product({ id: 'prod_basic', name: 'Basic', default_price: 'price_month', metadata: { tier: 'gold' } }),
    { ...recurring, lookup_key: 'basic_monthly', tax_behavior: 'exclusive', nickname: 'Monthly', currency_options: { eur: { unit_amount: 900, unit_amount_decimal: null, tax_behavior: null, custom_unit_amount: null, tiers: null } } },
    once,
    coupon({ id: 'SAVE10', applies_to: { products: ['prod_basic'] }, metadata: { campaign: 'launch' } }),
  );
  const p = plan(desired, catalog());

  test('a product is created with its id and non-default fields, without default_price', () => {
    expect(change(p, 'product/prod_basic').requests).toEqual([
      { method: 'POST', path: '/v1/products', params: { id: 'prod_basic', name: 'Basic', metadata: { tier: 'gold' } } },
    ]);
  });

  test('a recurring price keeps its id through the Plans API, then gets its price-only fields', () => {
    const c = change(p, 'price/price_month');
    expect(c).toMatchObject({ action: 'create', strategy: 'preserved', liveId: 'price_month', dependsOn: ['product/prod_basic'] });
    expect(c.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/plans',
        params: {
          id: 'price_month', product: 'prod_basic', currency: 'usd', interval: 'month', interval_count: 1, usage_type: 'licensed',
          amount: 1000, billing_scheme: 'per_unit', nickname: 'Monthly', active: true,
        },
      },
      {
        method: 'POST',
        path: '/v1/prices/price_month',
        params: { lookup_key: 'basic_monthly', tax_behavior: 'exclusive', currency_options: { eur: { unit_amount: 900 } } },
      },
    ]);
  });

  test('a one-time price is created through the Prices API, linked to its source id', () => {
    const c = change(p, 'price/price_once');
    expect(c).toMatchObject({ action: 'create', strategy: 'assigned', liveId: null, dependsOn: ['product/prod_basic'] });
    expect(c.requests).toHaveLength(1);
    expect(c.requests[0]).toMatchObject({ method: 'POST', path: '/v1/prices' });
    expect(c.requests[0]!.params).toMatchObject({ product: 'prod_basic', currency: 'usd', unit_amount: 1000, metadata: { [LINK_METADATA_KEY]: 'price_once' } });
    expect(p.warnings).toContain('price_once is one-time: Stripe assigns it a new id in live; the id map will record it');
  });

  test('a coupon is created with its id after the products it applies to', () => {
    const c = change(p, 'coupon/SAVE10');
    expect(c.dependsOn).toEqual(['product/prod_basic']);
    expect(c.requests[0]!.params).toEqual({
      id: 'SAVE10', percent_off: 10, duration: 'once', applies_to: { products: ['prod_basic'] }, metadata: { campaign: 'launch' },
    });
  });

  test('the default price is its own change, through a Ref, after the product and the price', () => {
    const c = change(p, 'product/prod_basic#default_price');
    expect(c).toMatchObject({ action: 'update', dependsOn: ['price/price_month', 'product/prod_basic'] });
    expect(c.requests).toEqual([{ method: 'POST', path: '/v1/products/prod_basic', params: { default_price: { $ref: 'price/price_month' } } }]);
    expect(c.fields).toEqual([{ field: 'default_price', before: null, after: { $ref: 'price/price_month' } }]);
  });

  test('products come first, then prices, then coupons, then links', () => {
    expect(actions(p)).toEqual([
      'create product/prod_basic',
      'create price/price_month',
      'create price/price_once',
      'create coupon/SAVE10',
      'update product/prod_basic#default_price',
    ]);
    expect(p.summary).toEqual({ create: 4, update: 1, replace: 0, archive: 0, unchanged: 0, liveOnly: 0 });
  });
});

describe('default_price through the id map', () => {
  const liveOnce = { ...once, id: 'price_L1', ...linked('price_once') };

  test('equal when the live product points at the twin of the desired default price', () => {
    const p = plan(catalog({ ...basic, default_price: 'price_once' }, once), catalog({ ...basic, default_price: 'price_L1' }, liveOnce));
    expect(p.changes).toEqual([]);
  });

  test('written with the live id of the twin when it differs', () => {
    const p = plan(catalog({ ...basic, default_price: 'price_once' }, once), catalog(basic, liveOnce));
    expect(change(p, 'product/prod_basic#default_price').requests[0]!.params).toEqual({ default_price: 'price_L1' });
    expect(change(p, 'product/prod_basic#default_price').dependsOn).toEqual([]);
  });

  test('unset with an empty string', () => {
    const p = plan(catalog(basic, once), catalog({ ...basic, default_price: 'price_L1' }, liveOnce));
    expect(change(p, 'product/prod_basic#default_price').requests[0]!.params).toEqual({ default_price: '' });
  });

  test('a default price outside the desired catalog is left alone, with a warning', () => {
    const p = plan(catalog({ ...basic, default_price: 'price_elsewhere' }), catalog(basic));
    expect(p.changes).toEqual([]);
    expect(p.warnings.join('\n')).toMatch(/prod_basic default_price price_elsewhere is not in the desired catalog/);
  });
});

describe('update', () => {
  test('only changed fields are sent; a removed metadata key and an unset field are sent as empty strings', () => {
    const live = product({ id: 'prod_basic', name: 'Basic', description: 'Old', metadata: { tier: 'gold', legacy: 'yes' }, images: ['https://x/a.png'] });
    const want = product({ id: 'prod_basic', name: 'Basic plan', description: null, metadata: { tier: 'gold' }, images: [] });
    const c = change(plan(catalog(want), catalog(live)), 'product/prod_basic');
    expect(c.action).toBe('update');
    expect(c.requests).toEqual([
      { method: 'POST', path: '/v1/products/prod_basic', params: { name: 'Basic plan', description: '', metadata: { legacy: '' }, images: '' } },
    ]);
    expect(c.fields).toEqual([
      { field: 'name', before: 'Basic', after: 'Basic plan' },
      { field: 'description', before: 'Old', after: null },
      { field: 'metadata.legacy', before: 'yes', after: null },
      { field: 'images', before: ['https://x/a.png'], after: [] },
    ]);
  });

  test('a kept-id recurring price updates plan fields through the Plans API and price-only fields through the Prices API', () => {
    const live = { ...recurring, nickname: 'Old' };
    const want = { ...recurring, nickname: 'New', recurring: monthly({ trial_period_days: 14 }), lookup_key: 'pro', tax_behavior: 'inclusive' as const };
    const c = change(plan(catalog(basic, want), catalog(basic, live)), 'price/price_month');
    expect(c.action).toBe('update');
    expect(c.requests).toEqual([
      { method: 'POST', path: '/v1/plans/price_month', params: { nickname: 'New', trial_period_days: 14 } },
      { method: 'POST', path: '/v1/prices/price_month', params: { lookup_key: 'pro', tax_behavior: 'inclusive' } },
    ]);
    expect(c.fields!.map((f) => f.field)).toEqual(['recurring.trial_period_days', 'lookup_key', 'tax_behavior', 'nickname']);
  });

  test('an assigned price updates through the Prices API at its live id', () => {
    const live = { ...once, id: 'price_L1', ...linked('price_once'), metadata: { a: '1' } };
    const c = change(plan(catalog(basic, { ...once, metadata: { a: '2' } }), catalog(basic, live)), 'price/price_once');
    expect(c).toMatchObject({ action: 'update', liveId: 'price_L1', strategy: 'assigned' });
    expect(c.requests).toEqual([{ method: 'POST', path: '/v1/prices/price_L1', params: { metadata: { a: '2' } } }]);
  });

  test('a lookup key held by a price only in live is taken over explicitly, with a warning', () => {
    const holder = { ...once, id: 'price_holder', lookup_key: 'pro' };
    const live = { ...once, id: 'price_L1', ...linked('price_once') };
    const p = plan(catalog(basic, { ...once, lookup_key: 'pro' }), catalog(basic, live, holder));
    // The lookup key match claims the holder first only when no link matched; here the link wins.
    expect(change(p, 'price/price_once').requests[0]!.params).toEqual({ lookup_key: 'pro', transfer_lookup_key: true });
    expect(p.warnings.join('\n')).toMatch(/lookup_key pro moves from live price price_holder to price_once/);
  });

  test('coupon currency options are sent per currency', () => {
    const live = coupon({ id: 'FIVE', percent_off: null, amount_off: 500, currency: 'usd', currency_options: { eur: { amount_off: 450 } } });
    const want = { ...live, name: 'Five off', currency_options: { eur: { amount_off: 400 }, gbp: { amount_off: 380 } } };
    const c = change(plan(catalog(want), catalog(live)), 'coupon/FIVE');
    expect(c.action).toBe('update');
    expect(c.requests[0]!.params).toEqual({ name: 'Five off', currency_options: { eur: { amount_off: 400 }, gbp: { amount_off: 380 } } });
  });

  test('price currency options are sent whole', () => {
    const opt = (unit_amount: number) => ({ unit_amount, unit_amount_decimal: null, tax_behavior: null, custom_unit_amount: null, tiers: null });
    const live = { ...once, id: 'price_L1', ...linked('price_once'), currency_options: { eur: opt(900), gbp: opt(800) } };
    const want = { ...once, currency_options: { eur: opt(950), gbp: opt(800) } };
    const c = change(plan(catalog(basic, want), catalog(basic, live)), 'price/price_once');
    expect(c.requests[0]!.params).toEqual({ currency_options: { eur: { unit_amount: 950 }, gbp: { unit_amount: 800 } } });
    expect(c.fields).toEqual([{ field: 'currency_options.eur', before: { unit_amount: 900, unit_amount_decimal: null, tax_behavior: null, custom_unit_amount: null, tiers: null }, after: expect.objectContaining({ unit_amount: 950 }) }]);
  });
});

describe('replace', () => {
  const liveInclusive = { ...once, id: 'price_L1', ...linked('price_once'), tax_behavior: 'inclusive' as const };
  test.each([
    ['amount', { unit_amount: 1200 }, ['unit_amount']],
    ['currency', { currency: 'eur' }, ['currency']],
    ['tax behaviour once set', { tax_behavior: 'exclusive' as const }, ['tax_behavior']],
    ['product', { product: 'prod_other' }, ['product']],
  ])('a change of %s forces a new price that replaces and archives the old', (_name, fields, forced) => {
    const want = { ...once, tax_behavior: 'inclusive' as const, ...fields };
    const c = change(plan(catalog(basic, product({ id: 'prod_other' }), want), catalog(basic, product({ id: 'prod_other' }), liveInclusive)), 'price/price_once');
    expect(c).toMatchObject({ action: 'replace', strategy: 'assigned', liveId: 'price_L1', forcedBy: forced });
    expect(c.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/prices', 'POST /v1/prices/price_L1']);
    expect(c.requests[0]!.params.metadata).toEqual({ [LINK_METADATA_KEY]: 'price_once' });
    expect(c.requests[1]!.params).toEqual({ active: false });
  });

  test('setting tax behaviour from unspecified is an update, not a replace', () => {
    const live = { ...once, id: 'price_L1', ...linked('price_once') };
    const c = change(plan(catalog(basic, { ...once, tax_behavior: 'exclusive' }), catalog(basic, live)), 'price/price_once');
    expect(c.action).toBe('update');
  });

  test('a replaced price takes over its lookup key and moves the default price off the old one before archiving it', () => {
    const live = { ...once, id: 'price_L1', ...linked('price_once'), lookup_key: 'basic' };
    const want = { ...once, unit_amount: 1500, lookup_key: 'basic' };
    const p = plan(catalog({ ...basic, default_price: 'price_once' }, want), catalog({ ...basic, default_price: 'price_L1' }, live));
    const c = change(p, 'price/price_once');
    expect(c.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/prices', 'POST /v1/products/prod_basic', 'POST /v1/prices/price_L1']);
    expect(c.requests[0]!.params.transfer_lookup_key).toBe(true);
    expect(c.requests[1]!.params).toEqual({ default_price: { $ref: 'price/price_once' } });
    expect(c.reason).toMatch(/unit_amount cannot change on an existing Stripe price/);
    // The move is part of the replace; no separate link change.
    expect(actions(p)).toEqual(['replace price/price_once']);
  });

  test('a kept-id recurring price is deleted and created again through the Plans API, and the reason says so', () => {
    const c = change(plan(catalog(basic, { ...recurring, unit_amount: 2000 }), catalog(basic, recurring)), 'price/price_month');
    expect(c).toMatchObject({ action: 'replace', strategy: 'preserved', liveId: 'price_month', forcedBy: ['unit_amount'] });
    expect(c.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v1/plans/price_month', 'POST /v1/plans']);
    expect(c.reason).toMatch(/deleted and created again through the Plans API/);
  });

  test.each([
    ['percent_off changes', { percent_off: 20 }],
    ['duration changes', { duration: 'forever' as const }],
    ['currency option is removed', { currency_options: {} }],
  ])('a coupon whose %s is deleted and created with the same id', (_name, fields) => {
    const live = coupon({ id: 'C1', currency_options: { eur: { amount_off: 1 } } });
    const c = change(plan(catalog({ ...live, ...fields }), catalog(live)), 'coupon/C1');
    expect(c).toMatchObject({ action: 'replace', strategy: 'preserved', liveId: 'C1' });
    expect(c.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v1/coupons/C1', 'POST /v1/coupons']);
    expect(c.requests[1]!.params.id).toBe('C1');
  });
});

describe('archived objects', () => {
  const archivedProduct = { ...basic, active: false };
  const archivedPrice = { ...once, active: false };

  test('archived source objects with no live twin are skipped and counted in a warning', () => {
    const p = plan(catalog(archivedProduct, archivedPrice), catalog());
    expect(p.changes).toEqual([]);
    expect(p.warnings).toEqual(['2 archived object(s) in the source have no live twin and are not copied (--include-archived copies them)']);
  });

  test('with includeArchived they are created archived', () => {
    const p = plan(catalog(archivedProduct, archivedPrice), catalog(), { includeArchived: true });
    expect(actions(p)).toEqual(['create product/prod_basic', 'create price/price_once']);
    expect(change(p, 'product/prod_basic').requests[0]!.params.active).toBe(false);
    expect(change(p, 'price/price_once').requests[0]!.params.active).toBe(false);
  });

  test('an archived product that an active price needs is still created', () => {
    expect(actions(plan(catalog(archivedProduct, once), catalog()))).toEqual(['create product/prod_basic', 'create price/price_once']);
  });

  test('archiving a live default price first moves its product to the desired default price', () => {
    const live = { ...once, id: 'price_L1', ...linked('price_once') };
    const p = plan(
      catalog({ ...basic, default_price: 'price_month' }, archivedPrice, recurring),
      catalog({ ...basic, default_price: 'price_L1' }, live),
    );
    expect(change(p, 'price/price_once').requests).toEqual([
      { method: 'POST', path: '/v1/products/prod_basic', params: { default_price: { $ref: 'price/price_month' } } },
      { method: 'POST', path: '/v1/prices/price_L1', params: { active: false } },
    ]);
    expect(change(p, 'price/price_once').dependsOn).toEqual(['price/price_month']);
    expect(actions(p)).toEqual(['create price/price_month', 'update price/price_once']);
  });

  test('a move waits for its target price even when that price comes later in address order', () => {
    const old = price({ id: 'price_a_old', product: 'prod_basic', active: false });
    const replacement = price({ id: 'price_z_new', product: 'prod_basic' });
    const p = plan(
      catalog({ ...basic, default_price: 'price_z_new' }, old, replacement),
      catalog({ ...basic, default_price: 'price_L1' }, { ...old, id: 'price_L1', active: true, ...linked('price_a_old') }),
    );
    expect(actions(p)).toEqual(['create price/price_z_new', 'update price/price_a_old']);
    expect(change(p, 'price/price_a_old').dependsOn).toEqual(['price/price_z_new']);
  });

  test('archived in the source but active in live is an update of active', () => {
    const live = { ...once, id: 'price_L1', ...linked('price_once') };
    const c = change(plan(catalog(archivedProduct, archivedPrice), catalog(basic, live)), 'price/price_once');
    expect(c.requests).toEqual([{ method: 'POST', path: '/v1/prices/price_L1', params: { active: false } }]);
    expect(change(plan(catalog(archivedProduct), catalog(basic)), 'product/prod_basic').requests[0]!.params).toEqual({ active: false });
  });
});

describe('only in live, and prune', () => {
  const stray = product({ id: 'prod_stray' });
  const strayPrice = price({ id: 'price_stray', product: 'prod_stray' });
  const strayCoupon = coupon({ id: 'OLD' });
  const archived = product({ id: 'prod_gone', active: false });
  const actual = catalog(basic, { ...stray, default_price: 'price_stray' }, strayPrice, strayCoupon, archived);

  test('active live-only objects are listed and left alone without prune', () => {
    const p = plan(catalog(basic), actual);
    expect(p.changes).toEqual([]);
    expect(p.liveOnly).toEqual([
      { address: 'coupon/OLD', liveId: 'OLD' },
      { address: 'price/price_stray', liveId: 'price_stray' },
      { address: 'product/prod_stray', liveId: 'prod_stray' },
    ]);
    expect(p.summary.liveOnly).toBe(3);
  });

  test('with prune they are archived (coupons deleted), a default price only after its product lets go of it', () => {
    const p = plan(catalog(basic), actual, { prune: true });
    expect(actions(p)).toEqual(['archive coupon/OLD', 'archive price/price_stray', 'archive product/prod_stray']);
    expect(change(p, 'coupon/OLD').requests).toEqual([{ method: 'DELETE', path: '/v1/coupons/OLD', params: {} }]);
    expect(change(p, 'price/price_stray').requests).toEqual([
      { method: 'POST', path: '/v1/products/prod_stray', params: { default_price: '' } },
      { method: 'POST', path: '/v1/prices/price_stray', params: { active: false } },
    ]);
    expect(change(p, 'product/prod_stray').requests).toEqual([{ method: 'POST', path: '/v1/products/prod_stray', params: { active: false } }]);
    expect(p.liveOnly).toHaveLength(3);
  });

  test('a live-only price with the id of a sandbox price that gets a new id in live is archived at a sub-address', () => {
    // A one-time price cannot keep its id, so its live twin is found by link; a live price without a link that
    // happens to have the same id is another object, archived under `price/<id>#live-only`.
    const oneTime = price({ id: 'price_same', product: 'prod_basic', recurring: null });
    const unlinked = price({ id: 'price_same', product: 'prod_basic', recurring: monthly() });
    const pruned = plan(catalog(basic, oneTime), catalog(basic, unlinked), { prune: true });
    expect(actions(pruned)).toEqual(['create price/price_same', 'archive price/price_same#live-only']);
    expect(change(pruned, 'price/price_same#live-only')).toMatchObject({
      id: 'price_same',
      liveId: 'price_same',
      requests: [{ method: 'POST', path: '/v1/prices/price_same', params: { active: false } }],
      reason: 'only in live (not the twin of the desired price/price_same, which Stripe gives a new id in live); archived because of --prune',
    });
    expect(pruned.liveOnly).toEqual([{ address: 'price/price_same', liveId: 'price_same' }]);
    // The archive's live object is in the target state under the archive's own address; `price/price_same` is
    // the desired price, not created yet, so the state leaves it out (absent).
    expect(pruned.targetState?.get('price/price_same#live-only')).toMatch(/^sha256:/);
    expect(pruned.targetState?.has('price/price_same')).toBe(false);

    const kept = plan(catalog(basic, oneTime), catalog(basic, unlinked));
    expect(actions(kept)).toEqual(['create price/price_same']);
    expect(kept.liveOnly).toEqual([{ address: 'price/price_same', liveId: 'price_same' }]);
  });
});

describe('default prices that two replaces swap', () => {
  test('one move unsets the default price and a link change sets it once both new prices exist', () => {
    const a = price({ id: 'price_a', product: 'prod_a' });
    const b = price({ id: 'price_b', product: 'prod_b' });
    const liveA = { ...a, id: 'price_La', ...linked('price_a') };
    const liveB = { ...b, id: 'price_Lb', ...linked('price_b') };
    const p = plan(
      catalog(product({ id: 'prod_a', default_price: 'price_b' }), product({ id: 'prod_b', default_price: 'price_a' }), { ...a, unit_amount: 1 }, { ...b, unit_amount: 2 }),
      catalog(product({ id: 'prod_a', default_price: 'price_La' }), product({ id: 'prod_b', default_price: 'price_Lb' }), liveA, liveB),
    );
    const seen = new Set<string>();
    for (const c of p.changes) {
      for (const dep of c.dependsOn) expect(seen.has(dep)).toBe(true);
      seen.add(c.address);
    }
    // Whatever the order, every product ends on its desired default price.
    const finalDefault = new Map<string, unknown>();
    for (const c of p.changes) for (const r of c.requests) if ('default_price' in r.params) finalDefault.set(r.path, r.params.default_price);
    expect(Object.fromEntries(finalDefault)).toEqual({
      '/v1/products/prod_a': { $ref: 'price/price_b' },
      '/v1/products/prod_b': { $ref: 'price/price_a' },
    });
  });
});

describe('determinism', () => {
  const desired = catalog(
    product({ id: 'prod_b', default_price: 'price_b1' }),
    product({ id: 'prod_a', default_price: 'price_a1', metadata: { z: '1', a: '2' } }),
    price({ id: 'price_b1', product: 'prod_b' }),
    price({ id: 'price_a1', product: 'prod_a', recurring: monthly() }),
    coupon({ id: 'C', applies_to: { products: ['prod_b', 'prod_a'] } }),
  );

  test('the same inputs give the same plan file, byte for byte', () => {
    expect(serializePlan(plan(desired, catalog()))).toBe(serializePlan(plan(desired, catalog())));
  });

  test('the order in which fields were built does not change the plan file', () => {
    const reversed = (c: Catalog): Catalog => {
      const flip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
      return {
        products: c.products.map((p) => flip({ ...p, metadata: flip(p.metadata) })),
        prices: c.prices.map(flip),
        coupons: c.coupons.map(flip),
      };
    };
    expect(serializePlan(plan(reversed(desired), catalog()))).toBe(serializePlan(plan(desired, catalog())));
  });

  test('every change comes after the changes it depends on', () => {
    const p = plan(desired, catalog());
    const seen = new Set<string>();
    for (const c of p.changes) {
      for (const dep of c.dependsOn) expect(seen.has(dep)).toBe(true);
      seen.add(c.address);
    }
    expect(actions(p)).toEqual([
      'create product/prod_a', 'create product/prod_b', 'create price/price_a1', 'create price/price_b1', 'create coupon/C',
      'update product/prod_a#default_price', 'update product/prod_b#default_price',
    ]);
  });
});

describe('hashes', () => {
  const desired = catalog({ ...basic, name: 'New' }, once);
  // An archived live-only product is neither in the changes nor in liveOnly: the plan does not touch it.
  const actual = catalog(basic, product({ id: 'prod_other', active: false }));

  test('the content hash is the hash of the changes', () => {
    const p = plan(desired, actual);
    expect(p.contentHash).toBe(hashChanges(p.changes));
    expect(p.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('the target fingerprint changes when a touched live object changes, not when an untouched one does', () => {
    const p = plan(desired, actual);
    expect(fingerprintTarget(actual, p)).toBe(p.targetFingerprint);
    expect(fingerprintTarget(catalog({ ...basic, description: 'edited' }, product({ id: 'prod_other', active: false })), p)).not.toBe(p.targetFingerprint);
    expect(fingerprintTarget(catalog(basic, product({ id: 'prod_other', active: false, name: 'edited' })), p)).toBe(p.targetFingerprint);
  });

  test('an object the plan creates is left out of the state as absent, so one created meanwhile makes the plan stale', () => {
    const p = plan(catalog(basic, product({ id: 'prod_new' })), catalog(basic));
    expect(p.targetState!.size).toBe(0);
    expect(fingerprintTarget(catalog(basic, product({ id: 'prod_new' })), p)).not.toBe(p.targetFingerprint);
    expect(computeTargetState(catalog(basic, product({ id: 'prod_new' })), p).get('product/prod_new')).toMatch(/^sha256:/);
  });
});
