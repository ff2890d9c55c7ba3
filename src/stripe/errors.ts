/**
 * Turns whatever the SDK throws into a `StripeApiError` with a stable code, Stripe's request id, and a hint that
 * tells a card problem (a customer's payment method) from a back-end one (this tool, the key, or Stripe).
 */
import Stripe from 'stripe';
import { StripeApiError } from '../util/errors.js';

type Category = StripeApiError['details']['category'];

interface CategoryRule {
  code: string;
  hint: (context: ErrorContext) => string;
}

export interface ErrorContext {
  /** Which key was used, by variable name (never the value). */
  keyVariable: string;
  /** Where requests go, for connection problems. */
  apiBase: string;
}

/** One row per error family: what to call it and what to tell the person. */
const CATEGORY_RULES: Record<Category, CategoryRule> = {
  card: {
    code: 'stripe_card_error',
    hint: () => "A customer's payment method was declined. Catalog operations should never see this; report it.",
  },
  invalid_request: {
    code: 'stripe_invalid_request',
    hint: () => 'Stripe refused the request as invalid. The message names the parameter; fix the source object or the manifest.',
  },
  authentication: {
    code: 'stripe_authentication',
    hint: (c) => `Stripe did not accept the key in ${c.keyVariable}. Check that it is current (not rolled or deleted).`,
  },
  permission: {
    code: 'stripe_permission',
    hint: (c) => `The key in ${c.keyVariable} lacks a permission this command needs (named above). Use a secret key or grant it to the restricted key.`,
  },
  rate_limit: {
    code: 'stripe_rate_limited',
    hint: () => 'Stripe is rate limiting this account. Wait a moment and re-run; the run is safe to repeat.',
  },
  idempotency: {
    code: 'stripe_idempotency',
    hint: () => 'An idempotency key was reused with different parameters: the plan file changed between runs. Re-run `migrate plan`.',
  },
  connection: {
    code: 'stripe_unreachable',
    hint: (c) => `Could not reach ${c.apiBase}. Check the network${c.apiBase.includes('stripe.com') ? '' : ' and STRIPE_API_BASE'}; re-running is safe.`,
  },
  api: {
    code: 'stripe_api_error',
    hint: () => 'Stripe had a problem on its side. Re-running is safe: every write carries an idempotency key.',
  },
};

function categoryOf(error: Stripe.errors.StripeError): Category {
  if (error instanceof Stripe.errors.StripeCardError) return 'card';
  if (error instanceof Stripe.errors.StripeAuthenticationError) return 'authentication';
  if (error instanceof Stripe.errors.StripePermissionError) return 'permission';
  if (error instanceof Stripe.errors.StripeRateLimitError) return 'rate_limit';
  if (error instanceof Stripe.errors.StripeIdempotencyError) return 'idempotency';
  if (error instanceof Stripe.errors.StripeConnectionError) return 'connection';
  if (error instanceof Stripe.errors.StripeInvalidRequestError) return 'invalid_request';
  return 'api';
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** `action` says what was being done, e.g. `reading prices` or `POST /v1/products`. */
export function toStripeApiError(error: unknown, action: string, context: ErrorContext): StripeApiError {
  if (error instanceof StripeApiError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new StripeApiError('stripe_unreachable', `${action} failed: ${message}`, { category: 'connection' }, {
      hint: CATEGORY_RULES.connection.hint(context),
      cause: error,
    });
  }
  const category = categoryOf(error);
  const rule = CATEGORY_RULES[category];
  const shouldRetryHeader = header(error.headers, 'stripe-should-retry');
  const detail = error.code ? ` [${error.code}${error.param ? ` ${error.param}` : ''}]` : '';
  return new StripeApiError(
    rule.code,
    `${action} failed: ${error.message}${detail}`,
    {
      status: error.statusCode,
      stripeCode: error.code,
      stripeType: error.rawType,
      param: error.param,
      requestId: error.requestId,
      shouldRetry: shouldRetryHeader === undefined ? undefined : shouldRetryHeader === 'true',
      category,
    },
    { hint: rule.hint(context), cause: error },
  );
}
