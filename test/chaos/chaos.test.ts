/**
 * A small fixed-seed chaos run inside `npm test` (the 200-run measurement is `npm run chaos -- --runs 200`):
 * random catalogs, faults and latency spikes, every first apply SIGKILLed, re-runs until success; then live
 * equals the sandbox with nothing twice, nothing missing and no write to the sandbox.
 */
import { emptyCatalog } from '../../src/catalog/types.js';
import { OTHER_ANSWERS } from '../../src/emulator/switches.js';
import { computePlan } from '../../src/plan/compute.js';
import { BUILT_CLI } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';
import { findDuplicates, findMissing, runChaos } from './runner.js';

test('three chaos runs (seed 7) converge with no duplicate, nothing missing and no sandbox write', async () => {
  const summary = await runChaos({ runs: 3, seed: 7, cli: BUILT_CLI, products: [5, 12], killProbability: 1 });
  expect(summary.failures).toEqual([]);
  expect(summary).toMatchObject({ runs: 3, converged: 3, duplicates: 0, missing: 0, sandboxWrites: 0, remainingChanges: 0 });
  // The run was not a quiet one: faults were injected and applies were killed and resumed.
  expect(Object.values(summary.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(summary.killed).toBeGreaterThanOrEqual(1);
  expect(summary.reRunsNeeded.total).toBeGreaterThanOrEqual(summary.killed);
}, 300_000);

test('two chaos runs under the other answers (products created linked, plans moved) converge just as well', async () => {
  const summary = await runChaos({ runs: 2, seed: 9, cli: BUILT_CLI, products: [5, 12], killProbability: 1, switches: OTHER_ANSWERS });
  expect(summary.failures).toEqual([]);
  expect(summary).toMatchObject({ runs: 2, converged: 2, duplicates: 0, missing: 0, sandboxWrites: 0, remainingChanges: 0 });
  expect(summary.killed).toBeGreaterThanOrEqual(1);
}, 300_000);

describe('the checks can see what they look for', () => {
  const catalog = generateCatalog({ seed: 4, products: 3 });
  const options = {
    source: { kind: 'account' as const, account: 'acct_a', mode: 'test' as const },
    target: { kind: 'account' as const, account: 'acct_b', mode: 'live' as const },
    tool: { name: 'migrate', version: '0' },
    stripeApiVersion: 'v',
  };

  test('a one-time price present twice under its link is a duplicate', () => {
    const oneTime = catalog.prices.find((p) => p.recurring === null)!;
    const copy = (id: string) => ({ ...oneTime, id, link: oneTime.id });
    const live = { ...catalog, prices: [...catalog.prices.filter((p) => p !== oneTime), copy('price_live1'), copy('price_live2')] };
    expect(findDuplicates(live)).toEqual([`price linked to ${oneTime.id} ×2`]);
    expect(findDuplicates(catalog)).toEqual([]);
  });

  test('a product present twice under its link is a duplicate; once under its link it is not missing', () => {
    const product = catalog.products.find((p) => p.active)!;
    const copy = (id: string) => ({ ...product, id, link: product.id });
    const others = catalog.products.filter((p) => p !== product);
    expect(findDuplicates({ ...catalog, products: [...others, copy('prod_L1'), copy('prod_L2')] })).toEqual([`product linked to ${product.id} ×2`]);
    expect(findMissing(computePlan(catalog, emptyCatalog(), options), { ...catalog, products: [...others, copy('prod_L1')] })).toEqual([]);
  });

  test('an object the sandbox would create but live lacks is missing', () => {
    const creates = computePlan(catalog, emptyCatalog(), options);
    const product = catalog.products.find((p) => p.active)!;
    const live = { ...catalog, products: catalog.products.filter((p) => p !== product) };
    expect(findMissing(creates, live)).toEqual([`product/${product.id}`]);
    expect(findMissing(creates, catalog)).toEqual([]);
  });
});
