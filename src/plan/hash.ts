/**
 * Canonical JSON and hashes for plans. Canonical JSON sorts object keys, drops `undefined` members and has no
 * whitespace, so a value read back from a plan file hashes exactly like the value that was written.
 * Hashing streams the canonical text into the digest in chunks: a 100,000-change plan never exists as one
 * string, which keeps memory and garbage collection flat.
 */
import { createHash } from 'node:crypto';

const CHUNK = 1 << 16;

/** Strings JSON.stringify would write as `"` + text + `"`: no quote, backslash, control or surrogate. */
const VERBATIM = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** Object keys repeat across a plan (`address`, `params`, `metadata`); their JSON form is computed once. */
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function jsonScalar(value: unknown): string {
  if (typeof value === 'string') return VERBATIM.test(value) ? `"${value}"` : JSON.stringify(value);
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

/** Appends canonical JSON to a growing string and hands full chunks to `flush`. */
class CanonicalWriter {
  private buffer = '';
  constructor(private readonly flush: (chunk: string) => void) {}

  write(value: unknown): void {
    if (value === null || typeof value !== 'object') {
      // `undefined` in an array or at the top becomes null, as in JSON.stringify.
      this.buffer += jsonScalar(value);
    } else if (Array.isArray(value)) {
      this.buffer += '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.buffer += ',';
        this.write(value[i]);
      }
      this.buffer += ']';
    } else {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // Most objects a plan holds are small; sort only those whose keys are out of order.
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          keys.sort();
          break;
        }
      }
      this.buffer += '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        this.buffer += first ? quoteKey(key) + ':' : ',' + quoteKey(key) + ':';
        first = false;
        this.write(member);
      }
      this.buffer += '}';
    }
    if (this.buffer.length >= CHUNK) this.end();
  }

  end(): void {
    if (this.buffer.length > 0) this.flush(this.buffer);
    this.buffer = '';
  }
}

/** JSON with object keys sorted at every level; `undefined` members are left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  let out = '';
  const writer = new CanonicalWriter((chunk) => (out += chunk));
  writer.write(value);
  writer.end();
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<hex>` of the canonical JSON of a value. */
export function hashValue(value: unknown): string {
  const hash = createHash('sha256');
  const writer = new CanonicalWriter((chunk) => hash.update(chunk));
  writer.write(value);
  writer.end();
  return `sha256:${hash.digest('hex')}`;
}
