import { join } from 'node:path';
import { emptyCatalog } from '../../src/catalog/types.js';
import { readManifests, formatProblem, type ManifestProblem } from '../../src/manifests/index.js';
import { folderWith, tempDir } from './helpers.js';

const PRODUCTS = 'products:\n  - id: prod_a\n    name: A\n';

interface Case {
  name: string;
  file: 'products.yaml' | 'prices.yaml' | 'coupons.yaml';
  text: string;
  code: string;
  line: number;
  column: number;
  severity?: 'error' | 'warning';
}

const price = (lines: string) => `prices:\n  - id: price_a\n    product: prod_a\n${lines}`;

const CASES: Case[] = [
  { name: 'unclosed quote at the end', file: 'products.yaml', text: 'products:\n  - id: prod_a\n    name: "A\n', code: 'yaml_syntax', line: 3, column: 12 },
  { name: 'colon inside a plain value', file: 'products.yaml', text: 'products:\n  - id: prod_a\n    name: A: B\n', code: 'yaml_syntax', line: 3, column: 11 },
  { name: 'tab indentation', file: 'products.yaml', text: 'products:\n\t- id: prod_a\n', code: 'yaml_syntax', line: 2, column: 1 },
  { name: 'a key twice', file: 'products.yaml', text: 'products:\n  - id: prod_a\n    name: A\n    name: B\n', code: 'yaml_duplicate_key', line: 4, column: 5 },
  { name: 'misspelt field', file: 'products.yaml', text: 'products:\n  - id: prod_a\n    name: A\n    descripton: x\n', code: 'schema_unknown_field', line: 4, column: 5 },
  { name: 'misspelt top-level key', file: 'products.yaml', text: 'product:\n  - id: prod_a\n', code: 'schema_unknown_field', line: 1, column: 1 },
  { name: 'missing top-level key', file: 'products.yaml', text: 'product:\n  - id: prod_a\n', code: 'schema_required', line: 1, column: 1 },
  { name: 'top-level list is a mapping', file: 'products.yaml', text: 'products:\n  id: prod_a\n', code: 'schema_type', line: 2, column: 3 },
  { name: 'list entry is not a mapping', file: 'products.yaml', text: 'products:\n  - prod_a\n', code: 'schema_type', line: 2, column: 5 },
  { name: 'required field missing', file: 'prices.yaml', text: price('    unit_amount: 100\n'), code: 'schema_required', line: 2, column: 5 },
  { name: 'required field empty', file: 'products.yaml', text: 'products:\n  - id: prod_a\n    name:\n', code: 'schema_type', line: 3, column: 5 },
  { name: 'integer written as a string', file: 'prices.yaml', text: price('    currency: usd\n    unit_amount: "1900"\n'), code: 'schema_type', line: 5, column: 18 },
  { name: 'metadata value not a string', file: 'products.yaml', text: `${PRODUCTS}    metadata:\n      seats: 5\n`, code: 'schema_type', line: 5, column: 14 },
  { name: 'boolean written as a word', file: 'products.yaml', text: `${PRODUCTS}    active: no\n`, code: 'schema_type', line: 4, column: 13 },
  { name: 'upper-case currency', file: 'prices.yaml', text: price('    currency: USD\n    unit_amount: 100\n'), code: 'schema_pattern', line: 4, column: 15 },
  { name: 'decimal with a comma', file: 'prices.yaml', text: price('    currency: usd\n    unit_amount_decimal: "1,5"\n'), code: 'schema_pattern', line: 5, column: 26 },
  { name: 'currency option key upper-case', file: 'prices.yaml', text: price('    currency: usd\n    unit_amount: 100\n    currency_options:\n      EUR:\n        unit_amount: 90\n'), code: 'schema_pattern', line: 7, column: 7 },
  { name: 'interval not in the list', file: 'prices.yaml', text: price('    currency: usd\n    unit_amount: 100\n    recurring:\n      interval: monthly\n'), code: 'schema_type', line: 7, column: 17 },
  { name: 'interval_count of zero', file: 'prices.yaml', text: price('    currency: usd\n    unit_amount: 100\n    recurring:\n      interval: month\n      interval_count: 0\n'), code: 'schema_range', line: 8, column: 23 },
  { name: 'tier up_to neither integer nor inf', file: 'prices.yaml', text: price('    currency: usd\n    billing_scheme: tiered\n    tiers_mode: volume\n    tiers:\n      - up_to: infinity\n        unit_amount: 1\n    recurring:\n      interval: month\n'), code: 'schema_type', line: 8, column: 16 },
  { name: 'percent over 100', file: 'coupons.yaml', text: 'coupons:\n  - id: C1\n    percent_off: 120\n', code: 'schema_range', line: 3, column: 18 },
  { name: 'the same id twice', file: 'products.yaml', text: `${PRODUCTS}  - id: prod_a\n    name: B\n`, code: 'id_duplicate', line: 4, column: 9 },
  { name: 'both amount forms', file: 'prices.yaml', text: price('    currency: usd\n    unit_amount: 100\n    unit_amount_decimal: "100"\n'), code: 'amount_conflict', line: 6, column: 5 },
  { name: 'no amount', file: 'prices.yaml', text: price('    currency: usd\n'), code: 'amount_missing', line: 2, column: 5 },
  { name: 'last tier bounded', file: 'prices.yaml', text: price('    currency: usd\n    billing_scheme: tiered\n    tiers_mode: volume\n    tiers:\n      - up_to: 10\n        unit_amount: 1\n    recurring:\n      interval: month\n'), code: 'price_tiers', line: 8, column: 9 },
  { name: 'metered price without a meter', file: 'prices.yaml', text: 'prices:\n  - id: p1\n    product: prod_a\n    currency: usd\n    unit_amount: 5\n    recurring:\n      interval: month\n      usage_type: metered\n', code: 'price_meter_missing', line: 8, column: 7 },
  { name: 'percent and amount', file: 'coupons.yaml', text: 'coupons:\n  - id: C1\n    percent_off: 10\n    amount_off: 100\n    currency: usd\n', code: 'coupon_discount', line: 2, column: 5 },
  { name: 'amount without currency', file: 'coupons.yaml', text: 'coupons:\n  - id: C1\n    amount_off: 100\n', code: 'coupon_currency', line: 3, column: 5 },
  { name: 'repeating without months', file: 'coupons.yaml', text: 'coupons:\n  - id: C1\n    percent_off: 10\n    duration: repeating\n', code: 'coupon_duration', line: 4, column: 5 },
  { name: 'own currency as an option', file: 'prices.yaml', text: price('    currency: usd\n    unit_amount: 100\n    currency_options:\n      usd:\n        unit_amount: 90\n'), code: 'currency_option_own_currency', line: 7, column: 7, severity: 'warning' },
  { name: 'unknown product', file: 'prices.yaml', text: 'prices:\n  - id: price_a\n    product: prod_nope\n    currency: usd\n    unit_amount: 1\n', code: 'reference_unknown', line: 3, column: 5, severity: 'warning' },
];

