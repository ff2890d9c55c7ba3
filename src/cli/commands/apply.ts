/**
 * `migrate apply [FILE]`: executes a reviewed plan file against the target account. Refusals come first and
 * write nothing; then a summary and a confirmation (a TTY prompt, or `--yes`); then the applier with progress;
 * then verification against a fresh plan, the id map and a final summary.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { applyPlan } from '../../apply/apply-plan.js';
import { journalPathFor, readJournal } from '../../apply/journal.js';
import { acquireApplyLock } from '../../apply/lock.js';
import { auditPathFor, buildIdMapFile, idMapPathFor, writeIdMap } from '../../apply/outputs.js';
import { checkPlanFile, preflight } from '../../apply/preflight.js';
import { idOfAddress } from '../../apply/resolve.js';
import { skippedReason } from '../../apply/execute-change.js';
import type { ApplyEvent, ApplyResult } from '../../apply/types.js';
import { verifyApply, type VerifyResult } from '../../apply/verify.js';
import { parsePlan } from '../../plan/planfile.js';
import type { Plan } from '../../plan/types.js';
import { MigrateError, UsageError } from '../../util/errors.js';
import type { CommandContext } from '../command.js';
import { defineCommand } from '../command.js';
import { loadDesired } from '../endpoints.js';
import type { Catalog } from '../../catalog/types.js';
import { gatewayFromEnv } from '../../stripe/gateway.js';
import { endpointRate } from '../../stripe/rate-limits.js';
import { SOURCE_KEY_VAR, TARGET_KEY_VAR, sourceKey, targetKey } from '../../stripe/keys.js';
import type { Gateway, WebhookGateway } from '../../stripe/types.js';
import type { Ui } from '../ui.js';
import { applyWebhookEndpoints, showSigningSecretOnce, type CreatedWebhook, type WebhookApplyResult } from '../../apply/webhooks.js';
import type { SigningSecret } from '../../stripe/webhooks.js';

export const applyCommand = defineCommand({
  builder: (y) =>
    y
      .positional('file', { type: 'string', default: 'plan.yaml', describe: 'the plan file written by `migrate plan`' })
      .option('yes', { type: 'boolean', default: false, describe: 'do not ask for confirmation (needed without a TTY)' })
      .option('allow-replace', { type: 'boolean', default: false, describe: 'run replaces (new price / re-created coupon) the plan lists' })
      .option('prune', { type: 'boolean', default: false, describe: 'run the archives of live-only objects the plan lists' })
      .option('include', { type: 'array', choices: ['webhooks'] as const, default: [] as 'webhooks'[], describe: 'webhooks: also create sandbox webhook endpoints missing in live (each new signing secret is shown once)' }),
  examples: [
    ['$0 apply plan.yaml', 'show what will happen, ask, apply, verify'],
    ['$0 apply plan.yaml --yes --json', 'in CI: no prompt, one JSON object on stdout'],
    ['$0 apply plan.yaml --include webhooks', 'also copy the sandbox webhook endpoints live lacks'],
  ],
  async run(args, ctx) {
    const file = resolve(ctx.cwd, args.file ?? 'plan.yaml');
    const plan = parsePlan(await readPlanFile(file, args.file ?? 'plan.yaml'), args.file ?? 'plan.yaml');
    checkPlanFile(plan);
    // Held from before the journal is read until the id map is written: one apply of a plan at a time.
    const lock = await acquireApplyLock(file, args.file ?? 'plan.yaml');
    try {
      return await applyLocked(args, ctx, plan, file);
    } finally {
      await lock.release();
    }
  },
});

interface ApplyArgs {
  yes: boolean;
  'allow-replace': boolean;
  prune: boolean;
  include: 'webhooks'[];
}

/** Everything apply does while it holds the plan's lock: preflight, confirmation, apply, verification, id map. */
async function applyLocked(args: ApplyArgs, ctx: CommandContext, plan: Plan, file: string): Promise<'ok' | 'error'> {
  const options = { allowReplace: args['allow-replace'], prune: args.prune };

  // The account is read by preflight (with retries), not here: a 429 on that first read must not end the run.
  const target = { gateway: gatewayFromEnv(ctx.env, targetKey(ctx.env, { targetMode: plan.target.mode ?? 'live' }), TARGET_KEY_VAR) };
  // Webhook endpoints are read from the sandbox whatever the plan's source: its key is checked before any write.
  const webhookSource = args.include.includes('webhooks')
    ? gatewayFromEnv(ctx.env, sourceKey(ctx.env, { sourceMode: plan.source.kind === 'account' ? (plan.source.mode ?? 'test') : 'test' }), SOURCE_KEY_VAR)
    : undefined;
  const journalPath = journalPathFor(file);
  const journal = await readJournal(journalPath, plan.contentHash);
  const checked = await preflight(plan, target.gateway, journal);

  showSummary(ctx.ui, plan, checked.account, options, journal.size > 0);
  if (!args.yes) await confirm(ctx, plan, checked.account.id);

  // Verification compares live with the desired catalog, read again. A sandbox is another account with limits of
  // its own, so its read runs alongside the writes instead of after them (a 10,000-object sandbox takes 6 s or more
  // at 25 requests a second); its failure is reported when verification awaits it. Manifests are read afterwards.
  const sandboxRead = plan.source.kind === 'account' ? readDesired(ctx, plan) : undefined;
  sandboxRead?.catch(() => undefined);
  const progress = ctx.ui.progress(`Applying ${plan.changes.length} changes to ${checked.account.id}…`);
  const result = await applyPlan(plan, target.gateway, {
    ...options,
    journal,
    journalPath,
    auditPath: auditPathFor(file),
    live: checked.live,
    onEvent: (event) => reportEvent(ctx.ui, progress, event),
  });
  if (result.ok) progress.done(`Applied: ${countsLine(result)}`);
  else progress.fail(`Apply finished with failures: ${countsLine(result)}`);

  const skipped = new Set(result.changes.filter((c) => c.outcome === 'skipped').map((c) => c.address));
  let verification: VerifyResult | undefined;
  let verifyError: MigrateError | undefined;
  try {
    verification = await verifyApply(await (sandboxRead ?? readDesired(ctx, plan)), target.gateway, plan, { skipped, prune: options.prune });
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    verifyError = error;
  }

  const idMapPath = idMapPathFor(file);
  const idMapEntries = [...(verification?.idMap ?? []), ...result.idMap.entries()];
  await writeIdMap(idMapPath, buildIdMapFile(idMapEntries, {
    source: { account: plan.source.account, mode: plan.source.mode },
    target: { account: checked.account.id, mode: checked.account.mode },
  }));

  const catalogOk = result.ok && verification !== undefined && verification.remaining.length === 0;
  const webhooks = webhookSource ? await applyWebhooks(ctx, webhookSource, target.gateway, plan, file, catalogOk) : undefined;
  const ok = catalogOk && (webhooks === undefined || webhooks.error === undefined);
  reportEnd(ctx.ui, { plan, result, verification, verifyError, idMapPath, file, ok, webhooks });
  // Last, so the secrets are what the user sees when the run ends, not lines scrolled past.
  for (const shown of webhooks?.secrets ?? []) showSigningSecretOnce(ctx.streams.stderr, shown.created, shown.secret);
  return ok ? 'ok' : 'error';
}

