/**
 * Webhook endpoints: read with list calls (100 a page, paced and retried like catalog pages) and created one at a
 * time. Stripe returns an endpoint's signing secret in the create response only, so it leaves this module wrapped
 * in a `SigningSecret` that prints as a mask anywhere it is stringified or serialised by accident.
 */
import type Stripe from 'stripe';
import type { PageCaller } from './read-catalog.js';
import type { CreatedWebhookEndpoint, WebhookEndpoint, WebhookEndpointParams, WriteOptions } from './types.js';

const PAGE_SIZE = 100;
const MASK = 'whsec_****';

/**
 * A `whsec_` signing secret. Invariant: the value comes out through `reveal()` only; `String()`, template
 * literals, `JSON.stringify` and `util.inspect` all give the mask, so a secret passed to a log, a file or
 * `--json` by mistake is never written.
 */
export class SigningSecret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself, for the one function that shows it to the user (`showSigningSecretOnce`). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return MASK;
  }
}

/** The fields a user manages, in Stripe's names; server-managed ones (`created`, `livemode`, …) are dropped. */
export function normalizeWebhookEndpoint(raw: Stripe.WebhookEndpoint | Record<string, unknown>): WebhookEndpoint {
  const o = raw as Record<string, unknown>;
  return {
    id: String(o.id),
    url: String(o.url),
    enabled_events: Array.isArray(o.enabled_events) ? o.enabled_events.map(String) : [],
    description: typeof o.description === 'string' && o.description !== '' ? o.description : null,
    api_version: typeof o.api_version === 'string' ? o.api_version : null,
    metadata: { ...((o.metadata as Record<string, string> | null) ?? {}) },
    status: o.status === 'disabled' ? 'disabled' : 'enabled',
  };
}

/** Every endpoint of the account, oldest first (lists are newest first; the order only matters for reports). */
export async function readWebhookEndpoints(stripe: Stripe, call: PageCaller): Promise<WebhookEndpoint[]> {
  const endpoints: WebhookEndpoint[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const params: Stripe.WebhookEndpointListParams = { limit: PAGE_SIZE, ...(startingAfter ? { starting_after: startingAfter } : {}) };
    const page = await call('webhook_endpoints', () => stripe.webhookEndpoints.list(params), 'GET /v1/webhook_endpoints');
    endpoints.push(...page.data.map(normalizeWebhookEndpoint));
    if (!page.has_more || page.data.length === 0) break;
    startingAfter = page.data[page.data.length - 1]!.id;
  }
  return endpoints.reverse();
}

/** Creates one endpoint under the caller's idempotency key; the secret comes back wrapped. */
export async function createWebhookEndpoint(stripe: Stripe, params: WebhookEndpointParams, options: WriteOptions): Promise<CreatedWebhookEndpoint> {
  const body: Stripe.WebhookEndpointCreateParams = {
    url: params.url,
    enabled_events: params.enabled_events as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
    ...(params.description !== null ? { description: params.description } : {}),
    ...(params.api_version !== null ? { api_version: params.api_version as Stripe.WebhookEndpointCreateParams.ApiVersion } : {}),
    ...(Object.keys(params.metadata).length > 0 ? { metadata: params.metadata } : {}),
  };
  const created = await stripe.webhookEndpoints.create(body, { idempotencyKey: options.idempotencyKey, maxNetworkRetries: 0 });
  const headers = (created.lastResponse?.headers ?? {}) as Record<string, string>;
  return {
    endpoint: normalizeWebhookEndpoint(created),
    secret: new SigningSecret(typeof created.secret === 'string' ? created.secret : ''),
    requestId: created.lastResponse?.requestId ?? headers['request-id'] ?? null,
    replayed: headers['idempotent-replayed'] === 'true',
  };
}
