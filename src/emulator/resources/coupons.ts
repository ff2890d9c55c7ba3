/** `/v1/coupons` (§6): custom ids, percent/amount/currency/duration rules, name/metadata/currency_options updates. */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params, type Value } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { checkCustomId, createMetadata, deletedStub, ensureIdFree, findOr404, mergeMetadata, mintId, newRecord, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { createdMatches, CREATED_FIELD, LIST_FIELDS, listPage } from './list.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';

const WRITE = 'rak_coupon_write';
const READ = 'rak_coupon_read';
/** §6: `redeem_by` at most five years ahead. */
const FIVE_YEARS = 5 * 366 * 24 * 3600;

const CURRENCY_OPTIONS = p.currencyMap(p.object({ amount_off: p.int({ required: true, min: 0 }) }));

const CREATE: Fields = {
  id: p.string({ max: 5000 }),
  percent_off: p.float(),
  amount_off: p.int({ min: 0 }),
  currency: p.currency(),
  duration: p.enum(['forever', 'once', 'repeating']),
  duration_in_months: p.int({ min: 1 }),
  currency_options: CURRENCY_OPTIONS,
  applies_to: p.object({ products: p.list(p.string()) }),
  max_redemptions: p.int({ min: 1 }),
  redeem_by: p.int(),
  name: p.string({ max: 40 }),
  metadata: p.metadata(),
};

/** §6: "Other coupon details (currency, duration, amount_off) are, by design, not editable." */
const UPDATE: Fields = {
  name: p.string({ emptyable: true, max: 40 }),
  metadata: p.metadata(),
  currency_options: CURRENCY_OPTIONS,
};

const LIST: Fields = { ...LIST_FIELDS, ...CREATED_FIELD };

/** Ruby-style float text, as Stripe quotes it back: `0` → `0.0`. */
function floatText(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

function check(params: Params, ctx: Ctx): void {
  if (typeof params.id === 'string') checkCustomId(params.id);
  const percent = params.percent_off as number | undefined;
  if (percent === undefined && params.amount_off === undefined) {
    throw refuse.invalid('Must provide percent_off or amount_off.', undefined, 'parameter_missing');
  }
  if (percent !== undefined && params.amount_off !== undefined) {
    throw refuse.invalid('Received both percent_off and amount_off parameters. Please pass in only one.');
  }
  if (percent !== undefined) {
    if (percent < 0.01) {
      throw refuse.invalid(`This value must be greater than or equal to 0.01 (it currently is '${floatText(percent)}').`, 'percent_off');
    }
    if (percent > 100) {
      throw refuse.invalid(`This value must be less than or equal to 100 (it currently is '${floatText(percent)}').`, 'percent_off');
    }
    if (params.currency_options !== undefined) throw refuse.exclusive('currency_options', 'percent_off');
  }
  if (params.amount_off !== undefined && params.currency === undefined) {
    throw refuse.invalid('You must pass currency when passing amount_off', 'currency');
  }
  if (params.duration === 'repeating' && params.duration_in_months === undefined) {
    throw refuse.invalid('The duration_in_months param must be set when creating a coupon with a repeating duration', 'duration');
  }
  const redeemBy = params.redeem_by as number | undefined;
  if (redeemBy !== undefined && redeemBy <= ctx.now) {
    throw refuse.invalid(
      `The parameter \`redeem_by\` expects a unix timestamp representing a date and time in the future. You specified the value \`${redeemBy}\` which is in the past.`,
      'redeem_by',
    );
  }
  if (redeemBy !== undefined && redeemBy > ctx.now + FIVE_YEARS) {
    throw refuse.invalid('The parameter `redeem_by` must be within 5 years of the current date.', 'redeem_by');
  }
}

function currencyOptions(value: Value | undefined, base: Json = {}): Json {
  const out: Json = { ...base };
  for (const [currency, option] of Object.entries((value ?? {}) as Record<string, Params>)) {
    out[currency] = { amount_off: option.amount_off };
  }
  return out;
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const coupons = ctx.space.coupons;
  let id = params.id as string | undefined;
  if (id !== undefined) ensureIdFree(ctx, coupons.has(id), ctx.space.deleted.coupon.has(id), 'Coupon');
  else id = mintId(coupons, '', 8);
  const products = (params.applies_to as Params | undefined)?.products as string[] | undefined;
  products?.forEach((product, i) => findOr404(ctx, 'products', product, 'product', `applies_to[products][${i}]`, 400));
  const duration = (params.duration as string | undefined) ?? 'once';
  const data: Json = {
    id,
    object: 'coupon',
    amount_off: (params.amount_off as number | undefined) ?? null,
    created: ctx.now,
    currency: (params.currency as string | undefined) ?? null,
    duration,
    duration_in_months: duration === 'repeating' ? (params.duration_in_months as number) : null,
    livemode: ctx.livemode,
    max_redemptions: (params.max_redemptions as number | undefined) ?? null,
    metadata: createMetadata(params.metadata),
    name: (params.name as string | undefined) ?? null,
    percent_off: (params.percent_off as number | undefined) ?? null,
    redeem_by: (params.redeem_by as number | undefined) ?? null,
    times_redeemed: 0,
    valid: true,
  };
  const hidden: Json = { applies_to: products === undefined ? null : { products }, currency_options: currencyOptions(params.currency_options) };
  const record = newRecord(ctx, id, data, hidden);
  coupons.insert(record);
  return present(ctx, 'coupon', record, expand);
}

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'coupons', id, 'coupon', 'coupon', 404);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const patch: Json = {};
  let hidden: Json | undefined;
  if (params.name !== undefined) patch.name = params.name;
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  if (params.currency_options !== undefined) {
    if (record.data.percent_off !== null) throw refuse.exclusive('currency_options', 'percent_off');
    // §6: merged per currency.
    hidden = { currency_options: currencyOptions(params.currency_options, record.hidden.currency_options as Json) };
  }
  const next = patched(record, patch, hidden);
  ctx.space.coupons.replace(next);
  return present(ctx, 'coupon', next, expand);
}

