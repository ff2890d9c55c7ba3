/**
 * Verification after apply: re-read live, compute the plan again from the same desired catalog, and list what
 * still differs. Differences the user chose to leave (a replace without `--allow-replace`, an archive without
 * `--prune`, and what builds on them) are reported apart and are no failure. The same pairing gives the id map
 * for every desired object, not only those this run touched.
 */
import type { Catalog } from '../catalog/types.js';
import { computePlan } from '../plan/compute.js';
import { SIMPLE_TYPES, matchCatalogs } from '../plan/match.js';
import type { Change, Plan } from '../plan/types.js';
import type { Gateway } from '../stripe/types.js';

export interface VerifyResult {
  /** Changes a fresh plan still has that this run should have made: any means the apply did not converge. */
  remaining: Change[];
  /** Changes a fresh plan still has that were left out by choice. */
  deferred: Change[];
  /** `type/sourceId` → live id for every desired object that has a live twin. */
  idMap: [string, string][];
  live: Catalog;
}

export async function verifyApply(
  desired: Catalog,
  gateway: Gateway,
  plan: Plan,
  options: { skipped: ReadonlySet<string>; prune?: boolean },
): Promise<VerifyResult> {
  const live = await gateway.readCatalog();
  const fresh = computePlan(desired, live, {
    source: plan.source,
    target: plan.target,
    tool: plan.tool,
    stripeApiVersion: plan.stripeApiVersion,
    prune: (options.prune ?? false) && plan.changes.some((change) => change.action === 'archive'),
  });
  const remaining: Change[] = [];
  const deferred: Change[] = [];
  for (const change of fresh.changes) {
    (options.skipped.has(change.address) ? deferred : remaining).push(change);
  }
  return { remaining, deferred, idMap: pairIds(desired, live), live };
}

function pairIds(desired: Catalog, live: Catalog): [string, string][] {
  const matching = matchCatalogs(desired, live);
  const out: [string, string][] = [];
  for (const pair of matching.products) if (pair.live) out.push([`product/${pair.desired.id}`, pair.live.id]);
  for (const pair of matching.prices) if (pair.live) out.push([`price/${pair.desired.id}`, pair.live.id]);
  for (const pair of matching.coupons) if (pair.live) out.push([`coupon/${pair.desired.id}`, pair.live.id]);
  for (const type of SIMPLE_TYPES) for (const pair of matching.simple[type]) if (pair.live) out.push([`${type}/${pair.desired.id}`, pair.live.id]);
  return out;
}
