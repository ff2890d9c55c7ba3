import { computePlan } from '../../src/plan/compute.js';
import { LINK_METADATA_KEY, type Catalog, type ShippingRate, type TaxRate } from '../../src/catalog/types.js';
import { catalog, options } from './builders.js';

const vat = (fields: Partial<TaxRate> & { id: string }): TaxRate => ({
  display_name: 'VAT', description: null, percentage: 19, inclusive: true, active: true, country: 'DE', state: null, jurisdiction: null,
  tax_type: 'vat', metadata: {}, link: null, ...fields,
});
const standard = (fields: Partial<ShippingRate> & { id: string }): ShippingRate => ({
  display_name: 'Standard', active: true, type: 'fixed_amount', fixed_amount: { amount: 500, currency: 'usd', currency_options: {} },
  delivery_estimate: null, tax_behavior: 'unspecified', tax_code: null, metadata: {}, link: null, ...fields,
});
const with_ = (extra: Partial<Catalog>): Catalog => ({ ...catalog(), ...extra });

describe('tax rates and shipping rates', () => {
  test('a new rate is created with its source id in the reserved metadata key', () => {
    const plan = computePlan(with_({ taxRates: [vat({ id: 'txr_sbx' })] }), catalog(), options);
    expect(plan.changes[0]).toMatchObject({ address: 'tax_rate/txr_sbx', action: 'create', strategy: 'assigned', liveId: null });
    expect(plan.changes[0]!.requests[0]!.params).toEqual({
      display_name: 'VAT', percentage: 19, inclusive: true, country: 'DE', tax_type: 'vat', metadata: { [LINK_METADATA_KEY]: 'txr_sbx' },
    });
  });

  test('the live rate carrying the link is the twin; a display name change is an update', () => {
    const live = with_({ taxRates: [vat({ id: 'txr_live', link: 'txr_sbx' })] });
    expect(computePlan(with_({ taxRates: [vat({ id: 'txr_sbx' })] }), live, options).changes).toEqual([]);
    const renamed = computePlan(with_({ taxRates: [vat({ id: 'txr_sbx', display_name: 'MwSt' })] }), live, options);
    expect(renamed.changes.map((c) => [c.action, c.requests])).toEqual([['update', [{ method: 'POST', path: '/v1/tax_rates/txr_live', params: { display_name: 'MwSt' } }]]]);
  });

  test('a new percentage creates a new rate, then archives the old one', () => {
    const live = with_({ taxRates: [vat({ id: 'txr_live', link: 'txr_sbx' })] });
    const change = computePlan(with_({ taxRates: [vat({ id: 'txr_sbx', percentage: 7 })] }), live, options).changes[0]!;
    expect([change.action, change.forcedBy]).toEqual(['replace', ['percentage']]);
    expect(change.requests.map((r) => [r.path, r.params.active])).toEqual([['/v1/tax_rates', undefined], ['/v1/tax_rates/txr_live', false]]);
  });

  test('shipping: a new euro amount updates in place, a new base amount replaces', () => {
    const live = with_({ shippingRates: [standard({ id: 'shr_live', link: 'shr_sbx' })] });
    const eur = standard({ id: 'shr_sbx', fixed_amount: { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450, tax_behavior: 'unspecified' } } } });
    expect(computePlan(with_({ shippingRates: [eur] }), live, options).changes.map((c) => [c.action, c.requests])).toEqual([
      ['update', [{ method: 'POST', path: '/v1/shipping_rates/shr_live', params: { fixed_amount: { currency_options: { eur: { amount: 450, tax_behavior: 'unspecified' } } } } }]],
    ]);
    const dearer = standard({ id: 'shr_sbx', fixed_amount: { amount: 700, currency: 'usd', currency_options: {} } });
    expect(computePlan(with_({ shippingRates: [dearer] }), live, options).changes.map((c) => [c.action, c.forcedBy])).toEqual([['replace', ['fixed_amount.amount']]]);
  });
});
