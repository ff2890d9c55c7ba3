/** Builds the memoised `DoctorContext` from the environment: keys, gateways, and the reads checks share. */
import type { CommandContext } from '../cli/command.js';
import { loadBoth } from '../cli/endpoints.js';
import { gatewayFromEnv } from '../stripe/gateway.js';
import { SOURCE_KEY_VAR, TARGET_KEY_VAR, sourceKey, targetKey } from '../stripe/keys.js';
import type { DoctorContext, DoctorOptions, OpenedAccount } from './types.js';

/** Runs `work` on first call only; every caller gets the same promise, failure included. */
function once<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= work());
}

export function createDoctorContext(command: CommandContext, options: DoctorOptions): DoctorContext {
  const open = (variable: string, key: () => { key: string; mode: 'test' | 'live' }) =>
    once(async (): Promise<OpenedAccount> => {
      const gateway = gatewayFromEnv(command.env, key(), variable);
      return { gateway, account: await gateway.account() };
    });
  const sandbox = open(SOURCE_KEY_VAR, () => sourceKey(command.env));
  const live = open(TARGET_KEY_VAR, () => targetKey(command.env));

  return {
    options,
    cwd: command.cwd,
    sandbox,
    live,
    webhooks: once(async () => {
      const [sandboxHooks, liveHooks] = await Promise.all([
        sandbox().then((opened) => opened.gateway.readWebhookEndpoints()),
        live().then((opened) => opened.gateway.readWebhookEndpoints()),
      ]);
      return { sandbox: sandboxHooks, live: liveHooks };
    }),
    // Both sides at once, under one progress line, as `migrate plan` reads them.
    catalogs: once(async () => {
      const { desired, actual } = await loadBoth(command, { from: options.from, manifests: options.manifests });
      return { desired, live: actual };
    }),
  };
}
