import { computePlan } from '../../src/plan/compute.js';
import type { Catalog } from '../../src/catalog/types.js';
import { catalog, meter, monthly, options, price, product } from './builders.js';

const withMeters = (base: Catalog, ...meters: ReturnType<typeof meter>[]): Catalog => ({ ...base, meters });
const metered = (meterId: string) => price({ id: 'price_calls', product: 'prod_api', unit_amount: 5, recurring: monthly({ usage_type: 'metered', meter: meterId }) });

describe('billing meters', () => {
  test('a new meter is created first and the metered price names it through the id map', () => {
    const desired = withMeters(catalog(product({ id: 'prod_api' }), metered('mtr_sbx')), meter({ id: 'mtr_sbx', event_name: 'api_call' }));
    const plan = computePlan(desired, catalog(), options);
    expect(plan.changes.map((c) => c.address)).toEqual(['meter/mtr_sbx', 'product/prod_api', 'price/price_calls']);
    const [meterChange, , priceChange] = plan.changes;
    expect(meterChange).toMatchObject({ action: 'create', strategy: 'assigned', liveId: null });
    expect(meterChange!.requests).toEqual([
      { method: 'POST', path: '/v1/billing/meters', params: { display_name: 'api_call', event_name: 'api_call', default_aggregation: { formula: 'sum' }, customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' }, value_settings: { event_payload_key: 'value' } } },
    ]);
    expect(priceChange!.requests[0]!.params.meter).toEqual({ $ref: 'meter/mtr_sbx' });
    expect(priceChange!.dependsOn).toEqual(['meter/mtr_sbx', 'product/prod_api']);
  });

  test('a live meter with the same event_name is the twin: the price is compared in live meter ids', () => {
    const desired = withMeters(catalog(product({ id: 'prod_api' }), metered('mtr_sbx')), meter({ id: 'mtr_sbx', event_name: 'api_call' }));
    const live = withMeters(catalog(product({ id: 'prod_api' }), metered('mtr_live')), meter({ id: 'mtr_live', event_name: 'api_call' }));
    const plan = computePlan(desired, live, options);
    expect(plan.changes).toEqual([]);
    expect(plan.summary.unchanged).toBe(3);
  });

  test('a new display name is an update; a new formula retires the live meter before creating its replacement', () => {
    const live = withMeters(catalog(), meter({ id: 'mtr_live', event_name: 'api_call' }));
    const renamed = computePlan(withMeters(catalog(), meter({ id: 'mtr_sbx', event_name: 'api_call', display_name: 'Calls' })), live, options);
    expect(renamed.changes.map((c) => [c.action, c.requests])).toEqual([
      ['update', [{ method: 'POST', path: '/v1/billing/meters/mtr_live', params: { display_name: 'Calls' } }]],
    ]);
    const counted = computePlan(withMeters(catalog(), meter({ id: 'mtr_sbx', event_name: 'api_call', default_aggregation: { formula: 'count' } })), live, options);
    const change = counted.changes[0]!;
    expect(change.action).toBe('replace');
    expect(change.forcedBy).toEqual(['default_aggregation']);
    expect(change.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/billing/meters/mtr_live/deactivate', 'POST /v1/billing/meters']);
  });

  test('deactivating a meter goes through the deactivate endpoint; a live-only meter is deactivated only with prune', () => {
    const live = withMeters(catalog(), meter({ id: 'mtr_live', event_name: 'api_call' }), meter({ id: 'mtr_old', event_name: 'old' }));
    const plan = computePlan(withMeters(catalog(), meter({ id: 'mtr_sbx', event_name: 'api_call', active: false })), live, { ...options, prune: true });
    expect(plan.changes.map((c) => [c.address, c.action, c.requests.map((r) => r.path)])).toEqual([
      ['meter/mtr_sbx', 'update', ['/v1/billing/meters/mtr_live/deactivate']],
      ['meter/mtr_old', 'archive', ['/v1/billing/meters/mtr_old/deactivate']],
    ]);
    expect(plan.liveOnly).toEqual([{ address: 'meter/mtr_old', liveId: 'mtr_old' }]);
  });
});
