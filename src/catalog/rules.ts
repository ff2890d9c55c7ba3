/**
 * What Stripe lets a migrator do with each catalog type, as one table per type (DESIGN "Identity" and "What may
 * change in place", api-notes §2–§6, §11). The planner, the parameter builder and the applier read these tables;
 * nothing else in the code decides per type what is updatable, what forces a replace or how an object is found.
 *
 * Field paths are dotted paths in the catalog model (`name`, `metadata.tier`, `recurring.trial_period_days`).
 * A path is governed by the longest rule that equals it or is a prefix of it (`recurring` covers
 * `recurring.interval`, `recurring.trial_period_days` overrides it where listed).
 */
import type { Price, ResourceType } from './types.js';

/** How a live twin of a desired object is looked up, tried in the listed order. */
export type IdentityKey =
  /** The live object has the desired object's id. */
  | 'id'
  /** The live object's `link` (reserved metadata key) equals the desired id. */
  | 'link'
  /** Both carry the same non-null `lookup_key`. */
  | 'lookup_key'
  /** Both have the same `event_name` (meters; an active live meter is preferred). */
  | 'event_name'
  /** Both have the same `code`, compared case-insensitively (promotion codes). */
  | 'code';

/** The rule sets: the three resource types plus the Plans-API view of a recurring price. */
export type RuleKind = 'product' | 'price' | 'plan' | 'coupon' | 'meter' | 'promotion_code' | 'tax_rate' | 'shipping_rate' | 'feature';

/** A field that may change in place; `when` narrows it to the transitions Stripe accepts. */
export interface UpdatableField {
  path: string;
  /** Which API takes the change; defaults to the type's own update endpoint. */
  via?: 'prices';
  when?: (before: unknown, after: unknown) => boolean;
}

/** A field holding the id of another catalog object, rewritten through the id map. */
export interface ReferenceField {
  path: string;
  target: ResourceType;
  /** The field holds a list of ids. */
  many: boolean;
}

export interface TypeRules {
  kind: RuleKind;
  type: ResourceType;
  /** Top-level managed fields compared by the planner (identity fields and `link` excluded). */
  fields: readonly string[];
  /** Fields compared one key deeper, so a change reads `metadata.tier` rather than the whole map. */
  keyed: readonly string[];
  updatable: readonly UpdatableField[];
  /** Fields a difference in which forces a replace. Together with `updatable` they cover `fields`. */
  immutable: readonly string[];
  /** Fields the planner writes in a change of their own after both sides exist (`product.default_price`). */
  linked: readonly string[];
  references: readonly ReferenceField[];
  identity: readonly IdentityKey[];
  /** Whether a create may choose the id. */
  idChoosable: boolean;
  create: { method: 'POST'; path: string };
  /** `{id}` stands for the live id. */
  update: { method: 'POST'; path: string };
  /** How an object leaves the catalog: deactivated (`active: false`) or deleted. */
  retire: { method: 'POST' | 'DELETE'; path: string; params: { active?: false } };
  /**
   * How an immutable difference is resolved: a new object beside the old (then the old is retired), or delete
   * then create with the same id; `never` when the type has no immutable field.
   */
  replace: 'new-object' | 'delete-create' | 'never';
  /** Values a create leaves out because Stripe would set them anyway. */
  createDefaults: Readonly<Record<string, unknown>>;
  /**
   * For types whose `active` is a status changed through endpoints of its own (meters): `active` is then
   * neither a create nor an update parameter, and a change of it is one of these requests.
   */
  activation?: { deactivate: string; reactivate: string };
}

const PRODUCT_FIELDS = [
  'name', 'active', 'description', 'metadata', 'images', 'marketing_features', 'url', 'statement_descriptor',
  'unit_label', 'tax_code', 'shippable', 'package_dimensions', 'default_price',
] as const;

const PRICE_FIELDS = [
  'product', 'active', 'currency', 'unit_amount', 'unit_amount_decimal', 'billing_scheme', 'tiers_mode', 'tiers',
  'transform_quantity', 'recurring', 'custom_unit_amount', 'currency_options', 'lookup_key', 'tax_behavior',
  'nickname', 'metadata',
] as const;

