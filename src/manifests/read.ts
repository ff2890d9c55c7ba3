/**
 * Reading a manifests folder into a `Catalog`, with every problem found (YAML syntax, schema, cross-field
 * rules, duplicate ids, unknown references) located at file:line:column, and a `locate` function for callers
 * that need to point at an object or field later (drift reports).
 *
 * An object with an error is left out of the catalog; callers must not plan from a folder with errors.
 * Warnings leave the object in.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import { compareIds, sortCatalog } from '../catalog/canonical.js';
import { CATALOG_LISTS, RESOURCE_TYPES, emptyCatalog, type Catalog, type CatalogObject, type Feature, type Product, type ResourceType } from '../catalog/types.js';
import type { Location } from '../util/errors.js';
import { parseBlockYaml, plainValue } from './block-yaml.js';
import { checkObject, keyOf, offsetOf, resolveNode, type CheckContext } from './check.js';
import { fillDefaults, fromManifest, type ManifestObject } from './convert.js';
import { FIELDS } from './fields.js';
import { MANIFEST_FILES, type ManifestFile } from './files.js';
import { fieldOffset } from './locate.js';
import { checkObjectRules, checkReferences, type DefinedIds, type RuleFinding } from './manifest-rules.js';
import { locationAt, type ManifestLocation, type ManifestProblem } from './problems.js';

export interface ReadManifestsResult {
  /** Valid objects only, lists sorted by id. */
  catalog: Catalog;
  /** Sorted by file, then line and column. */
  problems: ManifestProblem[];
  /**
   * Where an object (`product/prod_basic`) or one of its fields (`metadata.tier`) is written; for a field left
   * at its default, the nearest enclosing field that is written. `undefined` for an object not in the folder.
   */
  locate(address: string, field?: string): ManifestLocation | undefined;
}

/** One object as found in a file. */
interface Source {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  map: YAMLMap;
}

interface Converted {
  type: ResourceType;
  filled: ManifestObject;
  object: CatalogObject;
  source: Source;
}

export async function readManifests(dir: string): Promise<ReadManifestsResult> {
  const problems: ManifestProblem[] = [];
  const sources = new Map<string, Source>();
  const locate = (address: string, field?: string): ManifestLocation | undefined => {
    const source = sources.get(address);
    if (source === undefined) return undefined;
    const offset = field === undefined || field === '' ? offsetOf(source.map, 0) : fieldOffset(source.doc, source.map, field);
    return locationAt(source.file, source.lineCounter, offset);
  };

  if (!(await isDirectory(dir))) {
    problems.push({
      code: 'manifests_missing',
      severity: 'error',
      message: `No manifests folder at ${dir}. Create one with \`migrate export --out ${dir}\`.`,
      location: { file: dir },
    });
    return { catalog: emptyCatalog(), problems, locate };
  }
  problems.push(...(await unknownFiles(dir)));

  const converted: Converted[] = [];
  const defined = Object.fromEntries(RESOURCE_TYPES.map((type) => [type, new Set<string>()])) as Record<ResourceType, Set<string>>;
  /** Types whose file could not be parsed: references to them are not reported as unknown. */
  const unreadable = new Set<ResourceType>();
  for (const spec of MANIFEST_FILES) {
    const file = join(dir, spec.file);
    const result = await readFileItems(file, spec, problems);
    if (result === 'unreadable') {
      unreadable.add(spec.type);
      continue;
    }
    // One context per file, shared by its items: the checks and the items' sources point into the same file.
    const ctx: FileContext = { file, doc: result.doc, lineCounter: result.lineCounter, problems, toPlain: result.toPlain };
    result.items.forEach((node, index) => {
      const item = readItem(spec, ctx, node, index, defined[spec.type], sources);
      if (item !== null) converted.push(item);
    });
  }

  // A file that could not be parsed may define anything: references into it are not reported.
  const anything = { has: () => true };
  const known = Object.fromEntries(RESOURCE_TYPES.map((type) => [type, unreadable.has(type) ? anything : defined[type]])) as unknown as DefinedIds;
  const catalog = emptyCatalog();
  const featureIds = featureIdsByKey(converted);
  for (const item of converted) {
    addFindings(problems, item.source, checkReferences(item.type, item.filled, known));
    // A product naming an unknown feature has an error: like any object with one, it is left out.
    if (item.type === 'product' && !attachFeatures(item, featureIds, unreadable.has('feature'), problems)) continue;
    ((catalog[keyOfType(item.type)] ??= []) as CatalogObject[]).push(item.object);
  }
  return { catalog: sortCatalog(catalog), problems: sortProblems(problems), locate };
}

