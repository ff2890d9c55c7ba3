/**
 * One stored record per price, rendered in two shapes (§5): as a price, and, when recurring, as a plan. Prices,
 * plans, `default_price_data`, `product_data` and `seed` all build their records here so the shapes cannot drift.
 */
import { normalizeDecimal, type Value } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import type { Space } from '../store/state.js';
import { createMetadata, newRecord } from './common.js';
import type { Ctx } from './registry.js';

export interface PriceInput {
  id: string;
  product: string;
  currency: string;
  active?: boolean;
  unit_amount?: number | null;
  unit_amount_decimal?: string | null;
  billing_scheme?: 'per_unit' | 'tiered';
  tiers?: Value[] | null;
  tiers_mode?: string | null;
  transform_quantity?: Value | null;
  recurring?: Value | null;
  custom_unit_amount?: Value | null;
  currency_options?: Value | null;
  lookup_key?: string | null;
  tax_behavior?: string | null;
  nickname?: string | null;
  metadata?: Value;
  created?: number;
}

/** `unit_amount` and `unit_amount_decimal` from whichever was given: whole decimals fill both (§3). */
export function amounts(amount: unknown, decimal: unknown): { amount: number | null; decimal: string | null } {
  if (typeof amount === 'number') return { amount, decimal: String(amount) };
  if (typeof decimal === 'string' || typeof decimal === 'number') {
    const text = normalizeDecimal(String(decimal));
    return { amount: /^-?\d+$/.test(text) ? Number(text) : null, decimal: text };
  }
  return { amount: null, decimal: null };
}

export function renderTier(tier: Value): Json {
  const t = tier as Record<string, Value>;
  const unit = amounts(t.unit_amount, t.unit_amount_decimal);
  const flat = amounts(t.flat_amount, t.flat_amount_decimal);
  return {
    flat_amount: flat.amount,
    flat_amount_decimal: flat.decimal,
    unit_amount: unit.amount,
    unit_amount_decimal: unit.decimal,
    up_to: t.up_to === 'inf' || t.up_to === null || t.up_to === undefined ? null : Number(t.up_to),
  };
}

function renderCustomUnitAmount(value: Value | null | undefined): Json | null {
  if (value === null || value === undefined) return null;
  const c = value as Record<string, Value>;
  // §3: echoed without `enabled`.
  return { maximum: (c.maximum as number) ?? null, minimum: (c.minimum as number) ?? null, preset: (c.preset as number) ?? null };
}

export function renderCurrencyOption(value: Value): Json {
  const o = value as Record<string, Value>;
  const unit = amounts(o.unit_amount, o.unit_amount_decimal);
  const out: Json = {
    custom_unit_amount: renderCustomUnitAmount(o.custom_unit_amount),
    tax_behavior: (o.tax_behavior as string | undefined) ?? 'unspecified',
    unit_amount: unit.amount,
    unit_amount_decimal: unit.decimal,
  };
  if (Array.isArray(o.tiers)) out.tiers = o.tiers.map(renderTier);
  return out;
}

export function renderRecurring(value: Value | null | undefined): Json | null {
  if (value === null || value === undefined) return null;
  const r = value as Record<string, Value>;
  return {
    interval: r.interval,
    interval_count: (r.interval_count as number | undefined) ?? 1,
    meter: (r.meter as string | undefined) ?? null,
    trial_period_days: (r.trial_period_days as number | undefined) ?? null,
    usage_type: (r.usage_type as string | undefined) ?? 'licensed',
  };
}

export function renderTransform(value: Value | null | undefined): Json | null {
  if (value === null || value === undefined) return null;
  const t = value as Record<string, Value>;
  return { divide_by: t.divide_by, round: t.round };
}

export function buildPriceRecord(ctx: Ctx, input: PriceInput): StoredRecord {
  const tiered = input.billing_scheme === 'tiered';
  const unit = tiered ? { amount: null, decimal: null } : amounts(input.unit_amount, input.unit_amount_decimal);
  const options: Json = {};
  for (const [currency, option] of Object.entries((input.currency_options ?? {}) as Record<string, Value>)) {
    options[currency] = renderCurrencyOption(option);
  }
  const data: Json = {
    id: input.id,
    object: 'price',
    active: input.active ?? true,
    billing_scheme: input.billing_scheme ?? 'per_unit',
    created: input.created ?? ctx.now,
    currency: input.currency,
    custom_unit_amount: renderCustomUnitAmount(input.custom_unit_amount),
    livemode: ctx.livemode,
    lookup_key: input.lookup_key ?? null,
    metadata: createMetadata(input.metadata),
    nickname: input.nickname ?? null,
    product: input.product,
    recurring: renderRecurring(input.recurring),
    tax_behavior: input.tax_behavior ?? 'unspecified',
    tiers_mode: tiered ? (input.tiers_mode ?? null) : null,
    transform_quantity: renderTransform(input.transform_quantity),
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: unit.amount,
    unit_amount_decimal: unit.decimal,
  };
  const hidden: Json = { tiers: tiered && Array.isArray(input.tiers) ? input.tiers.map(renderTier) : null, currency_options: options };
  return newRecord(ctx, input.id, data, hidden);
}

/** Inserts a built price and indexes its lookup key. */
export function insertPrice(space: Space, record: StoredRecord): void {
  space.prices.insert(record);
  const key = record.data.lookup_key;
  if (typeof key === 'string') space.lookupKeys.set(key, record.id);
}

/** The price shape, with `tiers` and `currency_options` only when included (§1.5). */
export function renderPrice(ctx: Ctx, record: StoredRecord, include: ReadonlySet<string>): Json {
  if (include.size === 0) return record.data;
  const out: Json = { ...record.data };
  if (include.has('tiers')) out.tiers = record.hidden.tiers ?? null;
  if (include.has('currency_options')) {
    const options = record.hidden.currency_options as Json;
    out.currency_options = ctx.switches.currencyOptionsIncludeOwnCurrency
      ? {
          [record.data.currency as string]: {
            custom_unit_amount: record.data.custom_unit_amount,
            tax_behavior: record.data.tax_behavior,
            unit_amount: record.data.unit_amount,
            unit_amount_decimal: record.data.unit_amount_decimal,
          },
          ...options,
        }
      : options;
  }
  return out;
}

/** The plan shape of a recurring price (§4): amount, interval, transform_usage, … `tiers` only when included. */
export function renderPlan(_ctx: Ctx, record: StoredRecord, include: ReadonlySet<string>): Json {
  const d = record.data;
  const recurring = d.recurring as Json;
  const out: Json = {
    id: d.id,
    object: 'plan',
    active: d.active,
    amount: d.unit_amount,
    amount_decimal: d.unit_amount_decimal,
    billing_scheme: d.billing_scheme,
    created: d.created,
    currency: d.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: d.livemode,
    metadata: d.metadata,
    meter: recurring.meter,
    nickname: d.nickname,
    product: d.product,
    tiers_mode: d.tiers_mode,
    transform_usage: d.transform_quantity,
    trial_period_days: recurring.trial_period_days,
    usage_type: recurring.usage_type,
  };
  if (include.has('tiers')) out.tiers = record.hidden.tiers ?? null;
  return out;
}

/** Fields only the Prices API can set; §5 (mozilla/fxa#9381) says such prices drop out of `GET /v1/plans`. */
export function usesPriceOnlyFields(record: StoredRecord): boolean {
  const d = record.data;
  return (
    d.lookup_key !== null ||
    d.tax_behavior !== 'unspecified' ||
    d.custom_unit_amount !== null ||
    Object.keys(record.hidden.currency_options as Json).length > 0
  );
}
