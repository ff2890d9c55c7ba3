/**
 * The manifest format, one table per type: which fields a manifest object may carry, their types, whether they
 * are required, and the default an omitted field takes. The reader's checker, the writer (which omits
 * defaults and orders keys) and the JSON Schema generator all read these tables, so they cannot disagree.
 *
 * Invariant: every table lists the fields of its `types.ts` interface in the same order, and nothing else.
 */
import type { ResourceType } from '../catalog/types.js';

export type FieldType =
  | { kind: 'string'; pattern?: string; patternHint?: string }
  | { kind: 'integer'; minimum?: number }
  | { kind: 'number'; exclusiveMinimum?: number; maximum?: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'const'; value: string }
  | { kind: 'anyOf'; options: readonly FieldType[] }
  | { kind: 'object'; fields: FieldTable }
  | { kind: 'list'; items: FieldType }
  /** Free string keys (metadata keys, currency codes) to values of one type. */
  | { kind: 'map'; keyPattern?: string; keyHint?: string; values: FieldType };

export interface Field {
  name: string;
  type: FieldType;
  /** `null` is an accepted value. */
  nullable?: boolean;
  /** Must be written; a required field has no default. */
  required?: boolean;
  /** What an omitted field reads as; the writer omits a field whose value equals it. */
  default?: unknown;
  /** Shown by editors through the JSON Schema. */
  doc: string;
}

export type FieldTable = readonly Field[];

const CURRENCY = '^[a-z]{3}$';
const CURRENCY_HINT = 'a lower-case three-letter ISO code such as usd';
const DECIMAL = '^[0-9]+(\\.[0-9]+)?$';
const DECIMAL_HINT = 'a quoted decimal such as "123.45"';

const str = (): FieldType => ({ kind: 'string' });
const int = (minimum?: number): FieldType => (minimum === undefined ? { kind: 'integer' } : { kind: 'integer', minimum });
const decimal = (): FieldType => ({ kind: 'string', pattern: DECIMAL, patternHint: DECIMAL_HINT });
const currency = (): FieldType => ({ kind: 'string', pattern: CURRENCY, patternHint: CURRENCY_HINT });
const metadata: Field = {
  name: 'metadata',
  type: { kind: 'map', values: { kind: 'string' } },
  default: {},
  doc: 'Key-value pairs; values are strings (quote numbers).',
};

/** Nullable, defaulting to null: the common shape of an optional Stripe field. */
function optional(name: string, type: FieldType, doc: string): Field {
  return { name, type, nullable: true, default: null, doc };
}

const TAX_BEHAVIOR: FieldType = { kind: 'enum', values: ['inclusive', 'exclusive', 'unspecified'] };

export const CUSTOM_UNIT_AMOUNT_FIELDS: FieldTable = [
  optional('minimum', int(0), 'Smallest amount the customer may choose, in minor units.'),
  optional('maximum', int(0), 'Largest amount the customer may choose, in minor units.'),
  optional('preset', int(0), 'Amount suggested to the customer, in minor units.'),
];

export const TIER_FIELDS: FieldTable = [
  {
    name: 'up_to',
    type: { kind: 'anyOf', options: [int(1), { kind: 'const', value: 'inf' }] },
    required: true,
    doc: 'Upper bound of the tier (inclusive); `inf` for the last tier.',
  },
  optional('unit_amount', int(0), 'Per-unit amount in minor units (whole values).'),
  optional('unit_amount_decimal', decimal(), 'Per-unit amount with a fractional part, as a quoted decimal.'),
  optional('flat_amount', int(0), 'Flat amount for the tier in minor units (whole values).'),
  optional('flat_amount_decimal', decimal(), 'Flat amount with a fractional part, as a quoted decimal.'),
];

export const RECURRING_FIELDS: FieldTable = [
  { name: 'interval', type: { kind: 'enum', values: ['day', 'week', 'month', 'year'] }, required: true, doc: 'Billing period.' },
  { name: 'interval_count', type: int(1), default: 1, doc: 'Number of intervals between bills.' },
  { name: 'usage_type', type: { kind: 'enum', values: ['licensed', 'metered'] }, default: 'licensed', doc: '`metered` needs a `meter`.' },
  optional('trial_period_days', int(0), 'Free trial length for subscriptions to this price.'),
  optional('meter', str(), 'Id of a meter in meters.yaml (metered prices need one).'),
];

