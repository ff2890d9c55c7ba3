/**
 * Drift for people and for CI: a text report, GitHub Actions annotations on the manifest lines, or one JSON
 * object. Locations are shown relative to the working folder so editors and GitHub can open them.
 */
import { displayPath } from '../validate/format.js';
import { formatLocation, type Location } from '../util/errors.js';
import type { Difference, DriftReport } from './types.js';

export type DriftFormat = 'text' | 'github';

const show = (value: unknown) => JSON.stringify(value ?? null);

function located(location: Location | null, cwd: string): Location | null {
  return location === null ? null : { ...location, file: displayPath(location.file, cwd) };
}

function accountName(report: DriftReport): string {
  return `${report.against} ${report.account.id}`;
}

function headline(d: Difference, report: DriftReport): string {
  switch (d.kind) {
    case 'changed':
      return `${d.address} ${d.field}: manifest ${show(d.manifest)}, ${accountName(report)} ${show(d.account)}${d.replace ? ' (needs a replace)' : ''}`;
    case 'missing_in_account':
      return `${d.address}: in the manifests, missing from ${accountName(report)}`;
    case 'only_in_account':
      return `${d.address}: active in ${accountName(report)}, not in the manifests`;
    case 'other_in_account':
      return `${d.address}: active in ${accountName(report)} but not as the manifests' ${d.address} (that one gets a new id there and is found by its link)`;
  }
}

function fixLine(d: Difference, report: DriftReport): string {
  return `if ${report.against} is right: ${d.fix.accountIsRight}; if the manifests are right: ${d.fix.manifestsAreRight}`;
}

function summaryLine(report: DriftReport): string {
  if (report.inSync) return `In sync: ${report.manifests} matches ${accountName(report)} (${report.unchanged} objects compared).`;
  const n = report.differences.length;
  return `Drift: ${n} difference${n === 1 ? '' : 's'} between ${report.manifests} and ${accountName(report)}.`;
}

export function renderDriftText(report: DriftReport, cwd: string): string {
  const blocks = report.differences.map((d) => {
    const where = located(d.location, cwd);
    return [`${where === null ? '-' : formatLocation(where)}: ${headline(d, report)}`, `  fix: ${fixLine(d, report)}`].join('\n');
  });
  return [...blocks, summaryLine(report)].join('\n');
}

/** Workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderDriftGithub(report: DriftReport, cwd: string): string {
  const lines = report.differences.map((d) => {
    const where = located(d.location, cwd);
    const props = [
      ...(where === null ? [] : [`file=${escapeProperty(where.file)}`]),
      ...(where?.line === undefined ? [] : [`line=${where.line}`]),
      ...(where?.column === undefined ? [] : [`col=${where.column}`]),
      `title=${escapeProperty(`drift ${d.address}${d.field === null ? '' : ` ${d.field}`}`)}`,
    ];
    return `::error ${props.join(',')}::${escapeData(`${headline(d, report)}\n${fixLine(d, report)}`)}`;
  });
  return [...lines, summaryLine(report)].join('\n');
}

export function driftToJson(report: DriftReport, cwd: string) {
  return {
    ok: true,
    inSync: report.inSync,
    against: report.against,
    account: report.account,
    manifests: report.manifests,
    unchanged: report.unchanged,
    differences: report.differences.map((d) => ({ ...d, location: located(d.location, cwd) })),
    warnings: report.warnings,
  };
}
