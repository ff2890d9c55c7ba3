import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyOptions } from '../../src/apply/types.js';
import { emptyCatalog } from '../../src/catalog/types.js';
import type { Change } from '../../src/plan/types.js';
import { FakeGateway } from './fake-gateway.js';
import { buildPlan, productCreate } from './plan-builders.js';

const fast: ApplyOptions['scheduler'] = { sleep: async () => undefined, random: () => 0 };

const attach = (productId: string, featureId: string): Change => ({
  address: `product/${productId}#features`,
  type: 'product',
  action: 'update',
  id: productId,
  liveId: productId,
  strategy: 'preserved',
  requests: [{ method: 'POST', path: `/v1/products/${productId}/features`, params: { entitlement_feature: featureId } }],
  fields: [{ field: 'features', before: [], after: [featureId] }],
  dependsOn: [],
});

test('an attach live already holds counts as done and is not sent (Stripe refuses a second one)', async () => {
  const live = new FakeGateway();
  await applyPlan(buildPlan([productCreate('prod_a')], emptyCatalog()), live, { scheduler: fast });
  live.products.set('prod_a', { ...live.products.get('prod_a')!, features: ['feat_live'], featureAttachments: { feat_live: 'prodft_1' } });
  const sentBefore = live.log.length;

  const plan = buildPlan([attach('prod_a', 'feat_live')], await live.readCatalog());
  const result = await applyPlan(plan, live, { scheduler: fast });

  expect(result.ok).toBe(true);
  expect(result.changes.map((c) => [c.address, c.outcome])).toEqual([['product/prod_a#features', 'already-done']]);
  expect(live.log.slice(sentBefore)).toEqual([]);
});
