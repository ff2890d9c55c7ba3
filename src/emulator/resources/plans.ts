/**
 * `/v1/plans` (§4, §5): the legacy face of recurring prices. A plan is stored as a price record (so it is
 * retrievable, updatable and listed as a price) and rendered in plan shape here; which prices show through
 * `/v1/plans` is decided by the §5 switches.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params, type Value } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { checkCustomId, deletedStub, ensureIdFree, findOr404, mergeMetadata, mintId, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { findActiveMeter } from './meters.js';
import { createdMatches, CREATED_FIELD, LIST_FIELDS, listPage } from './list.js';
import { buildPriceRecord, insertPrice, renderPlan, usesPriceOnlyFields } from './price-model.js';
import { INTERVALS, TIER, TRANSFORM } from './price-rules.js';
import { checkArchivable } from './prices.js';
import { checkProductId, createProduct, INLINE_PRODUCT_FIELDS } from './product-model.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';

const WRITE = 'rak_plan_write';
const READ = 'rak_plan_read';

const CREATE: Fields = {
  currency: p.currency({ required: true }),
  interval: p.enum(INTERVALS, { required: true }),
  id: p.string({ max: 5000 }),
  product: p.idOrObject(INLINE_PRODUCT_FIELDS),
  amount: p.int({ min: 0 }),
  amount_decimal: p.decimal(),
  billing_scheme: p.enum(['per_unit', 'tiered']),
  tiers: p.list(TIER),
  tiers_mode: p.enum(['graduated', 'volume']),
  transform_usage: TRANSFORM,
  interval_count: p.int({ min: 1 }),
  trial_period_days: p.int({ min: 0 }),
  usage_type: p.enum(['licensed', 'metered']),
  meter: p.string(),
  nickname: p.string(),
  metadata: p.metadata(),
  active: p.bool(),
};

/** §4: "you cannot change a plan's ID, amount, currency, or billing cycle". */
const UPDATE: Fields = {
  active: p.bool(),
  metadata: p.metadata(),
  nickname: p.string({ emptyable: true }),
  product: p.string(),
  trial_period_days: p.int({ min: 0, emptyable: true }),
};

const LIST: Fields = { ...LIST_FIELDS, ...CREATED_FIELD, active: p.bool(), product: p.string() };

/** Whether a stored price answers through `/v1/plans/:id` (§5). */
function readableAsPlan(ctx: Ctx, record: StoredRecord): boolean {
  if (record.data.recurring === null || record.hidden.planDeleted === true) return false;
  return record.hidden.via === 'plan' || ctx.switches.pricesReadableAsPlans;
}

/**
 * Whether it is listed by `GET /v1/plans` (§5, mozilla/fxa#9381). A price with price-only fields is left out only
 * where `GET /v1/prices` lists it: with `plansListedAsPrices` off, a plan-created one stays in the plans list, since
 * an object in no list at all is no answer any API gives.
 */
function listedAsPlan(ctx: Ctx, record: StoredRecord): boolean {
  const listedAsPrice = record.hidden.via !== 'plan' || ctx.switches.plansListedAsPrices;
  return readableAsPlan(ctx, record) && !(ctx.switches.plansListHidesPriceOnlyFields && listedAsPrice && usesPriceOnlyFields(record));
}

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'prices', id, 'plan', ctx.switches.planMissingParam, 404, (r) => readableAsPlan(ctx, r));
}

