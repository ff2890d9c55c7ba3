/** Opening the two sides of a migration from the environment: the desired catalog and the target account. */
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/types.js';
import { describeCounts } from '../catalog/canonical.js';
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
  const [catalog] = await readCatalogs(ctx, [{ gateway, label }]);
  return catalog!;
}

/** Reads several accounts at once (each within its own rate limit) under one spinner that counts them all. */
export async function readCatalogs(ctx: CommandContext, sides: { gateway: Gateway; label: string }[]): Promise<Catalog[]> {
  const status = sides.map((side) => `${side.label}…`);
  const progress = ctx.ui.progress(`Reading ${status.join('; ')}`);
  try {
    const catalogs = await Promise.all(
      sides.map((side, i) =>
        side.gateway.readCatalog(({ counts }) => {
          status[i] = `${side.label}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`;
          progress.update(`Reading ${status.join('; ')}`);
        }),
      ),
    );
    progress.done(sides.map((side, i) => `Read ${side.label}: ${describeCounts(catalogs[i]!)}`).join('\n'));
    return catalogs;
  } catch (error) {
    progress.fail(`Reading ${sides.map((side) => side.label).join(' and ')} failed`);
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
  const catalog = await readWithProgress(ctx, source.gateway, sourceLabel(source));
  return { catalog, endpoint: sourceEndpoint(source) };
}

export const sourceLabel = (source: OpenAccount): string => `sandbox ${source.account.id}`;
export const targetLabel = (target: OpenAccount): string => `target ${target.account.id} (${target.account.mode})`;
export const sourceEndpoint = (source: OpenAccount): PlanEndpoint => ({ kind: 'account', account: source.account.id, mode: source.account.mode });

/**
 * The desired catalog and the target's, read at the same time when both are accounts: each account has its
 * own rate limit, so reading them one after the other would only add up the waits.
 */
export async function loadBoth(
  ctx: CommandContext,
  options: { from: 'sandbox' | 'manifests'; manifests: string; sourceMode?: Mode; targetMode?: Mode },
): Promise<{ desired: Desired; target: OpenAccount; actual: Catalog }> {
  if (options.from === 'manifests') {
    const desired = await loadDesired(ctx, options);
    const target = await openTarget(ctx, options.targetMode);
    return { desired, target, actual: await readWithProgress(ctx, target.gateway, targetLabel(target)) };
  }
  // Keys are checked before either account is contacted, the source's first.
  const sourceOpening = openSource(ctx, options.sourceMode);
  const targetOpening = openTarget(ctx, options.targetMode);
  const [source, target] = await Promise.all([sourceOpening, targetOpening]);
  const [desiredCatalog, actual] = await readCatalogs(ctx, [
    { gateway: source.gateway, label: sourceLabel(source) },
    { gateway: target.gateway, label: targetLabel(target) },
  ]);
  return { desired: { catalog: desiredCatalog!, endpoint: sourceEndpoint(source) }, target, actual: actual! };
}
