/**
 * `product.default_price`: written after both the product and the price exist, as a change of its own
 * (`product/<id>#default_price`), because one-time prices only get their live id at apply time.
 *
 * Stripe refuses to archive a product's default price (api-notes §3), so every change that deactivates a live
 * price first moves the products pointing at it to their desired default price (or unsets it); those products
 * then need no separate link change.
 */
import { addressOf } from '../catalog/rules.js';
import type { Product } from '../catalog/types.js';
import { newChange, newFieldChange, post } from './change.js';
import { sameValue } from './diff.js';
import type { Change, PlannedRequest, Ref } from './types.js';

export interface LinkInput {
  /** Desired products that are planned (not skipped), by id. */
  desired: ReadonlyMap<string, Product>;
  live: readonly Product[];
  /** The live twin of a desired product, by its id; its id differs where the product was created linked. */
  liveTwin(productId: string): Product | undefined;
  /** Object changes by address; deactivating ones get move requests inserted. */
  changes: ReadonlyMap<string, Change>;
  /** The desired default price of a product in live ids; `undefined` when it names a price outside the plan. */
  target(product: Product): string | Ref | null | undefined;
  warn(message: string): void;
}

/** The live price a request deactivates, if it does. */
function deactivatedBy(request: PlannedRequest): string | undefined {
  if (request.method !== 'POST' || request.params.active !== false) return undefined;
  const match = /^\/v1\/(?:prices|plans)\/([^/]+)$/.exec(request.path);
  return match?.[1];
}

/** The change of the price a desired product names as default, which a link to it must wait for. */
function priceChangeOf(product: Product, changes: ReadonlyMap<string, Change>): string | null {
  if (product.default_price === null) return null;
  return changes.get(addressOf('price', product.default_price))?.address ?? null;
}

const linkAddress = (productId: string) => `${addressOf('product', productId)}#default_price`;

/**
 * Inserts default-price moves into deactivating changes and returns the link changes still needed.
 * A move waits for the change that creates its target; when that change itself moves products (a cycle is
 * possible), the move unsets the default price instead and a link change sets it afterwards.
 */
export function planLinks(input: LinkInput): Change[] {
  const pointing = new Map<string, Product[]>();
  for (const p of input.live) {
    if (p.default_price !== null) pointing.set(p.default_price, [...(pointing.get(p.default_price) ?? []), p]);
  }
  const movers = new Set<string>();
  // Only a live price some live product points at needs moves (none when live has no default prices).
  if (pointing.size > 0) {
    for (const change of input.changes.values()) {
      if (change.requests.some((r) => pointing.has(deactivatedBy(r) ?? ''))) movers.add(change.address);
    }
  }
  const settled = new Set<string>();
  const unsetBy = new Map<string, string>();
  // The desired product of each live one that moves: the same id, or the one the live product is the twin of.
  const desiredOf = (live: Product): Product | undefined => {
    const same = input.desired.get(live.id);
    if (same !== undefined || live.link === null) return same;
    const linked = input.desired.get(live.link);
    return linked !== undefined && input.liveTwin(linked.id)?.id === live.id ? linked : undefined;
  };
  for (const address of [...movers].sort()) {
    const change = input.changes.get(address)!;
    const requests: PlannedRequest[] = [];
    for (const request of change.requests) {
      const old = deactivatedBy(request);
      for (const product of old === undefined ? [] : pointing.get(old) ?? []) {
        const desired = desiredOf(product);
        let target = desired === undefined ? null : input.target(desired) ?? null;
        const waitFor = desired === undefined ? null : priceChangeOf(desired, input.changes);
        if (sameValue(target, old) || (waitFor !== null && waitFor !== address && movers.has(waitFor))) {
          target = null;
          unsetBy.set(desired?.id ?? product.id, address);
        } else {
          if (desired !== undefined) settled.add(desired.id);
          if (waitFor !== null && waitFor !== address && !change.dependsOn.includes(waitFor)) change.dependsOn.push(waitFor);
        }
        requests.push(post(`/v1/products/${product.id}`, { default_price: target ?? '' }));
      }
      requests.push(request);
    }
    change.requests = requests;
    change.dependsOn.sort();
  }

  const links: Change[] = [];
  for (const product of input.desired.values()) {
    if (settled.has(product.id)) continue;
    const target = input.target(product);
    if (target === undefined) {
      input.warn(`${product.id} default_price ${product.default_price} is not in the desired catalog; live keeps its own`);
      continue;
    }
    const twin = input.liveTwin(product.id);
    const before = unsetBy.has(product.id) ? null : twin?.default_price ?? null;
    const liveId = twin?.id ?? product.id;
    if (sameValue(before, target)) continue;
    const dependsOn: string[] = [];
    for (const address of [addressOf('product', product.id), priceChangeOf(product, input.changes), unsetBy.get(product.id)]) {
      // The change's own address string, so the plan holds one string per address.
      const change = address == null ? undefined : input.changes.get(address);
      if (change !== undefined && !dependsOn.includes(change.address)) dependsOn.push(change.address);
    }
    links.push(newChange({
      address: linkAddress(product.id),
      type: 'product',
      action: 'update',
      id: product.id,
      liveId,
      strategy: 'preserved',
      requests: [post(`/v1/products/${liveId}`, { default_price: target ?? '' })],
      fields: [newFieldChange('default_price', before, target)],
      dependsOn: dependsOn.length > 1 ? dependsOn.sort() : dependsOn,
    }));
  }
  return links;
}
