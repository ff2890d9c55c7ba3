/**
 * Catalog lists are sorted by id, and the planner pairs sorted lists by walking them side by side; lists that
 * are not sorted (a reader that broke the invariant) must give the same plan through the lookup path.
 */
import { plansApiCanCarry } from '../../src/catalog/rules.js';
import type { Catalog } from '../../src/catalog/types.js';
import { computePlan } from '../../src/plan/compute.js';
import { serializePlan } from '../../src/plan/planfile.js';
import { generateCatalog } from '../support/generate-catalog.js';
import { options } from './builders.js';

/**
 * Live as a migration left it (prices Stripe assigned an id to carry a link to their source), then drifted:
 * some prices gone, renamed products, changed amounts.
 */
function driftedTwin(desired: Catalog): Catalog {
  const prices = desired.prices.map((p, i) => (plansApiCanCarry(p) ? p : { ...p, id: `price_live_${String(i).padStart(5, '0')}`, link: p.id }));
  return {
    products: desired.products.map((p, i) => (i % 4 === 0 ? { ...p, name: `${p.name} before`, default_price: null } : { ...p, default_price: null })),
    prices: prices
      .filter((_, i) => i % 6 !== 0)
      .map((p, i) => (i % 5 === 0 ? { ...p, unit_amount: (p.unit_amount ?? 0) + 1 } : p))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    coupons: desired.coupons.filter((_, i) => i % 3 !== 0),
  };
}

describe('the order of live prices and coupons', () => {
  const desired = generateCatalog({ seed: 8, products: 150 });
  const live = driftedTwin(desired);
  const sorted = computePlan(desired, live, { ...options, prune: true });

  test('pairs sorted lists into a plan with creates, updates and replaces', () => {
    expect(new Set(sorted.changes.map((c) => c.action))).toEqual(new Set(['create', 'update', 'replace']));
  });

  test('does not change the plan when a reader lists them out of order', () => {
    const shuffled = { ...live, prices: [...live.prices].reverse(), coupons: [...live.coupons.slice(1), live.coupons[0]!] };
    expect(serializePlan(computePlan(desired, shuffled, { ...options, prune: true }))).toBe(serializePlan(sorted));
  });

  test('does not change the plan when the desired catalog lists them out of order', () => {
    // Out-of-order desired prices change the order of warnings only; everything else is the same.
    const shuffled = { ...desired, prices: [...desired.prices].reverse(), coupons: [...desired.coupons].reverse() };
    const plan = computePlan(shuffled, live, { ...options, prune: true });
    expect({ ...plan, warnings: [...plan.warnings].sort() }).toEqual({ ...sorted, warnings: [...sorted.warnings].sort() });
  });
});
