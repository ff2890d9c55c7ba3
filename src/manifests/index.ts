/** The manifests folder: one YAML file per type, read into and written from a `Catalog`. */
export { readManifests, type ReadManifestsResult } from './read.js';
export { renderManifestFile, writeManifests, type WriteManifestsOptions, type WrittenFile } from './write.js';
export { formatProblem, hasErrors, type ManifestLocation, type ManifestProblem, type ProblemCode, type Severity } from './problems.js';
export { MANIFEST_FILES, schemaReference, type ManifestFile } from './files.js';
export { buildSchema, schemaText } from './schema.js';
