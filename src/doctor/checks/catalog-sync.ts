/** Live catalog in sync: `computePlan(desired, live)` has no changes, desired being the sandbox or the manifests. */
import type { Catalog } from '../../catalog/types.js';
import { computePlan } from '../../plan/compute.js';
import type { PlanEndpoint } from '../../plan/types.js';
import { STRIPE_API_VERSION, TOOL_NAME, TOOL_VERSION } from '../../stripe/client.js';
import type { CheckResult, DoctorCheck } from '../types.js';
import { cannotRun } from './reason.js';

/** Changes listed by address; the rest are counted, so a first go-live against an empty account stays readable. */
const SHOWN = 20;

export const catalogSyncCheck: DoctorCheck = {
  id: 'catalog-sync',
  title: 'Live catalog in sync',
  async run(ctx): Promise<CheckResult> {
    let desired: { catalog: Catalog; endpoint: PlanEndpoint };
    let live: Catalog;
    let target: PlanEndpoint;
    try {
      ({ desired, live } = await ctx.catalogs());
      const { account } = await ctx.live();
      target = { kind: 'account', account: account.id, mode: account.mode };
    } catch (error) {
      return cannotRun('the catalogs', error);
    }
    const plan = computePlan(desired.catalog, live, {
      source: desired.endpoint,
      target,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      stripeApiVersion: STRIPE_API_VERSION,
    });
    const source = desired.endpoint.kind === 'manifests' ? `the manifests in ${desired.endpoint.path}` : `sandbox ${desired.endpoint.account}`;
    if (plan.changes.length === 0) {
      const liveOnly = plan.summary.liveOnly > 0 ? ` (${plan.summary.liveOnly} live-only object(s) left alone)` : '';
      return { status: 'pass', detail: `live ${target.account} matches ${source}${liveOnly}` };
    }
    const s = plan.summary;
    const counts = [`${s.create} to create`, `${s.update} to update`, `${s.replace} to replace`, `${s.archive} to archive`].filter((c) => !c.startsWith('0 '));
    const items = plan.changes.slice(0, SHOWN).map((c) => `${c.action} ${c.address}`);
    if (plan.changes.length > SHOWN) items.push(`… and ${plan.changes.length - SHOWN} more`);
    const from = ctx.options.from === 'manifests' ? ` --from manifests --manifests ${ctx.options.manifests}` : '';
    return {
      status: 'fail',
      detail: `live ${target.account} differs from ${source}: ${counts.join(', ')}`,
      items,
      fix: `Run \`migrate plan${from}\`, review plan.yaml, then \`migrate apply plan.yaml\`.`,
    };
  },
};
