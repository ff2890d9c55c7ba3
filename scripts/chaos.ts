/**
 * `npm run chaos -- --runs N --seed S [--other-answers]`: random catalogs, random faults, SIGKILLed applies and re-runs against
 * the emulator, with the built CLI as child processes (see test/chaos/runner.ts). Progress on stderr, one JSON
 * summary on stdout; exit 1 unless every run converged with no duplicate and nothing missing.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OTHER_ANSWERS } from '../src/emulator/switches.js';
import { runChaos } from '../test/chaos/runner.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    'min-products': { type: 'string', default: '5' },
    'max-products': { type: 'string', default: '40' },
    'kill-probability': { type: 'string', default: '0.5' },
    'timeout-ms': { type: 'string', default: '1000' },
    'other-answers': { type: 'boolean', default: false },
  },
});

const number = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`chaos: --${name} must be a non-negative number, not ${String(values[name])}\n`);
    process.exit(1);
  }
  return value;
};

const summary = await runChaos({
  runs: number('runs'),
  seed: number('seed'),
  products: [number('min-products'), number('max-products')],
  killProbability: number('kill-probability'),
  timeoutMs: number('timeout-ms'),
  cli: fileURLToPath(new URL('../src/cli/main.js', import.meta.url)),
  log: (line) => process.stderr.write(`${line}\n`),
  // The emulator's other answer to every question Stripe does not document (`migrate emulator --other-answers`).
  switches: values['other-answers'] ? OTHER_ANSWERS : {},
});
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
const clean = summary.converged === summary.runs && summary.duplicates === 0 && summary.missing === 0 && summary.sandboxWrites === 0;
process.exit(clean ? 0 : 1);
