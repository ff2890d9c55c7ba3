/**
 * The plan file: YAML meant to be read in a pull request, with keys in a fixed order, framed by a header that
 * says what it is and an end marker that tells a complete file from a cut one. `parsePlan` refuses anything
 * that is not a complete, unedited plan of a known format, with a stable code, the file and line, and a hint.
 */
import { LineCounter, isMap, parseDocument, type Document } from 'yaml';
import { MigrateError } from '../util/errors.js';
import { hashChanges } from './fingerprint.js';
import { hashValue } from './hash.js';
import { emitYaml } from './yaml-emit.js';
import { OutsideSubset, readYamlSubset } from './yaml-read.js';
import { RESOURCE_TYPES } from '../catalog/types.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan } from './types.js';

const HEADER = [
  '# stripe-catalog-migrate plan: the changes `migrate apply` will make to the target account.',
  '# Written by `migrate plan`. Review it, but do not edit it: apply refuses a plan whose changes no longer',
  '# match contentHash, or whose target changed since. To change the plan, run `migrate plan` again.',
];
const END_MARKER = '# end of plan';
const RERUN = 'Run `migrate plan` again to write a fresh plan file.';

function orderedChange(change: Change): Record<string, unknown> {
  return {
    address: change.address,
    type: change.type,
    action: change.action,
    id: change.id,
    liveId: change.liveId,
    strategy: change.strategy,
    reason: change.reason,
    forcedBy: change.forcedBy,
    fields: change.fields?.map((f) => ({ field: f.field, before: f.before, after: f.after })),
    dependsOn: change.dependsOn,
    requests: change.requests.map((r) => ({ method: r.method, path: r.path, params: r.params })),
  };
}

/**
 * The plan as a plain object with keys in the file's order (also `--json`). Optional members that are absent
 * stay `undefined`, which both the YAML emitter and JSON.stringify leave out; values are shared with the plan,
 * not copied, because a plan can hold 100,000 changes.
 */
export function planDocument(plan: Plan): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    formatVersion: plan.formatVersion,
    tool: { name: plan.tool.name, version: plan.tool.version },
    stripeApiVersion: plan.stripeApiVersion,
    source: plan.source,
    target: plan.target,
    summary: plan.summary,
    contentHash: plan.contentHash,
    targetFingerprint: plan.targetFingerprint,
    targetState: plan.targetState,
    warnings: plan.warnings,
    liveOnly: plan.liveOnly,
    changes: plan.changes.map(orderedChange),
  };
  return doc;
}

export function serializePlan(plan: Plan): string {
  const body = emitYaml(planDocument(plan));
  return `${HEADER.join('\n')}\n${body}${END_MARKER}\n`;
}

function refuse(code: string, message: string, fileName: string, line?: number, hint: string = RERUN, column?: number): MigrateError {
  return new MigrateError(code, message, { hint, location: { file: fileName, line, column } });
}

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isObject: Check = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nullable = (check: Check): Check => (v) => v === null || check(v);
const optional = (check: Check): Check => (v) => v === undefined || check(v);
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const listOf = (check: Check): Check => (v) => Array.isArray(v) && v.every(check);

/** What each member must hold; paths index into the parsed document. */
const PLAN_SHAPE: Record<string, Check> = {
  tool: (v) => isObject(v) && isString((v as Plan['tool']).name) && isString((v as Plan['tool']).version),
  stripeApiVersion: isString,
  source: (v) => isObject(v) && oneOf('account', 'manifests')((v as { kind: unknown }).kind),
  target: (v) => isObject(v) && oneOf('account', 'manifests')((v as { kind: unknown }).kind),
  summary: (v) => isObject(v) && ['create', 'update', 'replace', 'archive', 'unchanged', 'liveOnly'].every((k) => isNumber((v as Record<string, unknown>)[k])),
  contentHash: isString,
  targetFingerprint: isString,
  targetState: optional((v) => isObject(v) && Object.values(v as object).every(nullable(isString))),
  warnings: listOf(isString),
  liveOnly: listOf((v) => isObject(v) && isString((v as { address: unknown }).address) && isString((v as { liveId: unknown }).liveId)),
  changes: Array.isArray,
};

const CHANGE_SHAPE: Record<string, Check> = {
  address: isString,
  type: oneOf(...RESOURCE_TYPES),
  action: oneOf('create', 'update', 'replace', 'archive'),
  id: isString,
  liveId: nullable(isString),
  strategy: oneOf('preserved', 'assigned'),
  reason: optional(isString),
  forcedBy: optional(listOf(isString)),
  fields: optional(listOf((v) => isObject(v) && isString((v as { field: unknown }).field))),
  dependsOn: listOf(isString),
  requests: listOf((v) => {
    const r = v as Record<string, unknown>;
    return isObject(v) && oneOf('POST', 'DELETE')(r.method) && isString(r.path) && isObject(r.params);
  }),
};

/** The line of the node at `path` (or of its nearest ancestor that has one). */
type Locate = (path: (string | number)[]) => number | undefined;

