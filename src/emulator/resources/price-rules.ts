/**
 * Price parameters and rules (§3), shared by `POST /v1/prices`, product `default_price_data` and `seed`: the
 * parameter tables, the cross-field checks (validation: not stored under an idempotency key), and creation.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params, type Value } from '../wire/params.js';
import type { StoredRecord } from '../store/collection.js';
import { findOr404, mintId } from './common.js';
import { findActiveMeter } from './meters.js';
import { buildPriceRecord, insertPrice } from './price-model.js';
import { checkProductId, createProduct, INLINE_PRODUCT_FIELDS } from './product-model.js';
import type { Ctx } from './registry.js';

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'] as const;
/** §3: at most three years between charges. */
const MAX_INTERVAL_COUNT: Record<string, number> = { day: 1095, week: 156, month: 36, year: 3 };

export const CUSTOM_UNIT_AMOUNT: Spec = p.object({
  enabled: p.bool({ required: true }),
  maximum: p.int({ min: 0 }),
  minimum: p.int({ min: 0 }),
  preset: p.int({ min: 0 }),
});

export const TIER: Spec = p.object({
  up_to: p.upTo({ required: true }),
  unit_amount: p.int({ min: 0 }),
  unit_amount_decimal: p.decimal(),
  flat_amount: p.int({ min: 0 }),
  flat_amount_decimal: p.decimal(),
});

export const CURRENCY_OPTION: Spec = p.object({
  unit_amount: p.int({ min: 0 }),
  unit_amount_decimal: p.decimal(),
  custom_unit_amount: CUSTOM_UNIT_AMOUNT,
  tiers: p.list(TIER),
  tax_behavior: p.enum(TAX_BEHAVIORS),
});

export const TRANSFORM: Spec = p.object({ divide_by: p.int({ required: true, min: 1 }), round: p.enum(['up', 'down'], { required: true }) });

export const PRICE_CREATE_FIELDS: Fields = {
  currency: p.currency({ required: true }),
  product: p.string(),
  product_data: p.object(INLINE_PRODUCT_FIELDS),
  unit_amount: p.int({ min: 0 }),
  unit_amount_decimal: p.decimal(),
  custom_unit_amount: CUSTOM_UNIT_AMOUNT,
  billing_scheme: p.enum(['per_unit', 'tiered']),
  tiers: p.list(TIER),
  tiers_mode: p.enum(['graduated', 'volume']),
  transform_quantity: TRANSFORM,
  recurring: p.object({
    interval: p.enum(INTERVALS, { required: true }),
    interval_count: p.int({ min: 1 }),
    meter: p.string(),
    trial_period_days: p.int({ min: 0 }),
    usage_type: p.enum(['licensed', 'metered']),
  }),
  currency_options: p.currencyMap(CURRENCY_OPTION),
  lookup_key: p.string({ max: 200 }),
  transfer_lookup_key: p.bool(),
  tax_behavior: p.enum(TAX_BEHAVIORS),
  nickname: p.string(),
  metadata: p.metadata(),
  active: p.bool(),
};

/** `default_price_data` on product create (§2): a price without product, tiers or lookup key. */
export const DEFAULT_PRICE_DATA: Spec = p.object({
  currency: p.currency({ required: true }),
  unit_amount: p.int({ min: 0 }),
  unit_amount_decimal: p.decimal(),
  custom_unit_amount: CUSTOM_UNIT_AMOUNT,
  recurring: p.object({ interval: p.enum(INTERVALS, { required: true }), interval_count: p.int({ min: 1 }) }),
  tax_behavior: p.enum(TAX_BEHAVIORS),
  currency_options: p.currencyMap(CURRENCY_OPTION),
  metadata: p.metadata(),
});

type Spec = ReturnType<typeof p.object>;

