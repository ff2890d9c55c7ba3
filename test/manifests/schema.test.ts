import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MANIFEST_FILES, readManifests, schemaText, writeManifests } from '../../src/manifests/index.js';
import { FIELDS } from '../../src/manifests/fields.js';
import { REPO_MANIFESTS, REPO_SCHEMAS, folderWith, read, tempDir } from './helpers.js';
import { validate } from './mini-json-schema.js';

const schemaFor = (file: string) => JSON.parse(readFileSync(join(REPO_SCHEMAS, file), 'utf8')) as Record<string, unknown>;

test.each(MANIFEST_FILES.map((f) => [f.schema, f] as const))('schemas/%s is generated from the field table (run scripts/build-schemas.ts)', (name, file) => {
  expect(readFileSync(join(REPO_SCHEMAS, name), 'utf8')).toBe(schemaText(file));
});

test('every object schema is closed: no field outside the table is allowed', () => {
  for (const file of MANIFEST_FILES) {
    const schema = schemaFor(file.schema);
    const object = (schema.$defs as Record<string, Record<string, unknown>>)[file.type]!;
    expect(schema.additionalProperties).toBe(false);
    expect(object.additionalProperties).toBe(false);
    expect(Object.keys(object.properties as object)).toEqual(FIELDS[file.type].map((f) => f.name));
  }
});

test('the demo manifests are valid under the schemas', () => {
  for (const file of MANIFEST_FILES) {
    expect(validate(schemaFor(file.schema), parse(read(REPO_MANIFESTS, file.file)))).toEqual([]);
  }
});

test('written manifests are valid under the schemas', async () => {
  const dir = tempDir();
  await writeManifests(dir, (await readManifests(REPO_MANIFESTS)).catalog);
  for (const file of MANIFEST_FILES) expect(validate(schemaFor(file.schema), parse(read(dir, file.file)))).toEqual([]);
});

// The reader and the schema must agree: what one rejects for its shape, the other rejects too.
test.each([
  ['products.yaml', 'products:\n  - id: prod_a\n    name: A\n    descripton: x\n'],
  ['products.yaml', 'products:\n  - id: prod_a\n'],
  ['products.yaml', 'products:\n  - id: prod_a\n    name: A\n    metadata:\n      seats: 5\n'],
  ['prices.yaml', 'prices:\n  - id: p\n    product: prod_a\n    currency: USD\n    unit_amount: 1\n'],
  ['prices.yaml', 'prices:\n  - id: p\n    product: prod_a\n    currency: usd\n    unit_amount_decimal: "1,5"\n'],
  ['prices.yaml', 'prices:\n  - id: p\n    product: prod_a\n    currency: usd\n    unit_amount: 1\n    recurring:\n      interval: month\n      interval_count: 0\n'],
  ['prices.yaml', 'prices:\n  - id: p\n    product: prod_a\n    currency: usd\n    unit_amount: 1\n    currency_options:\n      EUR:\n        unit_amount: 1\n'],
  ['prices.yaml', 'prices:\n  - id: p\n    product: prod_a\n    currency: usd\n    billing_scheme: tiered\n    tiers_mode: volume\n    tiers:\n      - up_to: infinity\n'],
  ['coupons.yaml', 'coupons:\n  - id: C\n    percent_off: 120\n'],
  ['coupons.yaml', 'coupon:\n  - id: C\n'],
])('%s: reader and schema both reject %j', async (name, text) => {
  const { problems } = await readManifests(folderWith({ [name]: text }));
  expect(problems.filter((p) => p.severity === 'error').map((p) => p.code.split('_')[0])).toContain('schema');
  const file = MANIFEST_FILES.find((f) => f.file === name)!;
  expect(validate(schemaFor(file.schema), parse(text))).not.toEqual([]);
});
