/**
 * How validation problems are shown: one line per problem for terminals and CI logs
 * (`file:line:col: error CODE message`) plus a closing count, or one JSON object. File paths are made
 * relative to the working folder so CI annotations and editors can open them.
 */
import { isAbsolute, relative } from 'node:path';
import { formatLocation, type Location } from '../util/errors.js';
import type { ValidationProblem, ValidationResult } from './problems.js';

export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/');
}

export function relativeLocation(location: Location, cwd: string): Location {
  return { ...location, file: displayPath(location.file, cwd) };
}

export function formatValidationLine(problem: ValidationProblem, cwd: string): string {
  return `${formatLocation(relativeLocation(problem.location, cwd))}: ${problem.severity} ${problem.code} ${problem.message}`;
}

export function formatSummary(result: ValidationResult, dir: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (result.errors === 0 && result.warnings === 0) return `${dir}: valid, no problems.`;
  return `${dir}: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}.`;
}

export function validationToJson(result: ValidationResult, cwd: string) {
  return {
    ok: result.errors === 0,
    errors: result.errors,
    warnings: result.warnings,
    problems: result.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      ...relativeLocation(p.location, cwd),
    })),
  };
}
