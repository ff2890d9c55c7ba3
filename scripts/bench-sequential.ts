/**
 * The naive copier the benchmark compares against: what a hand-written migration script does. One request at a
 * time: it reads the sandbox list page by page, then sends the plan's writes in the plan's order, each waiting
 * for the previous one, with no pacing. At the benchmark's latency one request at a time stays under the rate
 * limits; at a low latency it does not, and a refused request (429) is sent again after Stripe's client backoff,
 * as Stripe asks of any script. It writes to an account of its own so it does not disturb the measured live
 * account.
 */
import type Stripe from 'stripe';
import type { Plan } from '../src/plan/types.js';
import { IdMap, resolveRequest } from '../src/apply/resolve.js';
import { createStripeClient } from '../src/stripe/client.js';
import { createGateway } from '../src/stripe/gateway.js';
import { createEndpointOf } from '../src/apply/live-match.js';
import { backoffMs } from '../src/stripe/retry-policy.js';
import type { ByEndpoint } from './bench-measure.js';

export interface SequentialResult {
  readMs: number;
  /** List pages of a full sandbox read without splitting: the fewest a read can take. */
  readRequests: number;
  /** The same pages by list endpoint (`GET /v1/prices`: active and archived prices alike). */
  readRequestsBy: ByEndpoint;
  /** Writes actually sent (a sample when `sample` < the plan's writes). */
  writesSent: number;
  writesFailed: number;
  writeMs: number;
  totalWrites: number;
  /** Read time + every write at the sample's mean time per write. Equals the measured time when not sampled. */
  estimatedMs: number;
  sampled: boolean;
}

export async function runSequential(apiBase: string, sandboxKey: string, targetKey: string, plan: Plan, sample: number): Promise<SequentialResult> {
  const source = createStripeClient({ apiKey: sandboxKey, apiBase });
  const readStart = performance.now();
  const readRequestsBy = await readSequentially(source);
  const readRequests = Object.values(readRequestsBy).reduce((a, b) => a + b, 0);
  const readMs = performance.now() - readStart;

  const target = createGateway({ apiKey: targetKey, mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase });
  const requests = plan.changes.flatMap((change) => change.requests.map((request) => ({ change, request })));
  const idMap = new IdMap();
  for (const change of plan.changes) if (change.liveId !== null) idMap.set(change.address, change.liveId);
  let writesSent = 0;
  let writesFailed = 0;
  const writeStart = performance.now();
  for (const { change, request } of requests.slice(0, sample)) {
    writesSent += 1;
    try {
      const wire = resolveRequest(request, idMap, change.address);
      const idempotencyKey = `seq-${writesSent}-${Date.now()}`;
      const result = await untilNotThrottled(() => target.write(wire.method, wire.path, wire.params, { idempotencyKey }));
      if (createEndpointOf(wire.method, wire.path) && typeof result.object.id === 'string' && !change.address.includes('#')) {
        idMap.set(change.address, result.object.id);
      }
    } catch {
      writesFailed += 1;
    }
  }
  const writeMs = performance.now() - writeStart;
  const sampled = writesSent < requests.length;
  return {
    readMs,
    readRequests,
    readRequestsBy,
    writesSent,
    writesFailed,
    writeMs,
    totalWrites: requests.length,
    estimatedMs: readMs + (writesSent === 0 ? 0 : (writeMs / writesSent) * requests.length),
    sampled,
  };
}

/**
 * `send()`, sent again after Stripe's client backoff for as long as it is refused with a 429: the SDK's error
 * (`statusCode`) for the copier's pages, the gateway's (`details.status`) for its writes.
 */
async function untilNotThrottled<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const { statusCode, details } = error as { statusCode?: number; details?: { status?: number } };
      if (statusCode !== 429 && details?.status !== 429) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}

type ListPage = { data: { id: string }[]; has_more: boolean };
type ListCall = (params: { limit: number; starting_after?: string }) => Promise<ListPage>;
/** A list and the endpoint its pages count against. */
type List = [endpoint: string, call: ListCall];

/**
 * Every list `readCatalog` reads, one after another, each page after the previous one, with the SDK's own
 * pagination: the fewest pages a full read can take, so their count is the read floor. An empty list still
 * costs its one request. Attachment lists (one per product) are read only when the account has a feature, as
 * `readCatalog` does. Returns the number of pages by endpoint.
 */
async function readSequentially(stripe: Stripe): Promise<ByEndpoint> {
  const lists: List[] = [
    ['GET /v1/products', (p) => stripe.products.list({ ...p, active: true })],
    ['GET /v1/products', (p) => stripe.products.list({ ...p, active: false })],
    ['GET /v1/prices', (p) => stripe.prices.list({ ...p, active: true, expand: ['data.tiers', 'data.currency_options'] })],
    ['GET /v1/prices', (p) => stripe.prices.list({ ...p, active: false, expand: ['data.tiers', 'data.currency_options'] })],
    ['GET /v1/plans', (p) => stripe.plans.list({ ...p, active: true, expand: ['data.tiers'] })],
    ['GET /v1/plans', (p) => stripe.plans.list({ ...p, active: false, expand: ['data.tiers'] })],
    ['GET /v1/coupons', (p) => stripe.coupons.list({ ...p, expand: ['data.applies_to', 'data.currency_options'] })],
    ['GET /v1/billing/meters', (p) => stripe.billing.meters.list({ ...p, status: 'active' })],
    ['GET /v1/billing/meters', (p) => stripe.billing.meters.list({ ...p, status: 'inactive' })],
    ['GET /v1/promotion_codes', (p) => stripe.promotionCodes.list({ ...p, active: true })],
    ['GET /v1/promotion_codes', (p) => stripe.promotionCodes.list({ ...p, active: false })],
    ['GET /v1/tax_rates', (p) => stripe.taxRates.list({ ...p, active: true })],
    ['GET /v1/tax_rates', (p) => stripe.taxRates.list({ ...p, active: false })],
    ['GET /v1/shipping_rates', (p) => stripe.shippingRates.list({ ...p, active: true })],
    ['GET /v1/shipping_rates', (p) => stripe.shippingRates.list({ ...p, active: false })],
  ];
  const featureLists: List[] = [
    ['GET /v1/entitlements/features', (p) => stripe.entitlements.features.list({ ...p, archived: false })],
    ['GET /v1/entitlements/features', (p) => stripe.entitlements.features.list({ ...p, archived: true })],
  ];
  const pages: ByEndpoint = {};
  const walk = async ([endpoint, list]: List): Promise<string[]> => {
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const read = await untilNotThrottled(() => list({ limit: 100, ...(after ? { starting_after: after } : {}) }));
      pages[endpoint] = (pages[endpoint] ?? 0) + 1;
      ids.push(...read.data.map((item) => item.id));
      if (!read.has_more || read.data.length === 0) return ids;
      after = read.data[read.data.length - 1]!.id;
    }
  };
  const products: string[] = [];
  for (const [i, list] of lists.entries()) {
    const ids = await walk(list);
    if (i < 2) products.push(...ids);
  }
  let features = 0;
  for (const list of featureLists) features += (await walk(list)).length;
  if (features > 0) for (const product of products) await walk(['GET /v1/products/:id/features', (p) => stripe.products.listFeatures(product, p)]);
  return pages;
}
