/** Configures the stripe SDK: pinned API version, retries, timeout, and `STRIPE_API_BASE` for the emulator. */
import Stripe from 'stripe';
import { ConfigError } from '../util/errors.js';

/** The API version every request is pinned to (the SDK's own; see api-notes §1.3). */
export const STRIPE_API_VERSION: string = Stripe.API_VERSION;

export const TOOL_NAME = 'stripe-catalog-migrate';
export const TOOL_VERSION = '0.1.0';

export interface ClientOptions {
  apiKey: string;
  /** e.g. `http://127.0.0.1:12111`; default Stripe's own host. */
  apiBase?: string;
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

export function apiBaseFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.STRIPE_API_BASE?.trim();
  return value ? value : undefined;
}

/**
 * `STRIPE_TIMEOUT_MS`: how long one request may take before it counts as lost (default 30 s). Chaos runs
 * lower it so that latency spikes beyond it happen; a value that is not a positive integer is refused.
 */
export function timeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.STRIPE_TIMEOUT_MS?.trim();
  if (!value) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) {
    throw new ConfigError('timeout_invalid', `STRIPE_TIMEOUT_MS must be a whole number of milliseconds, not ${value}.`, {
      hint: 'Use for example STRIPE_TIMEOUT_MS=30000, or unset it for the default of 30 seconds.',
    });
  }
  return Number(value);
}

function hostConfig(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (apiBase === undefined) return {};
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new ConfigError('api_base_invalid', `STRIPE_API_BASE is not a URL: ${apiBase}`, {
      hint: 'Use a URL such as http://127.0.0.1:12111, or unset STRIPE_API_BASE to talk to Stripe.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('api_base_invalid', `STRIPE_API_BASE must be an http or https URL, not ${url.protocol}`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

export function createStripeClient(options: ClientOptions): Stripe {
  return new Stripe(options.apiKey, {
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    // Retries are ours (retry-policy.ts): the SDK's would multiply with them and skip 429s anyway.
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeout: options.timeoutMs ?? 30_000,
    telemetry: false,
    appInfo: { name: TOOL_NAME, version: TOOL_VERSION },
    ...hostConfig(options.apiBase),
  });
}
