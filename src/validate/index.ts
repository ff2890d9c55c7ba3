/** `migrate validate`: offline checks of a manifests folder with stable codes and file:line:column. */
export { validateManifests, validateRead, type ValidatedManifests } from './validate.js';
export { VALIDATION_RULES, type Finding, type ValidationRule } from './rules.js';
export { displayPath, formatSummary, formatValidationLine, relativeLocation, validationToJson } from './format.js';
export type { ValidateCode, ValidationProblem, ValidationResult } from './problems.js';
