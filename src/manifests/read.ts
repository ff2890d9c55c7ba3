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
import { compareIds, sortCatalog } from '../catalog/canonical.js';
import { CATALOG_LISTS, RESOURCE_TYPES, emptyCatalog, type Catalog, type CatalogObject, type Feature, type Product, type ResourceType } from '../catalog/types.js';
import type { Location } from '../util/errors.js';
import { parseBlockYaml, type ListStream } from './block-yaml.js';
import { readObject, type CheckContext } from './check.js';
import { fromManifest, type ManifestObject } from './convert.js';
import { FIELDS } from './fields.js';
import { MANIFEST_FILES, type ManifestFile } from './files.js';
import { fieldOffset } from './locate.js';
import { checkObjectRules, checkReferences, type DefinedIds, type RuleFinding } from './manifest-rules.js';
import { locationAt, type ManifestLocation, type ManifestProblem } from './problems.js';
import { isEmpty, offsetOf, type LinePositions, type TreeNode } from './tree.js';

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

/**
 * One manifest file as read. Its list items are not kept after they are checked (so their trees die young);
 * `items` is filled again, by reading the text once more, when a field of one of them has to be located.
 */
interface ReadFile {
  path: string;
  spec: ManifestFile;
  text: string;
  lines: LinePositions;
  items?: readonly (TreeNode | null)[];
}

/** Where one object is written: its file, its position in the file's list and the offset of its mapping. */
interface Source {
  file: ReadFile;
  index: number;
  offset: number;
  id: string;
}

interface Converted {
  type: ResourceType;
  filled: ManifestObject;
  object: CatalogObject;
  source: Source;
}

/**
 * What one file contributes, kept apart until the file has been read to its end: when the block reader gives
 * up halfway through a file, what it streamed so far is dropped and `yaml` reads the whole file again.
 */
interface FileReading {
  problems: ManifestProblem[];
  converted: Converted[];
  ids: Set<string>;
  sources: Map<string, Source>;
  /** The file could not be parsed: references to its type are not reported as unknown. */
  unreadable: boolean;
}

