import { containsKeyShaped, redact } from '../../src/util/redact.js';
import { MigrateError } from '../../src/util/errors.js';

test.each([
  ['Invalid API Key provided: sk_live_abcDEF123', 'Invalid API Key provided: sk_live_****'],
  ['rk_test_x and pk_live_y', 'rk_test_**** and pk_live_****'],
  ['secret whsec_abc123 here', 'secret whsec_**** here'],
  ['no key here: prod_basic, price_123', 'no key here: prod_basic, price_123'],
])('redact(%j)', (input, expected) => {
  expect(redact(input)).toBe(expected);
  expect(containsKeyShaped(expected)).toBe(false);
});

test('containsKeyShaped finds keys anywhere and is repeatable', () => {
  expect(containsKeyShaped('a: sk_test_abc')).toBe(true);
  expect(containsKeyShaped('a: sk_test_abc')).toBe(true);
  expect(containsKeyShaped('prod_basic')).toBe(false);
});

test('error messages are redacted when they are built', () => {
  const error = new MigrateError('x', 'bad key sk_live_LeakyKey99', { hint: 'try rk_live_Other1' });
  expect(error.message).not.toContain('LeakyKey99');
  expect(error.hint).not.toContain('Other1');
});
