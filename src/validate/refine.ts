/**
 * The reader's problems as validate reports them. The reader treats an unknown reference as a warning (the id
 * may exist in the target account) and a stray `duration_in_months` as harmless; the issue asks validate to
 * refuse both, under codes that say which rule broke. The file a problem is in tells which reference it is, so
 * no message is parsed.
 */
import { basename } from 'node:path';
import type { ManifestProblem, ProblemCode, Severity } from '../manifests/problems.js';
import type { ValidateCode, ValidationProblem } from './problems.js';

interface Refinement {
  from: ProblemCode;
  /** Only problems of this severity (when the reader uses one code for two cases). */
  severity?: Severity;
  /** Only problems in this manifest file. */
  file?: string;
  to: ValidateCode;
  as: Severity;
}

const REFINEMENTS: readonly Refinement[] = [
  { from: 'reference_unknown', file: 'products.yaml', to: 'ref_missing_default_price', as: 'error' },
  { from: 'reference_unknown', file: 'prices.yaml', to: 'ref_missing_product', as: 'error' },
  { from: 'reference_unknown', file: 'coupons.yaml', to: 'ref_missing_applies_to', as: 'error' },
  { from: 'reference_unknown', file: 'promotion_codes.yaml', to: 'ref_missing_coupon', as: 'error' },
  { from: 'meter_reference_unknown', to: 'ref_missing_meter', as: 'error' },
  { from: 'coupon_duration', severity: 'warning', to: 'duration_in_months_without_repeating', as: 'error' },
];

export function refineProblem(problem: ManifestProblem): ValidationProblem {
  const rule = REFINEMENTS.find(
    (r) =>
      r.from === problem.code &&
      (r.severity === undefined || r.severity === problem.severity) &&
      (r.file === undefined || basename(problem.location.file) === r.file),
  );
  if (rule === undefined) return { ...problem };
  const message = rule.from === 'reference_unknown' ? problem.message.replace(/; it must exist in the target account\.$/, '.') : problem.message;
  return { ...problem, code: rule.to, severity: rule.as, message };
}
