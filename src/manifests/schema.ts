/**
 * JSON Schemas (draft 2020-12) for the manifest files, generated from the same field tables the reader checks
 * with. `scripts/build-schemas.ts` writes them to `schemas/`; a test fails when the files are out of date.
 */
import type { Field, FieldTable, FieldType } from './fields.js';
import { FIELDS } from './fields.js';
import type { ManifestFile } from './files.js';

type JsonSchema = { [key: string]: unknown };

const TITLES: Record<ManifestFile['type'], string> = { product: 'Product', price: 'Price', coupon: 'Coupon', meter: 'Billing meter', promotion_code: 'Promotion code',
  tax_rate: 'Tax rate',
  shipping_rate: 'Shipping rate',
  feature: 'Entitlement feature',
};

export function buildSchema(file: ManifestFile): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `stripe-catalog-migrate ${file.file}`,
    description: `A list of ${file.type}s for \`migrate\`. Fields left out take their defaults.`,
    type: 'object',
    additionalProperties: false,
    required: [file.key],
    properties: {
      [file.key]: {
        description: `The ${file.type}s, each starting with its id.`,
        type: ['array', 'null'],
        items: { $ref: `#/$defs/${file.type}` },
      },
    },
    $defs: { [file.type]: { title: TITLES[file.type], ...tableSchema(FIELDS[file.type]) } },
  };
}

function tableSchema(fields: FieldTable): JsonSchema {
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    properties: Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field)])),
  };
}

function fieldSchema(field: Field): JsonSchema {
  const schema: JsonSchema = { description: field.doc, ...typeSchema(field.type) };
  if (field.nullable) makeNullable(schema);
  if (field.default !== undefined) schema.default = field.default;
  return schema;
}

function makeNullable(schema: JsonSchema): void {
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  else if (Array.isArray(schema.enum)) schema.enum = [...(schema.enum as unknown[]), null];
  else if (Array.isArray(schema.anyOf)) schema.anyOf = [...(schema.anyOf as unknown[]), { type: 'null' }];
}

function typeSchema(type: FieldType): JsonSchema {
  switch (type.kind) {
    case 'string':
      return type.pattern === undefined ? { type: 'string' } : { type: 'string', pattern: type.pattern };
    case 'integer':
      return type.minimum === undefined ? { type: 'integer' } : { type: 'integer', minimum: type.minimum };
    case 'number':
      return {
        type: 'number',
        ...(type.exclusiveMinimum === undefined ? {} : { exclusiveMinimum: type.exclusiveMinimum }),
        ...(type.maximum === undefined ? {} : { maximum: type.maximum }),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { enum: [...type.values] };
    case 'const':
      return { const: type.value };
    case 'anyOf':
      return { anyOf: type.options.map(typeSchema) };
    case 'object':
      return tableSchema(type.fields);
    case 'list':
      return { type: 'array', items: typeSchema(type.items) };
    case 'map':
      return {
        type: 'object',
        ...(type.keyPattern === undefined ? {} : { propertyNames: { pattern: type.keyPattern } }),
        additionalProperties: typeSchema(type.values),
      };
  }
}

/** The file text of a schema: stable formatting, trailing newline. */
export function schemaText(file: ManifestFile): string {
  return `${JSON.stringify(buildSchema(file), null, 2)}\n`;
}