export const CURRENCY_OPTION_FIELDS: FieldTable = [
  optional('unit_amount', int(0), 'Amount in this currency, in minor units (whole values).'),
  optional('unit_amount_decimal', decimal(), 'Amount with a fractional part, as a quoted decimal.'),
  optional('tax_behavior', TAX_BEHAVIOR, 'Tax behaviour in this currency.'),
  optional('custom_unit_amount', { kind: 'object', fields: CUSTOM_UNIT_AMOUNT_FIELDS }, 'Customer-chosen amount in this currency.'),
  optional('tiers', { kind: 'list', items: { kind: 'object', fields: TIER_FIELDS } }, 'Tiers in this currency.'),
];

const link: Field = optional('link', str(), 'Set by the tool on live objects (the source id); leave it out in manifests.');

export const PRODUCT_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Product id; kept as is in live.' },
  { name: 'name', type: str(), required: true, doc: 'Name shown to customers.' },
  { name: 'active', type: { kind: 'boolean' }, default: true, doc: '`false` archives the product.' },
  optional('description', str(), 'Description shown to customers.'),
  metadata,
  { name: 'images', type: { kind: 'list', items: str() }, default: [], doc: 'Image URLs (up to 8).' },
  {
    name: 'marketing_features',
    type: { kind: 'list', items: { kind: 'object', fields: [{ name: 'name', type: str(), required: true, doc: 'Feature text.' }] } },
    default: [],
    doc: 'Features listed on pricing tables (up to 15).',
  },
  optional('url', str(), 'Public URL of the product.'),
  optional('statement_descriptor', str(), 'Text on card statements (up to 22 characters).'),
  optional('unit_label', str(), 'Label of one unit, e.g. `seat`.'),
  optional('tax_code', str(), 'Stripe tax code id, e.g. `txcd_10103001`.'),
  optional('shippable', { kind: 'boolean' }, 'Whether the product is shipped.'),
  optional(
    'package_dimensions',
    {
      kind: 'object',
      fields: (['height', 'length', 'weight', 'width'] as const).map((name) => ({ name, type: { kind: 'number' as const, exclusiveMinimum: 0 }, required: true, doc: `Package ${name}.` })),
    },
    'Dimensions of the shipped package.',
  ),
  optional('default_price', str(), 'Id of a price in prices.yaml.'),
  {
    name: 'features',
    type: { kind: 'list', items: str() },
    default: [],
    doc: 'Entitlement features attached to the product, by lookup_key of a feature in features.yaml.',
  },
  link,
];

export const PRICE_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Price id (or legacy plan id).' },
  { name: 'product', type: str(), required: true, doc: 'Id of a product in products.yaml.' },
  { name: 'active', type: { kind: 'boolean' }, default: true, doc: '`false` archives the price.' },
  { name: 'currency', type: currency(), required: true, doc: 'Lower-case ISO currency code.' },
  optional('unit_amount', int(0), 'Amount in minor units (whole values).'),
  optional('unit_amount_decimal', decimal(), 'Amount with a fractional part of a minor unit, as a quoted decimal.'),
  { name: 'billing_scheme', type: { kind: 'enum', values: ['per_unit', 'tiered'] }, default: 'per_unit', doc: '`tiered` needs `tiers` and `tiers_mode`.' },
  optional('tiers_mode', { kind: 'enum', values: ['graduated', 'volume'] }, 'How tiers apply.'),
  optional('tiers', { kind: 'list', items: { kind: 'object', fields: TIER_FIELDS } }, 'Tiers, in increasing `up_to` order.'),
  optional(
    'transform_quantity',
    {
      kind: 'object',
      fields: [
        { name: 'divide_by', type: int(1), required: true, doc: 'Divide the quantity by this number.' },
        { name: 'round', type: { kind: 'enum', values: ['up', 'down'] }, required: true, doc: 'Rounding after division.' },
      ],
    },
    'Bill in packages of units.',
  ),
  optional('recurring', { kind: 'object', fields: RECURRING_FIELDS }, 'Present for recurring prices; absent for one-time prices.'),
  optional('custom_unit_amount', { kind: 'object', fields: CUSTOM_UNIT_AMOUNT_FIELDS }, 'Lets the customer choose the amount.'),
  {
    name: 'currency_options',
    type: { kind: 'map', keyPattern: CURRENCY, keyHint: CURRENCY_HINT, values: { kind: 'object', fields: CURRENCY_OPTION_FIELDS } },
    default: {},
    doc: 'Amounts in other currencies, keyed by currency code (not the price\'s own currency).',
  },
  optional('lookup_key', str(), 'Stable key to find the price by.'),
  { name: 'tax_behavior', type: TAX_BEHAVIOR, default: 'unspecified', doc: 'Once inclusive or exclusive, it cannot change.' },
  optional('nickname', str(), 'Internal name.'),
  metadata,
  optional('link', str(), 'Set by the tool on live prices (the source price id); leave it out in manifests.'),
];

