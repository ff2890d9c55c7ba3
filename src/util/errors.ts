/**
 * Typed errors with stable codes. Each carries what a person needs to act: a hint, and where it applies the
 * file and line (manifests, plan files) or Stripe's request id (API failures). Messages are redacted when
 * they are built, so no key can leave through an error.
 */
import { redact } from './redact.js';

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export function formatLocation(loc: Location): string {
  return loc.line === undefined ? loc.file : `${loc.file}:${loc.line}${loc.column === undefined ? '' : `:${loc.column}`}`;
}

export class MigrateError extends Error {
  override readonly name: string = 'MigrateError';
  constructor(
    /** Stable, documented code such as `key_wrong_mode` or `plan_stale`. */
    readonly code: string,
    message: string,
    readonly options: { hint?: string; location?: Location; requestId?: string; cause?: unknown } = {},
  ) {
    super(redact(message));
  }

  get hint(): string | undefined {
    return this.options.hint === undefined ? undefined : redact(this.options.hint);
  }
}

/** Bad flags or arguments. */
export class UsageError extends MigrateError {
  override readonly name = 'UsageError';
}

/** Keys and environment. */
export class ConfigError extends MigrateError {
  override readonly name = 'ConfigError';
}

/** Stripe answered with an error, or could not be reached. */
export class StripeApiError extends MigrateError {
  override readonly name = 'StripeApiError';
  constructor(
    code: string,
    message: string,
    readonly details: {
      status?: number;
      stripeCode?: string;
      stripeType?: string;
      param?: string;
      requestId?: string;
      /** Stripe's `Stripe-Should-Retry` header, when it sent one. */
      shouldRetry?: boolean;
      /** `card` problems come from a customer's payment method; `backend` ones from Stripe or this tool. */
      category: 'card' | 'invalid_request' | 'authentication' | 'permission' | 'rate_limit' | 'idempotency' | 'connection' | 'api';
    },
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(code, message, { ...options, requestId: details.requestId });
  }
}

/** Anything that should not happen: a bug in this tool. */
export class InternalError extends MigrateError {
  override readonly name = 'InternalError';
}