const COUPON_FIELDS = [
  'name', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'max_redemptions', 'redeem_by',
  'applies_to', 'currency_options', 'metadata',
] as const;

/** "Once specified as either inclusive or exclusive, it cannot be changed" (api-notes §3). */
const taxBehaviorOnce = (before: unknown): boolean => before === 'unspecified';

/** Coupon currency options merge per currency on update: one can be added or changed, never removed. */
const notRemoved = (_before: unknown, after: unknown): boolean => after !== undefined && after !== null;

export const productRules: TypeRules = {
  kind: 'product',
  type: 'product',
  fields: PRODUCT_FIELDS,
  keyed: ['metadata'],
  updatable: PRODUCT_FIELDS.map((path) => ({ path })),
  immutable: [],
  linked: ['default_price'],
  references: [{ path: 'default_price', target: 'price', many: false }],
  // A product keeps its id; one Stripe would not create under it (api-notes §2: whether a custom id may start
  // with `prod_` is unconfirmed) was created with an id Stripe chose, linked by metadata.
  identity: ['id', 'link'],
  idChoosable: true,
  create: { method: 'POST', path: '/v1/products' },
  update: { method: 'POST', path: '/v1/products/{id}' },
  retire: { method: 'POST', path: '/v1/products/{id}', params: { active: false } },
  replace: 'never',
  createDefaults: { active: true },
};

const PRICE_UPDATABLE: readonly UpdatableField[] = [
  { path: 'active' },
  { path: 'metadata' },
  { path: 'nickname' },
  { path: 'lookup_key' },
  { path: 'tax_behavior', when: taxBehaviorOnce },
  { path: 'currency_options' },
];

/** A price created through the Prices API: Stripe assigns its id; almost everything is immutable. */
export const priceRules: TypeRules = {
  kind: 'price',
  type: 'price',
  fields: PRICE_FIELDS,
  keyed: ['metadata', 'recurring', 'currency_options'],
  updatable: PRICE_UPDATABLE,
  immutable: [
    'product', 'currency', 'unit_amount', 'unit_amount_decimal', 'billing_scheme', 'tiers_mode', 'tiers',
    'transform_quantity', 'recurring', 'custom_unit_amount', 'tax_behavior',
  ],
  linked: [],
  references: [
    { path: 'product', target: 'product', many: false },
    { path: 'recurring.meter', target: 'meter', many: false },
  ],
  identity: ['link', 'lookup_key'],
  idChoosable: false,
  create: { method: 'POST', path: '/v1/prices' },
  update: { method: 'POST', path: '/v1/prices/{id}' },
  retire: { method: 'POST', path: '/v1/prices/{id}', params: { active: false } },
  replace: 'new-object',
  createDefaults: {},
};

/**
 * A recurring price created through the Plans API so that it keeps its id (api-notes §4, §5). The Plans API
 * updates `active`, `metadata`, `nickname`, `trial_period_days` and `product`; what plans cannot carry
 * (`lookup_key`, `tax_behavior`, `currency_options`) goes through `POST /v1/prices/:id`.
 */
export const planRules: TypeRules = {
  kind: 'plan',
  type: 'price',
  fields: PRICE_FIELDS,
  keyed: ['metadata', 'recurring', 'currency_options'],
  updatable: [
    { path: 'active' },
    { path: 'metadata' },
    { path: 'nickname' },
    { path: 'product' },
    { path: 'recurring.trial_period_days' },
    { path: 'lookup_key', via: 'prices' },
    { path: 'tax_behavior', via: 'prices', when: taxBehaviorOnce },
    { path: 'currency_options', via: 'prices' },
  ],
  immutable: [
    'currency', 'unit_amount', 'unit_amount_decimal', 'billing_scheme', 'tiers_mode', 'tiers', 'transform_quantity',
    'recurring', 'custom_unit_amount', 'tax_behavior',
  ],
  linked: [],
  references: [
    { path: 'product', target: 'product', many: false },
    { path: 'recurring.meter', target: 'meter', many: false },
  ],
  identity: ['id', 'link', 'lookup_key'],
  idChoosable: true,
  create: { method: 'POST', path: '/v1/plans' },
  update: { method: 'POST', path: '/v1/plans/{id}' },
  retire: { method: 'POST', path: '/v1/prices/{id}', params: { active: false } },
  replace: 'delete-create',
  createDefaults: {},
};