describe.each(CASES)('$name', ({ file, text, code, line, column, severity = 'error' }) => {
  let problems: ManifestProblem[];
  let dir: string;
  beforeAll(async () => {
    dir = folderWith({ 'products.yaml': PRODUCTS, [file]: text });
    problems = (await readManifests(dir)).problems;
  });

  test(`is ${code} at ${line}:${column}`, () => {
    expect(problems).toContainEqual(
      expect.objectContaining({ code, severity, location: { file: join(dir, file), line, column } }),
    );
  });

  test('every problem has a message and a place', () => {
    for (const problem of problems) {
      expect(problem.message.length).toBeGreaterThan(10);
      expect(formatProblem(problem)).toMatch(/^.+\.yaml:\d+:\d+ (error|warning) [a-z_]+: /);
    }
  });
});

test('an object with an error is left out of the catalog; its valid neighbours stay', async () => {
  const dir = folderWith({ 'products.yaml': `${PRODUCTS}  - id: prod_b\n    name: 42\n  - id: prod_c\n    name: C\n` });
  const { catalog, problems } = await readManifests(dir);
  expect(catalog.products.map((p) => p.id)).toEqual(['prod_a', 'prod_c']);
  expect(problems.map((p) => p.code)).toEqual(['schema_type']);
  expect(problems[0]!.message).toMatch(/quote it/);
});

test('a missing folder is manifests_missing', async () => {
  const dir = join(tempDir(), 'nope');
  const { catalog, problems } = await readManifests(dir);
  expect(problems).toEqual([expect.objectContaining({ code: 'manifests_missing', severity: 'error', location: { file: dir } })]);
  expect(catalog).toEqual(emptyCatalog());
});

test('a missing file means no objects of that type, without a problem', async () => {
  const { catalog, problems } = await readManifests(folderWith({ 'products.yaml': PRODUCTS }));
  expect(problems).toEqual([]);
  expect(catalog.products).toHaveLength(1);
  expect(catalog.prices).toEqual([]);
});

test('a stray plans.yaml is a warning that says where plans go', async () => {
  const dir = folderWith({ 'products.yaml': PRODUCTS, 'plans.yaml': 'plans: []\n' });
  const { problems } = await readManifests(dir);
  expect(problems).toEqual([expect.objectContaining({ code: 'manifest_unknown_file', severity: 'warning', location: { file: join(dir, 'plans.yaml') } })]);
  expect(problems[0]!.message).toMatch(/prices\.yaml/);
});

test('references into a file that does not parse are not reported as unknown', async () => {
  const dir = folderWith({ 'products.yaml': 'products:\n  - id: [\n', 'prices.yaml': price('    currency: usd\n    unit_amount: 1\n') });
  const { problems } = await readManifests(dir);
  expect(problems.map((p) => p.code)).toEqual(['yaml_syntax']);
});
