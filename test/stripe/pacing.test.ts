/** The pacer against a fake clock: how many requests start when, and in what order their places free up. */
import { WindowPacer } from '../../src/stripe/pacing.js';
import { backoffMs, readRetryMs } from '../../src/stripe/retry-policy.js';

/** Start times of `n` requests all asking at time 0 (the clock moves only while the pacer sleeps). */
async function startsOf(n: number, perSecond: number, spacingMs: number, refused: (i: number) => boolean = () => false): Promise<number[]> {
  let now = 0;
  const pacer = new WindowPacer(perSecond, () => now, async (ms) => {
    now += ms;
  }, 1000, spacingMs);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = await pacer.take();
    starts.push(now);
    if (refused(i)) pacer.refund(start);
  }
  return starts;
}

test('a burst within the limit leaves at once', async () => {
  expect(await startsOf(3, 3, 20)).toEqual([0, 0, 0]);
});

test('with spacing, the places of a burst are handed on spread out, as the burst reached the server', async () => {
  // The first request also opens the connection: its place is handed on three spacings late.
  expect(await startsOf(6, 3, 20)).toEqual([0, 0, 0, 1060, 1080, 1100]);
});

test('a refused request gives its place back', async () => {
  expect(await startsOf(5, 3, 0, (i) => i === 1)).toEqual([0, 0, 0, 0, 1000]);
});

test('without spacing, they are handed on all at once', async () => {
  expect(await startsOf(6, 3, 0)).toEqual([0, 0, 0, 1000, 1000, 1000]);
});

test('never more than the limit in any window, spacing or not', async () => {
  for (const spacing of [0, 20]) {
    const starts = await startsOf(40, 5, spacing);
    for (const start of starts) expect(starts.filter((s) => s > start - 1000 && s <= start).length).toBeLessThanOrEqual(5);
  }
});

test('a throttled read is retried after a short pause twice, then with Stripe backoff', () => {
  const mid = () => 0.5;
  expect(readRetryMs('throttle', 1, mid)).toBeLessThan(100);
  expect(readRetryMs('throttle', 2, mid)).toBeLessThan(100);
  expect(readRetryMs('throttle', 3, mid)).toBe(backoffMs(1, mid));
  expect(readRetryMs('retry', 1, mid)).toBe(backoffMs(1, mid));
});
