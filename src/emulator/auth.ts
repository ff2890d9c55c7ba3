/**
 * Keys → accounts (§1.4): `sk_test_<name>`, `sk_live_<name>`, `rk_test_<name>`, `rk_live_<name>` belong to
 * `acct_<name>` in the mode of their prefix. A missing or malformed key gets Stripe's 401 with the key masked.
 */
import { ApiError } from './wire/api-error.js';
import type { Mode } from './store/state.js';

export interface Caller {
  key: string;
  account: string;
  mode: Mode;
  restricted: boolean;
}

const KEY = /^(sk|rk)_(test|live)_([A-Za-z0-9_]+)$/;

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** `sk_test_abcdefgh` → `sk_test_****efgh`: prefix, asterisks, last four (§1.4). */
export function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return prefix + '*'.repeat(Math.max(0, rest.length - 4)) + rest.slice(-4);
}

/** Reads `Authorization: Bearer <key>` (stripe-node) or Basic auth with the key as user name (curl -u). */
export function keyFromHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value === '' ? undefined : value;
  if (/^basic$/i.test(scheme)) {
    const user = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
    return user === '' ? undefined : user;
  }
  return undefined;
}

export function parseKey(key: string): Caller | undefined {
  const match = KEY.exec(key);
  if (match === null) return undefined;
  return { key, account: `acct_${match[3]}`, mode: match[2] as Mode, restricted: match[1] === 'rk' };
}

export function authenticate(header: string | undefined): Caller {
  const key = keyFromHeader(header);
  if (key === undefined) throw new ApiError(401, { type: 'invalid_request_error', message: NO_KEY });
  const caller = parseKey(key);
  if (caller === undefined) {
    throw new ApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${maskKey(key)}` });
  }
  return caller;
}

/** 403 for a read-only restricted key on a write (§1.6), naming the permission that would allow it. */
export function permissionDenied(caller: Caller, permission: string): ApiError {
  return new ApiError(403, {
    type: 'invalid_request_error',
    message: `The provided key '${maskKey(caller.key)}' does not have the required permissions for this endpoint on account '${caller.account}'. Having the '${permission}' permission would allow this request to continue.`,
  });
}
