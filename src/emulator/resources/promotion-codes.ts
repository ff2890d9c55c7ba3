/**
 * `/v1/promotion_codes` (§7, clover and later): a customer-facing code for a coupon, `promotion: {type:'coupon',
 * coupon}`. Generated `promo_` ids, no delete. A code is unique, case-insensitively, among active codes; it may
 * not outlive or out-redeem its coupon. `expand[]=promotion.coupon` inflates the coupon.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { createMetadata, findOr404, mergeMetadata, mintId, newRecord, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { createdMatches, CREATED_FIELD, LIST_FIELDS, listPage } from './list.js';
import { checkPromotionCodeCreate, ensureCodeFree, ensureRedeemable, mintCode, refuseUnknownParties, restrictions } from './promotion-code-rules.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';
import { seedRecord, type Loose, type SeedShape } from './seed-shape.js';

const WRITE = 'rak_promotion_code_write';
const READ = 'rak_promotion_code_read';

const CURRENCY_OPTIONS = p.currencyMap(p.object({ minimum_amount: p.int({ min: 0 }) }));

const CREATE: Fields = {
  promotion: p.object({ type: p.enum(['coupon'], { required: true }), coupon: p.string() }, { required: true }),
  code: p.string({ max: 500 }),
  active: p.bool(),
  customer: p.string(),
  customer_account: p.string(),
  expires_at: p.int(),
  max_redemptions: p.int({ min: 1 }),
  metadata: p.metadata(),
  restrictions: p.object({
    first_time_transaction: p.bool(),
    minimum_amount: p.int({ min: 0 }),
    minimum_amount_currency: p.currency(),
    currency_options: CURRENCY_OPTIONS,
  }),
};

/** §7: only `active`, `metadata` and `restrictions.currency_options` change after create. */
const UPDATE: Fields = { active: p.bool(), metadata: p.metadata(), restrictions: p.object({ currency_options: CURRENCY_OPTIONS }) };

const LIST: Fields = { ...LIST_FIELDS, ...CREATED_FIELD, active: p.bool(), code: p.string(), coupon: p.string(), customer: p.string(), customer_account: p.string() };

export const PROMOTION_CODE_SHAPE: SeedShape = {
  prefix: 'promo_',
  length: 24,
  object: 'promotion_code',
  defaults: {
    active: true,
    code: '',
    customer: null,
    customer_account: null,
    expires_at: null,
    max_redemptions: null,
    metadata: {},
    promotion: { coupon: null, type: 'coupon' },
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: 0,
  },
};

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  refuseUnknownParties(params);
  const couponId = (params.promotion as Params).coupon as string;
  const coupon = findOr404(ctx, 'coupons', couponId, 'coupon', 'promotion[coupon]', 400);
  const expiresAt = (params.expires_at as number | undefined) ?? null;
  const redeemBy = coupon.data.redeem_by as number | null;
  if (expiresAt !== null && redeemBy !== null && expiresAt > redeemBy) {
    throw refuse.invalid(ctx.switches.promotionCodeExpiresAfterCouponMessage, 'expires_at');
  }
  const max = (params.max_redemptions as number | undefined) ?? null;
  const couponMax = coupon.data.max_redemptions as number | null;
  if (max !== null && couponMax !== null && max > couponMax) {
    throw refuse.invalid(ctx.switches.promotionCodeMaxRedemptionsMessage, 'max_redemptions');
  }
  const active = (params.active as boolean | undefined) ?? true;
  const code = (params.code as string | undefined) ?? mintCode(ctx);
  if (active) ensureCodeFree(ctx, code, null);
  const id = mintId(ctx.space.promotionCodes, PROMOTION_CODE_SHAPE.prefix, PROMOTION_CODE_SHAPE.length);
  const data: Json = {
    id,
    object: 'promotion_code',
    active,
    code,
    created: ctx.now,
    customer: null,
    customer_account: null,
    expires_at: expiresAt,
    livemode: ctx.livemode,
    max_redemptions: max,
    metadata: createMetadata(params.metadata),
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: restrictions(params.restrictions),
    times_redeemed: 0,
  };
  const record = newRecord(ctx, id, data);
  ctx.space.promotionCodes.insert(record);
  return present(ctx, 'promotion_code', record, expand);
}

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'promotionCodes', id, 'promotion code', 'promotion_code', 404);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const patch: Json = {};
  if (params.active === true && record.data.active === false) ensureRedeemable(ctx, record);
  if (params.active !== undefined) patch.active = params.active;
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  const options = (params.restrictions as Params | undefined)?.currency_options;
  if (options !== undefined) {
    const current = record.data.restrictions as Json;
    patch.restrictions = { ...current, currency_options: { ...(current.currency_options as Json | undefined), ...(options as Json) } };
  }
  const next = patched(record, patch);
  ctx.space.promotionCodes.replace(next);
  return present(ctx, 'promotion_code', next, expand);
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  if (params.coupon !== undefined) findOr404(ctx, 'coupons', params.coupon as string, 'coupon', 'coupon', 400);
  const code = (params.code as string | undefined)?.toLowerCase();
  return listPage(ctx, ctx.space.promotionCodes, params, {
    url: '/v1/promotion_codes',
    word: 'promotion code',
    accept: (r) =>
      (params.active === undefined || r.data.active === params.active) &&
      (code === undefined || (r.data.code as string).toLowerCase() === code) &&
      (params.coupon === undefined || (r.data.promotion as Json).coupon === params.coupon) &&
      (params.customer === undefined || r.data.customer === params.customer) &&
      (params.customer_account === undefined || r.data.customer_account === params.customer_account) &&
      createdMatches(params.created, r.created),
    render: (r) => present(ctx, 'promotion_code', r, paths),
  });
}

/** Stripe shape; a basil-style top-level `coupon` id is accepted too. */
export function seedPromotionCode(ctx: Ctx, o: Loose): void {
  const promotion = o.promotion ?? (typeof o.coupon === 'string' ? { coupon: o.coupon, type: 'coupon' } : undefined);
  const { coupon: _basil, ...rest } = o;
  seedRecord(ctx, ctx.space.promotionCodes, PROMOTION_CODE_SHAPE, { ...rest, promotion, code: o.code ?? mintCode(ctx) });
}

export const promotionCodesModule: ResourceModule = {
  name: 'promotion_codes',
  types: [
    {
      name: 'promotion_code',
      includable: [],
      references: {},
      embedded: { promotion: 'promotion_code.promotion' },
      render: (_ctx, r) => r.data,
      find: (ctx, id) => ctx.space.promotionCodes.get(id),
    },
    { name: 'promotion_code.promotion', includable: [], references: { coupon: 'coupon' }, render: (_ctx, r) => r.data, find: () => undefined },
  ],
  routes: [
    { method: 'POST', pattern: '/v1/promotion_codes', permission: WRITE, write: true, params: CREATE, returns: { type: 'promotion_code' }, check: checkPromotionCodeCreate, run: create },
    { method: 'GET', pattern: '/v1/promotion_codes', permission: READ, write: false, params: LIST, returns: { type: 'promotion_code', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/promotion_codes/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'promotion_code' },
      run: ({ path, expand }, ctx) => present(ctx, 'promotion_code', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/promotion_codes/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'promotion_code' }, run: update },
  ],
};
