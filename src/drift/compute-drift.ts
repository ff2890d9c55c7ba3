/**
 * `computeDrift`: drift is `computePlan(manifests, account)` having something to do. Pure: the plan is computed
 * as `migrate plan --from manifests` would (archived objects without a twin are not copied, nothing pruned),
 * then every change is read back as differences located in the manifests; active objects only in the account
 * count as drift too.
 */
import type { Catalog, ResourceType } from '../catalog/types.js';
import type { ReadManifestsResult } from '../manifests/read.js';
import { computePlan } from '../plan/compute.js';
import type { Change, Plan } from '../plan/types.js';
import type { Location } from '../util/errors.js';
import { accountView } from './account-view.js';
import { fixFor } from './fixes.js';
import type { Difference, DifferenceKind, DriftAgainst, DriftReport } from './types.js';

export interface DriftInput {
  manifests: Pick<ReadManifestsResult, 'catalog' | 'locate'>;
  /** The manifests folder as the user named it (shown in fixes). */
  dir: string;
  account: Catalog;
  accountRef: { id: string; mode: 'test' | 'live' };
  against: DriftAgainst;
  tool: { name: string; version: string };
  stripeApiVersion: string;
}

export function computeDrift(input: DriftInput): DriftReport {
  const plan = computePlan(input.manifests.catalog, accountView(input.account, input.against), {
    source: { kind: 'manifests', account: null, mode: null, path: input.dir },
    target: { kind: 'account', account: input.accountRef.id, mode: input.accountRef.mode },
    tool: input.tool,
    stripeApiVersion: input.stripeApiVersion,
  });
  const differences = [...plan.changes.flatMap((c) => changeDifferences(c, input)), ...liveOnlyDifferences(plan, input)];
  differences.sort((a, b) => compare(a.address, b.address) || compare(a.field ?? '', b.field ?? ''));
  return {
    against: input.against,
    account: input.accountRef,
    manifests: input.dir,
    inSync: differences.length === 0,
    differences,
    unchanged: plan.summary.unchanged,
    warnings: plan.warnings,
  };
}

/** `product/prod_x#default_price` (a link change) is about `product/prod_x`. */
function objectAddress(address: string): string {
  const hash = address.indexOf('#');
  return hash < 0 ? address : address.slice(0, hash);
}

function difference(
  input: DriftInput,
  kind: DifferenceKind,
  base: { address: string; type: ResourceType; field: string | null; manifest: unknown; account: unknown; replace: boolean; location: Location | null },
): Difference {
  return { kind, ...base, fix: fixFor(input.against, kind, base, { dir: input.dir }) };
}

function changeDifferences(change: Change, input: DriftInput): Difference[] {
  const address = objectAddress(change.address);
  const locate = (field?: string) => input.manifests.locate(address, field) ?? null;
  switch (change.action) {
    case 'create':
      return [difference(input, 'missing_in_account', { address, type: change.type, field: null, manifest: change.id, account: null, replace: false, location: locate() })];
    case 'update':
    case 'replace':
      return (change.fields ?? []).map((f) =>
        difference(input, 'changed', {
          address,
          type: change.type,
          field: f.field,
          manifest: manifestValue(input, address, f.field, f.after),
          account: f.before ?? null,
          replace: change.action === 'replace',
          location: locate(f.field),
        }),
      );
    case 'archive':
      // Drift never prunes, so only-in-account objects come from `plan.liveOnly`, not from archive changes.
      return [];
  }
}

/**
 * A default price is compared in account ids (a live one-time price has its own id); the manifest's value is
 * its manifest id.
 */
function manifestValue(input: DriftInput, address: string, field: string, after: unknown): unknown {
  if (field === 'default_price' && address.startsWith('product/')) {
    return input.manifests.catalog.products.find((p) => `product/${p.id}` === address)?.default_price ?? null;
  }
  return after ?? null;
}

/**
 * Active objects only in the account. One whose address the manifests also name is another object than theirs
 * (the manifests' one is created with a new id and found by link), so it is told apart and located at the
 * manifests' object of that id.
 */
function liveOnlyDifferences(plan: Plan, input: DriftInput): Difference[] {
  return plan.liveOnly.map(({ address, liveId }) => {
    const namesake = input.manifests.locate(address) ?? null;
    return difference(input, namesake === null ? 'only_in_account' : 'other_in_account', {
      address,
      type: address.slice(0, address.indexOf('/')) as ResourceType,
      field: null,
      manifest: null,
      account: liveId,
      replace: false,
      location: namesake,
    });
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
