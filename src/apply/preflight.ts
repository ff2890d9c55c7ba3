/**
 * Refusals before any write. A plan is applied only to the account and mode it was computed for, only if its
 * format is known and its changes still hash to the reviewed `contentHash`, and only if every live object it
 * touches is as it was when it was computed — except objects this plan's own journal shows as started, which an
 * interrupted run may already have changed. Reads only; the live catalog it reads is handed on to apply.
 */
import { addressOf, pathTarget } from '../catalog/rules.js';
import type { Catalog } from '../catalog/types.js';
import { computeTargetState, hashChanges, legacyFingerprintTarget } from '../plan/fingerprint.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import type { AccountRef, Gateway } from '../stripe/types.js';
import { MigrateError } from '../util/errors.js';
import { firstOf } from '../util/list.js';
import type { JournalState } from './journal.js';

export interface PreflightResult {
  account: AccountRef;
  live: Catalog;
  /** Touched addresses whose live object changed but that the journal shows as started by this plan. */
  resumed: string[];
}

const REPLAN = 'Run `migrate plan` again, review the new plan and apply that one.';

/** The checks that need no network, in order. */
export function checkPlanFile(plan: Plan): void {
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new MigrateError('plan_unknown_version', `The plan has format version ${String(plan.formatVersion)}; this migrate reads version ${PLAN_FORMAT_VERSION}.`, { hint: REPLAN });
  }
  if (hashChanges(plan.changes) !== plan.contentHash) {
    throw new MigrateError('plan_edited', 'The plan\'s changes do not match its content hash: the file was edited after it was computed.', { hint: REPLAN });
  }
  if (plan.target.kind !== 'account' || plan.target.account === null || plan.target.mode === null) {
    throw new MigrateError('plan_target_not_account', 'The plan\'s target is not a Stripe account, so it cannot be applied.', { hint: REPLAN });
  }
}

export async function preflight(plan: Plan, gateway: Gateway, journal: JournalState): Promise<PreflightResult> {
  checkPlanFile(plan);
  const account = await gateway.account();
  if (account.id !== plan.target.account) {
    throw new MigrateError('plan_wrong_account', `The plan was computed for ${plan.target.account} but STRIPE_LIVE_KEY belongs to ${account.id}.`, {
      hint: 'Use the key of the account the plan was made for, or compute a plan for this account.',
    });
  }
  if (account.mode !== plan.target.mode) {
    throw new MigrateError('plan_wrong_mode', `The plan targets ${plan.target.mode} mode but the key is a ${account.mode}-mode key.`, {
      hint: 'Use a key of the mode the plan was made for, or compute a plan for this mode.',
    });
  }

  const live = await gateway.readCatalog();
  const { stale, resumed } = compareTargetState(plan, live, journal);
  if (stale.length > 0) {
    throw new MigrateError('plan_stale', `Live changed since the plan was computed: ${firstOf(stale, 10)}. Nothing was written.`, { hint: REPLAN });
  }
  return { account, live, resumed };
}

/**
 * Addresses whose live object no longer hashes as recorded; those the journal explains are `resumed` instead.
 * An address missing from a state is an object that does not exist, as one recorded as `null` (older files).
 */
export function compareTargetState(plan: Plan, live: Catalog, journal: JournalState): { stale: string[]; resumed: string[] } {
  const recorded = plan.targetState;
  if (recorded === undefined) {
    // Old plans carry only the fingerprint: compare it whole, unless a run of this plan already began.
    const unchanged = legacyFingerprintTarget(live, plan) === plan.targetFingerprint;
    return unchanged || journal.size > 0 ? { stale: [], resumed: [] } : { stale: ['(target fingerprint)'], resumed: [] };
  }
  const now = computeTargetState(live, plan);
  const explained = journalTouched(plan, journal);
  const stale: string[] = [];
  const resumed: string[] = [];
  for (const address of [...new Set([...recorded.keys(), ...now.keys()])].sort()) {
    if ((recorded.get(address) ?? null) === (now.get(address) ?? null)) continue;
    // `product/p#default_price` hashes the product `p`: a started change of `p` explains it too.
    (explained.has(address) || explained.has(address.split('#')[0]!) ? resumed : stale).push(address);
  }
  return { stale, resumed };
}

/** Every address a started change may have written: itself, its base object, and the objects its paths name. */
function journalTouched(plan: Plan, journal: JournalState): Set<string> {
  const started = journal.touchedAddresses();
  const out = new Set<string>();
  for (const change of plan.changes) {
    if (!started.has(change.address)) continue;
    out.add(change.address);
    out.add(change.address.split('#')[0]!);
    for (const request of change.requests) {
      const target = pathTarget(request.path);
      if (target !== undefined && !target.id.includes('{')) out.add(addressOf(target.type, target.id));
    }
  }
  return out;
}