export async function readManifests(dir: string): Promise<ReadManifestsResult> {
  const problems: ManifestProblem[] = [];
  const sources = new Map<string, Source>();
  const locate = (address: string, field?: string): ManifestLocation | undefined => {
    const source = sources.get(address);
    if (source === undefined) return undefined;
    const offset = field === undefined || field === '' ? source.offset : fieldOffset(itemOf(source), field);
    return locationAt(source.file.path, source.file.lines, offset);
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
  const unreadable = new Set<ResourceType>();
  for (const spec of MANIFEST_FILES) {
    const reading = await readOneFile(join(dir, spec.file), spec);
    problems.push(...reading.problems);
    converted.push(...reading.converted);
    defined[spec.type] = reading.ids;
    for (const [address, source] of reading.sources) sources.set(address, source);
    if (reading.unreadable) unreadable.add(spec.type);
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

function emptyReading(): FileReading {
  return { problems: [], converted: [], ids: new Set(), sources: new Map(), unreadable: false };
}

/** Reads, parses and checks one file; a missing file holds no objects. */
async function readOneFile(path: string, spec: ManifestFile): Promise<FileReading> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = emptyReading();
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    missing.problems.push({ code: 'manifest_unreadable', severity: 'error', message: `Cannot read ${path}: ${(error as Error).message}`, location: { file: path } });
    missing.unreadable = true;
    return missing;
  }
  // The block reader hands each item of the list over as soon as it has read it.
  const streamed = new ItemStream(path, spec, text);
  const fast = parseBlockYaml(text, streamed);
  if (fast !== null) {
    readList(fast.contents, streamed.fileWith(fast.lines), streamed.reading);
    return streamed.reading;
  }

  // Outside the block reader's subset: `yaml` reads the whole file, and reports its errors.
  const reading = emptyReading();
  const { parseYaml } = await import('./yaml-tree.js');
  const { doc, lineCounter, contents } = parseYaml(text);
  for (const warning of doc.warnings) {
    reading.problems.push({ code: 'yaml_warning', severity: 'warning', message: warning.message, location: locationAt(path, lineCounter, warning.pos[0]) });
  }
  if (doc.errors.length > 0) {
    // The parser reports some errors (an unclosed quote) at the end of the input: point at the last character.
    const last = Math.max(0, text.trimEnd().length - 1);
    for (const error of doc.errors) {
      reading.problems.push({
        code: error.code === 'DUPLICATE_KEY' ? 'yaml_duplicate_key' : 'yaml_syntax',
        severity: 'error',
        message: error.message,
        location: locationAt(path, lineCounter, Math.min(error.pos[0], last)),
      });
    }
    reading.unreadable = true;
    return reading;
  }
  // Such files are rare and small: their items are kept for locating rather than parsed again.
  const parsed: ReadFile = { path, spec, text, lines: lineCounter };
  parsed.items = readList(contents, parsed, reading);
  return reading;
}

/** Reads the items the block reader hands over; one class, so the reader's call to `onItem` has one target. */
class ItemStream implements ListStream {
  readonly key: string;
  readonly reading = emptyReading();
  private file: ReadFile | undefined;

  constructor(
    private readonly path: string,
    private readonly spec: ManifestFile,
    private readonly text: string,
  ) {
    this.key = spec.key;
  }

  /** The file, once its lines are known (before the first item, or at the end). */
  fileWith(lines: LinePositions): ReadFile {
    return (this.file ??= { path: this.path, spec: this.spec, text: this.text, lines });
  }

  /** The file is made here, once, so that `onItem` (optimised while an earlier file is read) never makes one. */
  begin(lines: LinePositions): void {
    this.fileWith(lines);
  }

  onItem(item: TreeNode, index: number): void {
    readItem(this.file!, this.reading, item, index);
  }
}

/** Checks the file's top-level shape and reads the items of its list (those not streamed already). */
function readList(contents: TreeNode | null, file: ReadFile, reading: FileReading): readonly (TreeNode | null)[] {
  const items = listItems(contents, file, reading.problems);
  if (items === 'unreadable') {
    reading.unreadable = true;
    return [];
  }
  items.forEach((item, index) => readItem(file, reading, item, index));
  return items;
}

/** The items of the file's list; `unreadable` (with the problem reported) when the file has no such list. */
function listItems(contents: TreeNode | null, file: ReadFile, problems: ManifestProblem[]): readonly (TreeNode | null)[] | 'unreadable' {
  const { spec } = file;
  const at = (offset: number) => locationAt(file.path, file.lines, offset);
  if (isEmpty(contents)) return [];
  if (contents!.kind !== 'map') {
    problems.push({ code: 'schema_type', severity: 'error', message: `${spec.file} should be a mapping with a ${spec.key} list.`, location: at(contents!.offset) });
    return 'unreadable';
  }
  let list: TreeNode | null | undefined = undefined;
  for (const pair of contents!.pairs) {
    if (pair.key === spec.key) list = pair.value;
    else {
      problems.push({
        code: 'schema_unknown_field',
        severity: 'error',
        message: `${spec.file} has an unknown top-level key ${pair.key ?? '?'}; it holds only ${spec.key}.`,
        location: at(pair.keyOffset),
      });
    }
  }
  if (list === undefined) {
    problems.push({ code: 'schema_required', severity: 'error', message: `${spec.file} needs a top-level ${spec.key} list.`, location: at(contents!.offset) });
    return 'unreadable';
  }
  if (isEmpty(list)) return [];
  if (list!.kind !== 'seq') {
    problems.push({ code: 'schema_type', severity: 'error', message: `${spec.key} should be a list of ${spec.type}s.`, location: at(list!.offset) });
    return 'unreadable';
  }
  return list!.items;
}

/** The tree of a located object, from the file's items (read again, the first time one is needed). */
function itemOf(source: Source): TreeNode {
  const file = source.file;
  if (file.items === undefined) {
    // The block reader read this text before, so it reads it again, to the same tree.
    const items = listItems(parseBlockYaml(file.text)?.contents ?? null, file, []);
    file.items = items === 'unreadable' ? [] : items;
  }
  const item = file.items[source.index];
  if (item == null) throw new Error(`${source.file.path}: no list item ${source.index} on a second reading`);
  return item;
}

/** Checks one list item and converts it (when it has no errors). Registers its id either way. */
function readItem(file: ReadFile, reading: FileReading, node: TreeNode | null, index: number): void {
  const { spec } = file;
  const idNode = node?.kind === 'map' ? node.pairs.find((p) => p.key === 'id')?.value : undefined;
  const id = idNode?.kind === 'scalar' && typeof idNode.value === 'string' ? idNode.value : null;
  const where = id === null ? `${spec.key}[${index}]` : `${spec.type} ${id}`;
  const { problems } = reading;
  const before = problems.length;
  const filled = readObject(node, FIELDS[spec.type], where, { file: file.path, lines: file.lines, problems }, offsetOf(node, 0));
  if (node?.kind !== 'map') return;
  const source: Source = { file, index, offset: node.offset, id: id ?? '' };
  if (id !== null) {
    const address = `${spec.type}/${id}`;
    if (reading.ids.has(id)) {
      problems.push({
        code: 'id_duplicate',
        severity: 'error',
        message: `${where} is defined twice; the first one is at ${describeAt(reading.sources.get(address))}.`,
        location: locationAt(file.path, file.lines, offsetOf(idNode, node.offset)),
      });
      return;
    }
    reading.ids.add(id);
    reading.sources.set(address, source);
  }
  if (filled === null || problems.length > before) return;
  const findings = checkObjectRules(spec.type, filled);
  addFindings(problems, source, findings, node);
  if (findings.some((f) => f.severity === 'error')) return;
  reading.converted.push({ type: spec.type, filled, object: fromManifest(spec.type, filled), source });
}

/** Locates rule findings in the object's tree (`item`, or its file read again when it is not at hand). */
function addFindings(problems: ManifestProblem[], source: Source, findings: RuleFinding[], item?: TreeNode): void {
  for (const finding of findings) {
    const offset = finding.field === '' ? source.offset : fieldOffset(item ?? itemOf(source), finding.field);
    const field = finding.field === '' ? '' : ` ${finding.field}`;
    problems.push({
      code: finding.code,
      severity: finding.severity,
      message: `${source.id}${field}: ${finding.message}`,
      location: locationAt(source.file.path, source.file.lines, offset),
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
  const { line, column } = locationAt(source.file.path, source.file.lines, source.offset);
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
