import { computePlan } from '../../src/plan/compute.js';
import type { Catalog, PromotionCode } from '../../src/catalog/types.js';
import { catalog, coupon, options, promotionCode } from './builders.js';

const withCodes = (base: Catalog, ...promotionCodes: PromotionCode[]): Catalog => ({ ...base, promotionCodes });

describe('promotion codes', () => {
  test('a new code on a new coupon waits for the coupon and names it by its kept id', () => {
    const desired = withCodes(catalog(coupon({ id: 'LAUNCH20' })), promotionCode({ id: 'promo_sbx', code: 'LAUNCH', coupon: 'LAUNCH20', max_redemptions: 5 }));
    const plan = computePlan(desired, catalog(), options);
    expect(plan.changes.map((c) => c.address)).toEqual(['coupon/LAUNCH20', 'promotion_code/promo_sbx']);
    expect(plan.changes[1]).toMatchObject({
      action: 'create',
      strategy: 'assigned',
      dependsOn: ['coupon/LAUNCH20'],
      requests: [{ method: 'POST', path: '/v1/promotion_codes', params: { promotion: { type: 'coupon', coupon: 'LAUNCH20' }, code: 'LAUNCH', max_redemptions: 5, restrictions: { first_time_transaction: false } } }],
    });
  });

  test('metadata updates in place on the live twin found by code', () => {
    const desired = withCodes(catalog(coupon({ id: 'C' })), promotionCode({ id: 'promo_sbx', code: 'LAUNCH', coupon: 'C', metadata: { a: '1' } }));
    const live = withCodes(catalog(coupon({ id: 'C' })), promotionCode({ id: 'promo_live', code: 'LAUNCH', coupon: 'C' }));
    const plan = computePlan(desired, live, options);
    expect(plan.changes.map((c) => [c.action, c.requests])).toEqual([
      ['update', [{ method: 'POST', path: '/v1/promotion_codes/promo_live', params: { metadata: { a: '1' } } }]],
    ]);
  });

  test('codes match ignoring case, as Stripe compares them; a case change itself can only be a replace', () => {
    const desired = withCodes(catalog(coupon({ id: 'C' })), promotionCode({ id: 'promo_sbx', code: 'Launch', coupon: 'C' }));
    const live = withCodes(catalog(coupon({ id: 'C' })), promotionCode({ id: 'promo_live', code: 'LAUNCH', coupon: 'C' }));
    const plan = computePlan(desired, live, options);
    expect(plan.liveOnly).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.liveId, c.forcedBy])).toEqual([['replace', 'promo_live', ['code']]]);
  });

  test('a new limit deactivates the live code before creating the new one (a code is unique among active codes)', () => {
    const desired = withCodes(catalog(coupon({ id: 'C' })), promotionCode({ id: 'promo_sbx', code: 'LAUNCH', coupon: 'C', max_redemptions: 10 }));
    const live = withCodes(catalog(coupon({ id: 'C' })), promotionCode({ id: 'promo_live', code: 'LAUNCH', coupon: 'C' }));
    const change = computePlan(desired, live, options).changes[0]!;
    expect(change.action).toBe('replace');
    expect(change.forcedBy).toEqual(['max_redemptions']);
    expect(change.requests.map((r) => [r.method, r.path, r.params.active])).toEqual([
      ['POST', '/v1/promotion_codes/promo_live', false],
      ['POST', '/v1/promotion_codes', undefined],
    ]);
  });
});
