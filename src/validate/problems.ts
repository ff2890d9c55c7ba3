/**
 * What `migrate validate` reports: the manifests reader's own problems (codes from `manifests/problems.ts`,
 * some renamed to a more specific code, see `refine.ts`) plus the codes of the checks only validate runs
 * (`rules.ts`). Codes are stable: scripts, editors and CI match on them.
 */
import type { ProblemCode, Severity } from '../manifests/problems.js';
import type { Location } from '../util/errors.js';

export type ValidateCode =
  | ProblemCode
  /** (warning) An id live keeps, with characters Stripe refuses in a new custom id (only letters, digits, `_` and `-`). */
  | 'id_charset'
  /** A price names a product that is not in the folder. */
  | 'ref_missing_product'
  /** A product's `default_price` is not in the folder. */
  | 'ref_missing_default_price'
  /** A promotion code's `coupon` is not in the folder. */
  | 'ref_missing_coupon'
  /** A price's `recurring.meter` names a meter that is not in the folder. */
  | 'ref_missing_meter'
  /** A coupon's `applies_to.products` names a product that is not in the folder. */
  | 'ref_missing_applies_to'
  /** A well-formed currency code that Stripe does not support. */
  | 'currency_unknown'
  /** `duration_in_months` on a coupon whose duration is not `repeating`. */
  | 'duration_in_months_without_repeating'
  /** A tiered price without `recurring`: Stripe tiers recurring prices only. */
  | 'tiered_not_recurring'
  /** Tier bounds that do not increase. */
  | 'tiers_not_increasing'
  | 'metadata_too_many_keys'
  | 'metadata_key_too_long'
  | 'metadata_value_too_long'
  /** Two prices with one `lookup_key`. */
  | 'lookup_key_duplicate'
  /** Two active entitlement features with one `lookup_key` (Stripe keeps a key unique among active features). */
  | 'feature_lookup_key_duplicate'
  /** A `lookup_key` longer than Stripe's 200 characters. */
  | 'lookup_key_too_long';

/** One problem. Invariant: `location.file` is set; `line`/`column` are 1-based and absent only for folder-level problems. */
export interface ValidationProblem {
  code: ValidateCode;
  severity: Severity;
  message: string;
  location: Location;
}

export interface ValidationResult {
  /** Sorted by file, line, column. */
  problems: ValidationProblem[];
  errors: number;
  warnings: number;
}
