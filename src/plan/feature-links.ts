/**
 * Entitlement features attached to a product (`product.features`): one change per product whose attachments
 * differ, `product/<id>#features`, planned like `#default_price` after the objects it names exist. Stripe has
 * no update for an attachment: a feature is attached (`POST /v1/products/:id/features`) or detached by its
 * attachment id (`DELETE /v1/products/:id/features/:attachment`), never edited.
 *
 * Stripe attaches active features only ("inactive features cannot be attached to new products", api-notes §10);
 * an attachment made before a feature was archived stays. So a product attached to an archived feature is copied
 * the way the sandbox got there: the feature is created (or kept) active, attached, then archived
 * (`orderFeatureArchives`). What cannot be made that way is left out of the plan with a warning, before any
 * write: a feature the plan does not copy (archived, no live twin, no `--include-archived`), or one whose live
 * twin is archived already. Attachments are shown by lookup key, as the manifests name them.
 */
import { addressOf } from '../catalog/rules.js';
import type { Feature, Product } from '../catalog/types.js';
import { InternalError } from '../util/errors.js';
import { newChange, newFieldChange, newRequest } from './change.js';
import type { Pair } from './match.js';
import type { Change, PlannedRequest, Ref } from './types.js';

/** What matching found for one feature a desired product names. */
export interface DesiredFeatureFacts {
  lookup_key: string;
  active: boolean;
  /** The live feature matched to it by lookup key (`null`: none). */
  twin: { id: string; active: boolean } | null;
}

/**
 * Facts about the features of both catalogs that the attachment planner needs and a product alone does not
 * carry. Invariant: `desired` holds every feature of the desired catalog by desired id, `live` every feature of
 * the live catalog by live id.
 */
export interface FeatureFacts {
  desired: ReadonlyMap<string, DesiredFeatureFacts>;
  live: ReadonlyMap<string, { lookup_key: string; active: boolean }>;
}

/** The facts of both catalogs' features, from matching's feature pairs and the live features. */
export function featureFactsOf(pairs: readonly Pair<Feature>[], liveFeatures: readonly Feature[]): FeatureFacts {
  const desired = new Map<string, DesiredFeatureFacts>();
  for (const { desired: d, live } of pairs) {
    desired.set(d.id, { lookup_key: d.lookup_key, active: d.active, twin: live === null ? null : { id: live.id, active: live.active } });
  }
  return { desired, live: new Map(liveFeatures.map((f) => [f.id, { lookup_key: f.lookup_key, active: f.active }])) };
}

export interface FeatureLinkInput {
  /** Desired products that are planned (not skipped). */
  desired: readonly Product[];
  /** Live twin of a desired product, by desired id; absent when the plan creates it. */
  liveTwin(productId: string): Product | undefined;
  /** Live id (or `Ref`, when the plan creates it) of a desired feature id; the id itself when it is not planned. */
  resolveFeature(featureId: string): string | Ref;
  /** Addresses of changes that create an object, which an attachment must wait for. */
  creates: ReadonlySet<string>;
  facts: FeatureFacts;
}

export const featuresAddress = (productId: string) => `${addressOf('product', productId)}#features`;

/** The attachment id the account reader recorded for an attached feature (`Product.featureAttachments`). */
function attachmentOf(live: Product, featureId: string): string {
  const id = live.featureAttachments?.[featureId];
  if (id === undefined) throw new InternalError('plan_attachment_unknown', `${live.id} has feature ${featureId} attached but no attachment id was read.`);
  return id;
}

/** A desired feature id and where it is in live: a live id, or a `Ref` to the change that creates it. */
type Kept = { id: string; target: string | Ref };

/** One feature a desired product names: where it goes in live, or (by lookup key) why it cannot go there. */
type Wanted = Kept | { id: string; key: string; refused: string };

/**
 * The rules for attaching a desired feature, in order: already attached in live is kept; a feature the plan
 * does not copy, or whose live twin is archived, cannot be attached; anything else is attached by live id or
 * by reference to its create.
 */
function wantedOf(featureId: string, features: FeatureFacts, liveFeatures: readonly string[], resolve: FeatureLinkInput['resolveFeature']): Wanted {
  const target = resolve(featureId);
  if (typeof target === 'string' && liveFeatures.includes(target)) return { id: featureId, target };
  const facts = features.desired.get(featureId);
  if (facts === undefined) return { id: featureId, key: featureId, refused: 'it is not in the desired catalog' };
  const key = facts.lookup_key;
  if (typeof target === 'string' && facts.twin === null) {
    return { id: featureId, key, refused: 'it is archived and not copied (--include-archived copies it: created, attached, then archived)' };
  }
  if (typeof target === 'string' && facts.twin?.active === false) {
    return { id: featureId, key, refused: `its live twin ${facts.twin.id} is archived, and Stripe attaches active features only` };
  }
  return { id: featureId, target };
}

interface ProductAttachments {
  product: Product;
  live: Product | undefined;
  liveFeatures: string[];
  wanted: Wanted[];
  attach: Kept[];
}

function attachmentsOf(product: Product, input: Pick<FeatureLinkInput, 'liveTwin' | 'resolveFeature' | 'facts'>): ProductAttachments {
  const live = input.liveTwin(product.id);
  const liveFeatures = live?.features ?? [];
  const wanted = (product.features ?? []).map((id) => wantedOf(id, input.facts, liveFeatures, input.resolveFeature));
  const attach = wanted.filter((w): w is Kept => 'target' in w && (typeof w.target !== 'string' || !liveFeatures.includes(w.target)));
  return { product, live, liveFeatures, wanted, attach };
}

