/**
 * The plan for people: one block per change, Terraform-like (`+` create, `~` update, `-/+` replace,
 * `-` archive), then what is only in live, the warnings and a closing summary line. Rendering builds plain
 * lines tagged with a style; colour is applied last, in `paint`, and only when asked, so golden files compare
 * plain text. `planToJson` is the same plan for `--json`.
 */
import { diffLines } from 'diff';
import { planDocument } from './planfile.js';
import { TextSink } from './text-sink.js';
import type { Action, Change, FieldChange, ParamValue, Plan, PlanEndpoint, PlannedRequest } from './types.js';

type Style = 'plain' | 'heading' | 'create' | 'update' | 'replace' | 'archive' | 'added' | 'removed' | 'dim' | 'warning';

const ANSI: Readonly<Record<Style, string>> = {
  plain: '',
  heading: '\u001b[1m',
  create: '\u001b[32m',
  update: '\u001b[33m',
  replace: '\u001b[35m',
  archive: '\u001b[31m',
  added: '\u001b[32m',
  removed: '\u001b[31m',
  dim: '\u001b[2m',
  warning: '\u001b[33m',
};

/** The one place colour happens: a styled, non-empty line is wrapped in its colour when colour is on. */
function paint(text: string, style: Style): string {
  return style === 'plain' || text === '' ? text : `${ANSI[style]}${text}\u001b[0m`;
}

/**
 * Where rendered lines go, each ending in a newline. A plan of 100,000 changes renders about a million lines,
 * so they are written out as they come rather than kept (see `text-sink.ts`).
 */
class Canvas {
  private readonly sink: TextSink;
  constructor(
    private readonly color: boolean,
    write?: (chunk: string) => void,
  ) {
    this.sink = new TextSink(write);
  }
  line(text: string, style: Style = 'plain'): void {
    this.sink.write((this.color ? paint(text, style) : text) + '\n');
  }
  /** A plain line written with its newline (what `line` writes for it, without joining the newline on). */
  plain(textAndNewline: string): void {
    this.sink.write(textAndNewline);
  }
  text(): string {
    return this.sink.text();
  }
  flush(): void {
    this.sink.flush();
  }
}

const SYMBOL: Readonly<Record<Action, string>> = { create: '  +', update: '  ~', replace: '-/+', archive: '  -' };

function isRef(value: unknown): value is { $ref: string } {
  return value !== null && typeof value === 'object' && '$ref' in value;
}

/** One value for a person: quoted strings, `(none)` for unset, a new object's address until it has an id. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (isRef(value)) return `${value.$ref.split('/').pop()} (new, id known after apply)`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (isRef(v) ? show(v) : v));
  return String(value);
}

/** Parameters as Stripe's form encoding names them (`metadata[tier]`, `tiers[0][up_to]`), with their values. */
function flatten(prefix: string, value: ParamValue, keys: string[], values: string[]): void {
  if (value !== null && typeof value === 'object' && !isRef(value)) {
    if (Array.isArray(value)) {
      if (value.length === 0) pushParam(prefix, '[]', keys, values);
      for (let i = 0; i < value.length; i++) flatten(prefix === '' ? String(i) : `${prefix}[${i}]`, value[i]!, keys, values);
      return;
    }
    if (!hasKeys(value)) pushParam(prefix, '{}', keys, values);
    for (const key in value) {
      if (Object.hasOwn(value, key)) flatten(prefix === '' ? key : `${prefix}[${key}]`, value[key]!, keys, values);
    }
    return;
  }
  pushParam(prefix, show(value), keys, values);
}

/** `Object.keys(value).length > 0`, without building the array. */
function hasKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

function pushParam(key: string, value: string, keys: string[], values: string[]): void {
  keys.push(key);
  values.push(value);
}

/** Runs of spaces by length: parameter names are aligned without a padded copy of each. */
const SPACES = Array.from({ length: 48 }, (_, n) => ' '.repeat(n));

/** The flattened parameters of the request being rendered: reused, since rendering never re-enters itself. */
const paramKeys: string[] = [];
const paramValues: string[] = [];

function requestLines(canvas: Canvas, request: PlannedRequest, indent: string): void {
  canvas.plain(`${indent}${request.method} ${request.path}\n`);
  if (!hasKeys(request.params)) return;
  paramKeys.length = 0;
  paramValues.length = 0;
  flatten('', request.params, paramKeys, paramValues);
  let width = 0;
  for (const key of paramKeys) if (key.length > width) width = key.length;
  for (let i = 0; i < paramKeys.length; i++) {
    const key = paramKeys[i]!;
    const pad = SPACES[width - key.length] ?? ' '.repeat(width - key.length);
    canvas.plain(`${indent}  ${key}${pad} = ${paramValues[i]!}\n`);
  }
}