export const COUPON_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Coupon id (the code customers may type); kept as is in live.' },
  optional('name', str(), 'Name shown to customers.'),
  optional('percent_off', { kind: 'number', exclusiveMinimum: 0, maximum: 100 }, 'Percentage off; set this or `amount_off`.'),
  optional('amount_off', int(1), 'Amount off in minor units of `currency`; set this or `percent_off`.'),
  optional('currency', currency(), 'Currency of `amount_off`.'),
  { name: 'duration', type: { kind: 'enum', values: ['once', 'repeating', 'forever'] }, default: 'once', doc: '`repeating` needs `duration_in_months`.' },
  optional('duration_in_months', int(1), 'Months a repeating coupon applies.'),
  optional('max_redemptions', int(1), 'Total number of redemptions allowed.'),
  optional('redeem_by', int(0), 'Last redemption time, Unix seconds.'),
  optional(
    'applies_to',
    { kind: 'object', fields: [{ name: 'products', type: { kind: 'list', items: str() }, required: true, doc: 'Product ids.' }] },
    'Limit the coupon to these products.',
  ),
  {
    name: 'currency_options',
    type: {
      kind: 'map',
      keyPattern: CURRENCY,
      keyHint: CURRENCY_HINT,
      values: { kind: 'object', fields: [{ name: 'amount_off', type: int(1), required: true, doc: 'Amount off in this currency.' }] },
    },
    default: {},
    doc: 'Amounts off in other currencies (amount coupons only).',
  },
  metadata,
];

export const METER_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Meter id in the source account; live meters get their own, found by event_name.' },
  { name: 'event_name', type: str(), required: true, doc: 'Name of the meter events this meter counts; unique among active meters.' },
  { name: 'display_name', type: str(), required: true, doc: 'Name shown on invoices.' },
  { name: 'active', type: { kind: 'boolean' }, default: true, doc: '`false` deactivates the meter.' },
  {
    name: 'default_aggregation',
    type: { kind: 'object', fields: [{ name: 'formula', type: { kind: 'enum', values: ['count', 'last', 'sum'] }, required: true, doc: 'How events are aggregated.' }] },
    default: { formula: 'sum' },
    doc: 'Aggregation over a billing period.',
  },
  {
    name: 'customer_mapping',
    type: {
      kind: 'object',
      fields: [
        { name: 'event_payload_key', type: str(), required: true, doc: 'Payload key holding the customer id.' },
        { name: 'type', type: { kind: 'enum', values: ['by_id'] }, default: 'by_id', doc: 'How the customer is found.' },
      ],
    },
    default: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
    doc: 'Where an event names its customer.',
  },
  {
    name: 'value_settings',
    type: { kind: 'object', fields: [{ name: 'event_payload_key', type: str(), required: true, doc: 'Payload key holding the value.' }] },
    default: { event_payload_key: 'value' },
    doc: 'Where an event holds its value.',
  },
  optional('event_time_window', { kind: 'enum', values: ['day', 'hour'] }, 'Pre-aggregation window of events.'),
];

export const PROMOTION_CODE_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Promotion code id in the source account; live codes get their own, found by code.' },
  {
    name: 'code',
    type: { kind: 'string', pattern: '^[a-zA-Z0-9_-]+$', patternHint: 'letters, digits, - and _' },
    required: true,
    doc: 'What customers type; unique (ignoring case) among active codes.',
  },
  { name: 'coupon', type: str(), required: true, doc: 'Id of a coupon in coupons.yaml.' },
  { name: 'active', type: { kind: 'boolean' }, default: true, doc: '`false` deactivates the code (codes cannot be deleted).' },
  optional('max_redemptions', int(1), 'Times the code may be redeemed; at most the coupon\'s max_redemptions.'),
  optional('expires_at', int(0), 'Last redemption time, Unix seconds; at most the coupon\'s redeem_by.'),
  {
    name: 'restrictions',
    type: {
      kind: 'object',
      fields: [
        { name: 'first_time_transaction', type: { kind: 'boolean' }, default: false, doc: 'Only for customers without a prior payment.' },
        optional('minimum_amount', int(0), 'Smallest order amount, in minor units of minimum_amount_currency.'),
        optional('minimum_amount_currency', currency(), 'Currency of minimum_amount.'),
        {
          name: 'currency_options',
          type: {
            kind: 'map',
            keyPattern: CURRENCY,
            keyHint: CURRENCY_HINT,
            values: { kind: 'object', fields: [{ name: 'minimum_amount', type: int(0), required: true, doc: 'Smallest order amount in this currency.' }] },
          },
          default: {},
          doc: 'Minimum amounts in other currencies.',
        },
      ],
    },
    default: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null, currency_options: {} },
    doc: 'Who may redeem the code.',
  },
  metadata,
];

