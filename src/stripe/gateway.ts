/** The only code that talks to Stripe: account lookup, catalog reads and writes, with errors made typed and safe. */
import type Stripe from 'stripe';
import { apiBaseFromEnv, createStripeClient, timeoutFromEnv } from './client.js';
import { toStripeApiError, type ErrorContext } from './errors.js';
import { readCatalog, type PageCaller } from './read-catalog.js';
import { classifyFailure, withReadRetries } from './retry-policy.js';
import { EndpointPacer, burstSpacingMs } from './pacing.js';
import { MODE_RATE, endpointRate } from './rate-limits.js';
import type { Gateway, Mode, WebhookGateway, WireParams, WriteOptions, WriteResult } from './types.js';
import { createWebhookEndpoint, readWebhookEndpoints } from './webhooks.js';

export interface GatewayOptions {
  apiKey: string;
  mode: Mode;
  /** Name of the environment variable the key came from, for messages. */
  keyVariable: string;
  apiBase?: string;
  timeoutMs?: number;
}

export function createGateway(options: GatewayOptions): Gateway & WebhookGateway {
  const stripe = createStripeClient({
    apiKey: options.apiKey,
    apiBase: options.apiBase,
    timeoutMs: options.timeoutMs,
  });
  const context: ErrorContext = { keyVariable: options.keyVariable, apiBase: options.apiBase ?? 'https://api.stripe.com' };
  const guard = async <T>(action: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toStripeApiError(error, action, context);
    }
  };

  // Reads retry throttles and passing failures themselves (the SDK does not retry 429s); writes do not, because
  // the applier owns their idempotency keys and pacing. Reads are paced at the mode's rate and at each endpoint's
  // (api-notes §1.9: in live the account allows 100 a second but `GET /v1/prices` only 25, active and archived
  // lists alike): a catalog read runs many page chains at once, and a 429 costs a backoff of half a second or
  // more, far more than waiting a turn. Reads space out the starts they record, since a catalog read opens with a
  // burst of every list's first page; a read the server refused gives its places back and widens the margin of
  // its windows (see `EndpointPacer.throttled`).
  const rate = MODE_RATE[options.mode];
  const readPacer = new EndpointPacer({ rate, spacingMs: burstSpacingMs });
  const paced = <T>(action: string, endpoint: string, fetch: () => Promise<T>) =>
    withReadRetries(async () => {
      const turn = await readPacer.take(endpoint);
      try {
        return await guard(action, fetch);
      } catch (error) {
        if (classifyFailure(error) === 'throttle') readPacer.throttled(turn, true);
        throw error;
      }
    });
  const readPage: PageCaller = (key, fetch, endpoint) => paced(`reading ${key}`, endpoint, fetch);

  return {
    mode: options.mode,
    accountWindow: readPacer.accountWindow,
    account: () =>
      paced('reading the account', 'GET /v1/account', async () => {
        const account = (await stripe.rawRequest('GET', '/v1/account')) as { id: string };
        return { id: account.id, mode: options.mode };
      }),
    readCatalog: (onProgress) => guard('reading the catalog', () => readCatalog(stripe, readPage, onProgress, { ratePerSecond: rate, endpointRate, spare: (endpoint, withinMs) => readPacer.spare(endpoint, withinMs) })),
    write: (method, path, params, writeOptions) => guard(`${method} ${path}`, () => write(stripe, method, path, params, writeOptions)),
    readWebhookEndpoints: () => guard('reading webhook endpoints', () => readWebhookEndpoints(stripe, readPage)),
    createWebhookEndpoint: (params, writeOptions) =>
      guard('POST /v1/webhook_endpoints', () => createWebhookEndpoint(stripe, params, writeOptions)),
  };
}

async function write(stripe: Stripe, method: 'POST' | 'DELETE', path: string, params: WireParams, options: WriteOptions): Promise<WriteResult> {
  const body: Record<string, unknown> | undefined = method === 'POST' ? params : undefined;
  const response = (await stripe.rawRequest(method, path, body, {
    idempotencyKey: options.idempotencyKey,
    // Writes fail fast; the applier retries with the same key and adapts its pace.
    maxNetworkRetries: 0,
  })) as Record<string, unknown> & { lastResponse?: { headers?: Record<string, string>; requestId?: string } };
  const headers = response.lastResponse?.headers ?? {};
  return {
    object: { ...response },
    requestId: headers['request-id'] ?? response.lastResponse?.requestId ?? null,
    replayed: headers['idempotent-replayed'] === 'true',
  };
}

/** A gateway from the environment's `STRIPE_API_BASE` and `STRIPE_TIMEOUT_MS`, and a key already checked by `keys.ts`. */
export function gatewayFromEnv(env: NodeJS.ProcessEnv, key: { key: string; mode: Mode }, keyVariable: string): Gateway & WebhookGateway {
  return createGateway({ apiKey: key.key, mode: key.mode, keyVariable, apiBase: apiBaseFromEnv(env), timeoutMs: timeoutFromEnv(env) });
}
