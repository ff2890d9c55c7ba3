/**
 * Writing a catalog to a manifests folder. Deterministic (objects sorted by id, fields in the model's order,
 * defaults omitted), so writing the same catalog twice gives the same bytes; and an existing file is updated
 * in place through the `yaml` Document API rather than regenerated, so comments a person added survive.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, isMap, isPair, isSeq, LineCounter, parseDocument, YAMLSeq } from 'yaml';
import { compareIds, sortById } from '../catalog/canonical.js';
import { objectsOf, type Catalog, type CatalogObject, type Product } from '../catalog/types.js';
import { MigrateError } from '../util/errors.js';
import { assertNoSecrets, writeFileSafely } from '../util/safe-write.js';
import { keyOf } from './yaml-tree.js';
import { toManifest } from './convert.js';
import { MANIFEST_FILES, SCHEMA_COMMENT_PREFIX, schemaReference, type ManifestFile } from './files.js';
import { locationAt } from './problems.js';
import { updateObjectList } from './yaml-update.js';

export interface WriteManifestsOptions {
  /**
   * Base of the `$schema` reference written on each file's first line (a path relative to the folder, or a
   * URL); `<type>.schema.json` is appended. Default: the relative path to this package's `schemas/`.
   */
  schemaPath?: string;
}

export interface WrittenFile {
  path: string;
  /** False when the file already had exactly this content (it is then not rewritten). */
  changed: boolean;
}

export async function writeManifests(dir: string, catalog: Catalog, options: WriteManifestsOptions = {}): Promise<WrittenFile[]> {
  // Every file is rendered before any is written: one unparseable file leaves the whole folder untouched.
  const rendered: { path: string; text: string; changed: boolean }[] = [];
  for (const spec of MANIFEST_FILES) {
    const path = join(dir, spec.file);
    const existing = await readIfExists(path);
    const objects = spec.type === 'product' ? productsWithFeatureKeys(catalog) : objectsOf(catalog, spec.type);
    if (spec.optional && existing === null && objects.length === 0) continue;
    const text = renderManifestFile(spec, objects, existing, schemaReference(dir, spec, options.schemaPath), path);
    rendered.push({ path, text, changed: text !== existing });
  }
  // Checked before any is written too: a key in one object's metadata leaves the whole folder untouched.
  for (const file of rendered) assertNoSecrets(file.path, file.text);
  for (const file of rendered) if (file.changed) await writeFileSafely(file.path, file.text);
  return rendered.map(({ path, changed }) => ({ path, changed }));
}

/**
 * Products as a manifest writes them: attached features by lookup key (`Product.features` holds ids), sorted.
 * A feature not in the catalog keeps its id, which the reader then reports.
 */
function productsWithFeatureKeys(catalog: Catalog): Product[] {
  const keys = new Map(objectsOf(catalog, 'feature').map((f) => [f.id, f.lookup_key]));
  return objectsOf(catalog, 'product').map((product) =>
    product.features === undefined ? product : { ...product, features: product.features.map((id) => keys.get(id) ?? id).sort(compareIds) },
  );
}

/**
 * The text of one manifest file for `objects`, updating `existing` (the file's current text) when there is
 * one. `path` is only used in error messages. Throws `yaml_syntax` when `existing` is not valid YAML: the
 * file is left for the person to fix rather than overwritten with their comments lost.
 */
export function renderManifestFile(
  spec: ManifestFile,
  objects: readonly CatalogObject[],
  existing: string | null,
  schemaRef: string,
  path: string = spec.file,
): string {
  const doc = existing === null ? new Document() : parseExisting(existing, path);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  const root = doc.contents;
  if (!isMap(root)) throw new Error('unreachable: the document root was just made a mapping');
  // Only the list key belongs at the top; anything else would fail the schema on the next read.
  root.items = root.items.filter((pair) => isPair(pair) && keyOf(pair) === spec.key).slice(0, 1);
  if (root.items.length === 0) root.items.push(doc.createPair(spec.key, new YAMLSeq()));
  const pair = root.items[0]!;
  if (!isSeq(pair.value)) pair.value = new YAMLSeq();
  const manifestObjects = sortById(objects).map((object) => toManifest(spec.type, object));
  updateObjectList(doc, pair.value as YAMLSeq, manifestObjects);
  setSchemaComment(doc, schemaRef);
  return doc.toString({ lineWidth: 0 });
}

function parseExisting(text: string, path: string): Document {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    const location = locationAt(path, lineCounter, error.pos[0]);
    throw new MigrateError('yaml_syntax', `${path}:${location.line}:${location.column}: ${error.message}`, {
      location,
      hint: 'Fix the YAML (or delete the file); existing files are updated in place to keep their comments.',
    });
  }
  return doc;
}

/**
 * The first line of the file is the editor's schema reference. An old reference is removed wherever the
 * parser attached it (the document, or the first key when no blank line follows it); other comments stay.
 */
function setSchemaComment(doc: Document, schemaRef: string): void {
  const withoutSchema = (comment: string | null | undefined) =>
    (comment ?? '')
      .split('\n')
      .filter((line) => !line.startsWith(SCHEMA_COMMENT_PREFIX))
      .join('\n') || undefined;
  const root = doc.contents;
  if (isMap(root)) {
    root.commentBefore = withoutSchema(root.commentBefore);
    const firstKey = root.items[0]?.key as { commentBefore?: string | null } | undefined;
    if (firstKey && typeof firstKey === 'object') firstKey.commentBefore = withoutSchema(firstKey.commentBefore);
  }
  doc.commentBefore = [`${SCHEMA_COMMENT_PREFIX}${schemaRef}`, withoutSchema(doc.commentBefore)].filter(Boolean).join('\n');
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
