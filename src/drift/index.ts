/** `migrate drift`: the manifests against an account, as differences located in the manifests. */
export { accountView } from './account-view.js';
export { computeDrift, type DriftInput } from './compute-drift.js';
export { driftToJson, renderDriftGithub, renderDriftText, type DriftFormat } from './render.js';
export type { Difference, DifferenceKind, DriftAgainst, DriftReport } from './types.js';
