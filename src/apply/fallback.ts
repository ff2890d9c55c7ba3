/**
 * The Plans-API fallback: when Stripe refuses to create a recurring price through `POST /v1/plans` with the
 * price's own id, the same price is created through `POST /v1/prices` (Stripe assigns the id) carrying the
 * source id in the reserved link metadata key, exactly like a one-time price. One table maps Plans parameters to
 * Prices parameters.
 */
import { LINK_METADATA_KEY } from '../catalog/types.js';
import type { WireParams, WireValue } from '../stripe/types.js';
import type { StripeApiError } from '../util/errors.js';

/** Plans parameter → its dotted path in a price (`recurring.x` nests), where the names differ. */
export const PLAN_FIELD_PATHS: Readonly<Record<string, string>> = {
  amount: 'unit_amount',
  amount_decimal: 'unit_amount_decimal',
  interval: 'recurring.interval',
  interval_count: 'recurring.interval_count',
  usage_type: 'recurring.usage_type',
  trial_period_days: 'recurring.trial_period_days',
  meter: 'recurring.meter',
  transform_usage: 'transform_quantity',
};

/** Plans parameters a Prices create does not take: the id is Stripe's to assign there. */
const NOT_SENT_TO_PRICES = new Set(['id']);

/** 400 codes on a plan create that say nothing about the id, so another endpoint would not help. */
const NOT_ABOUT_THE_ID = new Set(['resource_already_exists', 'resource_missing']);

/** True when a plan create was refused in a way the Prices API may not refuse (the id itself, a plan-only rule). */
export function isPlanCreateRefusal(error: StripeApiError): boolean {
  return error.details.status === 400 && error.details.category === 'invalid_request' && !NOT_ABOUT_THE_ID.has(error.details.stripeCode ?? '');
}

export function planParamsToPriceParams(params: WireParams, sourceId: string): WireParams {
  const out: { [key: string]: WireValue } = {};
  const recurring: { [key: string]: WireValue } = {};
  for (const [name, value] of Object.entries(params)) {
    if (NOT_SENT_TO_PRICES.has(name)) continue;
    const target = PLAN_FIELD_PATHS[name] ?? name;
    if (target.startsWith('recurring.')) recurring[target.slice('recurring.'.length)] = value;
    else out[target] = value;
  }
  out.recurring = recurring;
  const metadata = typeof params.metadata === 'object' && params.metadata !== null && !Array.isArray(params.metadata) ? params.metadata : {};
  out.metadata = { ...metadata, [LINK_METADATA_KEY]: sourceId };
  return out;
}
