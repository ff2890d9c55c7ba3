import { AimdLimiter } from '../../src/apply/aimd.js';
import { classifyFailure } from '../../src/stripe/retry-policy.js';
import { idempotencyKey } from '../../src/apply/idempotency.js';
import { stripeError } from './fake-gateway.js';

/** A ticket, which the test's sequence of takes and releases always leaves room for. */
function take(limiter: AimdLimiter): number {
  const ticket = limiter.tryAcquire();
  if (ticket === undefined) throw new Error('no free slot');
  return ticket;
}

test('AIMD halves once per burst of 429s and grows by one per window of successes, within its bounds', () => {
  const limiter = new AimdLimiter({ initial: 8, max: 10 });
  const burst = Array.from({ length: 8 }, () => take(limiter));
  for (const ticket of burst) limiter.release(ticket, 'throttled');
  expect(limiter.limit).toBe(4);

  for (let window = 0; window < 20; window += 1) {
    limiter.release(take(limiter), 'success');
  }
  expect(limiter.limit).toBeGreaterThan(4);
  for (let i = 0; i < 200; i += 1) limiter.release(take(limiter), 'success');
  expect(limiter.limit).toBe(10);

  for (let i = 0; i < 10; i += 1) limiter.release(take(limiter), 'throttled');
  expect(limiter.limit).toBeGreaterThanOrEqual(1);
});

test('a 429 within a second of a halving does not halve again, even for a request sent after it', () => {
  let now = 0;
  const limiter = new AimdLimiter({ initial: 16, max: 20, now: () => now });
  limiter.release(take(limiter), 'throttled');
  expect(limiter.limit).toBe(8);
  // Sent after the halving and refused at once (a 429 comes back before any work): the same overfull second.
  now = 5;
  limiter.release(take(limiter), 'throttled');
  expect(limiter.limit).toBe(8);
  now = 1005;
  limiter.release(take(limiter), 'throttled');
  expect(limiter.limit).toBe(4);
});

test('the limiter never lets more than its limit run at once', () => {
  const limiter = new AimdLimiter({ initial: 3, max: 3 });
  const tickets = [take(limiter), take(limiter), take(limiter)];
  expect(limiter.tryAcquire()).toBeUndefined();
  limiter.release(tickets[0]!, 'success');
  expect(limiter.tryAcquire()).toBeDefined();
  expect(limiter.tryAcquire()).toBeUndefined();
});

test.each([
  ['rate_limit 429', stripeError(429, 'rate_limit', 'Request rate limit exceeded'), 'throttle'],
  ['lock_timeout 429', stripeError(429, 'lock_timeout', 'locked', { shouldRetry: true }), 'throttle'],
  ['409 key in use', stripeError(409, 'idempotency_key_in_use', 'in use'), 'retry'],
  ['500', stripeError(500, 'api_error', 'boom'), 'retry'],
  ['500 with Stripe-Should-Retry: false', stripeError(500, 'api_error', 'boom', { shouldRetry: false }), 'final'],
  ['400 with Stripe-Should-Retry: true', stripeError(400, 'x', 'y', { shouldRetry: true }), 'retry'],
  ['400 invalid', stripeError(400, 'parameter_unknown', 'Received unknown parameter: x'), 'final'],
  ['a bug', new TypeError('x is undefined'), 'final'],
])('%s is classified as %s', (_name, error, kind) => {
  expect(classifyFailure(error)).toBe(kind);
});

test('idempotency keys are deterministic and differ per plan, address and request', () => {
  const key = idempotencyKey('sha256:aa', 'product/prod_a', 0);
  expect(key).toMatch(/^scm_[0-9a-f]{20}$/);
  expect(idempotencyKey('sha256:aa', 'product/prod_a', 0)).toBe(key);
  const others = [
    idempotencyKey('sha256:bb', 'product/prod_a', 0),
    idempotencyKey('sha256:aa', 'product/prod_b', 0),
    idempotencyKey('sha256:aa', 'product/prod_a', 1),
    idempotencyKey('sha256:aa', 'product/prod_a', 0, 1),
  ];
  expect(new Set([key, ...others]).size).toBe(5);
});