function locator(doc: Document, counter: LineCounter): Locate {
  return (path) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

function checkShape(value: Record<string, unknown>, locate: Locate, fileName: string): void {
  const fail = (path: (string | number)[]) => {
    const where = path.join('.');
    return refuse('plan_malformed', `${fileName} is not a valid plan: \`${where}\` is missing or has the wrong type.`, fileName, locate(path));
  };
  for (const [key, check] of Object.entries(PLAN_SHAPE)) if (!check(value[key])) throw fail([key]);
  (value.changes as unknown[]).forEach((change, i) => {
    if (!isObject(change)) throw fail(['changes', i]);
    for (const [key, check] of Object.entries(CHANGE_SHAPE)) {
      if (!check((change as Record<string, unknown>)[key])) throw fail(['changes', i, key]);
    }
  });
}

/** The general YAML reader: any YAML, with line numbers for every refusal. Slow on very large files. */
function readGeneral(text: string, fileName: string): { value: Record<string, unknown>; locate: Locate } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const at = error.linePos?.[0];
    // With prettyErrors, the first line of yaml's message already says "at line L, column C".
    const message = `${fileName} is not valid YAML: ${error.message.split('\n')[0]!.replace(/:$/, '')}`;
    throw refuse('plan_malformed', message, fileName, at?.line, RERUN, at?.col);
  }
  if (!isMap(doc.contents)) throw refuse('plan_not_yaml', `${fileName} is not a plan file: it does not hold a YAML mapping.`, fileName);
  return { value: doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>, locate: locator(doc, counter) };
}

/** A target state read from a file (an object) as the plan holds it. */
function stateMap(state: Record<string, string | null>): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const address in state) if (Object.hasOwn(state, address)) map.set(address, state[address]!);
  return map;
}

/** Everything a plan must satisfy once read; throws the first refusal. */
function checkPlan(value: Record<string, unknown>, locate: Locate, fileName: string): Plan {
  if (value.formatVersion === undefined) {
    throw refuse('plan_malformed', `${fileName} is not a plan file: it has no formatVersion.`, fileName, locate([]));
  }
  if (value.formatVersion !== PLAN_FORMAT_VERSION) {
    throw refuse(
      'plan_unknown_version',
      `${fileName} has plan format ${JSON.stringify(value.formatVersion)}; this version of the tool reads format ${PLAN_FORMAT_VERSION}.`,
      fileName,
      locate(['formatVersion']),
      `Run \`migrate plan\` again with this version of the tool, or apply with the version that wrote it.`,
    );
  }
  checkShape(value, locate, fileName);
  const plan = value as unknown as Plan;
  // As read, the target state is an object, whose canonical JSON is what its fingerprint hashes.
  const state = value.targetState as Record<string, string | null> | undefined;
  if (hashChanges(plan.changes) !== plan.contentHash) {
    throw refuse('plan_edited', `${fileName} was edited after it was computed: its changes no longer match contentHash.`, fileName, locate(['contentHash']));
  }
  if (state !== undefined && hashValue(state) !== plan.targetFingerprint) {
    throw refuse('plan_edited', `${fileName} was edited after it was computed: targetState no longer matches targetFingerprint.`, fileName, locate(['targetFingerprint']));
  }
  const counts = { create: 0, update: 0, replace: 0, archive: 0 };
  for (const change of plan.changes) counts[change.action]++;
  const summaryOff = (Object.keys(counts) as (keyof typeof counts)[]).some((k) => counts[k] !== plan.summary[k]) || plan.summary.liveOnly !== plan.liveOnly.length;
  if (summaryOff) {
    throw refuse('plan_edited', `${fileName} was edited after it was computed: its summary does not count its changes.`, fileName, locate(['summary']));
  }
  if (state !== undefined) plan.targetState = stateMap(state);
  return plan;
}

/**
 * Reads a plan file; refuses with `plan_not_yaml`, `plan_truncated`, `plan_malformed`, `plan_unknown_version`,
 * `plan_edited`. Files as `serializePlan` writes them take the fast reader; anything else, and any file that
 * is refused, goes through the general YAML reader so the refusal carries a line number.
 */
export function parsePlan(text: string, fileName: string): Plan {
  if (text.includes('\u0000')) throw refuse('plan_not_yaml', `${fileName} is not a YAML plan file (it holds binary data).`, fileName);
  if (text.trim() === '') throw refuse('plan_truncated', `${fileName} is empty.`, fileName);
  const trimmed = text.trimEnd();
  if (text.startsWith(HEADER[0]!) && !trimmed.endsWith(END_MARKER)) {
    throw refuse('plan_truncated', `${fileName} is cut short: it does not end with "${END_MARKER}".`, fileName, trimmed.split('\n').length);
  }
  let fast: Record<string, unknown> | undefined;
  try {
    fast = readYamlSubset(text);
  } catch (error) {
    if (!(error instanceof OutsideSubset)) throw error;
  }
  if (fast !== undefined) {
    try {
      return checkPlan(fast, () => undefined, fileName);
    } catch (error) {
      if (!(error instanceof MigrateError)) throw error;
      // Refused: read it again with the general reader, whose refusal names the line.
    }
  }
  const general = readGeneral(text, fileName);
  return checkPlan(general.value, general.locate, fileName);
}