export const TAX_RATE_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Tax rate id in the source account; live rates get their own, linked by metadata.' },
  { name: 'display_name', type: str(), required: true, doc: 'Name shown on invoices, e.g. `VAT`.' },
  optional('description', str(), 'Internal description.'),
  { name: 'percentage', type: { kind: 'number', maximum: 100 }, required: true, doc: 'Rate in percent (0 to 100); cannot change once created.' },
  { name: 'inclusive', type: { kind: 'boolean' }, required: true, doc: 'Whether prices include the tax; cannot change once created.' },
  { name: 'active', type: { kind: 'boolean' }, default: true, doc: '`false` archives the rate (rates cannot be deleted).' },
  optional('country', str(), 'Two-letter country code.'),
  optional('state', str(), 'State, county or province code.'),
  optional('jurisdiction', str(), 'Jurisdiction shown on invoices.'),
  optional('tax_type', str(), 'Kind of tax, e.g. `vat` or `sales_tax`.'),
  metadata,
  link,
];

const ESTIMATE_BOUND: FieldType = {
  kind: 'object',
  fields: [
    { name: 'unit', type: { kind: 'enum', values: ['business_day', 'day', 'hour', 'month', 'week'] }, required: true, doc: 'Unit of the bound.' },
    { name: 'value', type: int(1), required: true, doc: 'Number of units.' },
  ],
};

export const SHIPPING_RATE_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Shipping rate id in the source account; live rates get their own, linked by metadata.' },
  { name: 'display_name', type: str(), required: true, doc: 'Name shown to customers; cannot change once created.' },
  { name: 'active', type: { kind: 'boolean' }, default: true, doc: '`false` archives the rate (rates cannot be deleted).' },
  { name: 'type', type: { kind: 'enum', values: ['fixed_amount'] }, default: 'fixed_amount', doc: 'Only fixed amounts exist.' },
  optional(
    'fixed_amount',
    {
      kind: 'object',
      fields: [
        { name: 'amount', type: int(0), required: true, doc: 'Amount in minor units; cannot change once created.' },
        { name: 'currency', type: currency(), required: true, doc: 'Currency of amount.' },
        {
          name: 'currency_options',
          type: {
            kind: 'map',
            keyPattern: CURRENCY,
            keyHint: CURRENCY_HINT,
            values: {
              kind: 'object',
              fields: [
                { name: 'amount', type: int(0), required: true, doc: 'Amount in this currency.' },
                { name: 'tax_behavior', type: TAX_BEHAVIOR, default: 'unspecified', doc: 'Tax behaviour in this currency.' },
              ],
            },
          },
          default: {},
          doc: 'Amounts in other currencies; these can change in place.',
        },
      ],
    },
    'The amount charged for shipping.',
  ),
  optional(
    'delivery_estimate',
    { kind: 'object', fields: [optional('minimum', ESTIMATE_BOUND, 'Earliest delivery.'), optional('maximum', ESTIMATE_BOUND, 'Latest delivery.')] },
    'Delivery time shown to customers; cannot change once created.',
  ),
  { name: 'tax_behavior', type: TAX_BEHAVIOR, default: 'unspecified', doc: 'Whether the amount includes tax.' },
  optional('tax_code', str(), 'Shipping tax code, e.g. `txcd_92010001`; cannot change once created.'),
  metadata,
  link,
];

export const FEATURE_FIELDS: FieldTable = [
  { name: 'id', type: str(), required: true, doc: 'Feature id in the source account; live features get their own, found by lookup_key.' },
  { name: 'lookup_key', type: str(), required: true, doc: 'Stable key the feature is known by; unique among active features, cannot change.' },
  { name: 'name', type: str(), required: true, doc: 'Name shown to people, e.g. `Priority support`.' },
  { name: 'active', type: { kind: 'boolean' }, default: true, doc: '`false` archives the feature (features cannot be deleted or unarchived).' },
  metadata,
];

export const FIELDS: Record<ResourceType, FieldTable> = {
  product: PRODUCT_FIELDS,
  price: PRICE_FIELDS,
  coupon: COUPON_FIELDS,
  meter: METER_FIELDS,
  promotion_code: PROMOTION_CODE_FIELDS,
  tax_rate: TAX_RATE_FIELDS,
  shipping_rate: SHIPPING_RATE_FIELDS,
  feature: FEATURE_FIELDS,
};