interface WebhooksOutcome {
  result?: WebhookApplyResult;
  error?: MigrateError;
  /** Not attempted because the catalog apply did not complete. */
  notRun?: boolean;
  /** Held only until they are shown; they serialise as a mask should anything try to print them. */
  secrets?: { created: CreatedWebhook; secret: SigningSecret }[];
}

/** `--include webhooks`, once the catalog is applied: each new signing secret goes to the terminal alone. */
async function applyWebhooks(
  ctx: CommandContext,
  sandbox: WebhookGateway,
  live: WebhookGateway & Gateway,
  plan: Plan,
  file: string,
  catalogOk: boolean,
): Promise<WebhooksOutcome> {
  if (!catalogOk) return { notRun: true };
  const secrets: WebhooksOutcome['secrets'] = [];
  try {
    const result = await applyWebhookEndpoints({
      sandbox,
      live,
      contentHash: plan.contentHash,
      auditPath: auditPathFor(file),
      onCreated: (created, secret) => {
        const replayed = created.replayed ? ', answered from Stripe\'s idempotency store' : '';
        ctx.ui.info(`created webhook endpoint ${created.liveId} for ${created.url} (sandbox ${created.sandboxId})${replayed}`);
        secrets.push({ created, secret });
      },
      onUpdated: (updated) => {
        const change = [...updated.added.map((e) => `+${e}`), ...updated.removed.map((e) => `-${e}`)].join(' ');
        ctx.ui.info(`updated the events of live webhook endpoint ${updated.liveId} for ${updated.url} to the sandbox's (${change}), instead of creating a second endpoint there`);
      },
    });
    return { result, secrets };
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    // Endpoints created before the failure exist in live: their secrets are shown all the same.
    return { error, secrets };
  }
}

