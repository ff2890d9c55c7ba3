/**
 * Every behaviour that api-notes marks UNCONFIRMED (§13), as one named switch with the most likely answer as its
 * default. Tests and users flip them to rehearse against the other answer; the tool must cope with either.
 */
export interface EmulatorSwitches {
  /** §1.5/§13: `limit` over 100 is refused (`error`, parameter_invalid_integer) or silently clamped to 100. */
  limitOver100: 'error' | 'clamp';
  /** §2/§3/§13: `GET /v1/products` and `/v1/prices` without `active` return both active and inactive objects. */
  listIncludesInactiveByDefault: boolean;
  /**
   * §5/§13 (mozilla/fxa#9381): recurring prices that use price-only fields are left out of `GET /v1/plans` (only
   * those `GET /v1/prices` lists: see `plansListedAsPrices`).
   */
  plansListHidesPriceOnlyFields: boolean;
  /** §5/§13: a recurring price created through `/v1/prices` can be read through `/v1/plans/:id`. */
  pricesReadableAsPlans: boolean;
  /** §5/§13: plan-created objects appear in `GET /v1/prices`. */
  plansListedAsPrices: boolean;
  /** §5/§13: `POST /v1/prices/:id` works on a plan-created object (lookup_key, tax_behavior, currency_options…). */
  priceUpdateOnPlanIds: boolean;
  /** §5/§13: deleting a plan removes the price too (`remove`) or only archives it (`archive`). */
  planDeleteEffect: 'remove' | 'archive';
  /** §12.2/§13: a custom plan id may start with `price_`. */
  planIdMayStartWithPrice: boolean;
  /** §2/§13: a custom product id may start with `prod_`. */
  productIdMayStartWithProd: boolean;
  /** §2/§6/§13: the id of a deleted product, coupon or plan may be used again (confirmed for plans in §4). */
  deletedIdsReusable: boolean;
  /** §1.6/§13: `param` on `resource_already_exists` (`id`), or none (`null`). */
  alreadyExistsParam: 'id' | null;
  /** §2/§13: `default_price` must be a price of the same product. */
  defaultPriceMustBelongToProduct: boolean;
  /** §4/§13: message of the `parameter_missing` error for a plan created without `product`. */
  planWithoutProductMessage: string;
  /** §1.7/§13: `code` on an idempotency parameter mismatch (`null` = no code). */
  idempotencyMismatchCode: string | null;
  /** §1.7/§13: wire `type` of the same-key-other-endpoint error. */
  idempotencyEndpointMismatchType: 'idempotency_error' | 'invalid_request_error';
  /** §1.7/§13: `Idempotent-Replayed` on a first execution: header left out (`absent`) or sent as `false`. */
  replayedHeaderOnFirst: 'absent' | 'false';
  /** §1.7/§13: the tail of the 409 `idempotency_key_in_use` message after its known first sentence. */
  keyInUseMessageTail: string;
  /** §1.9/§13: the 429 `rate_limit` message. */
  rateLimitMessage: string;
  /** §1.8/§1.9/§13: a 429 `lock_timeout` carries `Stripe-Should-Retry: true`. */
  lockTimeoutShouldRetry: boolean;
  /** §1.9/§13: 429s carry a `Stripe-Rate-Limited-Reason` header. */
  rateLimitedReasonHeader: boolean;
  /** §3/§13: message for changing `tax_behavior` once it is inclusive or exclusive. */
  taxBehaviorChangeMessage: string;
  /** §1.6/§13: errors carry `request_log_url` (format guessed: dashboard logs link). */
  requestLogUrl: boolean;
  /** §4/§13: `param` on a plan 404. */
  planMissingParam: string;
  /** §1.5 (observed live, not in the notes): an expanded price `currency_options` includes the price's own currency. */
  currencyOptionsIncludeOwnCurrency: boolean;
  /**
   * Meters (not in api-notes): the object word of a missing meter, `No such <word>: 'mtr_x'`. Stripe words
   * namespaced objects by their type (`No such checkout.session`), hence `billing.meter`; unconfirmed for meters.
   */
  meterMissingWord: string;
  /** Meters: refusal when `event_name` is taken by another active meter (`{event_name}` is filled in); unconfirmed. */
  meterEventNameTakenMessage: string;
  /** Meters: a price or plan naming a deactivated meter (`{id}` filled in). Stripe documents the rule, not the text. */
  inactiveMeterOnPriceMessage: string;
  /** Meters: deactivating an inactive meter (or reactivating an active one) is refused or answers the meter as is. */
  meterRepeatStatusChange: 'refuse' | 'accept';
  /** §7: a promotion code's `expires_at` after its coupon's `redeem_by` (the rule is documented, the text is not). */
  promotionCodeExpiresAfterCouponMessage: string;
  /** §7: a promotion code's `max_redemptions` above its coupon's (the rule is documented, the text is not). */
  promotionCodeMaxRedemptionsMessage: string;
  /** §7: reactivating a promotion code whose coupon is gone, expired or used up, or that expired itself. */
  promotionCodeReactivateMessage: string;
  /** §1.6/§9/§13: `param` on a shipping rate 404. */
  shippingRateMissingParam: string;
  /** §9/§13: `fixed_amount.currency_options` is left out unless `expand[]=fixed_amount.currency_options`. */
  shippingCurrencyOptionsIncludable: boolean;
  /** §9/§13: a shipping rate's `tax_behavior`, once inclusive or exclusive, cannot change (as on prices). */
  shippingTaxBehaviorOneWay: boolean;
  /** §1.6/§10/§13: object word of a missing feature (`No such <word>: 'feat_x'`), by analogy with meters. */
  featureMissingWord: string;
  /** §1.6/§10/§13: `param` on a feature 404. */
  featureMissingParam: string;
  /** §10 (third-party, unconfirmed): refusal when an active feature already has the `lookup_key` (`{lookup_key}`). */
  featureLookupKeyTakenMessage: string;
  /** §10 (third-party, unconfirmed): archived features "cannot be edited or unarchived"; `null` lets them be. */
  archivedFeatureUpdateMessage: string | null;
  /** §10/§13: attaching an archived feature to a product (`{id}` filled in). */
  archivedFeatureAttachMessage: string;
  /** §10/§13: attaching a feature the product already has (`{id}` filled in). */
  duplicateFeatureAttachMessage: string;
  /**
   * §10: archiving a feature leaves the attachments made while it was active (`true`: "inactive features cannot be
   * attached to *new* products" implies they stay), or detaches it from every product (`false`). Unconfirmed.
   */
  archivedFeatureKeepsAttachments: boolean;
  /** Webhooks (not in api-notes): `param` on a webhook endpoint 404. */
  webhookEndpointMissingParam: string;
  /** Webhooks: message of the `url_invalid` refusal (`{url}` filled in); the code is in Stripe's enum, the text is not known. */
  webhookUrlInvalidMessage: string;
}

