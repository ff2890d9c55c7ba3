/**
 * The change for one object of a "simple" type (`SIMPLE_TYPES` in match.ts): one create request built from the
 * type's row in `CREATE_PARAMS`, updates and retirements from its rules table, references rewritten through the
 * plan's id map. Whether the id is kept, how a replace runs and how the status changes all come from the rules.
 */
import { addressOf, endpointPath, type TypeRules } from '../catalog/rules.js';
import type { CatalogObjects } from '../catalog/types.js';
import { newChange, newRequest, post } from './change.js';
import { allInPlace, diffObjects, toFieldChanges, type FieldDiff } from './diff.js';
import type { Pair, SimpleType } from './match.js';
import { createdAmong, type PlanContext } from './object-changes.js';
import { updateParams, withLink, withoutDefaults } from './params.js';
import type { Change, Params, PlannedRequest, Ref } from './types.js';

type Wanted = Record<string, unknown>;

/** Create parameters per type, from the object with its references in live terms (ids or `Ref`s). */
export const CREATE_PARAMS: { readonly [T in SimpleType]: (o: Wanted) => Record<string, unknown> } = {
  // No `active`: the create endpoint does not take it (see `createRequests`).
  feature: (f) => ({ name: f.name, lookup_key: f.lookup_key, metadata: f.metadata }),
  meter: (m) => ({
    display_name: m.display_name,
    event_name: m.event_name,
    default_aggregation: m.default_aggregation,
    customer_mapping: m.customer_mapping,
    value_settings: m.value_settings,
    event_time_window: m.event_time_window,
  }),
  promotion_code: (c) => ({
    promotion: { type: 'coupon', coupon: c.coupon },
    code: c.code,
    active: c.active,
    max_redemptions: c.max_redemptions,
    expires_at: c.expires_at,
    restrictions: c.restrictions,
    metadata: c.metadata,
  }),
  tax_rate: (t) => ({
    display_name: t.display_name,
    description: t.description,
    percentage: t.percentage,
    inclusive: t.inclusive,
    active: t.active,
    country: t.country,
    state: t.state,
    jurisdiction: t.jurisdiction,
    tax_type: t.tax_type,
    metadata: t.metadata,
  }),
  // No `active`: the create endpoint does not take it (an archived rate is created, then archived by update).
  shipping_rate: (s) => ({
    display_name: s.display_name,
    type: s.type,
    fixed_amount: s.fixed_amount,
    delivery_estimate: s.delivery_estimate,
    tax_behavior: s.tax_behavior,
    tax_code: s.tax_code,
    metadata: s.metadata,
  }),
};

/**
 * The desired object with every reference of its rules in live terms, and the changes creating what they
 * name (sorted, each once), which this object must wait for.
 */
function inLive(rules: TypeRules, desired: object, ctx: PlanContext): { wanted: Wanted; dependsOn: string[] } {
  const wanted: Wanted = { ...(desired as Wanted) };
  const dependsOn: string[] = [];
  for (const reference of rules.references) {
    // Top-level reference fields only; nested ones (price `recurring.meter`) belong to the price builder.
    if (reference.path.includes('.')) continue;
    const value = wanted[reference.path];
    const one = (id: string): string | Ref => {
      createdAmong(ctx, reference.target, [id], dependsOn);
      return ctx.resolve(reference.target, id);
    };
    if (typeof value === 'string') wanted[reference.path] = one(value);
    else if (reference.many && Array.isArray(value)) wanted[reference.path] = (value as string[]).map(one);
  }
  return { wanted, dependsOn };
}

function createRequests(type: SimpleType, rules: TypeRules, id: string, wanted: Wanted): PlannedRequest[] {
  const params = withoutDefaults(CREATE_PARAMS[type](wanted), rules.createDefaults);
  // Stripe assigns the id: the source id travels in the reserved metadata key when the type is matched by link.
  // Compacted again, so the keys stay in order with the link key among them (the plan's content hash needs it).
  if (rules.identity.includes('link')) params.metadata = withLink(params.metadata, id);
  const requests = [post(rules.create.path, params)];
  const created = `{${addressOf(type, id)}}`;
  if (rules.activation !== undefined && wanted.active === false) {
    requests.push(post(endpointPath(rules.activation.deactivate, created), {}));
  } else if (wanted.active === false && !('active' in params) && rules.retire.params.active === false) {
    // A create that cannot carry `active` makes an active object: an archived one is archived right after.
    requests.push(newRequest(rules.retire.method, endpointPath(rules.retire.path, created), { ...rules.retire.params }));
  }
  return requests;
}

function updateRequests(rules: TypeRules, liveId: string, diffs: readonly FieldDiff[], wanted: Wanted): PlannedRequest[] {
  const activation = rules.activation;
  const statusDiff = activation === undefined ? undefined : diffs.find((d) => d.field === 'active');
  const own = updateParams(rules, diffs.filter((d) => d !== statusDiff), wanted, () => 'own').own;
  const requests = Object.keys(own).length > 0 ? [post(endpointPath(rules.update.path, liveId), own)] : [];
  if (activation !== undefined && statusDiff !== undefined) {
    requests.push(post(endpointPath(statusDiff.after === false ? activation.deactivate : activation.reactivate, liveId), {}));
  }
  return requests;
}

function retireRequest(rules: TypeRules, liveId: string): PlannedRequest {
  return newRequest(rules.retire.method, endpointPath(rules.retire.path, liveId), { ...rules.retire.params });
}

/** The change for an object of a simple type, `null` when live matches it. */
export function planObject<T extends SimpleType>(type: T, pair: Pair<CatalogObjects[T]>, rules: TypeRules, ctx: PlanContext): Change | null {
  const { desired, live } = pair;
  const address = addressOf(type, desired.id);
  const { wanted, dependsOn } = inLive(rules, desired, ctx);
  const strategy = rules.idChoosable ? 'preserved' : 'assigned';
  if (live === null) {
    const requests = createRequests(type, rules, desired.id, wanted);
    const liveId = rules.idChoosable ? desired.id : null;
    return newChange({ address, type, action: 'create', id: desired.id, liveId, strategy, requests, dependsOn });
  }
  const diffs = diffObjects(rules, wanted, live);
  if (diffs.length === 0) return null;
  const base = { address, type, id: desired.id, liveId: live.id, strategy, fields: toFieldChanges(diffs), dependsOn } as const;
  if (allInPlace(diffs)) return newChange({ ...base, action: 'update', requests: updateRequests(rules, live.id, diffs, wanted) });
  const forced = diffs.filter((d) => !d.inPlace).map((d) => d.field);
  const create = createRequests(type, rules, desired.id, wanted);
  const liveActive = (live as { active?: boolean }).active !== false;
  const retire = liveActive ? [retireRequest(rules, live.id)] : [];
  const oldFirst = rules.replace === 'delete-create';
  return newChange({
    ...base,
    action: 'replace',
    forcedBy: forced,
    reason: oldFirst
      ? `${forced.join(', ')} cannot change on an existing ${type}: ${live.id} is retired first (its identity must be free), then a new ${type} is created`
      : `${forced.join(', ')} cannot change on an existing ${type}: a new ${type} replaces ${live.id}, then ${live.id} is archived`,
    requests: oldFirst ? [...retire, ...create] : [...create, ...retire],
  });
}