function remove({ path }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  ctx.space.coupons.remove(record.id);
  ctx.space.deleted.coupon.add(record.id);
  return deletedStub(record.id, 'coupon');
}

/** `valid` is computed (§11): false once `redeem_by` has passed or `max_redemptions` is used up. */
function renderCoupon(ctx: Ctx, record: StoredRecord, include: ReadonlySet<string>): Json {
  const d = record.data;
  const redeemBy = d.redeem_by as number | null;
  const max = d.max_redemptions as number | null;
  const valid = !(redeemBy !== null && redeemBy < ctx.now) && !(max !== null && (d.times_redeemed as number) >= max);
  if (include.size === 0 && valid === d.valid) return d;
  const out: Json = { ...d, valid };
  for (const field of include) out[field] = record.hidden[field];
  return out;
}

export const couponsModule: ResourceModule = {
  name: 'coupons',
  types: [
    {
      name: 'coupon',
      includable: ['applies_to', 'currency_options'],
      references: {},
      render: renderCoupon,
      find: (ctx, id) => ctx.space.coupons.get(id),
    },
  ],
  routes: [
    { method: 'POST', pattern: '/v1/coupons', permission: WRITE, write: true, params: CREATE, returns: { type: 'coupon' }, check, run: create },
    { method: 'GET', pattern: '/v1/coupons', permission: READ, write: false, params: LIST, returns: { type: 'coupon', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/coupons/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'coupon' },
      run: ({ path, expand }, ctx) => present(ctx, 'coupon', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/coupons/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'coupon' }, run: update },
    { method: 'DELETE', pattern: '/v1/coupons/:id', permission: WRITE, write: true, params: {}, run: remove },
  ],
};

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  return listPage(ctx, ctx.space.coupons, params, {
    url: '/v1/coupons',
    word: 'coupon',
    accept: (r) => createdMatches(params.created, r.created),
    render: (r) => present(ctx, 'coupon', r, paths),
  });
}
