/**
 * `seed`: inserts catalog-shaped objects (src/catalog/types.ts) straight into an account, ids kept, missing
 * fields given Stripe's defaults, so tests and `migrate demo` can build a sandbox with chosen price ids.
 * Seeding replaces an object with the same id. The kinds beyond products, prices and coupons take Stripe's shape
 * and are seeded by their own resource module; meters go first so seeded prices can name them.
 */
import { LINK_METADATA_KEY } from '../catalog/types.js';
import { parseKey } from './auth.js';
import { mintId, newRecord } from './resources/common.js';
import { seedFeature } from './resources/features.js';
import { seedMeter } from './resources/meters.js';
import { seedProductFeature } from './resources/product-features.js';
import { seedPromotionCode } from './resources/promotion-codes.js';
import { seedShippingRate } from './resources/shipping-rates.js';
import { seedTaxRate } from './resources/tax-rates.js';
import { seedWebhookEndpoint } from './resources/webhook-endpoints.js';
import { buildPriceRecord, insertPrice } from './resources/price-model.js';
import type { Ctx } from './resources/registry.js';
import type { Json } from './store/collection.js';
import type { Value } from './wire/params.js';

export interface SeedObjects {
  products?: object[];
  prices?: object[];
  coupons?: object[];
  meters?: object[];
  promotionCodes?: object[];
  taxRates?: object[];
  shippingRates?: object[];
  features?: object[];
  /** Stripe's `product_feature` plus `product`, the id of the product it belongs to. */
  productFeatures?: object[];
  webhookEndpoints?: object[];
}

type Loose = Record<string, unknown>;

/**
 * Seed objects from a catalog whose products list the ids of their attached features (`features`, as the tool's
 * catalogs and manifests do): each attachment becomes an object of its own, as Stripe keeps it.
 */
export function withProductFeatures<T extends { products: readonly { id: string; features?: readonly string[] }[] }>(catalog: T): T & { productFeatures: object[] } {
  const productFeatures = catalog.products.flatMap((product) => (product.features ?? []).map((feature) => ({ product: product.id, entitlement_feature: feature })));
  return { ...catalog, productFeatures };
}

export function callerOf(apiKey: string) {
  const caller = parseKey(apiKey);
  if (caller === undefined) throw new Error('seed: the key must look like sk_test_<name>, sk_live_<name>, rk_test_<name> or rk_live_<name>');
  return caller;
}

export function seedObjects(ctx: Ctx, objects: SeedObjects): void {
  for (const input of (objects.meters ?? []) as Loose[]) seedMeter(ctx, input);
  for (const input of (objects.products ?? []) as Loose[]) seedProduct(ctx, input);
  for (const input of (objects.prices ?? []) as Loose[]) seedPrice(ctx, input);
  for (const input of (objects.coupons ?? []) as Loose[]) seedCoupon(ctx, input);
  for (const input of (objects.promotionCodes ?? []) as Loose[]) seedPromotionCode(ctx, input);
  for (const input of (objects.taxRates ?? []) as Loose[]) seedTaxRate(ctx, input);
  for (const input of (objects.shippingRates ?? []) as Loose[]) seedShippingRate(ctx, input);
  for (const input of (objects.features ?? []) as Loose[]) seedFeature(ctx, input);
  for (const input of (objects.productFeatures ?? []) as Loose[]) seedProductFeature(ctx, input);
  for (const input of (objects.webhookEndpoints ?? []) as Loose[]) seedWebhookEndpoint(ctx, input);
}

function or<T>(value: unknown, fallback: T): T {
  return value === undefined ? fallback : (value as T);
}

function seedProduct(ctx: Ctx, o: Loose): void {
  const products = ctx.space.products;
  const id = or(o.id, mintId(products, 'prod_', 14));
  const created = or(o.created, ctx.now);
  const data: Json = {
    id,
    object: 'product',
    active: or(o.active, true),
    created,
    default_price: or(o.default_price, null),
    description: or(o.description, null),
    images: or(o.images, []),
    livemode: ctx.livemode,
    marketing_features: or(o.marketing_features, []),
    metadata: or(o.metadata, {}),
    name: or(o.name, id),
    package_dimensions: or(o.package_dimensions, null),
    shippable: or(o.shippable, null),
    statement_descriptor: or(o.statement_descriptor, null),
    tax_code: or(o.tax_code, null),
    type: or(o.type, 'service'),
    unit_label: or(o.unit_label, null),
    updated: or(o.updated, created),
    url: or(o.url, null),
  };
  products.remove(id);
  products.insert(newRecord(ctx, id, data));
}

/** Catalog tiers say `up_to: 'inf'`; the wire says the same on input, `null` on output. */
function seedPrice(ctx: Ctx, o: Loose): void {
  if (typeof o.product !== 'string') throw new Error(`seed: price ${String(o.id)} needs a product id`);
  const prices = ctx.space.prices;
  const id = or<string>(o.id, mintId(prices, 'price_', 24));
  const metadata = { ...or<Record<string, string>>(o.metadata, {}) };
  if (typeof o.link === 'string') metadata[LINK_METADATA_KEY] = o.link;
  const old = prices.remove(id);
  if (typeof old?.data.lookup_key === 'string') ctx.space.lookupKeys.delete(old.data.lookup_key);
  const record = buildPriceRecord(ctx, {
    id,
    product: o.product,
    currency: or(o.currency, 'usd'),
    active: or(o.active, true),
    unit_amount: or(o.unit_amount, null),
    unit_amount_decimal: or(o.unit_amount_decimal, null),
    billing_scheme: or(o.billing_scheme, 'per_unit'),
    tiers: or(o.tiers, null),
    tiers_mode: or(o.tiers_mode, null),
    transform_quantity: or(o.transform_quantity, null),
    recurring: or(o.recurring, null),
    custom_unit_amount: or(o.custom_unit_amount, null),
    currency_options: or(o.currency_options, null),
    lookup_key: or(o.lookup_key, null),
    tax_behavior: or(o.tax_behavior, 'unspecified'),
    nickname: or(o.nickname, null),
    metadata: metadata as Value,
    created: or(o.created, ctx.now),
  });
  // A recurring price with a non-`price_` id can only have come from the Plans API (§5).
  if (record.data.recurring !== null && !id.startsWith('price_')) record.hidden.via = 'plan';
  insertPrice(ctx.space, record);
}

function seedCoupon(ctx: Ctx, o: Loose): void {
  const coupons = ctx.space.coupons;
  const id = or<string>(o.id, mintId(coupons, '', 8));
  const duration = or(o.duration, 'once');
  const data: Json = {
    id,
    object: 'coupon',
    amount_off: or(o.amount_off, null),
    created: or(o.created, ctx.now),
    currency: or(o.currency, null),
    duration,
    duration_in_months: or(o.duration_in_months, null),
    livemode: ctx.livemode,
    max_redemptions: or(o.max_redemptions, null),
    metadata: or(o.metadata, {}),
    name: or(o.name, null),
    percent_off: or(o.percent_off, null),
    redeem_by: or(o.redeem_by, null),
    times_redeemed: or(o.times_redeemed, 0),
    valid: true,
  };
  coupons.remove(id);
  coupons.insert(newRecord(ctx, id, data, { applies_to: or(o.applies_to, null), currency_options: or(o.currency_options, {}) }));
}