/** The desired catalog the plan was computed from, read again for verification. */
async function readDesired(ctx: CommandContext, plan: Plan): Promise<Catalog> {
  if (plan.source.kind === 'manifests') return (await loadDesired(ctx, { from: 'manifests', manifests: plan.source.path ?? 'manifests' })).catalog;
  const source = gatewayFromEnv(ctx.env, sourceKey(ctx.env, { sourceMode: plan.source.mode ?? 'test' }), SOURCE_KEY_VAR);
  const account = await source.account();
  if (account.id !== plan.source.account) {
    throw new MigrateError('plan_wrong_source', `The plan was computed from ${plan.source.account ?? 'another source'} but ${SOURCE_KEY_VAR} belongs to ${account.id}.`, {
      hint: `Set ${SOURCE_KEY_VAR} to the key of the sandbox the plan was made from.`,
    });
  }
  return source.readCatalog();
}

async function readPlanFile(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError('plan_missing', `There is no plan file at ${shown}.`, { hint: 'Run `migrate plan` first (it writes plan.yaml), review it, then apply it.' });
    }
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new UsageError('plan_missing', `${shown} is a folder, not a plan file.`, { hint: 'Name the plan file `migrate plan --out` wrote (plan.yaml by default).' });
    }
    throw error;
  }
}

function showSummary(ui: Ui, plan: Plan, account: { id: string; mode: string }, options: { allowReplace: boolean; prune: boolean }, resuming: boolean): void {
  const left = plan.changes.filter((change) => skippedReason(change, options) !== undefined);
  const s = plan.summary;
  ui.info(`Target: ${account.id} (${account.mode} mode). Plan from ${plan.source.account ?? plan.source.path ?? 'manifests'}.`);
  ui.info(`Will apply: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.archive} to archive.`);
  if (left.length > 0) ui.info(`Left alone: ${left.map((c) => `${c.address} (${skippedReason(c, options)})`).join(', ')}.`);
  if (resuming) ui.info('Resuming an earlier run of this plan: finished requests are skipped, interrupted ones retried with the same idempotency key.');
}

async function confirm(ctx: CommandContext, plan: Plan, account: string): Promise<void> {
  if (!ctx.stdinIsTTY) {
    throw new UsageError('confirmation_required', 'Refusing to apply without confirmation: there is no terminal to ask on.', {
      hint: 'Pass --yes to apply without a prompt (for CI), after reviewing the plan.',
    });
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Apply ${plan.changes.length} changes to ${account}? Type "yes" to continue: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new UsageError('apply_declined', 'Not applied: the confirmation was not "yes". Nothing was written.');
  } finally {
    rl.close();
  }
}

function reportEvent(ui: Ui, progress: ReturnType<Ui['progress']>, event: ApplyEvent): void {
  switch (event.type) {
    case 'change': {
      const { address, liveId, outcome } = event.report;
      // Show the live id only where it differs from the source id (Stripe assigned it).
      const renamed = liveId !== null && liveId !== idOfAddress(address);
      const line = `${outcome} ${address}${renamed ? ` → ${liveId}` : ''} (${event.finished}/${event.total})`;
      if (ui.interactive) progress.update(line);
      else ui.info(outcome === 'failed' ? `${line}: ${event.report.detail ?? ''}` : line);
      return;
    }
    case 'warning':
      ui.warn(event.message);
      return;
    case 'retry':
      if (ui.interactive) progress.update(`${event.kind === 'throttle' ? 'rate limited' : 'retrying'}; concurrency ${event.concurrency}`);
      else if (event.kind === 'retry') ui.info(`retrying ${event.address} in ${Math.round(event.waitMs)} ms: ${event.reason}`);
      return;
  }
}

