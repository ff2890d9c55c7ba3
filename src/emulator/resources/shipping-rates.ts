/**
 * `/v1/shipping_rates` (§9): fixed-amount rates. Generated `shr_` ids, no delete (archive with `active=false`).
 * After create only `active`, `metadata`, `tax_behavior` and `fixed_amount.currency_options` change; the rest is
 * `parameter_unknown` on update. Whether `fixed_amount.currency_options` is includable-only is a switch.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { createMetadata, findOr404, mergeMetadata, mintId, newRecord, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { createdMatches, CREATED_FIELD, LIST_FIELDS, listPage } from './list.js';
import { TAX_BEHAVIORS } from './price-rules.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';
import { seedRecord, type Loose, type SeedShape } from './seed-shape.js';

const WRITE = 'rak_shipping_rate_write';
const READ = 'rak_shipping_rate_read';

const ESTIMATE = p.object({ unit: p.enum(['business_day', 'day', 'hour', 'month', 'week'], { required: true }), value: p.int({ required: true, min: 1 }) });
const OPTION = (amountRequired: boolean) => p.object({ amount: p.int({ required: amountRequired, min: 0 }), tax_behavior: p.enum(TAX_BEHAVIORS) });

const CREATE: Fields = {
  display_name: p.string({ required: true, max: 100 }),
  type: p.enum(['fixed_amount']),
  fixed_amount: p.object({ amount: p.int({ required: true, min: 0 }), currency: p.currency({ required: true }), currency_options: p.currencyMap(OPTION(true)) }),
  delivery_estimate: p.object({ minimum: ESTIMATE, maximum: ESTIMATE }),
  tax_behavior: p.enum(TAX_BEHAVIORS),
  tax_code: p.string(),
  metadata: p.metadata(),
};

/** §9: display_name, amount, currency, delivery_estimate, tax_code and type are fixed at create. */
const UPDATE: Fields = {
  active: p.bool(),
  fixed_amount: p.object({ currency_options: p.currencyMap(OPTION(false)) }),
  metadata: p.metadata(),
  tax_behavior: p.enum(TAX_BEHAVIORS),
};

const LIST: Fields = { ...LIST_FIELDS, ...CREATED_FIELD, active: p.bool(), currency: p.currency() };

export const SHIPPING_RATE_SHAPE: SeedShape = {
  prefix: 'shr_',
  length: 24,
  object: 'shipping_rate',
  defaults: {
    active: true,
    delivery_estimate: null,
    display_name: '',
    fixed_amount: null,
    metadata: {},
    tax_behavior: 'unspecified',
    tax_code: null,
    type: 'fixed_amount',
  },
};

/** §9: "Must be present if type is fixed_amount", the only type. */
function check(params: Params): void {
  if (params.fixed_amount === undefined) throw refuse.missing('fixed_amount');
}

/** Currency options as stored: `{amount, tax_behavior}` per currency, merged over `base`. */
function currencyOptions(value: unknown, base: Json = {}): Json {
  const out: Json = { ...base };
  for (const [currency, option] of Object.entries((value ?? {}) as Record<string, Params>)) {
    const old = (base[currency] ?? {}) as Json;
    out[currency] = { amount: option.amount ?? old.amount, tax_behavior: option.tax_behavior ?? old.tax_behavior ?? 'unspecified' };
  }
  return out;
}

/**
 * The rate as it renders: `fixed_amount.currency_options` inline, or (switch) left out and includable, added by
 * `expand[]=fixed_amount.currency_options` (`renderFixedAmount`) and refused by it where inline, as Stripe refuses
 * to expand a field that is not includable (§1.5). Decided as it renders, so a state file fits either answer.
 */
function render(ctx: Ctx, record: StoredRecord): Json {
  const fixed = record.data.fixed_amount as Json | null;
  if (fixed === null || fixed === undefined) return record.data;
  const { currency_options: _stored, ...rest } = fixed;
  const options = ((record.hidden.fixed_amount as Json | undefined)?.currency_options ?? {}) as Json;
  const inline = !ctx.switches.shippingCurrencyOptionsIncludable && Object.keys(options).length > 0;
  return { ...record.data, fixed_amount: inline ? { ...rest, currency_options: options } : rest };
}

