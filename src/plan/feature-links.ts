/**
 * Entitlement features attached to a product (`product.features`): one change per product whose attachments
 * differ, `product/<id>#features`, planned like `#default_price` after the objects it names exist. Stripe has
 * no update for an attachment: a feature is attached (`POST /v1/products/:id/features`) or detached by its
 * attachment id (`DELETE /v1/products/:id/features/:attachment`), never edited.
 */
import { addressOf } from '../catalog/rules.js';
import type { Product } from '../catalog/types.js';
import { InternalError } from '../util/errors.js';
import type { Change, PlannedRequest, Ref } from './types.js';

export interface FeatureLinkInput {
  /** Desired products that are planned (not skipped). */
  desired: readonly Product[];
  /** Live twin of a desired product, by desired id; absent when the plan creates it. */
  liveTwin(productId: string): Product | undefined;
  /** Live id (or `Ref`, when the plan creates it) of a desired feature id. */
  resolveFeature(featureId: string): string | Ref;
  /** Addresses of changes that create an object, which an attachment must wait for. */
  creates: ReadonlySet<string>;
}

const featuresAddress = (productId: string) => `${addressOf('product', productId)}#features`;

function shown(value: string | Ref): string {
  return typeof value === 'string' ? value : value.$ref;
}

/** The attachment id the account reader recorded for an attached feature (`Product.featureAttachments`). */
function attachmentOf(live: Product, featureId: string): string {
  const id = live.featureAttachments?.[featureId];
  if (id === undefined) throw new InternalError('plan_attachment_unknown', `${live.id} has feature ${featureId} attached but no attachment id was read.`);
  return id;
}

export function planFeatureLinks(input: FeatureLinkInput): Change[] {
  const changes: Change[] = [];
  for (const product of input.desired) {
    const live = input.liveTwin(product.id);
    const liveId = live?.id ?? product.id;
    const liveFeatures = live?.features ?? [];
    const wanted = (product.features ?? []).map((id) => ({ id, target: input.resolveFeature(id) }));
    const wantedLive = new Set(wanted.map((w) => w.target).filter((t): t is string => typeof t === 'string'));
    const attach = wanted.filter((w) => typeof w.target !== 'string' || !liveFeatures.includes(w.target));
    const detach = liveFeatures.filter((id) => !wantedLive.has(id));
    if (attach.length === 0 && detach.length === 0) continue;

    const path = `/v1/products/${liveId}/features`;
    // Detaching first frees nothing Stripe checks, but reads better: what goes, then what comes.
    const requests: PlannedRequest[] = [
      ...detach.map((id): PlannedRequest => ({ method: 'DELETE', path: `${path}/${attachmentOf(live!, id)}`, params: {} })),
      ...attach.map((w): PlannedRequest => ({ method: 'POST', path, params: { entitlement_feature: w.target } })),
    ];
    const dependsOn = [addressOf('product', product.id), ...wanted.map((w) => addressOf('feature', w.id))].filter((a) => input.creates.has(a));
    changes.push({
      address: featuresAddress(product.id),
      type: 'product',
      action: 'update',
      id: product.id,
      liveId,
      strategy: 'preserved',
      requests,
      fields: [{ field: 'features', before: [...liveFeatures], after: wanted.map((w) => shown(w.target)) }],
      dependsOn: [...new Set(dependsOn)].sort(),
    });
  }
  return changes;
}
