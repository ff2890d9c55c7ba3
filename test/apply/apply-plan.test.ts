import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { readJournal } from '../../src/apply/journal.js';
import type { ApplyEvent, ApplyOptions } from '../../src/apply/types.js';
import { LINK_METADATA_KEY, emptyCatalog } from '../../src/catalog/types.js';
import type { Change } from '../../src/plan/types.js';
import { FakeGateway, stripeError } from './fake-gateway.js';
import { buildPlan, couponCreate, defaultPriceLink, oneTimePriceCreate, productCreate, recurringPriceCreate } from './plan-builders.js';

const fast: ApplyOptions['scheduler'] = { sleep: async () => undefined, random: () => 0 };

function catalogPlan(): Change[] {
  return [
    productCreate('prod_basic'),
    productCreate('prod_addon'),
    recurringPriceCreate('price_monthly', 'prod_basic', { lookup_key: 'basic_monthly', tax_behavior: 'exclusive' }),
    oneTimePriceCreate('price_setup', 'prod_addon'),
    defaultPriceLink('prod_basic', 'price_monthly'),
    defaultPriceLink('prod_addon', 'price_setup'),
    couponCreate('LAUNCH20', { percent_off: 20 }),
  ];
}

function tempPlanPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'scm-apply-')), 'plan.yaml');
}

