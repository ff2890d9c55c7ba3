import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

test('an unknown command exits 1 and points at --help', async () => {
  const out = capture();
  const err = capture();
  const code = await runCli(['bogus'], { stdout: out.stream, stderr: err.stream, env: {} });
  expect(code).toBe(1);
  expect(err.text()).toMatch(/migrate --help/);
});

test('demo runs without keys and exits 0', async () => {
  const out = capture();
  const err = capture();
  const code = await runCli(['demo'], { stdout: out.stream, stderr: err.stream, env: {} });
  expect(code).toBe(0);
  expect(out.text()).toMatch(/emulator/);
});
