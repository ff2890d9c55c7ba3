/** Builds the memoised `DoctorContext` from the environment: keys, gateways, and the reads checks share. */
import type { CommandContext } from '../cli/command.js';
import { loadDesired, readWithProgress } from '../cli/endpoints.js';
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
    sandboxWebhooks: once(async () => (await sandbox()).gateway.readWebhookEndpoints()),
    liveWebhooks: once(async () => (await live()).gateway.readWebhookEndpoints()),
    desired: once(async () => {
      if (options.from === 'manifests') return loadDesired(command, { from: 'manifests', manifests: options.manifests });
      const opened = await sandbox();
      const catalog = await readWithProgress(command, opened.gateway, `sandbox ${opened.account.id}`);
      return { catalog, endpoint: { kind: 'account' as const, account: opened.account.id, mode: opened.account.mode } };
    }),
    liveCatalog: once(async () => {
      const opened = await live();
      return readWithProgress(command, opened.gateway, `live ${opened.account.id}`);
    }),
  };
}
