/**
 * How to settle each kind of difference, per account kind: one table. Against the sandbox the manifests are
 * re-exported when the account is right; against live an export would bring live's assigned price ids, so the
 * manifest is edited instead.
 */
import { formatLocation, type Location } from '../util/errors.js';
import type { Difference, DifferenceKind, DriftAgainst } from './types.js';

export interface FixContext {
  /** Manifests folder as the user named it. */
  dir: string;
}

type FixInput = Pick<Difference, 'field' | 'account' | 'replace' | 'address'> & { location: Location | null };
type FixRule = (d: FixInput, ctx: FixContext) => Difference['fix'];

const where = (location: Location | null) => (location === null ? 'the manifests' : formatLocation({ file: location.file, line: location.line }));
const show = (value: unknown) => JSON.stringify(value ?? null);

/** The plan-and-apply commands that make the account match the manifests. */
function planAndApply(ctx: FixContext, d: FixInput, against: DriftAgainst, prune = false): string {
  const target = against === 'sandbox' ? ' --target-mode test' : '';
  const pruneFlag = prune ? ' --prune' : '';
  const command = `migrate plan --from manifests --manifests ${ctx.dir}${target}${pruneFlag} && migrate apply plan.yaml${d.replace ? ' --allow-replace' : ''}${pruneFlag}`;
  return against === 'sandbox' ? `${command} (with STRIPE_LIVE_KEY holding the sandbox key)` : command;
}

const FIXES: Record<DriftAgainst, Record<DifferenceKind, FixRule>> = {
  live: {
    changed: (d, ctx) => ({
      accountIsRight: `set ${d.field ?? 'it'} to ${show(d.account)} in ${where(d.location)}`,
      manifestsAreRight: planAndApply(ctx, d, 'live'),
    }),
    missing_in_account: (d, ctx) => ({ accountIsRight: `remove ${d.address} from ${where(d.location)}`, manifestsAreRight: planAndApply(ctx, d, 'live') }),
    only_in_account: (d, ctx) => ({ accountIsRight: `add ${d.address} to the manifests in ${ctx.dir}`, manifestsAreRight: planAndApply(ctx, d, 'live', true) }),
    other_in_account: (d, ctx) => ({
      accountIsRight: `give the object at ${where(d.location)} another id, then add live's ${d.address} to the manifests under its id`,
      manifestsAreRight: planAndApply(ctx, d, 'live', true),
    }),
  },
  sandbox: {
    changed: (d, ctx) => ({ accountIsRight: `migrate export --out ${ctx.dir}`, manifestsAreRight: planAndApply(ctx, d, 'sandbox') }),
    missing_in_account: (d, ctx) => ({ accountIsRight: `migrate export --out ${ctx.dir}`, manifestsAreRight: planAndApply(ctx, d, 'sandbox') }),
    only_in_account: (d, ctx) => ({ accountIsRight: `migrate export --out ${ctx.dir}`, manifestsAreRight: planAndApply(ctx, d, 'sandbox', true) }),
    other_in_account: (d, ctx) => ({ accountIsRight: `migrate export --out ${ctx.dir}`, manifestsAreRight: planAndApply(ctx, d, 'sandbox', true) }),
  },
};

export function fixFor(against: DriftAgainst, kind: DifferenceKind, d: FixInput, ctx: FixContext): Difference['fix'] {
  return FIXES[against][kind](d, ctx);
}
