/**
 * The plan for people: one block per change, Terraform-like (`+` create, `~` update, `-/+` replace,
 * `-` archive), then what is only in live, the warnings and a closing summary line. Rendering builds plain
 * lines tagged with a style; colour is applied last, in `paint`, and only when asked, so golden files compare
 * plain text. `planToJson` is the same plan for `--json`.
 */
import { diffLines } from 'diff';
import { planDocument } from './planfile.js';
import type { Action, Change, FieldChange, ParamValue, Plan, PlanEndpoint, PlannedRequest } from './types.js';

type Style = 'plain' | 'heading' | 'create' | 'update' | 'replace' | 'archive' | 'added' | 'removed' | 'dim' | 'warning';

interface Line {
  style: Style;
  text: string;
}

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

/** The one place colour happens. */
function paint(lines: readonly Line[], color: boolean): string {
  const text = lines.map((l) => (color && l.style !== 'plain' && l.text !== '' ? `${ANSI[l.style]}${l.text}\u001b[0m` : l.text));
  return text.join('\n') + '\n';
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

/** Parameters as Stripe's form encoding names them: `metadata[tier]`, `tiers[0][up_to]`. */
function flatten(prefix: string, value: ParamValue, out: [string, string][]): void {
  if (value !== null && typeof value === 'object' && !isRef(value)) {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.push([prefix, Array.isArray(value) ? '[]' : '{}']);
    for (const [key, member] of entries) flatten(prefix === '' ? key : `${prefix}[${key}]`, member, out);
    return;
  }
  out.push([prefix, show(value)]);
}

function requestLines(request: PlannedRequest, indent: string): Line[] {
  const lines: Line[] = [{ style: 'plain', text: `${indent}${request.method} ${request.path}` }];
  const pairs: [string, string][] = [];
  if (Object.keys(request.params).length > 0) flatten('', request.params, pairs);
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  for (const [key, value] of pairs) lines.push({ style: 'plain', text: `${indent}  ${key.padEnd(width)} = ${value}` });
  return lines;
}

function fieldLines(field: FieldChange, indent: string): Line[] {
  const { before, after } = field;
  const multiline = (v: unknown) => typeof v === 'string' && v.includes('\n');
  if ((multiline(before) || multiline(after)) && (typeof before === 'string' || before === null) && (typeof after === 'string' || after === null)) {
    const lines: Line[] = [{ style: 'plain', text: `${indent}${field.field}:` }];
    for (const part of diffLines(before ?? '', after ?? '')) {
      const mark = part.added ? '+ ' : part.removed ? '- ' : '  ';
      const style: Style = part.added ? 'added' : part.removed ? 'removed' : 'plain';
      for (const text of part.value.replace(/\n$/, '').split('\n')) lines.push({ style, text: `${indent}  ${mark}${text}` });
    }
    return lines;
  }
  return [{ style: 'plain', text: `${indent}${field.field}: ${show(before)} → ${show(after)}` }];
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

function changeLines(change: Change): Line[] {
  const head: Line = { style: change.action, text: `${SYMBOL[change.action]} ${change.address}  (${describe(change)})` };
  const lines: Line[] = [head];
  const indent = '      ';
  if (change.reason !== undefined) lines.push({ style: 'plain', text: `${indent}reason: ${change.reason}` });
  if (change.forcedBy !== undefined) lines.push({ style: 'plain', text: `${indent}forced by: ${change.forcedBy.join(', ')}` });
  for (const field of change.fields ?? []) lines.push(...fieldLines(field, indent));
  // Creates, replaces and retirements show every request; an update's fields say what it sends, except for
  // requests to other objects (a product moved off a price being archived), which are shown as they are.
  const shown = change.action === 'update' ? change.requests.filter((r) => !writesItself(change, r)) : change.requests;
  if (change.action === 'update' && shown.length > 0) lines.push({ style: 'plain', text: `${indent}also sends:` });
  for (const request of shown) lines.push(...requestLines(request, indent));
  return lines;
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

export function renderPlan(plan: Plan, options: { color: boolean }): string {
  const lines: Line[] = [
    { style: 'heading', text: `Plan: ${endpointName(plan.source)} → ${endpointName(plan.target)}` },
    { style: 'plain', text: '' },
  ];
  for (const change of plan.changes) lines.push(...changeLines(change), { style: 'plain', text: '' });
  if (plan.liveOnly.length > 0) {
    const pruned = plan.changes.some((c) => c.action === 'archive');
    const title = pruned ? 'Only in live (archived above because of --prune):' : 'Only in live (left alone; --prune archives them):';
    lines.push({ style: 'heading', text: title });
    for (const only of plan.liveOnly) lines.push({ style: 'dim', text: `    ${only.address}` });
    lines.push({ style: 'plain', text: '' });
  }
  if (plan.warnings.length > 0) {
    lines.push({ style: 'heading', text: `${plural(plan.warnings.length, 'warning', 'warnings')}:` });
    for (const warning of plan.warnings) lines.push({ style: 'warning', text: `  ! ${warning}` });
    lines.push({ style: 'plain', text: '' });
  }
  lines.push({ style: 'heading', text: summaryLine(plan) });
  return paint(lines, options.color);
}

/** The plan for `--json`: the plan file's content as one plain object. */
export function planToJson(plan: Plan): Record<string, unknown> {
  return planDocument(plan);
}
