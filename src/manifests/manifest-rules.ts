/**
 * Rules across fields that a JSON Schema cannot say well, checked on manifest objects with defaults filled in:
 * one table of per-object rules, one of references between objects. They catch in the editor-to-CI loop what
 * Stripe would otherwise refuse halfway through an apply.
 */
import type { ResourceType } from '../catalog/types.js';
import type { ManifestObject } from './convert.js';
import type { ProblemCode, Severity } from './problems.js';

export interface RuleFinding {
  code: ProblemCode;
  severity: Severity;
  /** Field path inside the object (`tiers[2].up_to`), or `''` for the object itself. */
  field: string;
  message: string;
}

/** A rule adds what it finds to `found` (most objects have nothing to report: no list per rule and object). */
type Check = (o: ManifestObject, found: RuleFinding[]) => void;

const error = (code: ProblemCode, field: string, message: string): RuleFinding => ({ code, severity: 'error', field, message });
const warning = (code: ProblemCode, field: string, message: string): RuleFinding => ({ code, severity: 'warning', field, message });

type Amounts = Record<string, unknown>;

/** An amount's field and the field of its decimal form. */
type AmountForms = readonly [string, string];
const UNIT_AMOUNT: readonly AmountForms[] = [['unit_amount', 'unit_amount_decimal']];
const TIER_AMOUNTS: readonly AmountForms[] = [
  ['unit_amount', 'unit_amount_decimal'],
  ['flat_amount', 'flat_amount_decimal'],
];

/** Both forms of one amount given: Stripe accepts only one. */
function amountConflicts(o: Amounts, prefix: string, amounts: readonly AmountForms[], found: RuleFinding[]): void {
  for (const [name, decimal] of amounts) {
    if (o[name] != null && o[decimal] != null) found.push(error('amount_conflict', `${prefix}${decimal}`, `set ${prefix}${name} or ${prefix}${decimal}, not both.`));
  }
}

function tiersOf(o: Amounts): Amounts[] {
  return Array.isArray(o.tiers) ? (o.tiers as Amounts[]) : [];
}

function tierConflicts(o: Amounts, prefix: string, found: RuleFinding[]): void {
  const tiers = tiersOf(o);
  for (let i = 0; i < tiers.length; i += 1) amountConflicts(tiers[i]!, `${prefix}tiers[${i}].`, TIER_AMOUNTS, found);
}

const priceRules: Check[] = [
  (o, found) => {
    amountConflicts(o, '', UNIT_AMOUNT, found);
    tierConflicts(o, '', found);
    for (const code in o.currency_options as Record<string, Amounts>) {
      const option = (o.currency_options as Record<string, Amounts>)[code]!;
      amountConflicts(option, `currency_options.${code}.`, UNIT_AMOUNT, found);
      tierConflicts(option, `currency_options.${code}.`, found);
    }
  },
  (o, found) => {
    if (o.billing_scheme === 'per_unit' && o.unit_amount == null && o.unit_amount_decimal == null && o.custom_unit_amount == null) {
      found.push(error('amount_missing', '', 'a per-unit price needs unit_amount, unit_amount_decimal or custom_unit_amount.'));
    }
  },
  (o, found) => {
    if (o.billing_scheme === 'per_unit') {
      if (o.tiers != null || o.tiers_mode != null) found.push(error('price_tiers', o.tiers != null ? 'tiers' : 'tiers_mode', 'tiers and tiers_mode need billing_scheme: tiered.'));
      return;
    }
    const tiers = tiersOf(o);
    if (tiers.length === 0) found.push(error('price_tiers', 'billing_scheme', 'a tiered price needs tiers.'));
    else if (o.tiers_mode == null) found.push(error('price_tiers', 'billing_scheme', 'a tiered price needs tiers_mode (graduated or volume).'));
    else if (tiers[tiers.length - 1]!.up_to !== 'inf') found.push(error('price_tiers', `tiers[${tiers.length - 1}].up_to`, 'the last tier needs up_to: inf.'));
  },
  (o, found) => {
    const recurring = o.recurring as { usage_type?: unknown; meter?: unknown } | null;
    if (recurring?.usage_type === 'metered' && recurring.meter == null) {
      found.push(error('price_meter_missing', 'recurring.usage_type', 'a metered price needs recurring.meter (Stripe refuses metered prices without a meter).'));
    }
  },
  (o, found) => {
    if (Object.hasOwn(o.currency_options as object, o.currency as string)) {
      found.push(warning('currency_option_own_currency', `currency_options.${String(o.currency)}`, `the price's own currency is set by currency and unit_amount; this option is ignored.`));
    }
  },
];

