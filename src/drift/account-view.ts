/**
 * The account catalog as the planner should see it for a drift check. Against live nothing changes: one-time
 * prices there carry the manifest id as their link. Against the sandbox the account *is* the source: its
 * one-time prices have the manifest ids themselves and no link, and the planner's identity rule for them
 * (link, then lookup_key) would find nothing. So each unlinked sandbox price is treated as linked to its own
 * id; the planner is unchanged.
 */
import type { Catalog } from '../catalog/types.js';
import type { DriftAgainst } from './types.js';

export function accountView(catalog: Catalog, against: DriftAgainst): Catalog {
  if (against === 'live') return catalog;
  const self = <T extends { id: string; link: string | null }>(o: T): T => (o.link === null ? { ...o, link: o.id } : o);
  return {
    ...catalog,
    prices: catalog.prices.map(self),
    taxRates: catalog.taxRates?.map(self),
    shippingRates: catalog.shippingRates?.map(self),
  };
}
