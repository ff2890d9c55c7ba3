/**
 * The catalog model: a normalised, typed snapshot of one Stripe account or one manifests folder.
 *
 * Invariants (kept by `normalize*` and by the manifests reader, relied on by the planner):
 * - only user-managed fields; server-managed ones (`object`, `created`, `updated`, `livemode`,
 *   `times_redeemed`, `valid`, ...) are gone;
 * - every optional field is present, with `null` (or `{}` / `[]`) when unset, so two catalogs compare field by field;
 * - amounts: exactly one of `x` (integer, when the value is whole) and `x_decimal` (string, when it is not) is set;
 * - decimals are strings, never `Stripe.Decimal` or floats;
 * - lists in a `Catalog` are sorted by `id`.
 */

export type Metadata = Record<string, string>;

export type ResourceType = 'product' | 'price' | 'coupon' | 'meter' | 'promotion_code' | 'tax_rate' | 'shipping_rate' | 'feature';

export interface PackageDimensions {
  height: number;
  length: number;
  weight: number;
  width: number;
}

export interface Product {
  id: string;
  name: string;
  active: boolean;
  description: string | null;
  metadata: Metadata;
  images: string[];
  marketing_features: { name: string }[];
  url: string | null;
  statement_descriptor: string | null;
  unit_label: string | null;
  tax_code: string | null;
  shippable: boolean | null;
  package_dimensions: PackageDimensions | null;
  /** A price id of the same catalog (sandbox ids in a desired catalog, live ids in an actual one). */
  default_price: string | null;
  /**
   * The source id a live product was created for, from the reserved metadata key (see `LINK_METADATA_KEY`): set
   * only where Stripe refused to create it under its own id (api-notes §2: whether a custom id may start with
   * `prod_` is unconfirmed) and it was created with an id Stripe chose. `null` when it carries no link.
   */
  link: string | null;
  /**
   * Ids of the entitlement features attached to the product (`/v1/products/:id/features`), sorted, in the
   * catalog's own terms like `default_price`; compared through the id map. Absent = none attached (readers set
   * it only when there is one, so catalogs without attachments keep their shape). In a manifest the list holds
   * feature lookup keys; the manifests reader and writer translate.
   */
  features?: string[];
  /**
   * Live-only bookkeeping, never compared, diffed or written to a manifest: feature id →
   * attachment id (`prodft_…`), which detaching needs. Set by the account reader for every id in `features`;
   * absent in a manifests catalog.
   */
  featureAttachments?: Record<string, string>;
}

export interface Tier {
  /** `'inf'` for the last, open-ended tier (Stripe answers `null`, normalised to `'inf'`). */
  up_to: number | 'inf';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  flat_amount: number | null;
  flat_amount_decimal: string | null;
}

export interface Recurring {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
  usage_type: 'licensed' | 'metered';
  trial_period_days: number | null;
  meter: string | null;
}

export interface CustomUnitAmount {
  minimum: number | null;
  maximum: number | null;
  preset: number | null;
}

export interface CurrencyOption {
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  tax_behavior: TaxBehavior | null;
  custom_unit_amount: CustomUnitAmount | null;
  tiers: Tier[] | null;
}

export type TaxBehavior = 'inclusive' | 'exclusive' | 'unspecified';

/**
 * A price; legacy plans are prices too (Stripe keeps them as one object), so `/v1/plans` and `/v1/prices`
 * are merged by id into this one type. A price is recurring iff `recurring` is set.
 */
export interface Price {
  id: string;
  product: string;
  active: boolean;
  currency: string;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  billing_scheme: 'per_unit' | 'tiered';
  tiers_mode: 'graduated' | 'volume' | null;
  tiers: Tier[] | null;
  transform_quantity: { divide_by: number; round: 'up' | 'down' } | null;
  recurring: Recurring | null;
  custom_unit_amount: CustomUnitAmount | null;
  /** Keyed by lower-case currency code, without the price's own currency. `{}` when none. */
  currency_options: Record<string, CurrencyOption>;
  lookup_key: string | null;
  tax_behavior: TaxBehavior;
  nickname: string | null;
  /** Without the reserved link key (see `LINK_METADATA_KEY`). */
  metadata: Metadata;
  /**
   * Only on prices read from a target account: the source price id this live price was created for, taken
   * from the reserved metadata key the applier writes. `null` when the price carries no link.
   */
  link: string | null;
}

export interface Coupon {
  id: string;
  name: string | null;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_in_months: number | null;
  max_redemptions: number | null;
  redeem_by: number | null;
  /** Product ids; `null` when the coupon applies to everything. */
  applies_to: { products: string[] } | null;
  /** Keyed by currency; `{}` when none. */
  currency_options: Record<string, { amount_off: number }>;
  metadata: Metadata;
}

/**
 * A billing meter. Stripe mints meter ids (`mtr_…`), so a live meter never has the sandbox id: the desired id
 * is the source's, mapped through the id map like a one-time price's, but the live twin is found by
 * `event_name` (unique among an account's active meters; meters carry no metadata to hold a link).
 * `active` stands for Stripe's `status` (`active` / `inactive`); it changes through the deactivate and
 * reactivate endpoints, never through an update.
 */
