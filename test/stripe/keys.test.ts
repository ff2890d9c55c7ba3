import { sourceKey, targetKey, parseKeyShape } from '../../src/stripe/keys.js';
import { ConfigError } from '../../src/util/errors.js';

const refusal = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

test.each([
  ['sk_test_acme', 'secret', 'test'],
  ['rk_live_acme', 'restricted', 'live'],
  ['pk_test_acme', 'publishable', 'test'],
])('parseKeyShape(%s) is a %s %s key', (key, kind, mode) => {
  expect(parseKeyShape(key)).toEqual({ kind, mode });
});

test.each(['', 'acme', 'sk_prod_acme', 'sk_test_', 'sk_test_a b'])('parseKeyShape(%j) is not a key', (key) => {
  expect(parseKeyShape(key)).toBeNull();
});

test('the sandbox key must be set, and the refusal names the variable', () => {
  const error = refusal(() => sourceKey({}));
  expect(error.code).toBe('key_missing');
  expect(error.message).toContain('STRIPE_SANDBOX_KEY');
});

test('a live key where the sandbox key belongs is refused without printing it', () => {
  const key = 'sk_live_SomethingSecret42';
  const error = refusal(() => sourceKey({ STRIPE_SANDBOX_KEY: key }));
  expect(error.code).toBe('key_wrong_mode');
  expect(`${error.message} ${error.hint}`).not.toContain('SomethingSecret42');
  expect(error.hint).toContain('--source-mode');
});

test('a test key where the live key belongs is refused unless --target-mode test', () => {
  const env = { STRIPE_LIVE_KEY: 'sk_test_other' };
  expect(refusal(() => targetKey(env)).code).toBe('key_wrong_mode');
  expect(targetKey(env, { targetMode: 'test' })).toEqual({ key: 'sk_test_other', mode: 'test' });
});

test('a publishable key is refused', () => {
  expect(refusal(() => targetKey({ STRIPE_LIVE_KEY: 'pk_live_acme' })).code).toBe('key_publishable');
});

test('a malformed key is refused without echoing it', () => {
  const error = refusal(() => targetKey({ STRIPE_LIVE_KEY: 'not-a-key-hunter2' }));
  expect(error.code).toBe('key_malformed');
  expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
});
