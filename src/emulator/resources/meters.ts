/**
 * `/v1/billing/meters`: create, retrieve, update (`display_name` only), list (`status`), deactivate and
 * reactivate. api-notes has no section on meters; the fields follow Stripe's fixture and stripe-node's
 * `Billing.MeterCreateParams`, and Stripe's reference says a deactivated meter cannot be attached to a price
 * (checked in `findActiveMeter`). Ids are minted `mtr_…`; meters have no custom id and no delete.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { findOr404, mintId, newRecord, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { LIST_FIELDS, listPage } from './list.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';
import { seedRecord, type Loose, type SeedShape } from './seed-shape.js';

const WRITE = 'rak_billing_meter_write';
const READ = 'rak_billing_meter_read';
const STATUSES = ['active', 'inactive'] as const;

const CREATE: Fields = {
  display_name: p.string({ required: true, max: 250 }),
  event_name: p.string({ required: true, max: 100 }),
  default_aggregation: p.object({ formula: p.enum(['count', 'last', 'sum'], { required: true }) }, { required: true }),
  customer_mapping: p.object({ event_payload_key: p.string({ required: true, max: 100 }), type: p.enum(['by_id'], { required: true }) }),
  value_settings: p.object({ event_payload_key: p.string({ required: true, max: 100 }) }),
  event_time_window: p.enum(['day', 'hour']),
};

const UPDATE: Fields = { display_name: p.string({ max: 250 }) };
const LIST: Fields = { ...LIST_FIELDS, status: p.enum(STATUSES) };

/** Stripe's defaults when `customer_mapping` / `value_settings` are left out (fixture shape). */
const DEFAULT_CUSTOMER_MAPPING = { event_payload_key: 'stripe_customer_id', type: 'by_id' };
const DEFAULT_VALUE_SETTINGS = { event_payload_key: 'value' };

export const METER_SHAPE: SeedShape = {
  prefix: 'mtr_',
  length: 24,
  object: 'billing.meter',
  defaults: {
    customer_mapping: DEFAULT_CUSTOMER_MAPPING,
    default_aggregation: { formula: 'sum' },
    display_name: '',
    event_name: '',
    event_time_window: null,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: null,
    value_settings: DEFAULT_VALUE_SETTINGS,
  },
};

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'meters', id, ctx.switches.meterMissingWord, 'id', 404);
}

/**
 * A meter named by a price or plan (`recurring[meter]`, `meter`): it must exist in the caller's account and mode
 * (400 resource_missing naming the parameter) and be active.
 */
export function findActiveMeter(ctx: Ctx, id: string, param: string): StoredRecord {
  const meter = findOr404(ctx, 'meters', id, ctx.switches.meterMissingWord, param, 400);
  if (meter.data.status !== 'active') throw refuse.invalid(ctx.switches.inactiveMeterOnPriceMessage.replace('{id}', id), param);
  return meter;
}

/** `event_name` is unique among the account's active meters. */
function ensureEventNameFree(ctx: Ctx, eventName: string, self: string | null): void {
  for (const meter of ctx.space.meters.all()) {
    if (meter.id !== self && meter.data.status === 'active' && meter.data.event_name === eventName) {
      throw refuse.invalid(ctx.switches.meterEventNameTakenMessage.replace('{event_name}', eventName), 'event_name');
    }
  }
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const eventName = params.event_name as string;
  ensureEventNameFree(ctx, eventName, null);
  const id = mintId(ctx.space.meters, METER_SHAPE.prefix, METER_SHAPE.length);
  const data: Json = {
    id,
    object: 'billing.meter',
    created: ctx.now,
    customer_mapping: (params.customer_mapping as Params | undefined) ?? DEFAULT_CUSTOMER_MAPPING,
    default_aggregation: params.default_aggregation,
    display_name: params.display_name,
    event_name: eventName,
    event_time_window: (params.event_time_window as string | undefined) ?? null,
    livemode: ctx.livemode,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: ctx.now,
    value_settings: (params.value_settings as Params | undefined) ?? DEFAULT_VALUE_SETTINGS,
  };
  const record = newRecord(ctx, id, data);
  ctx.space.meters.insert(record);
  return present(ctx, 'billing.meter', record, expand);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  if (params.display_name === undefined) return present(ctx, 'billing.meter', record, expand);
  const next = patched(record, { display_name: params.display_name, updated: ctx.now });
  ctx.space.meters.replace(next);
  return present(ctx, 'billing.meter', next, expand);
}

/** Deactivate and reactivate: one transition each; repeating one follows the `meterRepeatStatusChange` switch. */
function transition(to: 'active' | 'inactive') {
  return ({ path, expand }: RouteRequest, ctx: Ctx): Json => {
    const record = find(ctx, path.id);
    if (record.data.status === to) {
      if (ctx.switches.meterRepeatStatusChange === 'accept') return present(ctx, 'billing.meter', record, expand);
      throw refuse.invalid(`This meter is already ${to}.`);
    }
    if (to === 'active') ensureEventNameFree(ctx, record.data.event_name as string, record.id);
    const next = patched(record, {
      status: to,
      status_transitions: { deactivated_at: to === 'inactive' ? ctx.now : null },
      updated: ctx.now,
    });
    ctx.space.meters.replace(next);
    return present(ctx, 'billing.meter', next, expand);
  };
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  return listPage(ctx, ctx.space.meters, params, {
    url: '/v1/billing/meters',
    word: ctx.switches.meterMissingWord,
    accept: (r) => params.status === undefined || r.data.status === params.status,
    render: (r) => present(ctx, 'billing.meter', r, paths),
  });
}

export function seedMeter(ctx: Ctx, o: Loose): void {
  seedRecord(ctx, ctx.space.meters, METER_SHAPE, { updated: o.created ?? ctx.now, ...o });
}

export const metersModule: ResourceModule = {
  name: 'meters',
  types: [{ name: 'billing.meter', includable: [], references: {}, render: (_ctx, r) => r.data, find: (ctx, id) => ctx.space.meters.get(id) }],
  routes: [
    { method: 'POST', pattern: '/v1/billing/meters', permission: WRITE, write: true, params: CREATE, returns: { type: 'billing.meter' }, run: create },
    { method: 'GET', pattern: '/v1/billing/meters', permission: READ, write: false, params: LIST, returns: { type: 'billing.meter', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/billing/meters/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'billing.meter' },
      run: ({ path, expand }, ctx) => present(ctx, 'billing.meter', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/billing/meters/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'billing.meter' }, run: update },
    {
      method: 'POST',
      pattern: '/v1/billing/meters/:id/deactivate',
      permission: WRITE,
      write: true,
      params: {},
      returns: { type: 'billing.meter' },
      run: transition('inactive'),
    },
    {
      method: 'POST',
      pattern: '/v1/billing/meters/:id/reactivate',
      permission: WRITE,
      write: true,
      params: {},
      returns: { type: 'billing.meter' },
      run: transition('active'),
    },
  ],
};
