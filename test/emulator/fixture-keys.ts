/** Top-level keys of Stripe's example object for each type (shared/stripe/fixtures3.json), which the emulator's objects must carry. */
export const FIXTURE_KEYS: Record<string, string[]> = {
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