export const DEFAULT_SWITCHES: Readonly<EmulatorSwitches> = Object.freeze({
  limitOver100: 'error',
  listIncludesInactiveByDefault: true,
  plansListHidesPriceOnlyFields: true,
  pricesReadableAsPlans: true,
  plansListedAsPrices: true,
  priceUpdateOnPlanIds: true,
  planDeleteEffect: 'remove',
  planIdMayStartWithPrice: true,
  productIdMayStartWithProd: true,
  deletedIdsReusable: true,
  alreadyExistsParam: 'id',
  defaultPriceMustBelongToProduct: true,
  planWithoutProductMessage: 'Missing required param: product.',
  idempotencyMismatchCode: null,
  idempotencyEndpointMismatchType: 'idempotency_error',
  replayedHeaderOnFirst: 'absent',
  keyInUseMessageTail: ' Please try again later.',
  rateLimitMessage: 'Request rate limit exceeded',
  lockTimeoutShouldRetry: true,
  rateLimitedReasonHeader: false,
  taxBehaviorChangeMessage:
    'The `tax_behavior` of a price cannot be changed once it has been set to `inclusive` or `exclusive`.',
  requestLogUrl: true,
  planMissingParam: 'plan',
  currencyOptionsIncludeOwnCurrency: true,
  meterMissingWord: 'billing.meter',
  meterEventNameTakenMessage: 'An active meter with event_name `{event_name}` already exists.',
  inactiveMeterOnPriceMessage: 'The meter `{id}` is inactive and cannot be attached to a price.',
  meterRepeatStatusChange: 'refuse',
  promotionCodeExpiresAfterCouponMessage: "The promotion code's `expires_at` may not be later than the coupon's `redeem_by`.",
  promotionCodeMaxRedemptionsMessage: "The promotion code's `max_redemptions` may not exceed the coupon's `max_redemptions`.",
  promotionCodeReactivateMessage:
    'A promotion code can only be reactivated when the coupon is still valid and the promotion code is otherwise redeemable.',
  shippingRateMissingParam: 'shipping_rate',
  shippingCurrencyOptionsIncludable: false,
  shippingTaxBehaviorOneWay: false,
  featureMissingWord: 'entitlements.feature',
  featureMissingParam: 'id',
  featureLookupKeyTakenMessage: 'A feature with lookup_key `{lookup_key}` already exists.',
  archivedFeatureUpdateMessage: 'Archived features cannot be updated.',
  archivedFeatureAttachMessage: 'The feature `{id}` is archived and cannot be attached to a product.',
  duplicateFeatureAttachMessage: 'The feature `{id}` is already attached to this product.',
  archivedFeatureKeepsAttachments: true,
  webhookEndpointMissingParam: 'webhook_endpoint',
  webhookUrlInvalidMessage: 'Invalid URL: {url}. URLs must begin with http:// or https://.',
} satisfies EmulatorSwitches);

/**
 * The other answer to every question that has one to switch to (the message texts keep theirs): what
 * `migrate emulator --other-answers` and the tool's own test of it run against.
 */
export const OTHER_ANSWERS: Readonly<Partial<EmulatorSwitches>> = Object.freeze({
  limitOver100: 'clamp',
  listIncludesInactiveByDefault: false,
  plansListHidesPriceOnlyFields: false,
  plansListedAsPrices: false,
  pricesReadableAsPlans: false,
  priceUpdateOnPlanIds: false,
  planDeleteEffect: 'archive',
  planIdMayStartWithPrice: false,
  productIdMayStartWithProd: false,
  deletedIdsReusable: false,
  alreadyExistsParam: null,
  defaultPriceMustBelongToProduct: false,
  idempotencyMismatchCode: 'idempotency_key_mismatch',
  idempotencyEndpointMismatchType: 'invalid_request_error',
  replayedHeaderOnFirst: 'false',
  lockTimeoutShouldRetry: false,
  rateLimitedReasonHeader: true,
  requestLogUrl: false,
  currencyOptionsIncludeOwnCurrency: false,
  meterRepeatStatusChange: 'accept',
  shippingCurrencyOptionsIncludable: true,
  shippingTaxBehaviorOneWay: true,
  archivedFeatureKeepsAttachments: false,
} satisfies Partial<EmulatorSwitches>);

export function resolveSwitches(overrides: Partial<EmulatorSwitches> = {}): EmulatorSwitches {
  return { ...DEFAULT_SWITCHES, ...overrides };
}