export const couponRules: TypeRules = {
  kind: 'coupon',
  type: 'coupon',
  fields: COUPON_FIELDS,
  keyed: ['metadata', 'currency_options'],
  updatable: [{ path: 'name' }, { path: 'metadata' }, { path: 'currency_options', when: notRemoved }],
  immutable: [
    'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'max_redemptions', 'redeem_by',
    'applies_to', 'currency_options',
  ],
  linked: [],
  references: [{ path: 'applies_to.products', target: 'product', many: true }],
  identity: ['id'],
  idChoosable: true,
  create: { method: 'POST', path: '/v1/coupons' },
  update: { method: 'POST', path: '/v1/coupons/{id}' },
  // Coupons have no `active`: leaving the catalog means deletion.
  retire: { method: 'DELETE', path: '/v1/coupons/{id}', params: {} },
  replace: 'delete-create',
  createDefaults: {},
};

const METER_FIELDS = [
  'event_name', 'display_name', 'active', 'default_aggregation', 'customer_mapping', 'value_settings', 'event_time_window',
] as const;

/**
 * Billing meters: only `display_name` updates; the status flips through deactivate/reactivate. Anything else
 * is a replace, and because `event_name` is unique among active meters, the old meter is deactivated before
 * the new one is created (`delete-create`, where the "delete" is the retire request).
 */
export const meterRules: TypeRules = {
  kind: 'meter',
  type: 'meter',
  fields: METER_FIELDS,
  keyed: [],
  updatable: [{ path: 'display_name' }, { path: 'active' }],
  immutable: ['event_name', 'default_aggregation', 'customer_mapping', 'value_settings', 'event_time_window'],
  linked: [],
  references: [],
  identity: ['event_name'],
  idChoosable: false,
  create: { method: 'POST', path: '/v1/billing/meters' },
  update: { method: 'POST', path: '/v1/billing/meters/{id}' },
  retire: { method: 'POST', path: '/v1/billing/meters/{id}/deactivate', params: {} },
  replace: 'delete-create',
  createDefaults: {},
  activation: { deactivate: '/v1/billing/meters/{id}/deactivate', reactivate: '/v1/billing/meters/{id}/reactivate' },
};

const PROMOTION_CODE_FIELDS = ['code', 'coupon', 'active', 'max_redemptions', 'expires_at', 'restrictions', 'metadata'] as const;

/**
 * Promotion codes (api-notes §7): `active`, `metadata` and `restrictions.currency_options` update; the rest is
 * fixed. They cannot be deleted, only deactivated, and a code is unique among active codes, so a replace
 * deactivates the old code before creating the new one.
 */
export const promotionCodeRules: TypeRules = {
  kind: 'promotion_code',
  type: 'promotion_code',
  fields: PROMOTION_CODE_FIELDS,
  keyed: ['metadata', 'restrictions'],
  updatable: [{ path: 'active' }, { path: 'metadata' }, { path: 'restrictions.currency_options' }],
  immutable: ['code', 'coupon', 'max_redemptions', 'expires_at', 'restrictions'],
  linked: [],
  references: [{ path: 'coupon', target: 'coupon', many: false }],
  identity: ['code'],
  idChoosable: false,
  create: { method: 'POST', path: '/v1/promotion_codes' },
  update: { method: 'POST', path: '/v1/promotion_codes/{id}' },
  retire: { method: 'POST', path: '/v1/promotion_codes/{id}', params: { active: false } },
  replace: 'delete-create',
  createDefaults: { active: true },
};

const TAX_RATE_FIELDS = [
  'display_name', 'description', 'percentage', 'inclusive', 'active', 'country', 'state', 'jurisdiction', 'tax_type', 'metadata',
] as const;

