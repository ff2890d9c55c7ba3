/**
 * The emulator answers every question api-notes leaves UNCONFIRMED with its most likely answer; each is a switch
 * (`src/emulator/switches.ts`). The tool must do its main job under the other answers too: here all of them at
 * once, on the demo catalog (every type, features, meters, legacy plan, tiered and decimal prices; every product
 * id starts with `prod_`, so under the other answer every product is created linked, with an id Stripe assigns).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorSwitches } from '../../src/emulator/switches.js';
import { readManifests } from '../../src/manifests/read.js';
import { startTestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';

const OTHER_ANSWERS: Partial<EmulatorSwitches> = {
  limitOver100: 'clamp',
  listIncludesInactiveByDefault: false,
  // With the next one, plan-created prices are listed by `GET /v1/plans` only; were that list also to hide those
  // with price-only fields (its default), such a price would be in no list at all, which no API does.
  plansListHidesPriceOnlyFields: false,
  plansListedAsPrices: false,
  pricesReadableAsPlans: false,
  priceUpdateOnPlanIds: false,
  planDeleteEffect: 'archive',
  planIdMayStartWithPrice: false,
  productIdMayStartWithProd: false,
  deletedIdsReusable: false,
  alreadyExistsParam: null,
  defaultPriceMustBelongToProduct: false,
  idempotencyMismatchCode: 'idempotency_key_mismatch',
  idempotencyEndpointMismatchType: 'invalid_request_error',
  replayedHeaderOnFirst: 'false',
  lockTimeoutShouldRetry: false,
  rateLimitedReasonHeader: true,
  requestLogUrl: false,
  currencyOptionsIncludeOwnCurrency: false,
  meterRepeatStatusChange: 'accept',
  shippingCurrencyOptionsIncludable: true,
  shippingTaxBehaviorOneWay: true,
  archivedFeatureKeepsAttachments: false,
};

// With plan ids that may not start with `price_`, most recurring prices never reach the Plans API; the other runs
// let them, so the answers about plan-created prices meet: not updatable (moved to the Prices API, the plan left
// archived), or updatable but listed by `GET /v1/plans` only (read back one by one).
test.each([
  ['every unconfirmed question', OTHER_ANSWERS],
  ['every question but whether plan ids may start with price_', { ...OTHER_ANSWERS, planIdMayStartWithPrice: true }],
  ['every question but whether plan ids may start with price_ and plan-created prices can be updated', { ...OTHER_ANSWERS, planIdMayStartWithPrice: true, priceUpdateOnPlanIds: true }],
])('under the other answer to %s, plan, apply and a clean re-plan still hold', async (_name, switches) => {
  const { catalog } = await readManifests(join(process.cwd(), 'manifests'));
  const t = await startTestEmulator({ switches });
  try {
    const productFeatures = catalog.products.flatMap((product) => (product.features ?? []).map((feature) => ({ product: product.id, entitlement_feature: feature })));
    t.emulator.seed('sk_test_otheranswers', { ...catalog, productFeatures });
    const cwd = await mkdtemp(join(tmpdir(), 'migrate-other-answers-'));
    const env = { STRIPE_SANDBOX_KEY: 'sk_test_otheranswers', STRIPE_LIVE_KEY: 'sk_live_otheranswers', STRIPE_API_BASE: t.emulator.url };

    expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
    const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
    expect(applied.stderr).not.toMatch(/^(failed|blocked) /m);
    expect(applied.code).toBe(0);
    const again = await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);

    const before = t.emulator.requests().length;
    expect((await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd })).code).toBe(0);
    expect(t.emulator.requests().slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  } finally {
    await t.emulator.close();
  }
});
