/**
 * A small YAML emitter for JSON-like values, used for plan files. The general-purpose `yaml` stringifier builds
 * a document tree first, which for a 100,000-change plan costs seconds and gigabytes; plan values are only
 * maps, lists and scalars, so they can be written straight out.
 *
 * Output is block style. A string is written plain only when every YAML 1.1 and 1.2 reader would read it back
 * as the same string; otherwise it is written as a JSON string, which is a valid YAML double-quoted scalar
 * once the control characters YAML forbids are escaped.
 */

const PLAIN = /^[A-Za-z_/$][A-Za-z0-9_\-/.$+:,@ ]*$/;
/** Words some YAML reader resolves to a boolean or null. */
const KEYWORD = /^(?:y|yes|n|no|on|off|true|false|null|~)$/i;
/** Characters YAML does not allow raw in a double-quoted scalar, which JSON.stringify leaves as they are. */
const NON_PRINTABLE = /[\u007f-\u0084\u0086-\u009f\ud800-\udfff\ufffe\uffff]/g;

function quote(text: string): string {
  return JSON.stringify(text).replace(NON_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** True when `text` can be written without quotes and every YAML reader reads it back as this string. */
export function isPlainSafe(text: string): boolean {
  return PLAIN.test(text) && !KEYWORD.test(text) && !text.endsWith(' ') && !text.endsWith(':') && !text.includes(': ') && !text.includes(' #');
}

export function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  const text = String(value);
  return isPlainSafe(text) ? text : quote(text);
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isEmptyContainer(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** An empty container or a scalar, written after `key: ` or `- `. */
function inline(value: unknown): string {
  if (isContainer(value)) return Array.isArray(value) ? '[]' : '{}';
  return scalar(value);
}

function emitMap(map: Record<string, unknown>, indent: string, out: string[]): void {
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    if (isContainer(value) && !isEmptyContainer(value)) {
      out.push(`${indent}${scalar(key)}:`);
      emitBlock(value, indent + '  ', out);
    } else {
      out.push(`${indent}${scalar(key)}: ${inline(value)}`);
    }
  }
}

function emitList(list: readonly unknown[], indent: string, out: string[]): void {
  for (const item of list) {
    if (!isContainer(item) || isEmptyContainer(item)) {
      out.push(`${indent}- ${inline(item)}`);
    } else if (Array.isArray(item)) {
      // Lists of lists do not occur in plans; JSON is valid YAML flow style.
      out.push(`${indent}- ${JSON.stringify(item)}`);
    } else {
      // `- key: value` with the other keys aligned under the first.
      const start = out.length;
      emitMap(item as Record<string, unknown>, indent + '  ', out);
      if (out.length === start) out.push(`${indent}- {}`);
      else out[start] = `${indent}- ${out[start]!.slice(indent.length + 2)}`;
    }
  }
}

function emitBlock(value: object, indent: string, out: string[]): void {
  if (Array.isArray(value)) emitList(value, indent, out);
  else emitMap(value as Record<string, unknown>, indent, out);
}

/** A top-level map as block YAML, one line per scalar, ending with a newline. */
export function emitYaml(document: Record<string, unknown>): string {
  const out: string[] = [];
  emitMap(document, '', out);
  return out.join('\n') + '\n';
}