/**
 * Tax rates (api-notes §8): Stripe assigns the id, so the live rate is linked by metadata; `percentage` and
 * `inclusive` are immutable, and a replace creates the new rate beside the old one, then archives the old.
 */
export const taxRateRules: TypeRules = {
  kind: 'tax_rate',
  type: 'tax_rate',
  fields: TAX_RATE_FIELDS,
  keyed: ['metadata'],
  updatable: ['display_name', 'description', 'active', 'country', 'state', 'jurisdiction', 'tax_type', 'metadata'].map((path) => ({ path })),
  immutable: ['percentage', 'inclusive'],
  linked: [],
  references: [],
  identity: ['link'],
  idChoosable: false,
  create: { method: 'POST', path: '/v1/tax_rates' },
  update: { method: 'POST', path: '/v1/tax_rates/{id}' },
  retire: { method: 'POST', path: '/v1/tax_rates/{id}', params: { active: false } },
  replace: 'new-object',
  createDefaults: { active: true },
};

const SHIPPING_RATE_FIELDS = ['display_name', 'active', 'type', 'fixed_amount', 'delivery_estimate', 'tax_behavior', 'tax_code', 'metadata'] as const;

/**
 * Shipping rates (api-notes §9): only `active`, `metadata`, `tax_behavior` and the per-currency amounts change;
 * anything else (the name, the amount, the estimate) is a new rate beside the old, which is then archived.
 */
export const shippingRateRules: TypeRules = {
  kind: 'shipping_rate',
  type: 'shipping_rate',
  fields: SHIPPING_RATE_FIELDS,
  keyed: ['metadata', 'fixed_amount'],
  updatable: [{ path: 'active' }, { path: 'metadata' }, { path: 'tax_behavior' }, { path: 'fixed_amount.currency_options' }],
  immutable: ['display_name', 'type', 'fixed_amount', 'delivery_estimate', 'tax_code'],
  linked: [],
  references: [],
  identity: ['link'],
  idChoosable: false,
  create: { method: 'POST', path: '/v1/shipping_rates' },
  update: { method: 'POST', path: '/v1/shipping_rates/{id}' },
  retire: { method: 'POST', path: '/v1/shipping_rates/{id}', params: { active: false } },
  replace: 'new-object',
  createDefaults: { type: 'fixed_amount', tax_behavior: 'unspecified' },
};

const FEATURE_FIELDS = ['lookup_key', 'name', 'active', 'metadata'] as const;

/**
 * Entitlement features (api-notes §10): Stripe mints the id and the live twin is found by `lookup_key`, which
 * never changes (a different key is a different feature). `name`, `metadata` and `active` update in place;
 * features cannot be deleted, only archived. The create endpoint takes no `active`: an archived feature is
 * created, then archived by an update (see `object-plan.ts`).
 */
export const featureRules: TypeRules = {
  kind: 'feature',
  type: 'feature',
  fields: FEATURE_FIELDS,
  keyed: ['metadata'],
  // An archived feature cannot be updated or unarchived (§10): only archiving is a change in place, and an
  // archived live twin of an active desired feature is replaced by a new feature under the same key.
  updatable: [{ path: 'name' }, { path: 'metadata' }, { path: 'active', when: (before) => before === true }],
  immutable: ['lookup_key', 'active'],
  linked: [],
  references: [],
  identity: ['lookup_key'],
  idChoosable: false,
  create: { method: 'POST', path: '/v1/entitlements/features' },
  update: { method: 'POST', path: '/v1/entitlements/features/{id}' },
  retire: { method: 'POST', path: '/v1/entitlements/features/{id}', params: { active: false } },
  // `lookup_key` is the identity, so a matched pair never differs in it: nothing forces a replace. Were it to,
  // the old feature must be archived first (a lookup key is unique among active features).
  replace: 'delete-create',
  createDefaults: {},
};