/** Feature lookup key → feature id; an active feature wins over archived ones with the same key. */
function featureIdsByKey(converted: readonly Converted[]): Map<string, string> {
  const ids = new Map<string, string>();
  const features = converted.filter((item) => item.type === 'feature').map((item) => item.object as Feature);
  for (const feature of [...features].sort((a, b) => Number(a.active) - Number(b.active))) ids.set(feature.lookup_key, feature.id);
  return ids;
}

/** A product's `features` are lookup keys in a manifest and feature ids in the catalog (`Product.features`). */
function attachFeatures(item: Converted, featureIds: ReadonlyMap<string, string>, featuresUnreadable: boolean, problems: ManifestProblem[]): boolean {
  const keys = (item.filled.features as string[] | null) ?? [];
  const ids: string[] = [];
  let known = true;
  keys.forEach((key, i) => {
    const id = featureIds.get(key);
    if (id !== undefined) ids.push(id);
    else if (!featuresUnreadable) {
      known = false;
      addFindings(problems, item.source, [
        { code: 'feature_reference_unknown', severity: 'error', field: `features[${i}]`, message: `no feature in features.yaml has lookup_key ${JSON.stringify(key)}.` },
      ]);
    }
  });
  if (ids.length > 0) (item.object as Product).features = [...new Set(ids)].sort(compareIds);
  return known;
}

/** The `yaml` library's reading, for what the block reader hands back: it also reports every syntax error. */
function parseYaml(text: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
}

/** What the checks of one file's items share. */
type FileContext = CheckContext & { toPlain: FileItems['toPlain'] };

type FileItems = {
  doc: Document;
  lineCounter: LineCounter;
  items: unknown[];
  /** The plain value of an item (the same for either reader; the block reader's is quicker). */
  toPlain: (node: Node) => unknown;
};

/** Parses one file and checks its top-level shape; a missing file has no items. */
async function readFileItems(file: string, spec: ManifestFile, problems: ManifestProblem[]): Promise<FileItems | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { doc: parseDocument(''), lineCounter: new LineCounter(), items: [], toPlain: plainValue };
    problems.push({ code: 'manifest_unreadable', severity: 'error', message: `Cannot read ${file}: ${(error as Error).message}`, location: { file } });
    return 'unreadable';
  }
  const fast = parseBlockYaml(text);
  const { doc, lineCounter } = fast ?? parseYaml(text);
  const toPlain = fast === null ? (node: Node) => node.toJS(doc) : plainValue;
  for (const warning of doc.warnings) {
    problems.push({ code: 'yaml_warning', severity: 'warning', message: warning.message, location: locationAt(file, lineCounter, warning.pos[0]) });
  }
  if (doc.errors.length > 0) {
    // The parser reports some errors (an unclosed quote) at the end of the input: point at the last character.
    const last = Math.max(0, text.trimEnd().length - 1);
    for (const error of doc.errors) {
      problems.push({
        code: error.code === 'DUPLICATE_KEY' ? 'yaml_duplicate_key' : 'yaml_syntax',
        severity: 'error',
        message: error.message,
        location: locationAt(file, lineCounter, Math.min(error.pos[0], last)),
      });
    }
    return 'unreadable';
  }
  const at = (offset: number) => locationAt(file, lineCounter, offset);
  const contents = resolveNode(doc.contents, doc);
  if (contents === null || (isScalar(contents) && contents.value === null)) return { doc, lineCounter, items: [], toPlain };
  if (!isMap(contents)) {
    problems.push({ code: 'schema_type', severity: 'error', message: `${spec.file} should be a mapping with a ${spec.key} list.`, location: at(offsetOf(contents, 0)) });
    return 'unreadable';
  }
  let list: unknown = undefined;
  for (const pair of contents.items) {
    if (!isPair(pair)) continue;
    if (keyOf(pair) === spec.key) list = pair.value;
    else {
      problems.push({
        code: 'schema_unknown_field',
        severity: 'error',
        message: `${spec.file} has an unknown top-level key ${keyOf(pair) ?? '?'}; it holds only ${spec.key}.`,
        location: at(offsetOf(pair.key, 0)),
      });
    }
  }
  if (list === undefined) {
    problems.push({ code: 'schema_required', severity: 'error', message: `${spec.file} needs a top-level ${spec.key} list.`, location: at(offsetOf(contents, 0)) });
    return 'unreadable';
  }
  const seq = resolveNode(list, doc);
  if (seq === null || (isScalar(seq) && seq.value === null)) return { doc, lineCounter, items: [], toPlain };
  if (!isSeq(seq)) {
    problems.push({ code: 'schema_type', severity: 'error', message: `${spec.key} should be a list of ${spec.type}s.`, location: at(offsetOf(seq, 0)) });
    return 'unreadable';
  }
  return { doc, lineCounter, items: seq.items, toPlain };
}