/** Amount rules common to prices and `default_price_data`; `prefix` names nested params (`default_price_data[…]`). */
export function checkPriceAmounts(params: Params, prefix = ''): void {
  const name = (key: string) => (prefix === '' ? key : `${prefix}[${key}]`);
  if (params.unit_amount !== undefined && params.unit_amount_decimal !== undefined) {
    throw refuse.exclusive(name('unit_amount'), name('unit_amount_decimal'));
  }
  const tiered = params.billing_scheme === 'tiered';
  const recurring = params.recurring as Record<string, Value> | undefined;
  if (tiered) {
    if (recurring === undefined) {
      throw refuse.invalid('Prices with `type=one_time` are not supported with tiered billing.', 'interval');
    }
    if (params.tiers === undefined) throw refuse.missing(name('tiers'));
    if (params.tiers_mode === undefined) throw refuse.missing(name('tiers_mode'));
    if (params.transform_quantity !== undefined) throw refuse.exclusive(name('tiers'), name('transform_quantity'));
    const tiers = params.tiers as Record<string, Value>[];
    if (tiers.length === 0 || tiers[tiers.length - 1].up_to !== 'inf') {
      throw refuse.invalid('The last tier must have `up_to` set to `inf`.', name('tiers'));
    }
  } else {
    if (params.tiers !== undefined) throw refuse.invalid('Tiers may only be specified with `billing_scheme=tiered`.', name('tiers'));
    if (params.unit_amount === undefined && params.unit_amount_decimal === undefined && params.custom_unit_amount === undefined) {
      throw refuse.invalid(
        'Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set.',
        name('unit_amount'),
        'parameter_missing',
      );
    }
  }
  if (recurring !== undefined) {
    const interval = recurring.interval as string;
    const count = (recurring.interval_count as number | undefined) ?? 1;
    if (count > MAX_INTERVAL_COUNT[interval]) {
      throw refuse.invalid('The maximum billing interval is 3 years.', name('recurring[interval_count]'));
    }
    if (recurring.usage_type === 'metered' && recurring.meter === undefined) {
      throw refuse.invalid('Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters.', name('recurring[meter]'));
    }
  }
  for (const [currency, option] of Object.entries((params.currency_options ?? {}) as Record<string, Params>)) {
    if (option.unit_amount !== undefined && option.unit_amount_decimal !== undefined) {
      throw refuse.exclusive(name(`currency_options[${currency}][unit_amount]`), name(`currency_options[${currency}][unit_amount_decimal]`));
    }
  }
}

/** Cross-field rules of `POST /v1/prices` (§3). */
export function checkPriceCreate(params: Params, ctx: Ctx): void {
  if (params.product === undefined && params.product_data === undefined) {
    throw refuse.invalid('You must specify either `product` or `product_data` when creating a price.', undefined, 'parameter_missing');
  }
  if (params.product !== undefined && params.product_data !== undefined) throw refuse.exclusive('product', 'product_data');
  if (params.product_data !== undefined) checkProductId(ctx, (params.product_data as Params).id, 'product_data[id]');
  checkPriceAmounts(params);
}

/**
 * §3: a lookup key is unique over active and inactive prices; `transfer_lookup_key` moves it from its holder,
 * which stays active. Returns the holder to clear, or refuses.
 */
export function claimLookupKey(ctx: Ctx, key: string | null, transfer: boolean, self: string | null): StoredRecord | undefined {
  if (key === null) return undefined;
  const holderId = ctx.space.lookupKeys.get(key);
  if (holderId === undefined || holderId === self) return undefined;
  if (!transfer) throw refuse.invalid(`A price (\`${holderId}\`) already uses that lookup key.`, 'lookup_key');
  return ctx.space.prices.get(holderId);
}

/** Clears `lookup_key` on the price that held it (transfer_lookup_key). */
export function releaseLookupKey(ctx: Ctx, holder: StoredRecord | undefined): void {
  if (holder === undefined) return;
  ctx.space.lookupKeys.delete(holder.data.lookup_key as string);
  ctx.space.prices.replace({ ...holder, data: { ...holder.data, lookup_key: null } });
}

/** Runs a checked price create: the product must exist (or `product_data` makes one), then the key rules. */
export function createPrice(ctx: Ctx, params: Params, productId?: string): StoredRecord {
  let product = productId ?? (params.product as string | undefined);
  if (product !== undefined && productId === undefined) findOr404(ctx, 'products', product, 'product', 'product', 400);
  const meter = (params.recurring as Params | undefined)?.meter;
  if (typeof meter === 'string') findActiveMeter(ctx, meter, 'recurring[meter]');
  const lookupKey = (params.lookup_key as string | undefined) ?? null;
  const holder = claimLookupKey(ctx, lookupKey, params.transfer_lookup_key === true, null);
  if (product === undefined) product = createProduct(ctx, params.product_data as Params).id;
  releaseLookupKey(ctx, holder);
  const record = buildPriceRecord(ctx, {
    id: mintId(ctx.space.prices, 'price_', 24),
    product,
    currency: params.currency as string,
    active: params.active as boolean | undefined,
    unit_amount: params.unit_amount as number | undefined,
    unit_amount_decimal: params.unit_amount_decimal as string | undefined,
    billing_scheme: params.billing_scheme as 'per_unit' | 'tiered' | undefined,
    tiers: params.tiers as Value[] | undefined,
    tiers_mode: params.tiers_mode as string | undefined,
    transform_quantity: params.transform_quantity,
    recurring: params.recurring,
    custom_unit_amount: params.custom_unit_amount,
    currency_options: params.currency_options,
    lookup_key: lookupKey,
    tax_behavior: params.tax_behavior as string | undefined,
    nickname: params.nickname as string | undefined,
    metadata: params.metadata,
  });
  insertPrice(ctx.space, record);
  return record;
}
