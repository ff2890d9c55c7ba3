/**
 * Stripe's rate limits (api-notes §1.9): a limit per account and mode, and besides it one per endpoint (each named
 * operation, such as `POST /v1/prices` or `GET /v1/prices/{id}` for every id), both over a sliding second. What a
 * request counts against is decided here; `pacing.ts` keeps the tool under these limits.
 */
import type { Mode } from './types.js';

/** Requests per second Stripe allows per account and mode. */
export const MODE_RATE: Record<Mode, number> = { live: 100, test: 25 };

/**
 * "API endpoints have a default limit of 25 requests per second" (docs.stripe.com/rate-limits); Stripe raises limits
 * for some accounts, and the older doc had none per endpoint. Writes start here and probe above it
 * (`endpoint-ceiling.ts`); reads keep to it.
 */
export const DEFAULT_ENDPOINT_RATE = 25;

/**
 * Endpoints Stripe documents with a limit other than the default (api-notes §1.9: Search 20 reads per second). No
 * endpoint the tool calls is among them; the table is where one would go.
 */
export const ENDPOINT_RATES: Readonly<Record<string, number>> = {
  'GET /v1/products/search': 20,
  'GET /v1/prices/search': 20,
};

export function endpointRate(endpoint: string): number {
  return ENDPOINT_RATES[endpoint] ?? DEFAULT_ENDPOINT_RATE;
}

/** Resources whose name takes two path segments (`/v1/billing/meters`). */
const NAMESPACES = new Set(['billing', 'entitlements']);
/** Path segments in an id's place that name an operation instead (`/v1/prices/search`). */
const VERBS = new Set(['search']);

/**
 * The endpoint a request counts against: its method and path with every id in the path as `:id`, query left out:
 * `POST /v1/prices/price_1` → `POST /v1/prices/:id`, `GET /v1/products/prod_1/features` →
 * `GET /v1/products/:id/features`. A planned path's `{address}` part counts as one id.
 */
export function endpointOf(method: string, path: string): string {
  const q = path.indexOf('?');
  // A braced address holds a `/` of its own (`{meter/mtr_1}`): split only on slashes outside braces.
  const parts = (q < 0 ? path : path.slice(0, q)).split(/\/(?![^{]*\})/);
  const firstId = NAMESPACES.has(parts[2] ?? '') ? 4 : 3;
  const pattern = parts.map((part, i) => (i >= firstId && (i - firstId) % 2 === 0 && !VERBS.has(part) ? ':id' : part));
  return `${method} ${pattern.join('/')}`;
}
