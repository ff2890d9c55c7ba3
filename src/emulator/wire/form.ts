/**
 * Decoding of Stripe's v1 wire format (`application/x-www-form-urlencoded` bodies and query strings) into a tree
 * of strings. Brackets nest (`a[b][c]=v`); `a[0]=` and `a[]=` both make list items, kept as objects with numeric
 * keys until the parameter rules say the field is a list (so `metadata[0]=x` stays a map key).
 * Types (integers, booleans, decimals) are not guessed here: the parameter rules coerce them.
 */

/** A decoded value: a string leaf, or a node whose keys are names (or list indexes). */
export type FormValue = string | FormNode;
export interface FormNode {
  [key: string]: FormValue;
}

export function decodeForm(text: string): FormNode {
  const root: FormNode = {};
  if (text.length === 0) return root;
  for (const part of text.split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : part.slice(eq + 1));
    assign(root, splitKey(key), value);
  }
  return root;
}

function decodeComponent(raw: string): string {
  const spaced = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `a[b][]` → `['a', 'b', '']`; a key without brackets is one segment. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const rest = /\[([^\]]*)\]/g;
  rest.lastIndex = open;
  let match: RegExpExecArray | null;
  let end = open;
  while ((match = rest.exec(key)) !== null && match.index === end) {
    segments.push(match[1]);
    end = rest.lastIndex;
  }
  // Anything after the last well-formed bracket is kept literally rather than dropped.
  if (end < key.length) segments[segments.length - 1] += key.slice(end);
  return segments;
}

function assign(root: FormNode, segments: string[], value: string): void {
  let node = root;
  for (let i = 0; i < segments.length - 1; i += 1) {
    const segment = segments[i] === '' ? String(Object.keys(node).length) : segments[i];
    const next = node[segment];
    if (typeof next === 'object') {
      node = next;
    } else {
      const created: FormNode = {};
      node[segment] = created;
      node = created;
    }
  }
  const last = segments[segments.length - 1];
  node[last === '' ? String(Object.keys(node).length) : last] = value;
}

/** True when a node's keys are all list indexes (`0`, `1`, …), so it can be read as a list. */
export function isListNode(node: FormNode): boolean {
  for (const key in node) if (!/^\d+$/.test(key)) return false;
  return true;
}

/** The items of a list node, ordered by index. */
export function listItems(node: FormNode): FormValue[] {
  return Object.keys(node)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => node[key]);
}
