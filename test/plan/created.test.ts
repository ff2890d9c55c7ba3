/**
 * What a plan creates, indexed per type on demand: it must answer exactly as the set of the creating changes'
 * addresses would, whenever it is asked and whatever is added afterwards.
 */
import { addressOf } from '../../src/catalog/rules.js';
import type { ResourceType } from '../../src/catalog/types.js';
import { CreatedChanges } from '../../src/plan/created.js';
import type { Change } from '../../src/plan/types.js';

function change(type: ResourceType, id: string): Change {
  return { address: addressOf(type, id), type, action: 'create', id, liveId: id, strategy: 'preserved', requests: [], dependsOn: [] };
}

describe('CreatedChanges', () => {
  const first = [change('product', 'prod_a'), change('price', 'price_1'), change('product', 'prod_b'), change('meter', 'mtr_x')];
  const later = [change('product', 'prod_c'), change('price', 'price_2')];

  test('answers like the set of addresses, before and after more changes are added', () => {
    const created = new CreatedChanges();
    const reference = new Set<string>();
    for (const c of first) {
      created.add(c);
      reference.add(c.address);
    }
    const asked = ['product/prod_a', 'product/prod_c', 'price/price_1', 'meter/mtr_x', 'feature/prod_a', 'product/prod_a#features', 'prod_a', ''];
    for (const address of asked) expect(created.has(address)).toBe(reference.has(address));
    const set = created.asSet();
    expect([...set]).toEqual([...reference]);
    for (const c of later) {
      created.add(c);
      reference.add(c.address);
    }
    for (const address of asked) expect(created.has(address)).toBe(reference.has(address));
    expect([...set]).toEqual([...reference]);
    expect(set.size).toBe(reference.size);
  });

  test('gives the creating change its own address string, or undefined for what the plan does not create', () => {
    const created = new CreatedChanges();
    for (const c of first) created.add(c);
    expect(created.address('product', 'prod_b')).toBe(first[2]!.address);
    expect(created.address('meter', 'prod_b')).toBeUndefined();
    created.add(later[0]!);
    expect(created.address('product', 'prod_c')).toBe(later[0]!.address);
  });
});