function countsLine(result: ApplyResult): string {
  return Object.entries(result.counts).filter(([, n]) => n > 0).map(([outcome, n]) => `${n} ${outcome}`).join(', ') || 'nothing to do';
}

interface EndReport {
  plan: Plan;
  result: ApplyResult;
  verification?: VerifyResult;
  verifyError?: MigrateError;
  idMapPath: string;
  file: string;
  ok: boolean;
  webhooks?: WebhooksOutcome;
}

function reportEnd(ui: Ui, end: EndReport): void {
  const { result, verification, verifyError } = end;
  const failures = result.changes.filter((c) => c.outcome === 'failed' || c.outcome === 'blocked');
  if (ui.json) {
    ui.emitJson({
      ok: end.ok,
      summary: result.counts,
      stats: result.stats,
      failures,
      verification: verification
        ? { remaining: verification.remaining.map((c) => ({ address: c.address, action: c.action })), deferred: verification.deferred.map((c) => c.address) }
        : { error: verifyError ? { code: verifyError.code, message: verifyError.message } : undefined },
      idMapPath: end.idMapPath,
      auditPath: auditPathFor(end.file),
      journalPath: journalPathFor(end.file),
      warnings: result.warnings,
      // Ids and URLs only: a signing secret never enters the JSON object.
      ...(end.webhooks ? { webhooks: webhooksJson(end.webhooks) } : {}),
    });
  }
  for (const failure of failures) ui.error(`${failure.address}: ${failure.outcome}${failure.detail ? ` — ${failure.detail}` : ''}${failure.requestId ? ` (Stripe request ${failure.requestId})` : ''}`);
  // One line per distinct hint: a missing permission fails every write the same way and needs saying once.
  for (const hint of new Set(failures.map((f) => f.hint).filter((h) => h !== undefined))) ui.info(`hint: ${hint}`);
  if (verifyError) ui.error(`Could not verify: ${verifyError.message}${verifyError.hint ? ` (${verifyError.hint})` : ''}`);
  if (verification) {
    for (const change of verification.remaining) ui.error(`still different after apply: ${change.action} ${change.address}`);
    if (verification.deferred.length > 0) ui.info(`Left as chosen: ${verification.deferred.map((c) => `${c.action} ${c.address}`).join(', ')}.`);
    if (verification.remaining.length === 0) ui.info('Verified: a fresh plan against live has nothing left to do.');
  }
  ui.info(`Requests sent: ${result.stats.requestsSent} (${result.stats.replayed} answered from Stripe's idempotency store, ${result.stats.throttled} rate-limited and retried).`);
  const raised = Object.entries(result.stats.endpointLimits).filter(([endpoint, limit]) => limit > endpointRate(endpoint));
  if (raised.length > 0) ui.info(`Live allowed more requests a second than documented on: ${raised.map(([endpoint, limit]) => `${endpoint} (${limit}/s, documented ${endpointRate(endpoint)})`).join(', ')}.`);
  if (end.webhooks) reportWebhooks(ui, end.webhooks);
  ui.info(`Id map: ${end.idMapPath}. Audit log: ${auditPathFor(end.file)}.`);
  ui.out(end.ok ? `Apply complete: ${countsLine(result)}.` : `Apply did not complete: ${countsLine(result)}. Re-running \`migrate apply\` is safe.`);
}

function webhooksJson(outcome: WebhooksOutcome): Record<string, unknown> {
  if (outcome.notRun) return { skipped: 'the catalog apply did not complete' };
  if (outcome.error) return { error: { code: outcome.error.code, message: outcome.error.message } };
  return { created: outcome.result?.created ?? [], updated: outcome.result?.updated ?? [], alreadyInLive: outcome.result?.alreadyInLive ?? 0 };
}

function reportWebhooks(ui: Ui, outcome: WebhooksOutcome): void {
  if (outcome.notRun) ui.info('Webhook endpoints: not created, because the catalog apply did not complete; re-run `migrate apply` to finish both.');
  else if (outcome.error) {
    ui.error(`Webhook endpoints: ${outcome.error.message}`);
    if (outcome.error.hint) ui.info(`hint: ${outcome.error.hint}`);
  } else if (outcome.result) {
    const { created, updated, alreadyInLive } = outcome.result;
    ui.info(`Webhook endpoints: ${created.length} created, ${updated.length} updated, ${alreadyInLive} already in live.`);
  }
}