export interface Meter {
  id: string;
  event_name: string;
  display_name: string;
  active: boolean;
  default_aggregation: { formula: 'count' | 'last' | 'sum' };
  customer_mapping: { event_payload_key: string; type: 'by_id' };
  value_settings: { event_payload_key: string };
  event_time_window: 'day' | 'hour' | null;
}

/**
 * A promotion code: a customer-facing code for a coupon. Stripe mints its id (`promo_…`), so the live twin is
 * found by `code`, compared case-insensitively as Stripe does (unique among active codes). `coupon` is a coupon
 * id of the same catalog; coupons keep their ids in live, so it needs no rewriting. Customer-specific codes are
 * not catalog objects and are not carried.
 */
export interface PromotionCode {
  id: string;
  code: string;
  coupon: string;
  active: boolean;
  max_redemptions: number | null;
  expires_at: number | null;
  restrictions: {
    first_time_transaction: boolean;
    minimum_amount: number | null;
    minimum_amount_currency: string | null;
    /** Keyed by lower-case currency; `{}` when none. */
    currency_options: Record<string, { minimum_amount: number }>;
  };
  metadata: Metadata;
}

/**
 * A manual tax rate. Stripe assigns its id (`txr_…`): as for one-time prices, the live rate carries the source
 * id under `LINK_METADATA_KEY` and is found by it. `percentage` is a number, echoed by Stripe as sent.
 */
export interface TaxRate {
  id: string;
  display_name: string;
  description: string | null;
  percentage: number;
  inclusive: boolean;
  active: boolean;
  country: string | null;
  state: string | null;
  jurisdiction: string | null;
  tax_type: string | null;
  /** Without the reserved link key. */
  metadata: Metadata;
  /** As on `Price`: the source id a live rate was created for; `null` when it carries no link. */
  link: string | null;
}

export interface DeliveryEstimateBound {
  unit: 'business_day' | 'day' | 'hour' | 'month' | 'week';
  value: number;
}

/** A fixed-amount shipping rate (the only type). Assigned ids, linked by metadata like a tax rate. */
export interface ShippingRate {
  id: string;
  display_name: string;
  active: boolean;
  type: 'fixed_amount';
  fixed_amount: {
    amount: number;
    currency: string;
    /** Keyed by lower-case currency, without the rate's own; `{}` when none. */
    currency_options: Record<string, { amount: number; tax_behavior: TaxBehavior }>;
  } | null;
  delivery_estimate: { minimum: DeliveryEstimateBound | null; maximum: DeliveryEstimateBound | null } | null;
  tax_behavior: TaxBehavior;
  tax_code: string | null;
  metadata: Metadata;
  link: string | null;
}

/**
 * An entitlement feature (`/v1/entitlements/features`). Stripe mints its id (`feat_…`), so the live twin is found
 * by `lookup_key` (unique among active features, and immutable); the desired id is the source's, mapped through
 * the id map like a meter's. `name`, `metadata` and `active` change in place; features cannot be deleted, only
 * archived (`active: false`).
 */
export interface Feature {
  id: string;
  lookup_key: string;
  name: string;
  active: boolean;
  metadata: Metadata;
}

export interface CatalogObjects {
  product: Product;
  price: Price;
  coupon: Coupon;
  meter: Meter;
  promotion_code: PromotionCode;
  tax_rate: TaxRate;
  shipping_rate: ShippingRate;
  feature: Feature;
}

export type CatalogObject = CatalogObjects[ResourceType];

/** Where a catalog was read from. */
export type CatalogSource =
  | { kind: 'account'; account: string; mode: 'test' | 'live' }
  | { kind: 'manifests'; path: string };

/**
 * The lists of types added after the first release are optional: a catalog built by older code (or a manifests
 * folder without the file) simply has none of them. Read them through `objectsOf`, which gives `[]` for a
 * missing list.
 */
export interface Catalog {
  products: Product[];
  prices: Price[];
  coupons: Coupon[];
  meters?: Meter[];
  promotionCodes?: PromotionCode[];
  taxRates?: TaxRate[];
  shippingRates?: ShippingRate[];
  features?: Feature[];
}

/** The `Catalog` member holding each type: the one table to extend when a type is added. */
export const CATALOG_LISTS: { readonly [T in ResourceType]: keyof Catalog } = {
  product: 'products',
  price: 'prices',
  coupon: 'coupons',
  meter: 'meters',
  promotion_code: 'promotionCodes',
  tax_rate: 'taxRates',
  shipping_rate: 'shippingRates',
  feature: 'features',
};

/** Every resource type, in the order catalogs list them. */
export const RESOURCE_TYPES = Object.keys(CATALOG_LISTS) as ResourceType[];

/** The objects of one type; `[]` when the catalog has no list for it. */
export function objectsOf<T extends ResourceType>(catalog: Catalog, type: T): CatalogObjects[T][] {
  return (catalog[CATALOG_LISTS[type]] ?? []) as CatalogObjects[T][];
}

/** Metadata key the applier writes on objects whose id Stripe assigns; the diff ignores it. */
export const LINK_METADATA_KEY = 'catalog_migrate_source_id';

export function emptyCatalog(): Catalog {
  return { products: [], prices: [], coupons: [], meters: [], promotionCodes: [], taxRates: [], shippingRates: [], features: [] };
}
