/** Opening the two sides of a migration from the environment: the desired catalog and the target account. */
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/types.js';
import { readManifests } from '../manifests/read.js';
import type { PlanEndpoint } from '../plan/types.js';
import { gatewayFromEnv } from '../stripe/gateway.js';
import { SOURCE_KEY_VAR, TARGET_KEY_VAR, sourceKey, targetKey } from '../stripe/keys.js';
import type { AccountRef, Gateway, Mode } from '../stripe/types.js';
import { MigrateError, formatLocation } from '../util/errors.js';
import type { CommandContext } from './command.js';

export interface OpenAccount {
  gateway: Gateway;
  account: AccountRef;
}

export async function openSource(ctx: CommandContext, sourceMode: Mode = 'test'): Promise<OpenAccount> {
  const gateway = gatewayFromEnv(ctx.env, sourceKey(ctx.env, { sourceMode }), SOURCE_KEY_VAR);
  return { gateway, account: await gateway.account() };
}

export async function openTarget(ctx: CommandContext, targetMode: Mode = 'live'): Promise<OpenAccount> {
  const gateway = gatewayFromEnv(ctx.env, targetKey(ctx.env, { targetMode }), TARGET_KEY_VAR);
  return { gateway, account: await gateway.account() };
}

/** Reads a catalog with a spinner that counts objects (silent without a TTY). */
export async function readWithProgress(ctx: CommandContext, gateway: Gateway, label: string): Promise<Catalog> {
  const progress = ctx.ui.progress(`Reading ${label}…`);
  try {
    const catalog = await gateway.readCatalog(({ counts }) =>
      progress.update(`Reading ${label}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`),
    );
    progress.done(`Read ${label}: ${catalog.products.length} products, ${catalog.prices.length} prices, ${catalog.coupons.length} coupons`);
    return catalog;
  } catch (error) {
    progress.fail(`Reading ${label} failed`);
    throw error;
  }
}

export interface Desired {
  catalog: Catalog;
  endpoint: PlanEndpoint;
}

export async function loadDesired(
  ctx: CommandContext,
  options: { from: 'sandbox' | 'manifests'; manifests: string; sourceMode?: Mode },
): Promise<Desired> {
  if (options.from === 'manifests') {
    const dir = resolve(ctx.cwd, options.manifests);
    const { catalog, problems } = await readManifests(dir);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      for (const p of errors) ctx.ui.error(`${formatLocation(p.location)}: ${p.message} [${p.code}]`);
      throw new MigrateError('manifests_invalid', `${errors.length} problem(s) in ${options.manifests}; nothing was read from or written to Stripe.`, {
        hint: `Fix them (\`migrate validate --manifests ${options.manifests}\` lists them) and run again.`,
      });
    }
    return { catalog, endpoint: { kind: 'manifests', account: null, mode: null, path: options.manifests } };
  }
  const source = await openSource(ctx, options.sourceMode);
  const catalog = await readWithProgress(ctx, source.gateway, `sandbox ${source.account.id}`);
  return { catalog, endpoint: { kind: 'account', account: source.account.id, mode: source.account.mode } };
}
