/**
 * Problems found while reading a manifests folder. Codes are stable (scripts and CI may match on them); every
 * problem points at a file, and at a line and column wherever there is a node to point at.
 */
import { formatLocation, type Location } from '../util/errors.js';
import type { LinePositions } from './tree.js';

export type ProblemCode =
  /** The folder does not exist (or is not a folder). */
  | 'manifests_missing'
  /** A file that cannot be read. */
  | 'manifest_unreadable'
  /** A YAML file in the folder that is not one of the manifest files (ignored). */
  | 'manifest_unknown_file'
  /** The file is not valid YAML. */
  | 'yaml_syntax'
  /** A key appears twice in one mapping. */
  | 'yaml_duplicate_key'
  /** The YAML parser's own warnings (e.g. an unknown tag). */
  | 'yaml_warning'
  /** A field the format does not have. */
  | 'schema_unknown_field'
  /** A value of the wrong type. */
  | 'schema_type'
  /** A required field is missing. */
  | 'schema_required'
  /** A string that does not have the required form (currency code, decimal). */
  | 'schema_pattern'
  /** A number outside its allowed range. */
  | 'schema_range'
  /** Two objects of one type with the same id. */
  | 'id_duplicate'
  /** Both the integer and the decimal form of one amount. */
  | 'amount_conflict'
  /** A per-unit price with no amount at all. */
  | 'amount_missing'
  /** A coupon with neither or both of `percent_off` and `amount_off`. */
  | 'coupon_discount'
  /** `amount_off` without `currency`, or currency options on a percent coupon. */
  | 'coupon_currency'
  /** A metered price without `recurring.meter` (Stripe refuses it). */
  | 'price_meter_missing'
  /** A product's `features` names a lookup key no feature in features.yaml has. */
  | 'feature_reference_unknown'
  /** A price's `recurring.meter` names a meter not defined in the folder. */
  | 'meter_reference_unknown'
  /** `duration_in_months` missing on a repeating coupon, or set on another. */
  | 'coupon_duration'
  /** A tiered price without tiers or tiers mode, or tiers on a per-unit price. */
  | 'price_tiers'
  /** A currency option for the price's or coupon's own currency. */
  | 'currency_option_own_currency'
  /** A reference to an id not defined in the folder (it must then exist in the target account). */
  | 'reference_unknown';

export type Severity = 'error' | 'warning';

export interface ManifestLocation extends Location {
  line: number;
  column: number;
}

export interface ManifestProblem {
  code: ProblemCode;
  message: string;
  severity: Severity;
  /** `line` and `column` are 1-based; a folder-level problem has only `file`. */
  location: Location;
}

/** The location of a source offset in a parsed file. */
export function locationAt(file: string, lines: LinePositions, offset: number): ManifestLocation {
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col };
}

/** `file:line:column severity code: message`, the one-line form for terminals and CI logs. */
export function formatProblem(problem: ManifestProblem): string {
  return `${formatLocation(problem.location)} ${problem.severity} ${problem.code}: ${problem.message}`;
}

export function hasErrors(problems: readonly ManifestProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
