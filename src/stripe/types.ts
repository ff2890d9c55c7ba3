/**
 * The gateway's contract: the only code that talks to Stripe implements it (`createGateway` in gateway.ts).
 * The applier and the commands depend on this interface, never on the SDK.
 */
import type { Catalog } from '../catalog/types.js';
import type { StartWindow } from './pacing.js';
import type { SigningSecret } from './webhooks.js';

export type Mode = 'test' | 'live';

export interface AccountRef {
  /** `acct_…` */
  id: string;
  mode: Mode;
}

/** A JSON-like value sent as Stripe form parameters (nested objects and arrays are bracket-encoded). */
export type WireParams = { [key: string]: WireValue };
export type WireValue = string | number | boolean | null | WireValue[] | { [key: string]: WireValue };

export interface WriteOptions {
  /** Deterministic key derived from the plan and the change; the same on every retry and every re-run. */
  idempotencyKey: string;
}

export interface WriteResult {
  /** The Stripe object (or deletion stub) that came back, as plain JSON. */
  object: Record<string, unknown>;
  requestId: string | null;
  /** True when Stripe answered from its idempotency store (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

export interface ReadProgress {
  /** Objects read so far, by list endpoint (`products`, `prices`, `plans`, `coupons`). */
  counts: Record<string, number>;
}

export interface Gateway {
  readonly mode: Mode;
  /** The account behind the key (`GET /v1/account`). */
  account(): Promise<AccountRef>;
  /** The whole catalog, read with list calls only (100 per page, types concurrently), normalised. */
  readCatalog(onProgress?: (progress: ReadProgress) => void): Promise<Catalog>;
  /** One write; `path` like `/v1/products` or `/v1/prices/price_123`. */
  write(method: 'POST' | 'DELETE', path: string, params: WireParams, options: WriteOptions): Promise<WriteResult>;
  /**
   * The sliding second of the account's limit that this gateway's reads are paced in, for the applier's writes
   * to share (reads and writes count against one limit); absent where nothing paces the reads.
   */
  readonly accountWindow?: StartWindow;
}

/** A webhook endpoint as the tool compares it: the fields a user sets, in Stripe's names (`webhooks.ts`). */
export interface WebhookEndpoint {
  /** `we_…`; differs between accounts, so endpoints are matched by `url` and `enabled_events`, never by id. */
  id: string;
  url: string;
  enabled_events: string[];
  description: string | null;
  /** null: events use the account's default API version, which the API does not expose. */
  api_version: string | null;
  metadata: Record<string, string>;
  status: 'enabled' | 'disabled';
}

/** What creating an endpoint sends: a sandbox endpoint's managed fields. */
export type WebhookEndpointParams = Pick<WebhookEndpoint, 'url' | 'enabled_events' | 'description' | 'api_version' | 'metadata'>;

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpoint;
  /** Shown once to the user and nowhere else; it serialises as a mask (see `SigningSecret`). */
  secret: SigningSecret;
  requestId: string | null;
  replayed: boolean;
}

/**
 * Webhook endpoints, apart from `Gateway` so that catalog-only gateways (test fakes) need not implement them;
 * `createGateway` returns both.
 */
export interface WebhookGateway {
  /** Every webhook endpoint of the account, read with list calls only. */
  readWebhookEndpoints(): Promise<WebhookEndpoint[]>;
  /** One create under the caller's deterministic idempotency key. */
  createWebhookEndpoint(params: WebhookEndpointParams, options: WriteOptions): Promise<CreatedWebhookEndpoint>;
}
