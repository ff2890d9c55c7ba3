/** `/v1/products` (§2): create with custom ids and `default_price_data`, update, list, delete. */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params } from '../wire/params.js';
import type { Json } from '../store/collection.js';
import { deletedStub, findOr404, mergeMetadata, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { createdMatches, CREATED_FIELD, LIST_FIELDS, listPage } from './list.js';
import { checkPriceAmounts, createPrice, DEFAULT_PRICE_DATA } from './price-rules.js';
import { checkProductId, createProduct, renderProduct } from './product-model.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';

const WRITE = 'rak_product_write';
const READ = 'rak_product_read';

const MARKETING_FEATURES = p.list(p.object({ name: p.string({ required: true, max: 80 }) }), { max: 15, emptyable: true });
const PACKAGE_DIMENSIONS = p.object(
  { height: p.float({ required: true }), length: p.float({ required: true }), weight: p.float({ required: true }), width: p.float({ required: true }) },
  { emptyable: true },
);

const CREATE: Fields = {
  id: p.string({ max: 5000 }),
  name: p.string({ required: true, max: 5000 }),
  active: p.bool(),
  default_price_data: DEFAULT_PRICE_DATA,
  description: p.string({ max: 40000 }),
  images: p.list(p.string(), { max: 8 }),
  marketing_features: MARKETING_FEATURES,
  metadata: p.metadata(),
  package_dimensions: PACKAGE_DIMENSIONS,
  shippable: p.bool(),
  statement_descriptor: p.string({ max: 22 }),
  tax_code: p.string(),
  type: p.enum(['good', 'service']),
  unit_label: p.string({ max: 12 }),
  url: p.string({ max: 5000 }),
};

/** §2: what an update may change; `id`, `type` and `default_price_data` are unknown parameters there. */
const UPDATE: Fields = {
  active: p.bool(),
  default_price: p.string({ emptyable: true }),
  description: p.string({ emptyable: true, max: 40000 }),
  images: p.list(p.string(), { max: 8, emptyable: true }),
  marketing_features: MARKETING_FEATURES,
  metadata: p.metadata(),
  name: p.string({ max: 5000 }),
  package_dimensions: PACKAGE_DIMENSIONS,
  shippable: p.bool(),
  statement_descriptor: p.string({ emptyable: true, max: 22 }),
  tax_code: p.string({ emptyable: true }),
  unit_label: p.string({ emptyable: true, max: 12 }),
  url: p.string({ emptyable: true, max: 5000 }),
};

/** Update fields copied as sent; `''` has already become `null` (unset) where Stripe allows it. */
const PLAIN_UPDATES = ['active', 'description', 'name', 'package_dimensions', 'shippable', 'statement_descriptor', 'tax_code', 'unit_label', 'url'];
/** List fields where `''` unsets to an empty list rather than `null`. */
const LIST_UPDATES = ['images', 'marketing_features'];

const LIST: Fields = {
  ...LIST_FIELDS,
  ...CREATED_FIELD,
  active: p.bool(),
  ids: p.list(p.string()),
  shippable: p.bool(),
  type: p.enum(['good', 'service']),
  url: p.string(),
};

function find(ctx: Ctx, id: string) {
  return findOr404(ctx, 'products', id, 'product', 'id', 404);
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const product = createProduct(ctx, params);
  const priceData = params.default_price_data as Params | undefined;
  if (priceData !== undefined) {
    // §2: the product is created first, then its price, then the link.
    const price = createPrice(ctx, priceData, product.id);
    ctx.space.products.replace(patched(product, { default_price: price.id }));
  }
  return present(ctx, 'product', ctx.space.products.get(product.id)!, expand);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const patch: Json = { updated: ctx.now };
  for (const key of PLAIN_UPDATES) if (params[key] !== undefined) patch[key] = params[key];
  for (const key of LIST_UPDATES) if (params[key] !== undefined) patch[key] = params[key] ?? [];
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  if (params.default_price !== undefined) {
    const priceId = params.default_price as string | null;
    if (priceId !== null) {
      const price = findOr404(ctx, 'prices', priceId, 'price', 'default_price', 400);
      if (ctx.switches.defaultPriceMustBelongToProduct && price.data.product !== record.id) {
        throw refuse.invalid(`The price \`${priceId}\` does not belong to the product \`${record.id}\`.`, 'default_price');
      }
    }
    patch.default_price = priceId;
  }
  const next = patched(record, patch);
  ctx.space.products.replace(next);
  return present(ctx, 'product', next, expand);
}

function remove({ path }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  // §2: any price of the product blocks deletion, archived ones included.
  for (const price of ctx.space.prices.all()) {
    if (price.data.product === record.id) {
      throw refuse.invalid('This product cannot be deleted because it has one or more user-created prices.');
    }
  }
  ctx.space.products.remove(record.id);
  ctx.space.deleted.product.add(record.id);
  return deletedStub(record.id, 'product');
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const ids = params.ids as string[] | undefined;
  if (ids !== undefined && params.starting_after !== undefined) throw refuse.exclusive('ids', 'starting_after');
  if (ids !== undefined && params.ending_before !== undefined) throw refuse.exclusive('ids', 'ending_before');
  const paths = listExpand(expand);
  const active = params.active ?? (ctx.switches.listIncludesInactiveByDefault ? undefined : true);
  const idSet = ids === undefined ? undefined : new Set(ids);
  return listPage(ctx, ctx.space.products, params, {
    url: '/v1/products',
    word: 'product',
    accept: (r) =>
      (active === undefined || r.data.active === active) &&
      (idSet === undefined || idSet.has(r.id)) &&
      (params.shippable === undefined || r.data.shippable === params.shippable) &&
      (params.type === undefined || r.data.type === params.type) &&
      (params.url === undefined || r.data.url === params.url) &&
      createdMatches(params.created, r.created),
    render: (r) => present(ctx, 'product', r, paths),
  });
}

export const productsModule: ResourceModule = {
  name: 'products',
  types: [
    {
      name: 'product',
      includable: [],
      references: { default_price: 'price' },
      render: renderProduct,
      find: (ctx, id) => ctx.space.products.get(id),
    },
  ],
  routes: [
    {
      method: 'POST',
      pattern: '/v1/products',
      permission: WRITE,
      write: true,
      params: CREATE,
      returns: { type: 'product' },
      check(params, ctx) {
        checkProductId(ctx, params.id);
        if (params.default_price_data !== undefined) checkPriceAmounts(params.default_price_data as Params, 'default_price_data');
      },
      run: create,
    },
    { method: 'GET', pattern: '/v1/products', permission: READ, write: false, params: LIST, returns: { type: 'product', list: true }, run: list },
    { method: 'GET', pattern: '/v1/products/:id', permission: READ, write: false, params: {}, returns: { type: 'product' }, run: ({ path, expand }, ctx) => present(ctx, 'product', find(ctx, path.id), expand) },
    { method: 'POST', pattern: '/v1/products/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'product' }, run: update },
    { method: 'DELETE', pattern: '/v1/products/:id', permission: WRITE, write: true, params: {}, run: remove },
  ],
};
