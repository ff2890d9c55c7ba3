/**
 * `/v1/tax_rates` (§8): manual percentage rates. Generated `txr_` ids, no delete (archive with `active=false`);
 * `percentage` and `inclusive` are fixed at create, so an update naming them is `parameter_unknown`.
 */
import { p, type Fields } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { createMetadata, findOr404, mergeMetadata, mintId, newRecord, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { createdMatches, CREATED_FIELD, LIST_FIELDS, listPage } from './list.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';
import { seedRecord, type Loose, type SeedShape } from './seed-shape.js';

const WRITE = 'rak_tax_rate_write';
const READ = 'rak_tax_rate_read';

/** stripe-node's `TaxRateCreateParams.TaxType`. */
const TAX_TYPES = (
  'admissions_tax amusement_tax attendance_tax communications_tax digital_excise_tax entertainment_tax get_fund ' +
  'gross_receipts_tax gst hospitality_tax hst igst jct lease_tax luxury_tax mass_transit_parking_tax nhil parking_tax ' +
  'pst qst resort_tax retail_delivery_fee rst sales_tax service_tax tourism_tax utility_users_tax vat'
).split(' ');

/** Fields both create and update take, copied as sent. */
const DESCRIPTIVE: Fields = {
  active: p.bool(),
  country: p.string({ max: 5000 }),
  description: p.string({ max: 5000 }),
  jurisdiction: p.string({ max: 50 }),
  metadata: p.metadata(),
  state: p.string({ max: 5000 }),
  tax_type: p.enum(TAX_TYPES),
};

const CREATE: Fields = {
  display_name: p.string({ required: true, max: 50 }),
  inclusive: p.bool({ required: true }),
  percentage: p.float({ required: true, min: 0, max: 100 }),
  ...DESCRIPTIVE,
};

/** §8: `percentage` and `inclusive` are immutable; everything else descriptive may change. */
const UPDATE: Fields = { ...DESCRIPTIVE, display_name: p.string({ max: 50 }) };
const PLAIN_UPDATES = ['active', 'country', 'description', 'display_name', 'jurisdiction', 'state', 'tax_type'];

const LIST: Fields = { ...LIST_FIELDS, ...CREATED_FIELD, active: p.bool(), inclusive: p.bool() };

export const TAX_RATE_SHAPE: SeedShape = {
  prefix: 'txr_',
  length: 24,
  object: 'tax_rate',
  defaults: {
    active: true,
    country: null,
    description: null,
    display_name: '',
    effective_percentage: null,
    flat_amount: null,
    inclusive: false,
    jurisdiction: null,
    jurisdiction_level: null,
    metadata: {},
    percentage: 0,
    rate_type: 'percentage',
    state: null,
    tax_type: null,
  },
};

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'taxRates', id, 'tax rate', 'tax_rate', 404);
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const id = mintId(ctx.space.taxRates, TAX_RATE_SHAPE.prefix, TAX_RATE_SHAPE.length);
  const optional = (key: string) => (params[key] as string | undefined) ?? null;
  const data: Json = {
    id,
    object: 'tax_rate',
    active: (params.active as boolean | undefined) ?? true,
    country: optional('country'),
    created: ctx.now,
    description: optional('description'),
    display_name: params.display_name,
    // §8: a manual rate's effective percentage is the percentage as sent.
    effective_percentage: params.percentage,
    flat_amount: null,
    inclusive: params.inclusive,
    jurisdiction: optional('jurisdiction'),
    jurisdiction_level: null,
    livemode: ctx.livemode,
    metadata: createMetadata(params.metadata),
    percentage: params.percentage,
    rate_type: 'percentage',
    state: optional('state'),
    tax_type: optional('tax_type'),
  };
  const record = newRecord(ctx, id, data);
  ctx.space.taxRates.insert(record);
  return present(ctx, 'tax_rate', record, expand);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const patch: Json = {};
  for (const key of PLAIN_UPDATES) if (params[key] !== undefined) patch[key] = params[key];
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  const next = patched(record, patch);
  ctx.space.taxRates.replace(next);
  return present(ctx, 'tax_rate', next, expand);
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  return listPage(ctx, ctx.space.taxRates, params, {
    url: '/v1/tax_rates',
    word: 'tax rate',
    accept: (r) =>
      (params.active === undefined || r.data.active === params.active) &&
      (params.inclusive === undefined || r.data.inclusive === params.inclusive) &&
      createdMatches(params.created, r.created),
    render: (r) => present(ctx, 'tax_rate', r, paths),
  });
}

export function seedTaxRate(ctx: Ctx, o: Loose): void {
  seedRecord(ctx, ctx.space.taxRates, TAX_RATE_SHAPE, { effective_percentage: o.percentage ?? null, ...o });
}

export const taxRatesModule: ResourceModule = {
  name: 'tax_rates',
  types: [{ name: 'tax_rate', includable: [], references: {}, render: (_ctx, r) => r.data, find: (ctx, id) => ctx.space.taxRates.get(id) }],
  routes: [
    { method: 'POST', pattern: '/v1/tax_rates', permission: WRITE, write: true, params: CREATE, returns: { type: 'tax_rate' }, run: create },
    { method: 'GET', pattern: '/v1/tax_rates', permission: READ, write: false, params: LIST, returns: { type: 'tax_rate', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/tax_rates/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'tax_rate' },
      run: ({ path, expand }, ctx) => present(ctx, 'tax_rate', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/tax_rates/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'tax_rate' }, run: update },
  ],
};

