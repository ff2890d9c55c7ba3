/**
 * `validateManifests(dir)`: the offline checks of a manifests folder. Reads the folder once (the reader checks
 * YAML, schema, ids, cross-field rules and references), then runs the validate-only rules over the catalog it
 * produced. No key, no network.
 */
import type { Catalog } from '../catalog/types.js';
import { readManifests, type ReadManifestsResult } from '../manifests/read.js';
import { refineProblem } from './refine.js';
import { VALIDATION_RULES, type ValidationRule } from './rules.js';
import type { ValidationProblem, ValidationResult } from './problems.js';

export interface ValidatedManifests extends ValidationResult {
  read: ReadManifestsResult;
}

export async function validateManifests(dir: string): Promise<ValidatedManifests> {
  const read = await readManifests(dir);
  return { read, ...validateRead(read) };
}

/** The reader's problems (refined) and every rule's findings, located and sorted. */
export function validateRead(
  read: Pick<ReadManifestsResult, 'catalog' | 'problems' | 'locate'>,
  rules: readonly ValidationRule[] = VALIDATION_RULES,
): ValidationResult {
  const problems: ValidationProblem[] = read.problems.map(refineProblem);
  problems.push(...runRules(read.catalog, read.locate, rules));
  problems.sort(byLocation);
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { problems, errors, warnings: problems.length - errors };
}

function runRules(catalog: Catalog, locate: ReadManifestsResult['locate'], rules: readonly ValidationRule[]): ValidationProblem[] {
  return rules.flatMap((rule) =>
    rule.check(catalog).map((finding) => {
      // Every object in the catalog came from the folder, so it has a location; the fallback guards a bug only.
      const location = locate(finding.address, finding.field) ?? { file: finding.address };
      return { code: rule.code, severity: rule.severity, message: `${finding.address}: ${finding.message}`, location };
    }),
  );
}

function byLocation(a: ValidationProblem, b: ValidationProblem): number {
  const [fa, fb] = [a.location.file, b.location.file];
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
