/**
 * Promotion code rules (§7) that `promotion-codes.ts` applies: validation needing no stored data, code
 * uniqueness among active codes, redeemability on reactivation, minted codes and the `restrictions` shape.
 */
import { refuse } from '../wire/api-error.js';
import type { Params, Value } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import type { Ctx } from './registry.js';

const CODE = /^[a-zA-Z0-9\-_]+$/;
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** §7: `expires_at` at most five years ahead (same span as coupon `redeem_by`). */
const FIVE_YEARS = 5 * 366 * 24 * 3600;

/** Validation that needs no stored data (§7): the coupon is named, the code's charset, `expires_at` in range. */
export function checkPromotionCodeCreate(params: Params, ctx: Ctx): void {
  if ((params.promotion as Params).coupon === undefined) {
    throw refuse.invalid('You must pass promotion.coupon when passing promotion', 'promotion.coupon');
  }
  const code = params.code as string | undefined;
  if (code !== undefined && !CODE.test(code)) {
    throw refuse.invalid(`This value must match the regex pattern. (/\\A[a-zA-Z0-9\\-_]+\\z/ does not match for the value ${code}).`, 'code');
  }
  const expiresAt = params.expires_at as number | undefined;
  if (expiresAt !== undefined && expiresAt <= ctx.now) {
    throw refuse.invalid(
      `The parameter \`expires_at\` expects a unix timestamp representing a date and time in the future. You specified the value \`${expiresAt}\` which is in the past.`,
      'expires_at',
    );
  }
  if (expiresAt !== undefined && expiresAt > ctx.now + FIVE_YEARS) {
    throw refuse.invalid('Invalid timestamp: can be no more than five years in the future.', 'expires_at');
  }
}

/** §7: a code is unique, case-insensitively, among active promotion codes. */
export function ensureCodeFree(ctx: Ctx, code: string, self: string | null): void {
  const wanted = code.toLowerCase();
  for (const other of ctx.space.promotionCodes.all()) {
    if (other.id !== self && other.data.active === true && (other.data.code as string).toLowerCase() === wanted) {
      throw refuse.invalid(`An active promotion code with \`code: ${code}\` already exists.`, 'code');
    }
  }
}

/** The emulator holds no customers or accounts, so any id named here is missing (400, naming the parameter). */
export function refuseUnknownParties(params: Params): void {
  if (typeof params.customer === 'string') throw refuse.noSuch('customer', params.customer, 'customer', 400);
  if (typeof params.customer_account === 'string') throw refuse.noSuch('account', params.customer_account, 'customer_account', 400);
}

export function mintCode(ctx: Ctx): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < 8; i += 1) code += UPPER_ALNUM[Math.floor(Math.random() * UPPER_ALNUM.length)];
    if (!ctx.space.promotionCodes.all().some((r) => r.data.code === code)) return code;
  }
}

export function restrictions(value: Value | undefined): Json {
  const r = (value ?? {}) as Params;
  const out: Json = {
    first_time_transaction: (r.first_time_transaction as boolean | undefined) ?? false,
    minimum_amount: (r.minimum_amount as number | undefined) ?? null,
    minimum_amount_currency: (r.minimum_amount_currency as string | undefined) ?? null,
  };
  if (r.currency_options !== undefined) out.currency_options = r.currency_options;
  return out;
}

/** §7: "only reactivated when the coupon is still valid and the promotion code is otherwise redeemable". */
export function ensureRedeemable(ctx: Ctx, record: StoredRecord): void {
  const d = record.data;
  const coupon = ctx.space.coupons.get((d.promotion as Json).coupon as string);
  const redeemBy = coupon?.data.redeem_by as number | null | undefined;
  const couponMax = coupon?.data.max_redemptions as number | null | undefined;
  const expired = (d.expires_at !== null && (d.expires_at as number) <= ctx.now) || (redeemBy != null && redeemBy <= ctx.now);
  const usedUp =
    (d.max_redemptions !== null && (d.times_redeemed as number) >= (d.max_redemptions as number)) ||
    (couponMax != null && (coupon!.data.times_redeemed as number) >= couponMax);
  if (coupon === undefined || expired || usedUp) throw refuse.invalid(ctx.switches.promotionCodeReactivateMessage, 'active');
  ensureCodeFree(ctx, d.code as string, record.id);
}
