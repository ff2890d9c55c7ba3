import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run.js';
import { parseFaultSpec } from '../../src/emulator/fault-spec.js';
import { parseSwitch, parseSwitches } from '../../src/emulator/switch-spec.js';
import { DEFAULT_SWITCHES, OTHER_ANSWERS } from '../../src/emulator/switches.js';
import { UsageError } from '../../src/util/errors.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

test('§12 migrate emulator prints one line with its URL, serves, and exits 0 on SIGTERM', async () => {
  const out = capture();
  const err = capture();
  const done = runCli(['emulator', '--port', '0'], { stdout: out.stream, stderr: err.stream, env: {} });
  while (!out.text().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
  const lines = out.text().trim().split('\n');
  expect(lines).toHaveLength(1);
  const match = /^Stripe emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0]);
  expect(match).not.toBeNull();
  const res = await fetch(`${match![1]}/v1/account`, { headers: { Authorization: 'Bearer sk_test_cli' } });
  expect(((await res.json()) as { id: string }).id).toBe('acct_cli');
  process.emit('SIGTERM');
  expect(await done).toBe(0);
});

test('§12 a bad --faults string is a usage error naming the bad part', async () => {
  const err = capture();
  const code = await runCli(['emulator', '--port', '0', '--faults', 'error-500=0.1,explode=0.5'], { stdout: capture().stream, stderr: err.stream, env: {} });
  expect(code).toBe(1);
  expect(err.text()).toContain('"explode=0.5"');
  expect(() => parseFaultSpec('error-500=2')).toThrow(UsageError);
  expect(parseFaultSpec('reset-after-commit=0.1,error-500=0.05,rate-limit=0.1')).toEqual({ 'reset-after-commit': 0.1, 'error-500': 0.05, 'rate-limit': 0.1 });
});

test.each([
  [['--rate-limit'], 25],
  [['--rate-limit', '--no-endpoint-limits'], 30],
])('§1.9 migrate emulator %j: %d of 30 list calls to one endpoint in a second pass in live', async (flags, passed) => {
  const out = capture();
  const done = runCli(['emulator', '--port', '0', ...flags], { stdout: out.stream, stderr: capture().stream, env: {} });
  while (!out.text().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
  const url = /(http:\/\/\S+)/.exec(out.text())![1];
  const replies = await Promise.all(
    Array.from({ length: 30 }, () => fetch(`${url}/v1/coupons?limit=1`, { headers: { Authorization: 'Bearer sk_live_cli' } }).then((res) => res.status)),
  );
  expect(replies.filter((status) => status === 200)).toHaveLength(passed);
  process.emit('SIGTERM');
  expect(await done).toBe(0);
});

describe('--switch and --other-answers', () => {
  test('a switch is read by the type of its answer: true or false, one of its choices, null where it may be, or text', () => {
    expect(parseSwitch('productIdMayStartWithProd=false')).toEqual({ productIdMayStartWithProd: false });
    expect(parseSwitch('planDeleteEffect=archive')).toEqual({ planDeleteEffect: 'archive' });
    expect(parseSwitch('alreadyExistsParam=null')).toEqual({ alreadyExistsParam: null });
    expect(parseSwitch('idempotencyMismatchCode=null')).toEqual({ idempotencyMismatchCode: null });
    expect(parseSwitch('rateLimitMessage=Too many requests = slow down')).toEqual({ rateLimitMessage: 'Too many requests = slow down' });
    expect(parseSwitches(['limitOver100=clamp', 'limitOver100=error'], OTHER_ANSWERS)).toMatchObject({ limitOver100: 'error', productIdMayStartWithProd: false });
  });

  test.each([
    ['productIdStartsWithProd=false', /no switch "productIdStartsWithProd"/],
    ['productIdMayStartWithProd', /has no value/],
    ['productIdMayStartWithProd=no', /productIdMayStartWithProd is true or false, not "no"/],
    ['planDeleteEffect=keep', /planDeleteEffect is one of remove, archive, not "keep"/],
    ['alreadyExistsParam=param', /alreadyExistsParam is one of id, null, not "param"/],
  ])('%s is a usage error that says what is wrong', async (spec, message) => {
    const err = capture();
    expect(await runCli(['emulator', '--port', '0', '--switch', spec], { stdout: capture().stream, stderr: err.stream, env: {} })).toBe(1);
    expect(err.text()).toMatch(message);
  });

  test('--other-answers turns every yes-or-no question the other way', () => {
    for (const [name, value] of Object.entries(DEFAULT_SWITCHES)) {
      if (typeof value !== 'boolean') continue;
      expect([name, OTHER_ANSWERS[name as keyof typeof OTHER_ANSWERS]]).toEqual([name, !value]);
    }
  });

  test.each([
    [['--switch', 'productIdMayStartWithProd=false'], 400],
    [['--other-answers'], 400],
    [['--other-answers', '--switch', 'productIdMayStartWithProd=true'], 200],
    [[], 200],
  ])('migrate emulator %j: a product created as prod_kept answers %d', async (flags, status) => {
    const out = capture();
    const done = runCli(['emulator', '--port', '0', ...flags], { stdout: out.stream, stderr: capture().stream, env: {} });
    while (!out.text().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
    const url = /(http:\/\/\S+)/.exec(out.text())![1];
    const res = await fetch(`${url}/v1/products`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_cli', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'id=prod_kept&name=Kept',
    });
    expect(res.status).toBe(status);
    process.emit('SIGTERM');
    expect(await done).toBe(0);
  });
});
