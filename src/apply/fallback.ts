/**
 * The id fallbacks: when Stripe refuses to create an object under its own id, the same object is created with an
 * id Stripe assigns, carrying the source id in the reserved link metadata key, and found by that link from then
 * on. A recurring price the Plans API refuses goes to `POST /v1/prices` (exactly like a one-time price; one table
 * maps Plans parameters to Prices parameters); a product refused under its id (api-notes §2: whether a custom id
 * may start with `prod_` is unconfirmed) goes to `POST /v1/products` without one.
 */
import { withLink } from '../plan/params.js';
import type { WireParams, WireValue } from '../stripe/types.js';
import { StripeApiError } from '../util/errors.js';

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
function isPlanCreateRefusal(error: StripeApiError): boolean {
  return error.details.status === 400 && error.details.category === 'invalid_request' && !NOT_ABOUT_THE_ID.has(error.details.stripeCode ?? '');
}

function planParamsToPriceParams(params: WireParams, sourceId: string): WireParams {
  const out: { [key: string]: WireValue } = {};
  const recurring: { [key: string]: WireValue } = {};
  for (const [name, value] of Object.entries(params)) {
    if (NOT_SENT_TO_PRICES.has(name)) continue;
    const target = PLAN_FIELD_PATHS[name] ?? name;
    if (target.startsWith('recurring.')) recurring[target.slice('recurring.'.length)] = value;
    else out[target] = value;
  }
  out.recurring = recurring;
  out.metadata = withLink(params.metadata, sourceId) as WireValue;
  return out;
}

/**
 * A create refused because of the id it asked for: a 400 that names the `id` parameter, or names none but quotes
 * the id (api-notes §2 does not record Stripe's answer).
 */
function isIdRefusal(error: StripeApiError, sentId: string): boolean {
  const { status, category, param, stripeCode } = error.details;
  if (status !== 400 || category !== 'invalid_request' || NOT_ABOUT_THE_ID.has(stripeCode ?? '')) return false;
  return param === 'id' || (param === undefined && error.message.includes(sentId));
}

function withoutIdLinked(params: WireParams, sourceId: string): WireParams {
  const { id: _id, ...rest } = params;
  return { ...rest, metadata: withLink(params.metadata, sourceId) as WireValue };
}

/** Where a create Stripe refused under the object's own id goes instead. */
export interface IdFallback {
  /** The create path that takes it, with an id Stripe assigns. */
  path: string;
  /** How the messages name that way. */
  via: string;
  /** Whether `error` refused the create that sent `sentId` in a way this fallback may get around. */
  refused(error: StripeApiError, sentId: string): boolean;
  params(sent: WireParams, sourceId: string): WireParams;
  /**
   * The kind of id Stripe refuses alike (its prefix), if any: once a create of the kind was refused because of
   * its id (`isIdRefusal`), the run sends the others of that kind straight to the fallback instead of asking
   * Stripe again for each.
   */
  alike(id: string): string | undefined;
}

const prefixed = (prefix: string) => (id: string) => (id.startsWith(prefix) ? prefix : undefined);

/** By the create path Stripe refused. */
export const ID_FALLBACKS: Readonly<Record<string, IdFallback>> = {
  // api-notes §12.2: whether a plan id may start with `price_` is unconfirmed.
  '/v1/plans': { path: '/v1/prices', via: 'the Prices API', refused: isPlanCreateRefusal, params: planParamsToPriceParams, alike: prefixed('price_') },
  '/v1/products': { path: '/v1/products', via: 'an id Stripe assigns', refused: isIdRefusal, params: withoutIdLinked, alike: prefixed('prod_') },
};

/**
 * One create's part in what a run learns about the ids Stripe refuses (`IdFallback.alike`; `refused` holds the
 * kinds learnt, as `<create path> <kind>`): whether it may be spared asking (a create of its kind was refused
 * because of its id while this one waited for its turn), and what its own refusal teaches. A create an earlier
 * run began (`begun`), or this one already sent, is always asked: it may have landed.
 */
export class KindGuard {
  /** The create's kind of id (its prefix), if its fallback knows kinds. */
  readonly kind: string | undefined;
  private readonly key: string | undefined;
  private asked: boolean;
  /** This create's refusal taught the run its kind. */
  first = false;

  constructor(private readonly refused: Set<string>, path: string, private readonly id: unknown, begun: boolean) {
    this.kind = typeof id === 'string' ? ID_FALLBACKS[path]?.alike(id) : undefined;
    this.key = this.kind === undefined ? undefined : `${path} ${this.kind}`;
    this.asked = begun;
  }

  /** Called as the request is about to leave: true when it need not (then it does not count as asked). */
  spared(): boolean {
    if (!this.asked && this.key !== undefined && this.refused.has(this.key)) return true;
    this.asked = true;
    return false;
  }

  /** Called with the request's failure as it arrives, before its turn is handed on. */
  learn(error: unknown): void {
    if (this.key === undefined || !(error instanceof StripeApiError) || !isIdRefusal(error, this.id as string)) return;
    this.first = !this.refused.has(this.key);
    this.refused.add(this.key);
  }
}
