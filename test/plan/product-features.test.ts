import { computePlan } from '../../src/plan/compute.js';
import type { Catalog, Feature, Product } from '../../src/catalog/types.js';
import { catalog, options, product } from './builders.js';

const feature = (id: string, lookup_key: string): Feature => ({ id, lookup_key, name: lookup_key, active: true, metadata: {} });
const with_ = (products: Product[], features: Feature[]): Catalog => ({ ...catalog(...products), features });

describe('features attached to products', () => {
  test('attaching a feature the plan creates waits for it and names it by reference', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx'] })], [feature('feat_sbx', 'sso')]);
    const plan = computePlan(desired, catalog(), options);
    const change = plan.changes.find((c) => c.address === 'product/prod_a#features')!;
    expect([change.action, change.dependsOn, change.requests]).toEqual([
      'update',
      ['feature/feat_sbx', 'product/prod_a'],
      [{ method: 'POST', path: '/v1/products/prod_a/features', params: { entitlement_feature: { $ref: 'feature/feat_sbx' } } }],
    ]);
    expect(plan.changes.map((c) => c.address).indexOf('product/prod_a#features')).toBeGreaterThan(plan.changes.map((c) => c.address).indexOf('feature/feat_sbx'));
  });

  test('attachments are compared through the id map: the live feature id of the same key is no change', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx'] })], [feature('feat_sbx', 'sso')]);
    const live = with_([product({ id: 'prod_a', features: ['feat_live'], featureAttachments: { feat_live: 'prodft_1' } })], [feature('feat_live', 'sso')]);
    expect(computePlan(desired, live, options).changes).toEqual([]);
  });

  test('a feature attached only in live is detached by its attachment id, and a missing one attached by its live id', () => {
    const features = [feature('feat_x', 'x'), feature('feat_y', 'y')];
    const desired = with_([product({ id: 'prod_a', features: ['feat_y'] })], features);
    const live = with_([product({ id: 'prod_a', features: ['feat_x'], featureAttachments: { feat_x: 'prodft_1' } })], features);
    const change = computePlan(desired, live, options).changes[0]!;
    expect([change.address, change.dependsOn, change.requests]).toEqual([
      'product/prod_a#features',
      [],
      [
        { method: 'DELETE', path: '/v1/products/prod_a/features/prodft_1', params: {} },
        { method: 'POST', path: '/v1/products/prod_a/features', params: { entitlement_feature: 'feat_y' } },
      ],
    ]);
  });
});
