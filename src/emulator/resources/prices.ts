/** `/v1/prices` (§3): create (no custom id), retrieve (plan ids too, §5), update, list. No delete exists. */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params, type Value } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { findOr404, mergeMetadata, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { createdMatches, CREATED_FIELD, LIST_FIELDS, listPage } from './list.js';
import { renderCurrencyOption, renderPrice } from './price-model.js';
import {
  checkPriceCreate,
  claimLookupKey,
  createPrice,
  CURRENCY_OPTION,
  INTERVALS,
  PRICE_CREATE_FIELDS as PRICE_CREATE,
  releaseLookupKey,
  TAX_BEHAVIORS,
} from './price-rules.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';

const WRITE = 'rak_price_write';
const READ = 'rak_price_read';

/** §3: the only fields an update may carry; amounts, currency, recurring, product, tiers… are unknown there. */
const UPDATE: Fields = {
  active: p.bool(),
  currency_options: p.currencyMap(CURRENCY_OPTION, { emptyable: true }),
  lookup_key: p.string({ emptyable: true, max: 200 }),
  metadata: p.metadata(),
  nickname: p.string({ emptyable: true }),
  tax_behavior: p.enum(TAX_BEHAVIORS),
  transfer_lookup_key: p.bool(),
};

const LIST: Fields = {
  ...LIST_FIELDS,
  ...CREATED_FIELD,
  active: p.bool(),
  currency: p.currency(),
  lookup_keys: p.list(p.string(), { max: 10 }),
  product: p.string(),
  recurring: p.object({ interval: p.enum(INTERVALS), meter: p.string(), usage_type: p.enum(['licensed', 'metered']) }),
  type: p.enum(['one_time', 'recurring']),
};

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'prices', id, 'price', 'price', 404);
}

/** §5: whether an object made through `/v1/plans` shows through the Prices API (switches). */
function madeAsPlan(record: StoredRecord): boolean {
  return record.hidden.via === 'plan';
}

/** §3: archiving refuses a product's default price. Shared with plan updates, which are the same object. */
export function checkArchivable(ctx: Ctx, record: StoredRecord, active: Value | undefined): void {
  if (active !== false || record.data.active === false) return;
  const product = ctx.space.products.get(record.data.product as string);
  if (product?.data.default_price === record.id) {
    throw refuse.invalid('This price cannot be archived because it is the default price of its product.');
  }
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  if (madeAsPlan(record) && !ctx.switches.priceUpdateOnPlanIds) throw refuse.noSuch('price', path.id, 'price', 404);
  const patch: Json = {};
  let hidden: Json | undefined;
  checkArchivable(ctx, record, params.active);
  if (params.active !== undefined) patch.active = params.active;
  if (params.nickname !== undefined) patch.nickname = params.nickname;
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  if (params.tax_behavior !== undefined) {
    const current = record.data.tax_behavior;
    // §3: only unspecified → inclusive|exclusive; a set behaviour stays.
    if (current !== 'unspecified' && current !== params.tax_behavior) {
      throw refuse.invalid(ctx.switches.taxBehaviorChangeMessage, 'tax_behavior');
    }
    patch.tax_behavior = params.tax_behavior;
  }
  if (params.currency_options !== undefined) {
    const options: Json = params.currency_options === null ? {} : { ...(record.hidden.currency_options as Json) };
    for (const [currency, option] of Object.entries((params.currency_options ?? {}) as Record<string, Value>)) {
      if (currency === record.data.currency) {
        throw refuse.invalid(
          'You are specifying an update to a currency option that matches the top-level currency for this price. Please remove this currency option and update the top-level params instead.',
          `currency_options[${currency}]`,
        );
      }
      if (option === null) delete options[currency];
      else options[currency] = renderCurrencyOption(option);
    }
    hidden = { currency_options: options };
  }
  let holder: StoredRecord | undefined;
  if (params.lookup_key !== undefined) {
    holder = claimLookupKey(ctx, params.lookup_key as string | null, params.transfer_lookup_key === true, record.id);
    patch.lookup_key = params.lookup_key;
  }
  releaseLookupKey(ctx, holder);
  const next = patched(record, patch, hidden);
  if (params.lookup_key !== undefined) {
    const old = record.data.lookup_key;
    if (typeof old === 'string' && old !== params.lookup_key) ctx.space.lookupKeys.delete(old);
    if (typeof params.lookup_key === 'string') ctx.space.lookupKeys.set(params.lookup_key, record.id);
  }
  ctx.space.prices.replace(next);
  return present(ctx, 'price', next, expand);
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  if (params.product !== undefined) findOr404(ctx, 'products', params.product as string, 'product', 'product', 400);
  const active = params.active ?? (ctx.switches.listIncludesInactiveByDefault ? undefined : true);
  const keys = params.lookup_keys === undefined ? undefined : new Set(params.lookup_keys as string[]);
  const recurring = params.recurring as Params | undefined;
  return listPage(ctx, ctx.space.prices, params, {
    url: '/v1/prices',
    word: 'price',
    accept: (r) => {
      const d = r.data;
      const every = d.recurring as Json | null;
      return (
        (ctx.switches.plansListedAsPrices || !madeAsPlan(r)) &&
        (active === undefined || d.active === active) &&
        (params.currency === undefined || d.currency === params.currency) &&
        (params.product === undefined || d.product === params.product) &&
        (params.type === undefined || d.type === params.type) &&
        (keys === undefined || (typeof d.lookup_key === 'string' && keys.has(d.lookup_key))) &&
        (recurring === undefined ||
          (every !== null &&
            (recurring.interval === undefined || every.interval === recurring.interval) &&
            (recurring.usage_type === undefined || every.usage_type === recurring.usage_type) &&
            (recurring.meter === undefined || every.meter === recurring.meter))) &&
        createdMatches(params.created, r.created)
      );
    },
    render: (r) => present(ctx, 'price', r, paths),
  });
}

export const pricesModule: ResourceModule = {
  name: 'prices',
  types: [
    {
      name: 'price',
      includable: ['tiers', 'currency_options'],
      references: { product: 'product' },
      render: renderPrice,
      find: (ctx, id) => ctx.space.prices.get(id),
    },
  ],
  routes: [
    {
      method: 'POST',
      pattern: '/v1/prices',
      permission: WRITE,
      write: true,
      params: PRICE_CREATE,
      returns: { type: 'price' },
      check: checkPriceCreate,
      run: ({ params, expand }, ctx) => present(ctx, 'price', createPrice(ctx, params), expand),
    },
    { method: 'GET', pattern: '/v1/prices', permission: READ, write: false, params: LIST, returns: { type: 'price', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/prices/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'price' },
      run: ({ path, expand }, ctx) => present(ctx, 'price', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/prices/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'price' }, run: update },
  ],
};
