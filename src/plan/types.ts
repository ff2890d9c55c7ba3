/**
 * The plan: a pure value computed from two catalogs (`computePlan(desired, actual)`), saved as YAML for review
 * and executed by the applier. Its file format lives in `planfile.ts`, its human rendering in `render.ts`.
 */
import type { ResourceType } from '../catalog/types.js';
import type { TargetState } from './fingerprint.js';

export const PLAN_FORMAT_VERSION = 1;

/** The closed set of actions. */
export type Action = 'create' | 'update' | 'replace' | 'archive';

/**
 * How the live object gets its id: `preserved` = the same id as the source (products, coupons, plans,
 * recurring prices created through the Plans API); `assigned` = Stripe assigns one (one-time prices).
 */
export type IdStrategy = 'preserved' | 'assigned';

/** A reference to another object of the plan, resolved through the id map at apply time. */
export interface Ref {
  $ref: string; // an address such as `price/price_123`
}

/** Parameters exactly as apply sends them; a `Ref` stands where a live id is only known at apply time. */
export type Params = { [key: string]: ParamValue };
export type ParamValue = string | number | boolean | null | Ref | ParamValue[] | { [key: string]: ParamValue };

export interface FieldChange {
  /** Dotted path in the catalog model, e.g. `metadata.tier` or `recurring.trial_period_days`. */
  field: string;
  before: unknown;
  after: unknown;
}

export interface Change {
  /** `<type>/<source id>`, e.g. `product/prod_basic`, `price/price_123`. Unique within a plan. */
  address: string;
  type: ResourceType;
  action: Action;
  /** The id in the desired catalog (sandbox id or manifest id). */
  id: string;
  /** The id of the live object this change touches; `null` for a create whose id Stripe assigns. */
  liveId: string | null;
  strategy: IdStrategy;
  /**
   * Requests apply sends, in order. For `create` of a recurring price: a `POST /v1/plans` then, when there are
   * price-only fields, a `POST /v1/prices/:id`.
   */
  requests: PlannedRequest[];
  /** For `update` (and `replace`): field-level before/after. */
  fields?: FieldChange[];
  /** For `replace` and `archive`: why. */
  reason?: string;
  /** For `replace`: the immutable fields that force it. */
  forcedBy?: string[];
  /** Addresses this change needs done first. */
  dependsOn: string[];
}

export interface PlannedRequest {
  method: 'POST' | 'DELETE';
  /** API path with the live id where it is known, e.g. `/v1/products/prod_basic`; may contain a `{ref}`. */
  path: string;
  params: Params;
}

export interface PlanEndpoint {
  kind: 'account' | 'manifests';
  account: string | null;
  mode: 'test' | 'live' | null;
  path?: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  archive: number;
  unchanged: number;
  liveOnly: number;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tool: { name: string; version: string };
  stripeApiVersion: string;
  source: PlanEndpoint;
  target: PlanEndpoint;
  /** Hash of the normalised target objects the plan touches, as they were when it was computed. */
  targetFingerprint: string;
  /**
   * Per touched address whose live object existed, the hash of that object as it was when the plan was computed;
   * a touched address left out (or, in older files, recorded as `null`) had none. Lets apply tell a stale plan from
   * its own half-finished earlier run: objects the journal shows as started are not compared. `targetFingerprint`
   * is `hashValue` of this map as an object (`Object.fromEntries`).
   */
  targetState?: TargetState;
  /** Hash of `changes`; apply refuses a plan whose changes no longer match it (edited after review). */
  contentHash: string;
  summary: PlanSummary;
  /** In dependency order. */
  changes: Change[];
  /** Objects that exist only in the target; archived only with `--prune`. */
  liveOnly: { address: string; liveId: string }[];
  warnings: string[];
}
