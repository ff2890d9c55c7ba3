/**
 * The idempotency store (§1.7), per account and mode: the first response (status and body) is kept once the
 * endpoint begins executing and replayed for the same key; a key still running answers 409; another endpoint or
 * other parameters are refused; keys older than 24 hours of emulator time are forgotten.
 */
import { ApiError } from './wire/api-error.js';
import type { EmulatorSwitches } from './switches.js';

const TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  endpoint: string;
  /** Path as sent, for the endpoint-mismatch message. */
  path: string;
  fingerprint: string;
  createdAt: number;
  /** `undefined` while the first request is still running. */
  response?: { status: number; body: string };
}

export type Lookup = { kind: 'fresh' } | { kind: 'replay'; status: number; body: string };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: () => number,
    private readonly switches: EmulatorSwitches,
  ) {}

  /** Replays a stored response, refuses a conflict, or says the request is new. */
  lookup(scope: string, key: string, endpoint: string, path: string, fingerprint: string): Lookup {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (entry === undefined) return { kind: 'fresh' };
    if (this.clock() - entry.createdAt >= TTL_MS) {
      this.entries.delete(id);
      return { kind: 'fresh' };
    }
    if (entry.response === undefined) {
      throw new ApiError(409, {
        type: 'invalid_request_error',
        code: 'idempotency_key_in_use',
        message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}.${this.switches.keyInUseMessageTail}`,
      });
    }
    if (entry.endpoint !== endpoint) {
      throw new ApiError(400, {
        type: this.switches.idempotencyEndpointMismatchType,
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${path}' vs '${entry.path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (entry.fingerprint !== fingerprint) {
      throw new ApiError(400, {
        type: 'idempotency_error',
        code: this.switches.idempotencyMismatchCode ?? undefined,
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return { kind: 'replay', status: entry.response.status, body: entry.response.body };
  }

  /** Marks a key as running: concurrent uses now get 409 until `complete` or `release`. */
  reserve(scope: string, key: string, endpoint: string, path: string, fingerprint: string): void {
    this.entries.set(`${scope}\u0000${key}`, { endpoint, path, fingerprint, createdAt: this.clock() });
  }

  /** Forgets a reservation: the request failed validation or never reached the endpoint (nothing is stored). */
  release(scope: string, key: string): void {
    this.entries.delete(`${scope}\u0000${key}`);
  }

  complete(scope: string, key: string, status: number, body: string): void {
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (entry !== undefined) entry.response = { status, body };
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Parameters compared for a replay, independent of the order the client sent them in. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