function check(params: Params, ctx: Ctx): void {
  if (typeof params.id === 'string') {
    checkCustomId(params.id);
    if (!ctx.switches.planIdMayStartWithPrice && params.id.startsWith('price_')) {
      throw refuse.invalid(`Custom plan ids may not start with \`price_\` (${params.id}).`, 'id');
    }
  }
  if (params.product === undefined) {
    throw refuse.invalid(ctx.switches.planWithoutProductMessage, 'product', 'parameter_missing');
  }
  if (typeof params.product === 'object') checkProductId(ctx, (params.product as Params).id, 'product[id]');
  if (params.amount !== undefined && params.amount_decimal !== undefined) throw refuse.exclusive('amount', 'amount_decimal');
  if (params.billing_scheme === 'tiered') {
    if (params.tiers === undefined) throw refuse.missing('tiers');
    if (params.tiers_mode === undefined) throw refuse.missing('tiers_mode');
    if (params.transform_usage !== undefined) throw refuse.exclusive('tiers', 'transform_usage');
  } else if (params.amount === undefined && params.amount_decimal === undefined) {
    throw refuse.invalid('Plans require an `amount` parameter to be set when `billing_scheme=per_unit`.', 'amount', 'parameter_missing');
  }
  if (params.usage_type === 'metered' && params.meter === undefined) {
    throw refuse.invalid('Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters.', 'meter');
  }
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const space = ctx.space;
  let id = params.id as string | undefined;
  if (id !== undefined) ensureIdFree(ctx, space.prices.has(id), space.deleted.plan.has(id), 'Plan');
  if (typeof params.meter === 'string') findActiveMeter(ctx, params.meter, 'meter');
  let product: string;
  if (typeof params.product === 'string') {
    product = findOr404(ctx, 'products', params.product, 'product', 'product', 400).id;
  } else {
    // §4: the inline form always creates a new product.
    product = createProduct(ctx, params.product as Params).id;
  }
  id ??= mintId(space.prices, 'price_', 24);
  const record = buildPriceRecord(ctx, {
    id,
    product,
    currency: params.currency as string,
    active: params.active as boolean | undefined,
    unit_amount: params.amount as number | undefined,
    unit_amount_decimal: params.amount_decimal as string | undefined,
    billing_scheme: params.billing_scheme as 'per_unit' | 'tiered' | undefined,
    tiers: params.tiers as Value[] | undefined,
    tiers_mode: params.tiers_mode as string | undefined,
    transform_quantity: params.transform_usage,
    recurring: {
      interval: params.interval as string,
      interval_count: (params.interval_count as number | undefined) ?? 1,
      trial_period_days: (params.trial_period_days as number | undefined) ?? null,
      usage_type: (params.usage_type as string | undefined) ?? 'licensed',
      meter: (params.meter as string | undefined) ?? null,
    },
    nickname: params.nickname as string | undefined,
    metadata: params.metadata,
  });
  record.hidden.via = 'plan';
  space.deleted.plan.delete(id);
  insertPrice(space, record);
  return present(ctx, 'plan', record, expand);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const patch: Json = {};
  checkArchivable(ctx, record, params.active);
  if (params.active !== undefined) patch.active = params.active;
  if (params.nickname !== undefined) patch.nickname = params.nickname;
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  if (params.product !== undefined) patch.product = findOr404(ctx, 'products', params.product as string, 'product', 'product', 400).id;
  if (params.trial_period_days !== undefined) {
    patch.recurring = { ...(record.data.recurring as Json), trial_period_days: params.trial_period_days };
  }
  const next = patched(record, patch);
  ctx.space.prices.replace(next);
  return present(ctx, 'plan', next, expand);
}

function remove({ path }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const space = ctx.space;
  space.deleted.plan.add(record.id);
  if (ctx.switches.planDeleteEffect === 'archive') {
    space.prices.replace(patched(record, { active: false }, { planDeleted: true }));
    return deletedStub(record.id, 'plan');
  }
  space.prices.remove(record.id);
  const key = record.data.lookup_key;
  if (typeof key === 'string') space.lookupKeys.delete(key);
  const product = space.products.get(record.data.product as string);
  if (product?.data.default_price === record.id) space.products.replace(patched(product, { default_price: null }));
  return deletedStub(record.id, 'plan');
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  return listPage(ctx, ctx.space.prices, params, {
    url: '/v1/plans',
    word: 'plan',
    accept: (r) =>
      listedAsPlan(ctx, r) &&
      (params.active === undefined || r.data.active === params.active) &&
      (params.product === undefined || r.data.product === params.product) &&
      createdMatches(params.created, r.created),
    render: (r) => present(ctx, 'plan', r, paths),
  });
}

export const plansModule: ResourceModule = {
  name: 'plans',
  types: [
    {
      name: 'plan',
      includable: ['tiers'],
      references: { product: 'product' },
      render: renderPlan,
      find: (ctx, id) => ctx.space.prices.get(id),
    },
  ],
  routes: [
    { method: 'POST', pattern: '/v1/plans', permission: WRITE, write: true, params: CREATE, returns: { type: 'plan' }, check, run: create },
    { method: 'GET', pattern: '/v1/plans', permission: READ, write: false, params: LIST, returns: { type: 'plan', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/plans/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'plan' },
      run: ({ path, expand }, ctx) => present(ctx, 'plan', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/plans/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'plan' }, run: update },
    { method: 'DELETE', pattern: '/v1/plans/:id', permission: WRITE, write: true, params: {}, run: remove },
  ],
};
