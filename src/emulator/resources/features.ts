/**
 * `/v1/entitlements/features` (§10): generated ids, no delete. `lookup_key` is immutable and unique among active
 * features; the list leaves archived features out unless `archived=true`. Archiving keeps the feature's product
 * attachments unless the `archivedFeatureKeepsAttachments` switch says otherwise. Features render no `created`, but the
 * record keeps one so lists stay newest first.
 */
import { refuse } from '../wire/api-error.js';
import { p, type Fields } from '../wire/params.js';
import type { Json, StoredRecord } from '../store/collection.js';
import { createMetadata, findOr404, mergeMetadata, mintId, newRecord, patched } from './common.js';
import { listExpand, present } from './expand.js';
import { LIST_FIELDS, listPage } from './list.js';
import type { Ctx, ResourceModule, RouteRequest } from './registry.js';
import { seedRecord, type Loose, type SeedShape } from './seed-shape.js';

const WRITE = 'rak_entitlements_feature_write';
const READ = 'rak_entitlements_feature_read';

const CREATE: Fields = {
  name: p.string({ required: true, max: 80 }),
  lookup_key: p.string({ required: true, max: 80 }),
  metadata: p.metadata(),
};

/** §10: `lookup_key` is immutable. */
const UPDATE: Fields = { active: p.bool(), metadata: p.metadata(), name: p.string({ max: 80 }) };
const LIST: Fields = { ...LIST_FIELDS, archived: p.bool(), lookup_key: p.string() };

export const FEATURE_SHAPE: SeedShape = {
  prefix: 'feat_',
  length: 32,
  object: 'entitlements.feature',
  defaults: { active: true, lookup_key: '', metadata: {}, name: '' },
  rendersCreated: false,
};

/** Stripe's example ids read `feat_test_61…` in test mode. */
function mintFeatureId(ctx: Ctx): string {
  return mintId(ctx.space.features, ctx.livemode ? 'feat_' : 'feat_test_', FEATURE_SHAPE.length);
}

export function findFeature(ctx: Ctx, id: string, param: string, status: 404 | 400): StoredRecord {
  return findOr404(ctx, 'features', id, ctx.switches.featureMissingWord, param, status);
}

function ensureLookupKeyFree(ctx: Ctx, key: string): void {
  for (const feature of ctx.space.features.all()) {
    if (feature.data.active === true && feature.data.lookup_key === key) {
      throw refuse.invalid(ctx.switches.featureLookupKeyTakenMessage.replace('{lookup_key}', key), 'lookup_key');
    }
  }
}

function create({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const key = params.lookup_key as string;
  ensureLookupKeyFree(ctx, key);
  const id = mintFeatureId(ctx);
  const data: Json = {
    id,
    object: 'entitlements.feature',
    active: true,
    livemode: ctx.livemode,
    lookup_key: key,
    metadata: createMetadata(params.metadata),
    name: params.name,
  };
  const record = { ...newRecord(ctx, id, data), created: ctx.now };
  ctx.space.features.insert(record);
  return present(ctx, 'entitlements.feature', record, expand);
}

function update({ params, path, expand }: RouteRequest, ctx: Ctx): Json {
  const record = findFeature(ctx, path.id, ctx.switches.featureMissingParam, 404);
  const frozen = ctx.switches.archivedFeatureUpdateMessage;
  if (record.data.active === false && frozen !== null) throw refuse.invalid(frozen);
  const patch: Json = {};
  if (params.active !== undefined) patch.active = params.active;
  if (params.name !== undefined) patch.name = params.name;
  if (params.metadata !== undefined) patch.metadata = mergeMetadata(record.data.metadata, params.metadata);
  if (params.active === true && record.data.active === false) ensureLookupKeyFree(ctx, record.data.lookup_key as string);
  const next = patched(record, patch);
  ctx.space.features.replace(next);
  if (params.active === false && record.data.active === true && !ctx.switches.archivedFeatureKeepsAttachments) detachEverywhere(ctx, record.id);
  return present(ctx, 'entitlements.feature', next, expand);
}

/** The other answer to §10's unconfirmed question: archiving detaches the feature from every product. */
function detachEverywhere(ctx: Ctx, featureId: string): void {
  const attached = ctx.space.productFeatures.all().filter((a) => a.data.entitlement_feature === featureId);
  for (const attachment of attached) ctx.space.productFeatures.remove(attachment.id);
}

function list({ params, expand }: RouteRequest, ctx: Ctx): Json {
  const paths = listExpand(expand);
  const active = params.archived !== true;
  return listPage(ctx, ctx.space.features, params, {
    url: '/v1/entitlements/features',
    word: ctx.switches.featureMissingWord,
    accept: (r) => r.data.active === active && (params.lookup_key === undefined || r.data.lookup_key === params.lookup_key),
    render: (r) => present(ctx, 'entitlements.feature', r, paths),
  });
}

export function seedFeature(ctx: Ctx, o: Loose): void {
  seedRecord(ctx, ctx.space.features, FEATURE_SHAPE, { id: o.id ?? mintFeatureId(ctx), ...o });
}

export const featuresModule: ResourceModule = {
  name: 'entitlements.features',
  types: [{ name: 'entitlements.feature', includable: [], references: {}, render: (_ctx, r) => r.data, find: (ctx, id) => ctx.space.features.get(id) }],
  routes: [
    { method: 'POST', pattern: '/v1/entitlements/features', permission: WRITE, write: true, params: CREATE, returns: { type: 'entitlements.feature' }, run: create },
    { method: 'GET', pattern: '/v1/entitlements/features', permission: READ, write: false, params: LIST, returns: { type: 'entitlements.feature', list: true }, run: list },
    {
      method: 'GET',
      pattern: '/v1/entitlements/features/:id',
      permission: READ,
      write: false,
      params: {},
      returns: { type: 'entitlements.feature' },
      run: ({ path, expand }, ctx) => present(ctx, 'entitlements.feature', findFeature(ctx, path.id, ctx.switches.featureMissingParam, 404), expand),
    },
    { method: 'POST', pattern: '/v1/entitlements/features/:id', permission: WRITE, write: true, params: UPDATE, returns: { type: 'entitlements.feature' }, run: update },
  ],
};
