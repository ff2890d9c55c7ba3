/** Hand-built plans for applier unit tests, with the hashes a real planner would give them. */
import type { Catalog } from '../../src/catalog/types.js';
import { computeTargetState, fingerprintTarget, hashChanges } from '../../src/plan/fingerprint.js';
import { PLAN_FORMAT_VERSION, type Change, type Params, type Plan } from '../../src/plan/types.js';

export function productCreate(id: string, params: Params = {}): Change {
  return {
    address: `product/${id}`, type: 'product', action: 'create', id, liveId: id, strategy: 'preserved', dependsOn: [],
    requests: [{ method: 'POST', path: '/v1/products', params: { id, name: id, ...params } }],
  };
}

export function recurringPriceCreate(id: string, product: string, extra?: Params): Change {
  const requests: Change['requests'] = [
    { method: 'POST', path: '/v1/plans', params: { id, product, currency: 'usd', interval: 'month', amount: 1000 } },
  ];
  if (extra) requests.push({ method: 'POST', path: `/v1/prices/${id}`, params: extra });
  return { address: `price/${id}`, type: 'price', action: 'create', id, liveId: id, strategy: 'preserved', dependsOn: [`product/${product}`], requests };
}

export function oneTimePriceCreate(id: string, product: string, amount = 500): Change {
  return {
    address: `price/${id}`, type: 'price', action: 'create', id, liveId: null, strategy: 'assigned', dependsOn: [`product/${product}`],
    requests: [{ method: 'POST', path: '/v1/prices', params: { product, currency: 'usd', unit_amount: amount, metadata: { catalog_migrate_source_id: id } } }],
  };
}

export function defaultPriceLink(product: string, price: string): Change {
  return {
    address: `product/${product}#default_price`, type: 'product', action: 'update', id: product, liveId: product, strategy: 'preserved',
    dependsOn: [`product/${product}`, `price/${price}`],
    requests: [{ method: 'POST', path: `/v1/products/${product}`, params: { default_price: { $ref: `price/${price}` } } }],
    fields: [{ field: 'default_price', before: null, after: price }],
  };
}

export function couponCreate(id: string, params: Params = {}): Change {
  return {
    address: `coupon/${id}`, type: 'coupon', action: 'create', id, liveId: id, strategy: 'preserved', dependsOn: [],
    requests: [{ method: 'POST', path: '/v1/coupons', params: { id, percent_off: 10, ...params } }],
  };
}

export function buildPlan(changes: Change[], live: Catalog, target = { account: 'acct_live', mode: 'live' as const }): Plan {
  const summary = { create: 0, update: 0, replace: 0, archive: 0, unchanged: 0, liveOnly: 0 };
  for (const change of changes) summary[change.action] += 1;
  const base = { changes, liveOnly: [] };
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'stripe-catalog-migrate', version: '0.1.0' },
    stripeApiVersion: '2026-10-28.endive',
    source: { kind: 'account', account: 'acct_src', mode: 'test' },
    target: { kind: 'account', ...target },
    targetFingerprint: fingerprintTarget(live, base),
    targetState: computeTargetState(live, base),
    contentHash: hashChanges(changes),
    summary,
    changes,
    liveOnly: [],
    warnings: [],
  };
}