function estimate(value: unknown): Json | null {
  if (value === undefined) return null;
  const e = value as Params;
  return { maximum: e.maximum ?? null, minimum: e.minimum ?? null };
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const id = mintId(ctx.space.shippingRates, SHIPPING_RATE_SHAPE.prefix, SHIPPING_RATE_SHAPE.length);
  const fixed = params.fixed_amount as Params;
  const options = currencyOptions(fixed.currency_options);
  const data: Json = {
    id,
    object: 'shipping_rate',
    active: true,
    created: ctx.now,
    delivery_estimate: estimate(params.delivery_estimate),
    display_name: params.display_name,
    fixed_amount: { amount: fixed.amount as number, currency: fixed.currency as string },
    livemode: ctx.livemode,
    metadata: createMetadata(params.metadata),
    tax_behavior: (params.tax_behavior as string | undefined) ?? 'unspecified',
    tax_code: (params.tax_code as string | undefined) ?? null,
    type: 'fixed_amount',
  };
  const record = newRecord(ctx, id, data, { fixed_amount: { currency_options: options } });
  ctx.space.shippingRates.insert(record);
  return present(ctx, 'shipping_rate', record, expand);
}

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'shippingRates', id, 'shipping rate', ctx.switches.shippingRateMissingParam, 404);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const patch: Json = {};
  let hidden: Json | undefined;
  if (params.active !== undefined) patch.active = params.active;
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  if (params.tax_behavior !== undefined) {
    const current = record.data.tax_behavior;
    if (ctx.switches.shippingTaxBehaviorOneWay && current !== 'unspecified' && current !== params.tax_behavior) {
      throw refuse.invalid(ctx.switches.taxBehaviorChangeMessage.replace('a price', 'a shipping rate'), 'tax_behavior');
    }
    patch.tax_behavior = params.tax_behavior;
  }
  const changed = (params.fixed_amount as Params | undefined)?.currency_options;
  if (changed !== undefined) {
    const stored = record.hidden.fixed_amount as Json;
    const options = currencyOptions(changed, stored.currency_options as Json);
    const fixed = record.data.fixed_amount as Json;
    patch.fixed_amount = { amount: fixed.amount as number, currency: fixed.currency as string };
    hidden = { fixed_amount: { currency_options: options } };
  }
  const next = patched(record, patch, hidden);
  ctx.space.shippingRates.replace(next);
  return present(ctx, 'shipping_rate', next, expand);
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  return listPage(ctx, ctx.space.shippingRates, params, {
    url: '/v1/shipping_rates',
    word: 'shipping rate',
    accept: (r) =>
      (params.active === undefined || r.data.active === params.active) &&
      (params.currency === undefined || (r.data.fixed_amount as Json | null)?.currency === params.currency) &&
      createdMatches(params.created, r.created),
    render: (r) => present(ctx, 'shipping_rate', r, paths),
  });
}

/** Stripe shape; `fixed_amount.currency_options` may be given inline and is stored for either switch value. */
export function seedShippingRate(ctx: Ctx, o: Loose): void {
  const fixed = o.fixed_amount as Json | undefined;
  const options = currencyOptions(fixed?.currency_options);
  const shaped = fixed === undefined ? o : { ...o, fixed_amount: { amount: fixed.amount as number, currency: fixed.currency as string } };
  seedRecord(ctx, ctx.space.shippingRates, SHIPPING_RATE_SHAPE, shaped, { fixed_amount: { currency_options: options } });
}

function renderFixedAmount(_ctx: Ctx, record: StoredRecord, include: ReadonlySet<string>): Json {
  return include.has('currency_options') ? { ...record.data, currency_options: record.hidden.currency_options ?? {} } : record.data;
}

export const shippingRatesModule: ResourceModule = {
  name: 'shipping_rates',
  types: [
    {
      name: 'shipping_rate',
      includable: [],
      references: {},
      embedded: { fixed_amount: 'shipping_rate.fixed_amount' },
      render,
      find: (ctx, id) => ctx.space.shippingRates.get(id),
    },
    {
      name: 'shipping_rate.fixed_amount',
      includable: (ctx) => (ctx.switches.shippingCurrencyOptionsIncludable ? ['currency_options'] : []),
      references: {},
      render: renderFixedAmount,
      find: () => undefined,
    },
  ],
  routes: [
    { method: 'POST', pattern: '/v1/shipping_rates', permission: WRITE, write: true, params: CREATE, returns: { type: 'shipping_rate' }, check, run: create },
    { method: 'GET', pattern: '/v1/shipping_rates', permission: READ, write: false, params: LIST, returns: { type: 'shipping_rate', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/shipping_rates/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'shipping_rate' },
      run: ({ path, expand }, ctx) => present(ctx, 'shipping_rate', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/shipping_rates/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'shipping_rate' }, run: update },
  ],
};
