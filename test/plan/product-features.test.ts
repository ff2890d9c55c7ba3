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

describe('features attached to products: archived features and lookup keys', () => {
  const archived = (id: string, lookup_key: string): Feature => ({ ...feature(id, lookup_key), active: false });
  const addresses = (plan: { changes: { address: string }[] }) => plan.changes.map((c) => c.address);
  const allRequests = (plan: { changes: { requests: unknown[] }[] }) => JSON.stringify(plan.changes.flatMap((c) => c.requests));

  test('before and after name features by lookup key, a feature the plan creates included', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx_new', 'feat_sbx_old'] })], [feature('feat_sbx_new', 'sso'), feature('feat_sbx_old', 'audit_log')]);
    const live = with_([product({ id: 'prod_a', features: ['feat_live_old'], featureAttachments: { feat_live_old: 'prodft_1' } })], [feature('feat_live_old', 'audit_log')]);
    const change = computePlan(desired, live, options).changes.find((c) => c.address === 'product/prod_a#features')!;
    expect(change.fields).toEqual([{ field: 'features', before: ['audit_log'], after: ['audit_log', 'sso'] }]);
  });

  test('an archived feature copied with --include-archived is created active, attached, then archived', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx'] })], [archived('feat_sbx', 'legacy_export')]);
    const plan = computePlan(desired, catalog(), { ...options, includeArchived: true });
    const byAddress = new Map(plan.changes.map((c) => [c.address, c]));
    expect(byAddress.get('feature/feat_sbx')!.requests.map((r) => [r.method, r.path, r.params.active])).toEqual([['POST', '/v1/entitlements/features', undefined]]);
    expect(byAddress.get('feature/feat_sbx#archive')!.requests).toEqual([{ method: 'POST', path: '/v1/entitlements/features/{feature/feat_sbx}', params: { active: false } }]);
    const order = addresses(plan);
    expect(order.indexOf('feature/feat_sbx')).toBeLessThan(order.indexOf('product/prod_a#features'));
    expect(order.indexOf('product/prod_a#features')).toBeLessThan(order.indexOf('feature/feat_sbx#archive'));
    expect(byAddress.get('feature/feat_sbx#archive')!.dependsOn).toEqual(['feature/feat_sbx', 'product/prod_a#features']);
  });

  test('an active live twin that the plan archives is archived only after the product is attached to it', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx'] })], [archived('feat_sbx', 'legacy_export')]);
    const live = with_([product({ id: 'prod_a' })], [feature('feat_live', 'legacy_export')]);
    const plan = computePlan(desired, live, options);
    const order = addresses(plan);
    expect(order).toEqual(['product/prod_a#features', 'feature/feat_sbx']);
    expect(plan.changes[1]!.dependsOn).toEqual(['product/prod_a#features']);
    expect(plan.changes[0]!.requests).toEqual([{ method: 'POST', path: '/v1/products/prod_a/features', params: { entitlement_feature: 'feat_live' } }]);
  });

  test('an archived feature the plan does not copy is not attached: no sandbox id is sent, a warning says why and how to copy it', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx', 'feat_sbx_sso'] })], [archived('feat_sbx', 'legacy_export'), feature('feat_sbx_sso', 'sso')]);
    const plan = computePlan(desired, catalog(), options);
    expect(allRequests(plan)).not.toContain('"feat_sbx"');
    const change = plan.changes.find((c) => c.address === 'product/prod_a#features')!;
    expect(change.requests).toEqual([{ method: 'POST', path: '/v1/products/prod_a/features', params: { entitlement_feature: { $ref: 'feature/feat_sbx_sso' } } }]);
    expect(change.fields).toEqual([{ field: 'features', before: [], after: ['sso'] }]);
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^prod_a: feature legacy_export is not attached: it is archived and not copied .*--include-archived/));
  });

  test('a live twin that is archived already cannot be attached: the plan leaves the attachment out and says so', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx'] })], [archived('feat_sbx', 'legacy_export')]);
    const live = with_([product({ id: 'prod_a' })], [archived('feat_live', 'legacy_export')]);
    const plan = computePlan(desired, live, options);
    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toContainEqual(expect.stringContaining('prod_a: feature legacy_export is not attached: its live twin feat_live is archived'));
  });

  test('an archived live twin the product is attached to already stays attached', () => {
    const desired = with_([product({ id: 'prod_a', features: ['feat_sbx'] })], [archived('feat_sbx', 'legacy_export')]);
    const live = with_([product({ id: 'prod_a', features: ['feat_live'], featureAttachments: { feat_live: 'prodft_1' } })], [archived('feat_live', 'legacy_export')]);
    const plan = computePlan(desired, live, options);
    expect([plan.changes, plan.warnings]).toEqual([[], []]);
  });
});
