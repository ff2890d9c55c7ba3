/** Top-level keys of Stripe's example object for each type (shared/stripe/fixtures3.json), which the emulator's objects must carry. */
export const FIXTURE_KEYS: Record<string, string[]> = {
  product: ['active', 'created', 'default_price', 'description', 'id', 'images', 'livemode', 'marketing_features', 'metadata', 'name', 'object', 'package_dimensions', 'shippable', 'statement_descriptor', 'tax_code', 'unit_label', 'updated', 'url', 'type'],
  price: ['active', 'billing_scheme', 'created', 'currency', 'custom_unit_amount', 'id', 'livemode', 'lookup_key', 'metadata', 'nickname', 'object', 'product', 'recurring', 'tax_behavior', 'tiers_mode', 'transform_quantity', 'type', 'unit_amount', 'unit_amount_decimal'],
  plan: ['active', 'amount', 'amount_decimal', 'billing_scheme', 'created', 'currency', 'id', 'interval', 'interval_count', 'livemode', 'metadata', 'meter', 'nickname', 'object', 'product', 'tiers_mode', 'transform_usage', 'trial_period_days', 'usage_type'],
  coupon: ['amount_off', 'created', 'currency', 'duration', 'duration_in_months', 'id', 'livemode', 'max_redemptions', 'metadata', 'name', 'object', 'percent_off', 'redeem_by', 'times_redeemed', 'valid'],
  'billing.meter': ['created', 'customer_mapping', 'default_aggregation', 'display_name', 'event_name', 'event_time_window', 'id', 'livemode', 'object', 'status', 'status_transitions', 'updated', 'value_settings'],
  promotion_code: ['active', 'code', 'created', 'customer', 'customer_account', 'expires_at', 'id', 'livemode', 'max_redemptions', 'metadata', 'object', 'promotion', 'restrictions', 'times_redeemed'],
  tax_rate: ['active', 'country', 'created', 'description', 'display_name', 'effective_percentage', 'flat_amount', 'id', 'inclusive', 'jurisdiction', 'jurisdiction_level', 'livemode', 'metadata', 'object', 'percentage', 'rate_type', 'state', 'tax_type'],
  shipping_rate: ['active', 'created', 'delivery_estimate', 'display_name', 'fixed_amount', 'id', 'livemode', 'metadata', 'object', 'tax_behavior', 'tax_code', 'type'],
  'entitlements.feature': ['active', 'id', 'livemode', 'lookup_key', 'metadata', 'name', 'object'],
  product_feature: ['entitlement_feature', 'id', 'livemode', 'object'],
  webhook_endpoint: ['api_version', 'application', 'created', 'description', 'enabled_events', 'id', 'livemode', 'metadata', 'object', 'status', 'url'],
};

/** The object's keys, sorted, for comparison with `FIXTURE_KEYS`. */
export function keysOf(object: object): string[] {
  return Object.keys(object).sort();
}

export function fixtureKeys(type: string): string[] {
  return [...FIXTURE_KEYS[type]].sort();
}
