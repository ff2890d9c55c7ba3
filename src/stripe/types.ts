/**
 * The gateway's contract: the only code that talks to Stripe implements it (`createGateway` in gateway.ts).
 * The applier and the commands depend on this interface, never on the SDK.
 */
import type { Catalog } from '../catalog/types.js';

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
}
