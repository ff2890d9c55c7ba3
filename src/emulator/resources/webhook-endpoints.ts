/**
 * `/v1/webhook_endpoints` (not in api-notes; fields from Stripe's fixture and stripe-node's params): create,
 * retrieve, update, list, delete. Stripe's reference says the signing `secret` is "only returned at creation",
 * so it is kept in the record's hidden part and added to the create response alone. `api_version` stays null
 * unless given. The emulator delivers no events.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields, type Params } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { createMetadata, deletedStub, findOr404, mergeMetadata, mintId, newRecord, patched, randomId } from './common.js';
import { listExpand, present } from './expand.js';
import { LIST_FIELDS, listPage } from './list.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';
import { seedRecord, type Loose, type SeedShape } from './seed-shape.js';

const WRITE = 'rak_webhook_write';
const READ = 'rak_webhook_read';
/** `*`, or a dotted event type such as `price.updated` or `customer.subscription.created`. */
const EVENT_TYPE = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;
const HTTP_URL = /^https?:\/\/[^\s/]+/;

const EVENTS = p.list(p.string(), { max: 5000 });

const CREATE: Fields = {
  url: p.string({ required: true, max: 5000 }),
  enabled_events: { ...EVENTS, required: true },
  api_version: p.string(),
  connect: p.bool(),
  description: p.string({ emptyable: true, max: 5000 }),
  metadata: p.metadata(),
};

const UPDATE: Fields = {
  url: p.string({ max: 5000 }),
  enabled_events: EVENTS,
  description: p.string({ emptyable: true, max: 5000 }),
  disabled: p.bool(),
  metadata: p.metadata(),
};

export const WEBHOOK_ENDPOINT_SHAPE: SeedShape = {
  prefix: 'we_',
  length: 24,
  object: 'webhook_endpoint',
  defaults: { api_version: null, application: null, description: null, enabled_events: [], metadata: {}, status: 'enabled', url: '' },
};

/** Shape rules shared by create and update: a web URL, known-looking event types, at least one event. */
function check(params: Params, ctx: Ctx): void {
  const url = params.url as string | undefined;
  if (url !== undefined && !HTTP_URL.test(url)) {
    throw refuse.invalid(ctx.switches.webhookUrlInvalidMessage.replace('{url}', url), 'url', 'url_invalid');
  }
  const events = params.enabled_events as string[] | undefined;
  if (events !== undefined && events.length === 0) throw refuse.missing('enabled_events');
  events?.forEach((event, i) => {
    if (!EVENT_TYPE.test(event)) throw refuse.invalid(`Invalid enabled_events[${i}]: ${event} is not a valid event type.`, `enabled_events[${i}]`);
  });
  const version = params.api_version as string | undefined;
  if (version !== undefined && !API_VERSION.test(version)) throw refuse.invalid(`Invalid API version: ${version}`, 'api_version');
}

function find(ctx: Ctx, id: string): StoredRecord {
  return findOr404(ctx, 'webhookEndpoints', id, 'webhook endpoint', ctx.switches.webhookEndpointMissingParam, 404);
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const id = mintId(ctx.space.webhookEndpoints, WEBHOOK_ENDPOINT_SHAPE.prefix, WEBHOOK_ENDPOINT_SHAPE.length);
  const data: Json = {
    id,
    object: 'webhook_endpoint',
    api_version: (params.api_version as string | undefined) ?? null,
    application: null,
    created: ctx.now,
    description: (params.description as string | null | undefined) ?? null,
    enabled_events: params.enabled_events,
    livemode: ctx.livemode,
    metadata: createMetadata(params.metadata),
    status: 'enabled',
    url: params.url,
  };
  const secret = `whsec_${randomId(32)}`;
  const record = newRecord(ctx, id, data, { secret });
  ctx.space.webhookEndpoints.insert(record);
  return { ...present(ctx, 'webhook_endpoint', record, expand), secret };
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  const patch: Json = {};
  if (params.url !== undefined) patch.url = params.url;
  if (params.enabled_events !== undefined) patch.enabled_events = params.enabled_events;
  if (params.description !== undefined) patch.description = params.description;
  if (params.disabled !== undefined) patch.status = params.disabled ? 'disabled' : 'enabled';
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  const next = patched(record, patch);
  ctx.space.webhookEndpoints.replace(next);
  return present(ctx, 'webhook_endpoint', next, expand);
}

function remove({ path }: RouteRequest, ctx: Ctx): Json {
  const record = find(ctx, path.id);
  ctx.space.webhookEndpoints.remove(record.id);
  return deletedStub(record.id, 'webhook_endpoint');
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  return listPage(ctx, ctx.space.webhookEndpoints, params, {
    url: '/v1/webhook_endpoints',
    word: 'webhook endpoint',
    accept: () => true,
    render: (r) => present(ctx, 'webhook_endpoint', r, paths),
  });
}

/** Stripe shape; a given `secret` is kept (never rendered), otherwise one is minted. */
export function seedWebhookEndpoint(ctx: Ctx, o: Loose): void {
  const { secret, ...rest } = o;
  seedRecord(ctx, ctx.space.webhookEndpoints, WEBHOOK_ENDPOINT_SHAPE, rest, { secret: typeof secret === 'string' ? secret : `whsec_${randomId(32)}` });
}

export const webhookEndpointsModule: ResourceModule = {
  name: 'webhook_endpoints',
  types: [{ name: 'webhook_endpoint', includable: [], references: {}, render: (_ctx, r) => r.data, find: (ctx, id) => ctx.space.webhookEndpoints.get(id) }],
  routes: [
    { method: 'POST', pattern: '/v1/webhook_endpoints', permission: WRITE, write: true, params: CREATE, returns: { type: 'webhook_endpoint' }, check, run: create },
    { method: 'GET', pattern: '/v1/webhook_endpoints', permission: READ, write: false, params: LIST_FIELDS, returns: { type: 'webhook_endpoint', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/webhook_endpoints/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'webhook_endpoint' },
      run: ({ path, expand }, ctx) => present(ctx, 'webhook_endpoint', find(ctx, path.id), expand),
    },
    { method: 'POST', pattern: '/v1/webhook_endpoints/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'webhook_endpoint' }, check, run: update },
    { method: 'DELETE', pattern: '/v1/webhook_endpoints/:id', permission: WRITE, write: true, params: {}, run: remove },
  ],
};
