/** A small valid manifests folder, and invalid variants of it, for the validate tests. */
export const BASE: Record<string, string> = {
  'products.yaml': `products:
  - id: prod_basic
    name: Basic
    default_price: price_basic_monthly
  - id: prod_pro
    name: Pro
    metadata:
      team: growth
`,
  'prices.yaml': `prices:
  - id: price_basic_monthly
    product: prod_basic
    currency: usd
    unit_amount: 900
    recurring:
      interval: month
    lookup_key: basic_monthly
  - id: price_setup
    product: prod_pro
    currency: usd
    unit_amount: 5000
`,
  'coupons.yaml': `coupons:
  - id: LAUNCH20
    percent_off: 20
`,
};

/** `edit` replaces `from` (first occurrence) by `to` in `file`; `at` is the text the problem must point at. */
export interface InvalidCase {
  name: string;
  file: string;
  edits: [from: string, to: string][];
  code: string;
  /** The expected location is the start of the `nth` (default 1st) occurrence of `at` in the edited file. */
  at: string;
  nth?: number;
}

const manyKeys = Array.from({ length: 51 }, (_, i) => `      k${i}: v`).join('\n');

export const INVALID: InvalidCase[] = [
  { name: 'an unclosed flow list', file: 'coupons.yaml', edits: [['    percent_off: 20', '    percent_off: 20\n  bad: [1, 2']], code: 'yaml_syntax', at: '  bad: [' },
  { name: 'a key twice in one object', file: 'products.yaml', edits: [['    name: Pro', '    name: Pro\n    name: Pro again']], code: 'yaml_duplicate_key', at: 'name: Pro again' },
  { name: 'a misspelt field', file: 'products.yaml', edits: [['    name: Basic', '    nmae: Basic']], code: 'schema_unknown_field', at: 'nmae' },
  { name: 'an amount written as a string', file: 'prices.yaml', edits: [['unit_amount: 5000', 'unit_amount: "5000"']], code: 'schema_type', at: '"5000"' },
  { name: 'a price without currency', file: 'prices.yaml', edits: [['    currency: usd\n    unit_amount: 5000', '    unit_amount: 5000']], code: 'schema_required', at: 'id: price_setup' },
  { name: 'an upper-case currency', file: 'prices.yaml', edits: [['currency: usd\n    unit_amount: 5000', 'currency: USD\n    unit_amount: 5000']], code: 'schema_pattern', at: 'USD' },
  { name: 'an upper-case currency option key', file: 'prices.yaml', edits: [['unit_amount: 5000', 'unit_amount: 5000\n    currency_options:\n      EUR:\n        unit_amount: 4500']], code: 'schema_pattern', at: 'EUR' },
  { name: 'percent_off above 100', file: 'coupons.yaml', edits: [['percent_off: 20', 'percent_off: 120']], code: 'schema_range', at: '120' },
  { name: 'percent_off of 0', file: 'coupons.yaml', edits: [['percent_off: 20', 'percent_off: 0']], code: 'schema_range', at: '0', nth: 2 },
  { name: 'an unknown enum value', file: 'prices.yaml', edits: [['interval: month', 'interval: fortnight']], code: 'schema_type', at: 'fortnight' },
  { name: 'two products with one id', file: 'products.yaml', edits: [['  - id: prod_pro', '  - id: prod_basic']], code: 'id_duplicate', at: 'prod_basic', nth: 2 },
  { name: 'both amount forms', file: 'prices.yaml', edits: [['unit_amount: 5000', 'unit_amount: 5000\n    unit_amount_decimal: "5000.5"']], code: 'amount_conflict', at: 'unit_amount_decimal' },
  { name: 'a per-unit price without amount', file: 'prices.yaml', edits: [['    unit_amount: 5000\n', '']], code: 'amount_missing', at: 'id: price_setup' },
  { name: 'a coupon with both discounts', file: 'coupons.yaml', edits: [['percent_off: 20', 'percent_off: 20\n    amount_off: 500\n    currency: usd']], code: 'coupon_discount', at: 'id: LAUNCH20' },
  { name: 'amount_off without currency', file: 'coupons.yaml', edits: [['percent_off: 20', 'amount_off: 500']], code: 'coupon_currency', at: 'amount_off' },
  { name: 'a repeating coupon without months', file: 'coupons.yaml', edits: [['percent_off: 20', 'percent_off: 20\n    duration: repeating']], code: 'coupon_duration', at: 'duration' },
  { name: 'duration_in_months on a once coupon', file: 'coupons.yaml', edits: [['percent_off: 20', 'percent_off: 20\n    duration_in_months: 3']], code: 'duration_in_months_without_repeating', at: 'duration_in_months' },
  {
    name: 'a last tier that is not inf',
    file: 'prices.yaml',
    edits: [['    unit_amount: 900\n', '    billing_scheme: tiered\n    tiers_mode: volume\n    tiers:\n      - up_to: 10\n        unit_amount: 900\n      - up_to: 100\n        unit_amount: 800\n']],
    code: 'price_tiers',
    at: 'up_to: 100',
  },
  {
    name: 'a tiered one-time price',
    file: 'prices.yaml',
    edits: [['    unit_amount: 5000\n', '    billing_scheme: tiered\n    tiers_mode: volume\n    tiers:\n      - up_to: 10\n        unit_amount: 900\n      - up_to: inf\n        unit_amount: 800\n']],
    code: 'tiered_not_recurring',
    at: 'billing_scheme',
    nth: 1,
  },
  {
    name: 'tier bounds that go down',
    file: 'prices.yaml',
    edits: [['    unit_amount: 900\n', '    billing_scheme: tiered\n    tiers_mode: graduated\n    tiers:\n      - up_to: 100\n        unit_amount: 900\n      - up_to: 10\n        unit_amount: 800\n      - up_to: inf\n        unit_amount: 700\n']],
    code: 'tiers_not_increasing',
    at: 'up_to: 10\n',
  },
  { name: 'a price of a product not in the folder', file: 'prices.yaml', edits: [['product: prod_pro', 'product: prod_nope']], code: 'ref_missing_product', at: 'product: prod_nope' },
  { name: 'a default price not in the folder', file: 'products.yaml', edits: [['default_price: price_basic_monthly', 'default_price: price_nope']], code: 'ref_missing_default_price', at: 'default_price' },
  { name: 'a coupon for a product not in the folder', file: 'coupons.yaml', edits: [['percent_off: 20', 'percent_off: 20\n    applies_to:\n      products:\n        - prod_basic\n        - prod_gone']], code: 'ref_missing_applies_to', at: 'prod_gone' },
  { name: 'a currency Stripe does not support', file: 'prices.yaml', edits: [['currency: usd\n    unit_amount: 5000', 'currency: xyz\n    unit_amount: 5000']], code: 'currency_unknown', at: 'currency: xyz' },
  { name: 'an unsupported currency option', file: 'prices.yaml', edits: [['unit_amount: 5000', 'unit_amount: 5000\n    currency_options:\n      abc:\n        unit_amount: 4500']], code: 'currency_unknown', at: 'abc:' },
  { name: '51 metadata keys', file: 'products.yaml', edits: [['      team: growth', manyKeys]], code: 'metadata_too_many_keys', at: 'metadata' },
  { name: 'a 41-character metadata key', file: 'products.yaml', edits: [['team: growth', `${'k'.repeat(41)}: growth`]], code: 'metadata_key_too_long', at: 'k'.repeat(41) },
  { name: 'a 501-character metadata value', file: 'products.yaml', edits: [['team: growth', `team: ${'v'.repeat(501)}`]], code: 'metadata_value_too_long', at: 'team:' },
  { name: 'two prices with one lookup_key', file: 'prices.yaml', edits: [['unit_amount: 5000', 'unit_amount: 5000\n    lookup_key: basic_monthly']], code: 'lookup_key_duplicate', at: 'lookup_key', nth: 2 },
  { name: 'a 201-character lookup_key', file: 'prices.yaml', edits: [['lookup_key: basic_monthly', `lookup_key: ${'l'.repeat(201)}`]], code: 'lookup_key_too_long', at: 'lookup_key' },
  { name: 'a file that is a list, not a mapping', file: 'coupons.yaml', edits: [['coupons:\n  - id: LAUNCH20\n    percent_off: 20', '- id: LAUNCH20\n  percent_off: 20']], code: 'schema_type', at: '- id' },
];

export function applyEdits(text: string, edits: InvalidCase['edits']): string {
  let out = text;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`fixture edit does not apply: ${JSON.stringify(from)}`);
    out = out.replace(from, to);
  }
  return out;
}

/** 1-based line and column of the start of the nth occurrence of `needle`. */
export function positionOf(text: string, needle: string, nth = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth} times`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}