/** Checks one list item and converts it; `null` when it has errors. Registers its id either way. */
function readItem(
  spec: ManifestFile,
  ctx: FileContext,
  raw: unknown,
  index: number,
  ids: Set<string>,
  sources: Map<string, Source>,
): Converted | null {
  const node = resolveNode(raw, ctx.doc);
  const idNode = isMap(node) ? node.items.find((p) => isPair(p) && keyOf(p) === 'id')?.value : undefined;
  const id = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value : null;
  const where = id === null ? `${spec.key}[${index}]` : `${spec.type} ${id}`;
  const { problems } = ctx;
  const before = problems.length;
  const valid = checkObject(node, FIELDS[spec.type], where, '', ctx, offsetOf(raw, 0));
  if (!isMap(node)) return null;
  const located: Source = { file: ctx.file, doc: ctx.doc, lineCounter: ctx.lineCounter, map: node };
  if (id !== null) {
    if (ids.has(id)) {
      problems.push({
        code: 'id_duplicate',
        severity: 'error',
        message: `${where} is defined twice; the first one is at ${describeAt(sources.get(`${spec.type}/${id}`))}.`,
        location: locationAt(ctx.file, ctx.lineCounter, offsetOf(idNode, offsetOf(node, 0))),
      });
      return null;
    }
    ids.add(id);
    sources.set(`${spec.type}/${id}`, located);
  }
  if (!valid || problems.length > before) return null;
  const filled = fillDefaults(spec.type, ctx.toPlain(node) as ManifestObject);
  const findings = checkObjectRules(spec.type, filled);
  addFindings(problems, located, findings);
  if (findings.some((f) => f.severity === 'error')) return null;
  return { type: spec.type, filled, object: fromManifest(spec.type, filled), source: located };
}

function addFindings(problems: ManifestProblem[], source: Source, findings: RuleFinding[]): void {
  const id = source.map.get('id');
  for (const finding of findings) {
    const offset = finding.field === '' ? offsetOf(source.map, 0) : fieldOffset(source.doc, source.map, finding.field);
    const field = finding.field === '' ? '' : ` ${finding.field}`;
    problems.push({
      code: finding.code,
      severity: finding.severity,
      message: `${String(id)}${field}: ${finding.message}`,
      location: locationAt(source.file, source.lineCounter, offset),
    });
  }
}

async function unknownFiles(dir: string): Promise<ManifestProblem[]> {
  const known = new Set(MANIFEST_FILES.map((f) => f.file));
  const entries = await readdir(dir);
  return entries
    .filter((name) => /\.ya?ml$/i.test(name) && !known.has(name))
    .sort()
    .map((name) => ({
      code: 'manifest_unknown_file' as const,
      severity: 'warning' as const,
      message: `${name} is ignored: a manifests folder holds ${[...known].join(', ')}${/^plans?\./i.test(name) ? ' (legacy plans belong in prices.yaml)' : ''}.`,
      location: { file: join(dir, name) },
    }));
}

function keyOfType(type: ResourceType): keyof Catalog {
  return CATALOG_LISTS[type];
}

function describeAt(source: Source | undefined): string {
  if (source === undefined) return 'an earlier entry';
  const { line, column } = locationAt(source.file, source.lineCounter, offsetOf(source.map, 0));
  return `line ${line}, column ${column}`;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function sortProblems(problems: ManifestProblem[]): ManifestProblem[] {
  const fileRank = (loc: Location) => MANIFEST_FILES.findIndex((f) => loc.file.endsWith(f.file));
  return [...problems].sort(
    (a, b) =>
      fileRank(a.location) - fileRank(b.location) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.column ?? 0) - (b.location.column ?? 0),
  );
}
