/**
 * Prices and legacy plans → the catalog `Price`. A plan is the same Stripe object seen through the Plans API:
 * `amount` is `unit_amount`, its interval fields are `recurring`, `transform_usage` is `transform_quantity`,
 * and it cannot carry the price-only fields, which take their defaults.
 */
import type Stripe from 'stripe';
import { canonicalAmount } from './normalize-amount.js';
import { FieldReader, mapList, type WireObject } from './normalize-read.js';
import type { CurrencyOption, CustomUnitAmount, Price, Recurring, TaxBehavior, Tier } from './types.js';

export type PriceInput = Stripe.Price | WireObject;
export type PlanInput = Stripe.Plan | WireObject;

const INTERVALS = ['day', 'week', 'month', 'year'] as const;
const USAGE_TYPES = ['licensed', 'metered'] as const;
const BILLING_SCHEMES = ['per_unit', 'tiered'] as const;
const TIERS_MODES = ['graduated', 'volume'] as const;
const TAX_BEHAVIORS = ['inclusive', 'exclusive', 'unspecified'] as const satisfies readonly TaxBehavior[];
const ROUNDING = ['up', 'down'] as const;

export function normalizePrice(input: PriceInput): Price {
  const r = FieldReader.of(input, 'price');
  const currency = r.string('currency').toLowerCase();
  const amount = amountOf(r, 'unit_amount', 'unit_amount_decimal');
  const recurring = r.nested('recurring');
  return {
    id: r.string('id'),
    product: r.id('product'),
    active: r.boolean('active'),
    currency,
    unit_amount: amount.int,
    unit_amount_decimal: amount.decimal,
    billing_scheme: r.oneOf('billing_scheme', BILLING_SCHEMES, 'per_unit'),
    tiers_mode: r.oneOfOrNull('tiers_mode', TIERS_MODES),
    tiers: tiersOf(r),
    transform_quantity: transformOf(r, 'transform_quantity'),
    recurring: recurring === null ? null : recurringOf(recurring),
    custom_unit_amount: customUnitAmountOf(r, amount.int !== null || amount.decimal !== null),
    currency_options: currencyOptionsOf(r, currency),
    lookup_key: r.stringOrNull('lookup_key'),
    tax_behavior: r.oneOf('tax_behavior', TAX_BEHAVIORS, 'unspecified'),
    nickname: r.stringOrNull('nickname'),
    metadata: r.metadata(),
    link: r.link(),
  };
}

export function normalizePlan(input: PlanInput): Price {
  const r = FieldReader.of(input, 'plan');
  const amount = amountOf(r, 'amount', 'amount_decimal');
  return {
    id: r.string('id'),
    product: r.id('product'),
    active: r.boolean('active'),
    currency: r.string('currency').toLowerCase(),
    unit_amount: amount.int,
    unit_amount_decimal: amount.decimal,
    billing_scheme: r.oneOf('billing_scheme', BILLING_SCHEMES, 'per_unit'),
    tiers_mode: r.oneOfOrNull('tiers_mode', TIERS_MODES),
    tiers: tiersOf(r),
    transform_quantity: transformOf(r, 'transform_usage'),
    recurring: recurringOf(r),
    custom_unit_amount: null,
    currency_options: {},
    lookup_key: null,
    tax_behavior: 'unspecified',
    nickname: r.stringOrNull('nickname'),
    metadata: r.metadata(),
    link: r.link(),
  };
}

function amountOf(r: FieldReader, intKey: string, decimalKey: string) {
  return canonicalAmount(r.integerOrNull(intKey), r.decimalOrNull(decimalKey), `${r.where}: ${intKey}`);
}

/** Reads `interval`… from a price's `recurring` or from a plan's top level, where they live on the plan. */
function recurringOf(r: FieldReader): Recurring {
  return {
    interval: r.oneOf('interval', INTERVALS),
    interval_count: r.has('interval_count') ? r.integer('interval_count') : 1,
    usage_type: r.oneOf('usage_type', USAGE_TYPES, 'licensed'),
    trial_period_days: r.integerOrNull('trial_period_days'),
    meter: r.stringOrNull('meter'),
  };
}

/** `tiers` is only serialised when expanded; absent means "not tiered" (or not read), never `[]`. */
function tiersOf(r: FieldReader): Tier[] | null {
  const list = r.arrayOrNull('tiers');
  return list === null ? null : mapList(list, (item, i) => tierOf(r.child(item, `tiers[${i}]`)));
}

function tierOf(t: FieldReader): Tier {
  const unit = canonicalAmount(t.integerOrNull('unit_amount'), t.decimalOrNull('unit_amount_decimal'), `${t.where}: tier unit_amount`);
  const flat = canonicalAmount(t.integerOrNull('flat_amount'), t.decimalOrNull('flat_amount_decimal'), `${t.where}: tier flat_amount`);
  const upTo = t.raw('up_to');
  return {
    up_to: upTo === null || upTo === 'inf' ? 'inf' : t.integer('up_to'),
    unit_amount: unit.int,
    unit_amount_decimal: unit.decimal,
    flat_amount: flat.int,
    flat_amount_decimal: flat.decimal,
  };
}

function transformOf(r: FieldReader, key: string): Price['transform_quantity'] {
  const t = r.nested(key);
  return t === null ? null : { divide_by: t.integer('divide_by'), round: t.oneOf('round', ROUNDING) };
}

/**
 * A price either has a unit amount or lets the customer choose one; Stripe's example price shows an all-null
 * `custom_unit_amount` next to a `unit_amount`, which says nothing, so it reads as `null`.
 */
function customUnitAmountOf(r: FieldReader, hasAmount: boolean): CustomUnitAmount | null {
  const c = r.nested('custom_unit_amount');
  if (c === null) return null;
  const value = { minimum: c.integerOrNull('minimum'), maximum: c.integerOrNull('maximum'), preset: c.integerOrNull('preset') };
  const empty = value.minimum === null && value.maximum === null && value.preset === null;
  return hasAmount && empty ? null : value;
}

/** Stripe lists the price's own currency among the options when expanded; the model keeps only the others. */
function currencyOptionsOf(r: FieldReader, ownCurrency: string): Record<string, CurrencyOption> {
  const out: Record<string, CurrencyOption> = {};
  for (const [currency, value] of r.currencyEntries('currency_options')) {
    if (currency === ownCurrency) continue;
    const o = r.child(value, `currency_options.${currency}`);
    const amount = canonicalAmount(o.integerOrNull('unit_amount'), o.decimalOrNull('unit_amount_decimal'), `${o.where}: currency_options.${currency}.unit_amount`);
    const tiers = o.arrayOrNull('tiers');
    out[currency] = {
      unit_amount: amount.int,
      unit_amount_decimal: amount.decimal,
      tax_behavior: o.oneOfOrNull('tax_behavior', TAX_BEHAVIORS),
      custom_unit_amount: customUnitAmountOf(o, amount.int !== null || amount.decimal !== null),
      tiers: tiers === null ? null : mapList(tiers, (item, i) => tierOf(o.child(item, `tiers[${i}]`))),
    };
  }
  return out;
}