export const RULES: Readonly<Record<RuleKind, TypeRules>> = {
  product: productRules,
  price: priceRules,
  plan: planRules,
  coupon: couponRules,
  meter: meterRules,
  promotion_code: promotionCodeRules,
  tax_rate: taxRateRules,
  shipping_rate: shippingRateRules,
  feature: featureRules,
};

/** The rule set of each type whose objects all follow one (prices choose theirs with `priceRuleKind`). */
export const TYPE_RULES: Readonly<Record<Exclude<ResourceType, 'price'>, TypeRules>> = {
  product: productRules,
  coupon: couponRules,
  meter: meterRules,
  promotion_code: promotionCodeRules,
  tax_rate: taxRateRules,
  shipping_rate: shippingRateRules,
  feature: featureRules,
};

/**
 * The ids Stripe takes on a create (products, plans, coupons) since API 2018-05-21: letters, digits, `_` and `-`
 * (api-notes §2). Objects made before then may have others (`Gold Plan`, `50% off`); they can be read, updated
 * and archived under them, but never created again under them.
 */
const CUSTOM_ID = /^[a-zA-Z0-9_-]+$/;

export function acceptsCustomId(id: string): boolean {
  return CUSTOM_ID.test(id);
}

/**
 * Whether a price can keep its id: only recurring prices go through the Plans API, and plans cannot carry
 * `custom_unit_amount` (api-notes §4, §12.2). A live twin that already has the id keeps it even if it is a
 * legacy one; a new price needs an id Stripe takes (`acceptsCustomId`).
 */
export function plansApiCanCarry(price: Price): boolean {
  return price.recurring !== null && price.custom_unit_amount === null;
}

/** The rule set of a desired price: the Plans-API view when its id can be kept. */
export function priceRuleKind(price: Price): 'price' | 'plan' {
  return plansApiCanCarry(price) ? 'plan' : 'price';
}

function governs(rulePath: string, path: string): boolean {
  return path === rulePath || path.startsWith(rulePath + '.');
}

/** The most specific updatable rule covering `path`, if any. */
export function updatableRule(rules: TypeRules, path: string): UpdatableField | undefined {
  let best: UpdatableField | undefined;
  for (const rule of rules.updatable) {
    if (governs(rule.path, path) && (best === undefined || rule.path.length > best.path.length)) best = rule;
  }
  return best;
}

/** True when changing `path` from `before` to `after` can be done in place. */
export function isUpdatable(rules: TypeRules, path: string, before: unknown, after: unknown): boolean {
  const rule = updatableRule(rules, path);
  if (rule === undefined) return false;
  return rule.when === undefined || rule.when(before, after);
}

/** The address of an object: `<type>/<id>`. */
export function addressOf(type: ResourceType, id: string): string {
  return `${type}/${id}`;
}

/** Which type an API path names: `/v1/plans/x` is the price `x` (plans and prices are one object). */
const PATH_TYPES: Readonly<Record<string, ResourceType>> = { products: 'product', prices: 'price', plans: 'price', coupons: 'coupon' };

/**
 * The type and id of the object an API path writes to (`/v1/plans/x` is the price `x`), or `undefined` for a
 * path that names none (a create). The same as reading `path.split('/')` members 2 and 3, without the split:
 * every request of a plan passes here. The id is as the plan writes it: raw (apply encodes it when it sends),
 * or a `{type/id}` placeholder for an object created earlier in the same apply.
 */
export function pathTarget(path: string): { type: ResourceType; id: string } | undefined {
  const s1 = path.indexOf('/');
  const s2 = s1 < 0 ? -1 : path.indexOf('/', s1 + 1);
  const s3 = s2 < 0 ? -1 : path.indexOf('/', s2 + 1);
  if (s3 < 0) return undefined;
  const type = PATH_TYPES[path.slice(s2 + 1, s3)];
  if (type === undefined) return undefined;
  const s4 = path.indexOf('/', s3 + 1);
  return { type, id: path.slice(s3 + 1, s4 < 0 ? path.length : s4) };
}

/** Fills `{id}` in an endpoint path. */
export function endpointPath(template: string, id: string): string {
  return template.replace('{id}', id);
}