/** Lookup keys, sorted, as a manifest lists them; an id stays when no feature is known for it. */
function keysOf(ids: readonly string[], keyOf: (id: string) => string | undefined): string[] {
  return ids.map((id) => keyOf(id) ?? id).sort();
}

export function planFeatureLinks(input: FeatureLinkInput): Change[] {
  const changes: Change[] = [];
  const { facts } = input;
  for (const product of input.desired) {
    const { live, liveFeatures, wanted, attach } = attachmentsOf(product, input);
    const kept = wanted.filter((w): w is Kept => 'target' in w);
    const wantedLive = new Set(kept.map((w) => w.target).filter((t): t is string => typeof t === 'string'));
    const detach = liveFeatures.filter((id) => !wantedLive.has(id));
    if (attach.length === 0 && detach.length === 0) continue;

    const liveId = live?.id ?? product.id;
    const path = `/v1/products/${liveId}/features`;
    // Detaching first frees nothing Stripe checks, but reads better: what goes, then what comes.
    const requests: PlannedRequest[] = [
      ...detach.map((id) => newRequest('DELETE', `${path}/${attachmentOf(live!, id)}`, {})),
      ...attach.map((w) => newRequest('POST', path, { entitlement_feature: w.target })),
    ];
    const dependsOn = [addressOf('product', product.id), ...attach.map((w) => addressOf('feature', w.id))].filter((a) => input.creates.has(a));
    changes.push(newChange({
      address: featuresAddress(product.id),
      type: 'product',
      action: 'update',
      id: product.id,
      liveId,
      strategy: 'preserved',
      requests,
      fields: [
        newFieldChange(
          'features',
          keysOf(liveFeatures, (id) => facts.live.get(id)?.lookup_key),
          keysOf(kept.map((w) => w.id), (id) => facts.desired.get(id)?.lookup_key),
        ),
      ],
      dependsOn: [...new Set(dependsOn)].sort(),
    }));
  }
  return changes;
}

export interface FeatureArchiveInput {
  /** Desired products that are planned. */
  desired: Iterable<Product>;
  liveTwin(productId: string): Product | undefined;
  /** Object changes by address: a feature change that archives an attached feature is reordered in place. */
  changes: ReadonlyMap<string, Change>;
  facts: FeatureFacts;
  warn(message: string): void;
}

/**
 * A desired feature in live terms from the object changes, as the planner's id map has it: a `Ref` when the plan
 * creates it (Stripe mints feature ids), else its live twin's id, else (not planned) its own id.
 */
function resolveByChanges(facts: FeatureFacts, changes: ReadonlyMap<string, Change>): (featureId: string) => string | Ref {
  return (featureId) => {
    const address = addressOf('feature', featureId);
    const change = changes.get(address);
    if (change !== undefined && (change.action === 'create' || change.action === 'replace')) return { $ref: address };
    return facts.desired.get(featureId)?.twin?.id ?? featureId;
  };
}

const isArchive = (request: PlannedRequest) => request.method === 'POST' && request.params.active === false;

/**
 * Makes every archive of a feature the plan attaches wait for the attachments, and warns about the attachments
 * the plan leaves out. A feature the plan updates (archives an active live twin) simply waits for the products'
 * `#features` changes; one it creates archived is split, since the attachments wait for its create: the create
 * stays, the archive moves to `feature/<id>#archive` after the attachments. Returns those new changes.
 */
export function orderFeatureArchives(input: FeatureArchiveInput): Change[] {
  const attachers = new Map<string, string[]>();
  const resolveFeature = resolveByChanges(input.facts, input.changes);
  for (const product of input.desired) {
    const { wanted, attach } = attachmentsOf(product, { liveTwin: input.liveTwin, resolveFeature, facts: input.facts });
    for (const w of wanted) if ('refused' in w) input.warn(`${product.id}: feature ${w.key} is not attached: ${w.refused}; live ${product.id} goes without it`);
    for (const w of attach) attachers.set(w.id, [...(attachers.get(w.id) ?? []), featuresAddress(product.id)]);
  }
  const split: Change[] = [];
  for (const [featureId, products] of [...attachers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const change = input.changes.get(addressOf('feature', featureId));
    if (change === undefined || !change.requests.some(isArchive)) continue;
    if (change.action === 'update') {
      change.dependsOn = [...new Set([...change.dependsOn, ...products])].sort();
      continue;
    }
    const archives = change.requests.filter((r, index) => index > 0 && isArchive(r));
    if (archives.length === 0) continue;
    change.requests = change.requests.filter((r) => !archives.includes(r));
    split.push(newChange({
      address: `${change.address}#archive`,
      type: 'feature',
      action: 'update',
      id: change.id,
      liveId: change.liveId,
      strategy: change.strategy,
      requests: archives,
      fields: [newFieldChange('active', true, false)],
      reason: `archived after it is attached to ${products.map((a) => a.slice(0, a.indexOf('#'))).join(', ')}: Stripe attaches active features only`,
      dependsOn: [change.address, ...products].sort(),
    }));
  }
  return split;
}
