/**
 * A small fixed-seed chaos run inside `npm test` (the 200-run measurement is `npm run chaos -- --runs 200`):
 * random catalogs, faults and latency spikes, every first apply SIGKILLed, re-runs until success; then live
 * equals the sandbox with nothing twice, nothing missing and no write to the sandbox.
 */
import { BUILT_CLI } from '../support/cli.js';
import { runChaos } from './runner.js';

test('three chaos runs (seed 7) converge with no duplicate, nothing missing and no sandbox write', async () => {
  const summary = await runChaos({ runs: 3, seed: 7, cli: BUILT_CLI, products: [5, 12], killProbability: 1 });
  expect(summary.failures).toEqual([]);
  expect(summary).toMatchObject({ runs: 3, converged: 3, duplicates: 0, missing: 0, sandboxWrites: 0, remainingChanges: 0 });
  // The run was not a quiet one: faults were injected and applies were killed and resumed.
  expect(Object.values(summary.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(summary.killed).toBeGreaterThanOrEqual(1);
  expect(summary.reRunsNeeded.total).toBeGreaterThanOrEqual(summary.killed);
}, 300_000);
