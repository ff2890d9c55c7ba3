import { RULES, isUpdatable, updatableRule } from '../../src/catalog/rules.js';

describe('rules tables', () => {
  test.each(Object.values(RULES).map((r) => [r.kind, r] as const))('%s: every field is updatable or immutable, and only model fields are named', (_kind, rules) => {
    for (const field of rules.fields) {
      const covered = updatableRule(rules, field) !== undefined || rules.immutable.includes(field);
      expect({ field, covered }).toEqual({ field, covered: true });
    }
    for (const field of [...rules.immutable, ...rules.updatable.map((u) => u.path.split('.')[0]!), ...rules.references.map((r) => r.path.split('.')[0]!)]) {
      expect(rules.fields).toContain(field);
    }
  });

  test.each([
    ['price', 'tax_behavior', 'unspecified', 'inclusive', true],
    ['price', 'tax_behavior', 'inclusive', 'exclusive', false],
    ['price', 'unit_amount', 1000, 1200, false],
    ['price', 'recurring.trial_period_days', null, 14, false],
    ['plan', 'recurring.trial_period_days', null, 14, true],
    ['plan', 'recurring.interval', 'month', 'year', false],
    ['plan', 'product', 'prod_a', 'prod_b', true],
    ['coupon', 'currency_options.eur', { amount_off: 1 }, { amount_off: 2 }, true],
    ['coupon', 'currency_options.eur', { amount_off: 1 }, null, false],
    ['coupon', 'percent_off', 10, 20, false],
    ['product', 'default_price', 'price_a', 'price_b', true],
  ] as const)('%s %s: %j → %j in place is %s', (kind, path, before, after, expected) => {
    expect(isUpdatable(RULES[kind], path, before, after)).toBe(expected);
  });
});
