import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { loadBoth } from '../endpoints.js';
import { computePlan } from '../../plan/compute.js';
import { refuseUntakenIds } from '../../plan/new-ids.js';
import { serializePlan } from '../../plan/planfile.js';
import { planToJson, renderPlanTo } from '../../plan/render.js';
import { STRIPE_API_VERSION, TOOL_NAME, TOOL_VERSION } from '../../stripe/client.js';
import { writeFileSafely } from '../../util/safe-write.js';

export const planCommand = defineCommand({
  builder: (y) =>
    y
      .option('from', { choices: ['sandbox', 'manifests'] as const, default: 'sandbox' as const, describe: 'the desired state' })
      .option('manifests', { type: 'string', default: 'manifests', describe: 'manifests folder (with --from manifests)' })
      .option('out', { type: 'string', default: 'plan.yaml', describe: 'where to write the plan file' })
      .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'exit 2 when there are changes, 0 when none' })
      .option('include-archived', { type: 'boolean', default: false, describe: 'also create archived source objects missing in live' })
      .option('prune', { type: 'boolean', default: false, describe: 'plan to archive active live objects missing from the source' })
      .option('target-mode', { choices: ['live', 'test'] as const, default: 'live' as const, describe: 'test: copy into another sandbox' })
      .option('source-mode', { choices: ['test', 'live'] as const, default: 'test' as const, describe: 'live: read a live account as the source (explicit only)' }),
  examples: [
    ['$0 plan', 'sandbox (STRIPE_SANDBOX_KEY) vs live (STRIPE_LIVE_KEY) → plan.yaml'],
    ['$0 plan --from manifests --detailed-exitcode', 'manifests/ vs live; exit 2 if apply would change something'],
  ],
  async run(args, ctx) {
    const { desired, target, actual } = await loadBoth(ctx, {
      from: args.from,
      manifests: args.manifests,
      sourceMode: args['source-mode'],
      targetMode: args['target-mode'],
    });

    const plan = computePlan(desired.catalog, actual, {
      source: desired.endpoint,
      target: { kind: 'account', account: target.account.id, mode: target.account.mode },
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      stripeApiVersion: STRIPE_API_VERSION,
      includeArchived: args['include-archived'],
      prune: args.prune,
    });
    // Before the file is written: such a plan could only fail in apply. Drift and doctor report the object as
    // missing instead (their plans are never applied).
    refuseUntakenIds(plan.changes);
    const out = resolve(ctx.cwd, args.out);
    await writeFileSafely(out, serializePlan(plan));

    const hasChanges = plan.changes.length > 0;
    if (ctx.ui.json) ctx.ui.emitJson({ ok: true, planFile: out, ...planToJson(plan) });
    else {
      // Printed as it is rendered, in chunks of whole lines: a large plan's text is never held (`renderPlanTo`).
      renderPlanTo(plan, { color: ctx.ui.color }, (chunk) => ctx.ui.out(chunk));
      ctx.ui.info(hasChanges ? `Plan written to ${out}. Review it, then run: migrate apply ${args.out}` : `Plan written to ${out}.`);
    }
    return hasChanges && args['detailed-exitcode'] ? 'changes' : 'ok';
  },
});