const couponRules: Check[] = [
  (o, found) => {
    const count = (o.percent_off != null ? 1 : 0) + (o.amount_off != null ? 1 : 0);
    if (count !== 1) found.push(error('coupon_discount', '', count === 0 ? 'set percent_off or amount_off.' : 'set percent_off or amount_off, not both.'));
  },
  (o, found) => {
    if (o.amount_off != null && o.currency == null) found.push(error('coupon_currency', 'amount_off', 'amount_off needs a currency.'));
    else if (o.percent_off != null && Object.keys(o.currency_options as object).length > 0) {
      found.push(error('coupon_currency', 'currency_options', 'currency_options apply to amount_off coupons only.'));
    } else if (o.currency != null && Object.hasOwn(o.currency_options as object, o.currency as string)) {
      found.push(warning('currency_option_own_currency', `currency_options.${String(o.currency)}`, `the coupon's own currency is set by currency and amount_off; this option is ignored.`));
    }
  },
  (o, found) => {
    if (o.duration === 'repeating' && o.duration_in_months == null) found.push(error('coupon_duration', 'duration', 'a repeating coupon needs duration_in_months.'));
    else if (o.duration !== 'repeating' && o.duration_in_months != null) {
      found.push(warning('coupon_duration', 'duration_in_months', `duration_in_months has no effect with duration: ${String(o.duration)}.`));
    }
  },
];

export const OBJECT_RULES: Record<ResourceType, Check[]> = { product: [], price: priceRules, coupon: couponRules, meter: [], promotion_code: [], tax_rate: [], shipping_rate: [], feature: [] };

export function checkObjectRules(type: ResourceType, object: ManifestObject): RuleFinding[] {
  const found: RuleFinding[] = [];
  for (const rule of OBJECT_RULES[type]) rule(object, found);
  return found;
}

/** Ids defined in the folder, by type. */
export type DefinedIds = Record<ResourceType, { has(id: string): boolean }>;

type ReferenceCheck = (o: ManifestObject, ids: DefinedIds, found: RuleFinding[]) => void;

function unknownRef(field: string, type: ResourceType, id: string): RuleFinding {
  return warning('reference_unknown', field, `${type} ${id} is not defined in this folder; it must exist in the target account.`);
}

export const REFERENCE_RULES: Record<ResourceType, ReferenceCheck[]> = {
  product: [
    (o, ids, found) => {
      if (typeof o.default_price === 'string' && !ids.price.has(o.default_price)) found.push(unknownRef('default_price', 'price', o.default_price));
    },
  ],
  price: [
    (o, ids, found) => {
      if (typeof o.product === 'string' && !ids.product.has(o.product)) found.push(unknownRef('product', 'product', o.product));
    },
    (o, ids, found) => {
      const meter = (o.recurring as { meter?: unknown } | null)?.meter;
      // Live meters never have the source's id, so a meter must be defined here for the price to find its twin.
      if (typeof meter === 'string' && !ids.meter.has(meter)) {
        found.push(warning('meter_reference_unknown', 'recurring.meter', `meter ${meter} is not defined in meters.yaml; it must exist in the target account under this id.`));
      }
    },
  ],
  coupon: [
    (o, ids, found) => {
      const products = (o.applies_to as { products?: string[] } | null)?.products ?? [];
      products.forEach((id, i) => ids.product.has(id) || found.push(unknownRef(`applies_to.products[${i}]`, 'product', id)));
    },
  ],
  meter: [],
  promotion_code: [
    (o, ids, found) => {
      if (typeof o.coupon === 'string' && !ids.coupon.has(o.coupon)) found.push(unknownRef('coupon', 'coupon', o.coupon));
    },
  ],
  tax_rate: [],
  shipping_rate: [],
  feature: [],
};

export function checkReferences(type: ResourceType, object: ManifestObject, ids: DefinedIds): RuleFinding[] {
  const found: RuleFinding[] = [];
  for (const rule of REFERENCE_RULES[type]) rule(object, ids, found);
  return found;
}
