/** The product object (§2): how a create's parameters become a stored record, and how it renders. */
import { p, type Fields, type Params, type Value } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { checkCustomId, createMetadata, ensureIdFree, mintId, newRecord } from './common.js';
import type { Ctx } from './registry.js';
import { refuse } from '../wire/api-error.js';

/** `product_data` on prices and the inline `product` hash on plans (§3, §4). */
export const INLINE_PRODUCT_FIELDS: Fields = {
  name: p.string({ required: true, max: 5000 }),
  id: p.string({ max: 5000 }),
  active: p.bool(),
  metadata: p.metadata(),
  statement_descriptor: p.string({ max: 22 }),
  tax_code: p.string(),
  unit_label: p.string({ max: 12 }),
};

/** Checks a caller-chosen product id against the charset and prefix rules before anything is written. */
export function checkProductId(ctx: Ctx, id: Value | undefined, param = 'id'): void {
  if (typeof id !== 'string') return;
  checkCustomId(id, param);
  if (!ctx.switches.productIdMayStartWithProd && id.startsWith('prod_')) {
    throw refuse.invalid(`Custom product ids may not start with \`prod_\` (${id}).`, param);
  }
}

/** Builds and inserts a product from create parameters (also `product_data` and inline plan products). */
export function createProduct(ctx: Ctx, params: Params): StoredRecord {
  const products = ctx.space.products;
  let id = params.id as string | undefined;
  if (id !== undefined) ensureIdFree(ctx, products.has(id), ctx.space.deleted.product.has(id), 'Product');
  else id = mintId(products, 'prod_', 14);
  const data: Json = {
    id,
    object: 'product',
    active: (params.active as boolean | undefined) ?? true,
    created: ctx.now,
    default_price: null,
    description: (params.description as string | null | undefined) ?? null,
    images: (params.images as string[] | null | undefined) ?? [],
    livemode: ctx.livemode,
    marketing_features: (params.marketing_features as Json[] | null | undefined) ?? [],
    metadata: createMetadata(params.metadata),
    name: params.name,
    package_dimensions: (params.package_dimensions as Json | null | undefined) ?? null,
    shippable: (params.shippable as boolean | null | undefined) ?? null,
    statement_descriptor: (params.statement_descriptor as string | null | undefined) ?? null,
    tax_code: (params.tax_code as string | null | undefined) ?? null,
    type: (params.type as string | undefined) ?? 'service',
    unit_label: (params.unit_label as string | null | undefined) ?? null,
    updated: ctx.now,
    url: (params.url as string | null | undefined) ?? null,
  };
  const record = newRecord(ctx, id, data);
  products.insert(record);
  return record;
}

export function renderProduct(_ctx: Ctx, record: StoredRecord): Json {
  return record.data;
}
