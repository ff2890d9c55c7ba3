/**
 * API keys come from the environment only, and are checked before anything talks to Stripe: the source must be
 * a test-mode key, the target a live-mode key (unless the user asks otherwise). A refusal names the variable and
 * never its value.
 */
import { ConfigError } from '../util/errors.js';
import type { Mode } from './types.js';

export const SOURCE_KEY_VAR = 'STRIPE_SANDBOX_KEY';
export const TARGET_KEY_VAR = 'STRIPE_LIVE_KEY';

export interface KeyShape {
  kind: 'secret' | 'restricted' | 'publishable';
  mode: Mode;
}

const KEY_PATTERN = /^(sk|rk|pk)_(test|live)_[0-9A-Za-z_]+$/;
const KINDS = { sk: 'secret', rk: 'restricted', pk: 'publishable' } as const;

/** The shape of a key, or `null` when it is not one. */
export function parseKeyShape(value: string): KeyShape | null {
  const match = KEY_PATTERN.exec(value);
  if (!match) return null;
  return { kind: KINDS[match[1] as keyof typeof KINDS], mode: match[2] as Mode };
}

/** Reads `variable` and checks it holds a secret or restricted key of `mode`. */
export function requireKey(env: NodeJS.ProcessEnv, variable: string, mode: Mode, override: string): string {
  const value = env[variable]?.trim();
  if (!value) {
    throw new ConfigError('key_missing', `${variable} is not set.`, {
      hint: `Export ${variable} with a ${mode}-mode secret or restricted key (sk_${mode}_… or rk_${mode}_…). Keys are never accepted as flags.`,
    });
  }
  const shape = parseKeyShape(value);
  if (!shape) {
    throw new ConfigError('key_malformed', `${variable} does not hold a Stripe API key.`, {
      hint: `A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_. Copy it again from the Dashboard (Developers → API keys).`,
    });
  }
  if (shape.kind === 'publishable') {
    throw new ConfigError('key_publishable', `${variable} holds a publishable key, which cannot read or write the catalog.`, {
      hint: `Use a secret (sk_${shape.mode}_…) or restricted (rk_${shape.mode}_…) key.`,
    });
  }
  if (shape.mode !== mode) {
    throw new ConfigError('key_wrong_mode', `${variable} holds a ${shape.mode}-mode key where a ${mode}-mode key belongs.`, {
      hint: `Put a ${mode}-mode key in ${variable}${override ? `, or pass ${override} ${shape.mode} if a ${shape.mode}-mode account is really meant` : ''}.`,
    });
  }
  return value;
}

export interface KeyOptions {
  /** Mode of the source account; `live` only when the user passed `--source-mode live`. */
  sourceMode?: Mode;
  /** Mode of the target account; `test` for a sandbox-to-sandbox copy (`--target-mode test`). */
  targetMode?: Mode;
}

export function sourceKey(env: NodeJS.ProcessEnv, options: KeyOptions = {}): { key: string; mode: Mode } {
  const mode = options.sourceMode ?? 'test';
  return { key: requireKey(env, SOURCE_KEY_VAR, mode, '--source-mode'), mode };
}

export function targetKey(env: NodeJS.ProcessEnv, options: KeyOptions = {}): { key: string; mode: Mode } {
  const mode = options.targetMode ?? 'live';
  return { key: requireKey(env, TARGET_KEY_VAR, mode, '--target-mode'), mode };
}