function fieldLines(canvas: Canvas, field: FieldChange, indent: string): void {
  const { before, after } = field;
  const multiline = (v: unknown) => typeof v === 'string' && v.includes('\n');
  if ((multiline(before) || multiline(after)) && (typeof before === 'string' || before === null) && (typeof after === 'string' || after === null)) {
    canvas.line(`${indent}${field.field}:`);
    for (const part of diffLines(before ?? '', after ?? '')) {
      const mark = part.added ? '+ ' : part.removed ? '- ' : '  ';
      const style: Style = part.added ? 'added' : part.removed ? 'removed' : 'plain';
      for (const text of part.value.replace(/\n$/, '').split('\n')) canvas.line(`${indent}  ${mark}${text}`, style);
    }
    return;
  }
  canvas.plain(`${indent}${field.field}: ${show(before)} → ${show(after)}\n`);
}

function describe(change: Change): string {
  switch (change.action) {
    case 'create':
      return change.strategy === 'preserved' ? 'create, same id' : 'create, Stripe assigns the id';
    case 'update':
      return 'update in place';
    case 'replace':
      return change.strategy === 'preserved' ? 'replace, same id' : 'replace with a new price';
    case 'archive':
      return change.requests.some((r) => r.method === 'DELETE') ? 'delete' : 'archive';
  }
}

function changeLines(canvas: Canvas, change: Change): void {
  canvas.line(`${SYMBOL[change.action]} ${change.address}  (${describe(change)})`, change.action);
  const indent = '      ';
  if (change.reason !== undefined) canvas.plain(`${indent}reason: ${change.reason}\n`);
  if (change.forcedBy !== undefined) canvas.plain(`${indent}forced by: ${change.forcedBy.join(', ')}\n`);
  for (const field of change.fields ?? []) fieldLines(canvas, field, indent);
  // Creates, replaces and retirements show every request; an update's fields say what it sends, except for
  // requests to other objects (a product moved off a price being archived), which are shown as they are.
  const shown = change.action === 'update' ? change.requests.filter((r) => !writesItself(change, r)) : change.requests;
  if (change.action === 'update' && shown.length > 0) canvas.line(`${indent}also sends:`);
  for (const request of shown) requestLines(canvas, request, indent);
}

function writesItself(change: Change, request: PlannedRequest): boolean {
  const id = request.path.split('/')[3];
  return id === undefined || id === change.liveId;
}

function endpointName(endpoint: PlanEndpoint): string {
  if (endpoint.kind === 'manifests') return endpoint.path === undefined ? 'manifests' : `manifests at ${endpoint.path}`;
  return `${endpoint.account ?? 'account'}${endpoint.mode === null ? '' : ` (${endpoint.mode})`}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const pruned = plan.changes.some((c) => c.action === 'archive');
  const only = s.liveOnly === 0 ? '' : ` ${s.liveOnly} only in live (${pruned ? 'archived by this plan' : 'left alone'}).`;
  if (plan.changes.length === 0) return `No changes. Live matches the desired catalog.${only}`;
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.archive} to archive.${only}`;
}

/**
 * The rendered plan handed to `write` in chunks of whole lines as it is rendered, as `migrate plan` prints it:
 * the text of a large plan (40 MB at 100,000 changes) is never held, whole or in chunks. The chunks'
 * concatenation is `renderPlan`'s text.
 */
export function renderPlanTo(plan: Plan, options: { color: boolean }, write: (chunk: string) => void): void {
  renderInto(new Canvas(options.color, write), plan).flush();
}

/** The rendered plan as one string (see `renderPlanTo`). */
export function renderPlan(plan: Plan, options: { color: boolean }): string {
  return renderInto(new Canvas(options.color), plan).text();
}

function renderInto(canvas: Canvas, plan: Plan): Canvas {
  canvas.line(`Plan: ${endpointName(plan.source)} → ${endpointName(plan.target)}`, 'heading');
  canvas.line('');
  for (const change of plan.changes) {
    changeLines(canvas, change);
    canvas.plain('\n');
  }
  if (plan.liveOnly.length > 0) {
    const pruned = plan.changes.some((c) => c.action === 'archive');
    canvas.line(pruned ? 'Only in live (archived above because of --prune):' : 'Only in live (left alone; --prune archives them):', 'heading');
    for (const only of plan.liveOnly) canvas.line(`    ${only.address}`, 'dim');
    canvas.line('');
  }
  if (plan.warnings.length > 0) {
    canvas.line(`${plural(plan.warnings.length, 'warning', 'warnings')}:`, 'heading');
    for (const warning of plan.warnings) canvas.line(`  ! ${warning}`, 'warning');
    canvas.line('');
  }
  canvas.line(summaryLine(plan), 'heading');
  return canvas;
}

/** The plan for `--json`: the plan file's content as one plain object (the target state as an object too). */
export function planToJson(plan: Plan): Record<string, unknown> {
  const document = planDocument(plan);
  if (plan.targetState !== undefined) document.targetState = Object.fromEntries(plan.targetState);
  return document;
}
