import { computePlan } from '../../src/plan/compute.js';
import type { Catalog, Feature } from '../../src/catalog/types.js';
import { catalog, options } from './builders.js';

const support = (fields: Partial<Feature> & { id: string }): Feature => ({
  lookup_key: 'priority_support', name: 'Priority support', active: true, metadata: {}, ...fields,
});
const with_ = (features: Feature[]): Catalog => ({ ...catalog(), features });

describe('entitlement features', () => {
  test('a new feature is created without an id of its own choosing; live mints one', () => {
    const plan = computePlan(with_([support({ id: 'feat_sbx', metadata: { tier: 'pro' } })]), catalog(), options);
    expect(plan.changes.map((c) => [c.address, c.action, c.strategy, c.liveId, c.requests])).toEqual([
      ['feature/feat_sbx', 'create', 'assigned', null, [{ method: 'POST', path: '/v1/entitlements/features', params: { name: 'Priority support', lookup_key: 'priority_support', metadata: { tier: 'pro' } } }]],
    ]);
  });

  test('the live feature with the same lookup key is the twin: a new name is an update, archiving is an update', () => {
    const live = with_([support({ id: 'feat_live' })]);
    expect(computePlan(with_([support({ id: 'feat_sbx' })]), live, options).changes).toEqual([]);
    const changed = computePlan(with_([support({ id: 'feat_sbx', name: 'Support 24/7', active: false })]), live, options);
    expect(changed.changes.map((c) => [c.action, c.requests])).toEqual([
      ['update', [{ method: 'POST', path: '/v1/entitlements/features/feat_live', params: { name: 'Support 24/7', active: false } }]],
    ]);
  });

  test('an archived live twin cannot be unarchived: a new feature takes the key', () => {
    const live = with_([support({ id: 'feat_live', active: false })]);
    const change = computePlan(with_([support({ id: 'feat_sbx' })]), live, options).changes[0]!;
    expect([change.action, change.forcedBy, change.requests.map((r) => r.path)]).toEqual(['replace', ['active'], ['/v1/entitlements/features']]);
  });

  test('an archived source feature copied with --include-archived is created, then archived', () => {
    const plan = computePlan(with_([support({ id: 'feat_sbx', active: false })]), catalog(), { ...options, includeArchived: true });
    expect(plan.changes[0]!.requests.map((r) => [r.path, r.params.active])).toEqual([
      ['/v1/entitlements/features', undefined],
      ['/v1/entitlements/features/{feature/feat_sbx}', false],
    ]);
  });
});
