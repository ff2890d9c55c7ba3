/**
 * Drift: how an account differs from the manifests, one difference per object and field, each with where the
 * manifest says it, what the account holds, and how to settle it either way.
 */
import type { ResourceType } from '../catalog/types.js';
import type { Location } from '../util/errors.js';

/** Which account the manifests are compared with. */
export type DriftAgainst = 'live' | 'sandbox';

export type DifferenceKind =
  /** The object is on both sides and one field differs. */
  | 'changed'
  /** In the manifests, not in the account. */
  | 'missing_in_account'
  /** Active in the account, not in the manifests. */
  | 'only_in_account'
  /**
   * Active in the account under an id the manifests give another object: the manifests' object cannot keep its
   * id there (a one-time price gets a new id in live and is found by its link), so the account's object of that
   * id is not its twin.
   */
  | 'other_in_account';

export interface Difference {
  kind: DifferenceKind;
  /** `<type>/<manifest id>` (for `only_in_account` and `other_in_account`: the account id). */
  address: string;
  type: ResourceType;
  /** Dotted field path (`metadata.tier`); `null` when the whole object differs. */
  field: string | null;
  /** The manifest's value (`null` when unset or absent). */
  manifest: unknown;
  /** The account's value (`null` when unset or absent). */
  account: unknown;
  /**
   * Where the manifest sets the field (or the object; for `other_in_account`, the manifests' object of that id);
   * `null` when the manifests do not have the object.
   */
  location: Location | null;
  /** Making the account match needs a replace (new object), so apply needs `--allow-replace`. */
  replace: boolean;
  /** How to settle it: one way when the account is right, one when the manifests are. */
  fix: { accountIsRight: string; manifestsAreRight: string };
}

/** Invariant: `inSync` iff `differences` is empty. */
export interface DriftReport {
  against: DriftAgainst;
  /** Account id and mode. */
  account: { id: string; mode: 'test' | 'live' };
  /** The manifests folder as the user named it. */
  manifests: string;
  inSync: boolean;
  /** Sorted by address, then field. */
  differences: Difference[];
  /** Objects compared and found equal. */
  unchanged: number;
  warnings: string[];
}
