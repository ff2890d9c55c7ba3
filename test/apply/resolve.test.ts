/**
 * How a planned request becomes the wire request once objects the plan expected to keep their ids got others
 * (the id fallbacks, `fallback.ts`), and which refusals take a fallback at all.
 */
import { ID_FALLBACKS } from '../../src/apply/fallback.js';
import { IdMap, resolveRequest } from '../../src/apply/resolve.js';
import { LINK_METADATA_KEY } from '../../src/catalog/types.js';
import { StripeApiError } from '../../src/util/errors.js';

describe('a renamed object is moved where the plan names it by its source id', () => {
  const map = new IdMap();
  map.set('product/gold', 'prod_L1');
  map.set('price/silver', 'price_L2');

  test('in reference parameters, by the type each names', () => {
    const wire = resolveRequest(
      { method: 'POST', path: '/v1/coupons', params: { id: 'DEAL', applies_to: { products: ['gold', 'other'] }, metadata: { product: 'gold' } } },
      map,
      'test',
    );
    // `metadata.product` is the user's own key: left as it is.
    expect(wire.params).toEqual({ id: 'DEAL', applies_to: { products: ['prod_L1', 'other'] }, metadata: { product: 'gold' } });
    // A price named like the renamed product is another object: left as it is.
    expect(resolveRequest({ method: 'POST', path: '/v1/products/gold', params: { default_price: 'gold' } }, map, 'test')).toEqual({
      method: 'POST', path: '/v1/products/prod_L1', params: { default_price: 'gold' },
    });
    expect(resolveRequest({ method: 'POST', path: '/v1/plans', params: { id: 'x', product: 'gold' } }, map, 'test').params.product).toBe('prod_L1');
  });

  test('in paths, only where the id of the object written to stands', () => {
    expect(resolveRequest({ method: 'POST', path: '/v1/products/gold/features', params: {} }, map, 'test').path).toBe('/v1/products/prod_L1/features');
    expect(resolveRequest({ method: 'POST', path: '/v1/prices/gold', params: {} }, map, 'test').path).toBe('/v1/prices/gold');
    expect(resolveRequest({ method: 'POST', path: '/v1/plans/silver', params: {} }, map, 'test').path).toBe('/v1/plans/price_L2');
    expect(resolveRequest({ method: 'DELETE', path: '/v1/products/other/features/gold', params: {} }, map, 'test').path).toBe('/v1/products/other/features/gold');
  });
});

describe('a product create refused under its id', () => {
  const refusal = (message: string, extra: { param?: string; stripeCode?: string; status?: number }) =>
    new StripeApiError('stripe_invalid_request', message, { status: 400, category: 'invalid_request', ...extra });
  const products = ID_FALLBACKS['/v1/products']!;

  test('falls back when Stripe names the id, or quotes it without naming a parameter', () => {
    expect(products.refused(refusal('Custom product ids may not start with `prod_`.', { param: 'id' }), 'prod_gold')).toBe(true);
    expect(products.refused(refusal('Invalid id prod_gold.', {}), 'prod_gold')).toBe(true);
  });

  test('does not when the refusal is about something else', () => {
    expect(products.refused(refusal('Product already exists.', { param: 'id', stripeCode: 'resource_already_exists' }), 'prod_gold')).toBe(false);
    expect(products.refused(refusal('Invalid string: name is too long.', { param: 'name' }), 'prod_gold')).toBe(false);
    expect(products.refused(refusal('Something went wrong.', {}), 'prod_gold')).toBe(false);
    expect(products.refused(refusal('Not found: prod_gold', { status: 404 }), 'prod_gold')).toBe(false);
  });

  test('is created without the id, its metadata carrying the link', () => {
    expect(products.params({ id: 'prod_gold', name: 'Gold', metadata: { tier: 'gold' } }, 'prod_gold')).toEqual({
      name: 'Gold', metadata: { tier: 'gold', [LINK_METADATA_KEY]: 'prod_gold' },
    });
    expect(products.path).toBe('/v1/products');
  });
});