describe('applyPlan against a fake gateway', () => {
  test('creates everything in dependency order, with preserved ids and refs resolved to assigned ids', async () => {
    const live = new FakeGateway();
    const plan = buildPlan(catalogPlan(), emptyCatalog());
    const result = await applyPlan(plan, live, { scheduler: fast });

    expect(result.ok).toBe(true);
    expect([...live.products.keys()].sort()).toEqual(['prod_addon', 'prod_basic']);
    expect(live.prices.get('price_monthly')?.lookup_key).toBe('basic_monthly');
    const setup = [...live.prices.values()].find((p) => p.link === 'price_setup');
    expect(setup).toBeDefined();
    expect(setup!.id).not.toBe('price_setup');
    expect(live.products.get('prod_addon')?.default_price).toBe(setup!.id);
    expect(live.products.get('prod_basic')?.default_price).toBe('price_monthly');
    expect(live.coupons.get('LAUNCH20')?.percent_off).toBe(20);
    expect(result.idMap.get('price/price_setup')).toBe(setup!.id);
    expect(result.counts.created).toBe(5);
    expect(result.counts.updated).toBe(2);
  });

  test('every request carries a derived key that is the same on a second run of the same plan', async () => {
    const plan = buildPlan(catalogPlan(), emptyCatalog());
    const first = new FakeGateway();
    const second = new FakeGateway();
    await applyPlan(plan, first, { scheduler: fast });
    await applyPlan(plan, second, { scheduler: fast });
    const keysOf = (g: FakeGateway) => new Map(g.log.map((w) => [`${w.method} ${w.path} ${JSON.stringify(w.params)}`, w.idempotencyKey]));
    expect(keysOf(first)).toEqual(keysOf(second));
    const keys = first.log.map((w) => w.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^scm_[0-9a-f]{20}$/);
  });

  test('a connection lost after a one-time price committed converges in the same run, without a duplicate', async () => {
    const plan = buildPlan(catalogPlan(), emptyCatalog());
    const live = new FakeGateway();
    live.afterCommit = (method, p) => {
      if (method === 'POST' && p === '/v1/prices') throw stripeError(500, 'api_error', 'socket hang up', { category: 'connection' });
    };
    const result = await applyPlan(plan, live, { scheduler: { ...fast, maxRetries: 1 } });
    expect(result.ok).toBe(true);
    expect([...live.prices.values()].filter((p) => p.link === 'price_setup')).toHaveLength(1);
  });

  test('a resumed run skips finished changes and retries the interrupted one with the same key', async () => {
    const path = tempPlanPath();
    const plan = buildPlan(catalogPlan(), emptyCatalog());
    const live = new FakeGateway();
    // The process dies right after the recurring price committed: the first run never learns it succeeded.
    live.afterCommit = (method, p) => {
      if (method === 'POST' && p === '/v1/plans') throw new Error('killed');
    };
    const first = await applyPlan(plan, live, { journalPath: `${path}.journal.jsonl`, scheduler: fast });
    expect(first.ok).toBe(false);
    const interruptedKey = live.log.find((w) => w.path === '/v1/plans')!.idempotencyKey;

    live.afterCommit = undefined;
    const logBefore = live.log.length;
    const second = await applyPlan(plan, live, { journalPath: `${path}.journal.jsonl`, scheduler: fast });
    expect(second.ok).toBe(true);
    const resent = live.log.slice(logBefore);
    expect(resent.find((w) => w.path === '/v1/plans')).toMatchObject({ idempotencyKey: interruptedKey, replayed: true });
    expect(resent.some((w) => w.path === '/v1/products' || w.path === '/v1/coupons')).toBe(false);
    expect(live.created.filter((address) => address === 'price/price_monthly')).toHaveLength(1);
    expect(live.prices.get('price_monthly')?.lookup_key).toBe('basic_monthly');
    expect(live.products.get('prod_basic')?.default_price).toBe('price_monthly');
  });

  test('a journal with a torn last line (cut by SIGKILL) still resumes', async () => {
    const path = tempPlanPath();
    const journalPath = `${path}.journal.jsonl`;
    const plan = buildPlan(catalogPlan(), emptyCatalog());
    const live = new FakeGateway();
    await applyPlan(plan, live, { journalPath, scheduler: fast });
    writeFileSync(journalPath, readFileSync(journalPath, 'utf8') + '{"event":"started","time":"2026');
    const state = await readJournal(journalPath, plan.contentHash);
    expect(state.size).toBeGreaterThan(0);

    const again = await applyPlan(plan, live, { journalPath, scheduler: fast });
    expect(again.ok).toBe(true);
    expect(again.counts['already-done']).toBe(plan.changes.length);
    expect(again.stats.requestsSent).toBe(0);
    // The next append starts on its own line, so the journal stays readable.
    expect((await readJournal(journalPath, plan.contentHash)).size).toBe(state.size);
  });

  test('an object that already exists with the same id and content counts as done; different content fails', async () => {
    const live = new FakeGateway();
    live.products.set('prod_basic', { ...(await seedProduct('prod_basic')) });
    live.products.set('prod_addon', { ...(await seedProduct('prod_addon')), name: 'Someone else' });
    const plan = buildPlan([productCreate('prod_basic'), productCreate('prod_addon')], emptyCatalog());
    const result = await applyPlan(plan, live, { scheduler: fast });
    const byAddress = new Map(result.changes.map((c) => [c.address, c]));
    expect(byAddress.get('product/prod_basic')?.outcome).toBe('already-done');
    expect(byAddress.get('product/prod_addon')).toMatchObject({ outcome: 'failed', errorCode: 'apply_conflict' });
    expect(live.products.get('prod_addon')?.name).toBe('Someone else');
  });

  test('a one-time price whose linked twin is already live is not created again', async () => {
    const live = new FakeGateway();
    const seed = new FakeGateway();
    await applyPlan(buildPlan([productCreate('prod_addon'), oneTimePriceCreate('price_setup', 'prod_addon')], emptyCatalog()), seed, { scheduler: fast });
    for (const [id, p] of seed.products) live.products.set(id, p);
    for (const [id, p] of seed.prices) live.prices.set(id, p);

    const plan = buildPlan([oneTimePriceCreate('price_setup', 'prod_addon')], emptyCatalog());
    const result = await applyPlan(plan, live, { live: await live.readCatalog(), scheduler: fast });
    expect(result.ok).toBe(true);
    expect(live.log).toHaveLength(0);
    expect(result.idMap.get('price/price_setup')).toBe([...seed.prices.keys()][0]);
  });

  test('when Stripe refuses a plan id, the price is created through the Prices API, linked, and references follow', async () => {
    const live = new FakeGateway();
    live.refusePlanId = (id) => id.startsWith('price_');
    const events: ApplyEvent[] = [];
    const plan = buildPlan(catalogPlan(), emptyCatalog());
    const result = await applyPlan(plan, live, { scheduler: fast, onEvent: (e) => events.push(e) });

    expect(result.ok).toBe(true);
    const monthly = [...live.prices.values()].find((p) => p.link === 'price_monthly');
    expect(monthly).toBeDefined();
    expect(monthly!.recurring?.interval).toBe('month');
    expect(monthly!.lookup_key).toBe('basic_monthly');
    expect(live.prices.has('price_monthly')).toBe(false);
    expect(live.products.get('prod_basic')?.default_price).toBe(monthly!.id);
    expect(result.idMap.get('price/price_monthly')).toBe(monthly!.id);
    expect(result.warnings.join('\n')).toMatch(/price_monthly/);
    expect(events.some((e) => e.type === 'warning')).toBe(true);
  });

  test('when Stripe refuses a prod_ product id, the product is created linked; later ones are not asked again', async () => {
    const live = new FakeGateway();
    live.refuseProductId = (id) => id.startsWith('prod_');
    const plan = buildPlan([productCreate('prod_a'), productCreate('prod_b'), productCreate('plain'), recurringPriceCreate('gold', 'prod_b')], emptyCatalog());
    const result = await applyPlan(plan, live, { scheduler: { ...fast, initialConcurrency: 1, maxConcurrency: 1 } });

    expect(result.ok).toBe(true);
    const productCreates = live.log.filter((w) => w.path === '/v1/products');
    // prod_a is refused once; prod_b goes straight to the fallback; `plain` keeps its id.
    expect(productCreates.filter((w) => w.params.id !== undefined).map((w) => w.params.id)).toEqual(['prod_a', 'plain']);
    expect(productCreates.filter((w) => w.params.id === undefined).map((w) => (w.params.metadata as Record<string, string>)[LINK_METADATA_KEY]).sort()).toEqual(['prod_a', 'prod_b']);
    const b = [...live.products.values()].find((p) => p.link === 'prod_b')!;
    expect(result.idMap.get('product/prod_b')).toBe(b.id);
    expect(live.prices.get('gold')?.product).toBe(b.id);
    expect(live.products.get('plain')?.link).toBeNull();
    expect(result.warnings.join('\n')).toMatch(/prod_a: Stripe refused to create it under its own id .*every other product whose id starts with prod_ the same way, without asking again/);
  });

  test('a plan refused for something other than its id moves that price alone to the Prices API', async () => {
    const live = new FakeGateway();
    live.beforeWrite = (_m, path, params) => {
      if (path === '/v1/plans' && params.id === 'price_a') throw stripeError(400, 'parameter_invalid', 'Plans cannot carry this.', { param: 'interval' });
    };
    const plan = buildPlan([productCreate('p'), recurringPriceCreate('price_a', 'p'), recurringPriceCreate('price_b', 'p')], emptyCatalog());
    const result = await applyPlan(plan, live, { scheduler: { ...fast, initialConcurrency: 1, maxConcurrency: 1 } });
    expect(result.ok).toBe(true);
    expect(live.prices.has('price_b')).toBe(true);
    expect([...live.prices.values()].find((p) => p.link === 'price_a')).toBeDefined();
    expect(result.warnings.join('\n')).not.toMatch(/without asking again/);
  });

  test('429s slow the run down and never fail a change', async () => {
    const live = new FakeGateway();
    let attempts = 0;
    live.beforeWrite = () => {
      attempts += 1;
      if (attempts % 2 === 0 && attempts < 12) throw stripeError(429, 'rate_limit', 'Request rate limit exceeded');
    };
    const plan = buildPlan(catalogPlan(), emptyCatalog());
    const result = await applyPlan(plan, live, { scheduler: { ...fast, initialConcurrency: 8 } });
    expect(result.ok).toBe(true);
    expect(result.stats.throttled).toBeGreaterThan(0);
    expect(result.stats.finalConcurrency).toBeLessThan(8);
  });

  test('Stripe-Should-Retry: false makes a retryable status final', async () => {
    const live = new FakeGateway();
    live.beforeWrite = () => {
      throw stripeError(503, 'api_error', 'unavailable', { shouldRetry: false });
    };
    const result = await applyPlan(buildPlan([productCreate('prod_basic')], emptyCatalog()), live, { scheduler: fast });
    expect(result.changes[0]).toMatchObject({ outcome: 'failed' });
    expect(live.log).toHaveLength(0);
  });

  test('a failed change blocks what depends on it and leaves independent changes to finish', async () => {
    const live = new FakeGateway();
    live.beforeWrite = (_m, path) => {
      if (path === '/v1/plans') throw stripeError(400, 'resource_missing', "No such product: 'x'", { param: 'product' });
    };
    live.refusePlanId = () => false;
    const plan = buildPlan([productCreate('prod_basic'), recurringPriceCreate('price_monthly', 'prod_basic'), defaultPriceLink('prod_basic', 'price_monthly'), couponCreate('C1')], emptyCatalog());
    const result = await applyPlan(plan, live, { scheduler: fast });
    const outcome = Object.fromEntries(result.changes.map((c) => [c.address, c.outcome]));
    expect(outcome).toEqual({ 'product/prod_basic': 'created', 'price/price_monthly': 'failed', 'product/prod_basic#default_price': 'blocked', 'coupon/C1': 'created' });
    expect(result.ok).toBe(false);
  });

  test('replace runs only with allowReplace and archive only with prune; otherwise they are skipped, not failed', async () => {
    const live = new FakeGateway();
    live.coupons.set('OLD', { ...(await seedCoupon('OLD')), percent_off: 5 });
    live.products.set('prod_gone', await seedProduct('prod_gone'));
    const replace: Change = {
      address: 'coupon/OLD', type: 'coupon', action: 'replace', id: 'OLD', liveId: 'OLD', strategy: 'preserved', dependsOn: [], reason: 'percent_off is immutable', forcedBy: ['percent_off'],
      requests: [{ method: 'DELETE', path: '/v1/coupons/OLD', params: {} }, { method: 'POST', path: '/v1/coupons', params: { id: 'OLD', percent_off: 15 } }],
    };
    const archive: Change = {
      address: 'product/prod_gone', type: 'product', action: 'archive', id: 'prod_gone', liveId: 'prod_gone', strategy: 'preserved', dependsOn: [], reason: 'only in live',
      requests: [{ method: 'POST', path: '/v1/products/prod_gone', params: { active: false } }],
    };
    const plan = buildPlan([replace, archive], await live.readCatalog());
    const skipped = await applyPlan(plan, live, { scheduler: fast });
    expect(skipped.ok).toBe(true);
    expect(skipped.counts.skipped).toBe(2);
    expect(live.log).toHaveLength(0);

    const done = await applyPlan(plan, live, { scheduler: fast, allowReplace: true, prune: true });
    expect(done.counts).toMatchObject({ replaced: 1, archived: 1 });
    expect(live.coupons.get('OLD')?.percent_off).toBe(15);
    expect(live.products.get('prod_gone')?.active).toBe(false);
  });
});

async function seedProduct(id: string) {
  const g = new FakeGateway();
  await applyPlan(buildPlan([productCreate(id)], emptyCatalog()), g, { scheduler: fast });
  return g.products.get(id)!;
}

async function seedCoupon(id: string) {
  const g = new FakeGateway();
  await applyPlan(buildPlan([couponCreate(id)], emptyCatalog()), g, { scheduler: fast });
  return g.coupons.get(id)!;
}
