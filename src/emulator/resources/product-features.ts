/**
 * `/v1/products/:product/features` (§10): attach an entitlement feature to a product, list, retrieve, detach.
 * An attachment has its own generated id (not the feature's) and embeds the feature as it is now. There is no
 * update. Attaching an archived feature, or one already attached, is refused (texts are switches, §13).
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { deletedStub, findOr404, mintId, newRecord } from './common.js';
import { listExpand, present } from './expand.js';
import { findFeature } from './features.js';
import { LIST_FIELDS, listPage } from './list.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';
import type { Loose } from './seed-shape.js';

const WRITE = 'rak_product_write';
const READ = 'rak_product_read';
const PREFIX = 'prodft_';

const ATTACH: Fields = { entitlement_feature: p.string({ required: true }) };

function product(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'products', id, 'product', 'id', 404);
}

/** An attachment of this product; another product's attachment is as missing as an unknown id. */
function attachment(ctx: Ctx, productId: string, id: string): StoredRecord {
  product(ctx, productId);
  return findOr404(ctx, 'productFeatures', id, 'product feature', 'id', 404, (r) => r.hidden.product === productId);
}

function insert(ctx: Ctx, productId: string, featureId: string, id = mintId(ctx.space.productFeatures, PREFIX, 24), created = ctx.now): StoredRecord {
  const data: Json = { id, object: 'product_feature', entitlement_feature: featureId, livemode: ctx.livemode };
  const record = { ...newRecord(ctx, id, data, { product: productId }), created };
  ctx.space.productFeatures.remove(id);
  ctx.space.productFeatures.insert(record);
  return record;
}

function attach({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  product(ctx, path.product);
  const feature = findFeature(ctx, params.entitlement_feature as string, 'entitlement_feature', 400);
  if (feature.data.active !== true) {
    throw refuse.invalid(ctx.switches.archivedFeatureAttachMessage.replace('{id}', feature.id), 'entitlement_feature');
  }
  for (const other of ctx.space.productFeatures.all()) {
    if (other.hidden.product === path.product && other.data.entitlement_feature === feature.id) {
      throw refuse.invalid(ctx.switches.duplicateFeatureAttachMessage.replace('{id}', feature.id), 'entitlement_feature');
    }
  }
  return present(ctx, 'product_feature', insert(ctx, path.product, feature.id), expand);
}

function list({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  product(ctx, path.product);
  const paths = listExpand(expand);
  return listPage(ctx, ctx.space.productFeatures, params, {
    url: `/v1/products/${path.product}/features`,
    word: 'product feature',
    accept: (r) => r.hidden.product === path.product,
    render: (r) => present(ctx, 'product_feature', r, paths),
  });
}

function detach({ path }: RouteRequest, ctx: Ctx): Json {
  const record = attachment(ctx, path.product, path.id);
  ctx.space.productFeatures.remove(record.id);
  return deletedStub(record.id, 'product_feature');
}

/** The feature embedded as it is now (a renamed feature shows its new name on every attachment). */
function render(ctx: Ctx, record: StoredRecord): Json {
  const feature = ctx.space.features.get(record.data.entitlement_feature as string);
  return { ...record.data, entitlement_feature: feature === undefined ? null : feature.data };
}

/** Stripe shape plus the owning `product`; `entitlement_feature` may be an id or the embedded feature. */
export function seedProductFeature(ctx: Ctx, o: Loose): void {
  if (typeof o.product !== 'string') throw new Error(`seed: product feature ${String(o.id)} needs a product id`);
  const feature = typeof o.entitlement_feature === 'string' ? o.entitlement_feature : (o.entitlement_feature as Json | undefined)?.id;
  if (typeof feature !== 'string') throw new Error(`seed: product feature ${String(o.id)} needs an entitlement_feature`);
  insert(ctx, o.product, feature, typeof o.id === 'string' ? o.id : undefined, typeof o.created === 'number' ? o.created : undefined);
}

export const productFeaturesModule: ResourceModule = {
  name: 'product_features',
  types: [{ name: 'product_feature', includable: [], references: {}, render, find: (ctx, id) => ctx.space.productFeatures.get(id) }],
  routes: [
    { method: 'POST', pattern: '/v1/products/:product/features', permission: WRITE, write: true, params: ATTACH, returns: { type: 'product_feature' }, run: attach },
    { method: 'GET', pattern: '/v1/products/:product/features', permission: READ, write: false, params: LIST_FIELDS, returns: { type: 'product_feature', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/products/:product/features/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'product_feature' },
      run: ({ path, expand }, ctx) => present(ctx, 'product_feature', attachment(ctx, path.product, path.id), expand),
    },
    { method: 'DELETE', pattern: '/v1/products/:product/features/:id', permission: WRITE, write: true, params: {}, run: detach },
  ],
};
