/**
 * Shared by every test that needs a Stripe: starts an emulator on a free loopback port and makes real `stripe` SDK
 * clients pointed at it. Keep this signature stable: other areas' tests import it.
 */
import Stripe from 'stripe';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export interface TestEmulator {
  emulator: RunningEmulator;
  url: string;
  /** A real SDK client for `key` (e.g. `sk_test_acme`), no retries, no telemetry. */
  client(key: string): Stripe;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  return {
    emulator,
    url: emulator.url,
    client: (key: string) =>
      new Stripe(key, { host: emulator.host, port: emulator.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false }),
  };
}
