import { JournalState } from '../../src/apply/journal.js';
import { compareTargetState, preflight } from '../../src/apply/preflight.js';
import { hashChanges, legacyFingerprintTarget } from '../../src/plan/fingerprint.js';
import type { Plan, PlannedRequest } from '../../src/plan/types.js';
import { FakeGateway } from './fake-gateway.js';
import { buildPlan, productCreate } from './plan-builders.js';

async function liveWithProduct(): Promise<FakeGateway> {
  const live = new FakeGateway('live', 'acct_live');
  live.products.set('prod_a', { id: 'prod_a', name: 'A', active: true, description: null, metadata: {}, images: [], marketing_features: [], url: null, statement_descriptor: null, unit_label: null, tax_code: null, shippable: null, package_dimensions: null, default_price: null, link: null });
  return live;
}

function updateOfA(): Plan['changes'][number] {
  return { address: 'product/prod_a', type: 'product', action: 'update', id: 'prod_a', liveId: 'prod_a', strategy: 'preserved', dependsOn: [], fields: [{ field: 'name', before: 'A', after: 'B' }], requests: [{ method: 'POST', path: '/v1/products/prod_a', params: { name: 'B' } }] };
}

async function refusal(plan: Plan, live: FakeGateway, journal = new JournalState()): Promise<string> {
  const error = await preflight(plan, live, journal).then(() => undefined, (e: { code: string }) => e);
  expect(error).toBeDefined();
  expect(live.log).toHaveLength(0);
  return (error as { code: string }).code;
}

test('a plan for the same account, mode and live state passes and hands on the live read', async () => {
  const live = await liveWithProduct();
  const plan = buildPlan([updateOfA(), productCreate('prod_b')], await live.readCatalog());
  const result = await preflight(plan, live, new JournalState());
  expect(result.account.id).toBe('acct_live');
  expect(result.live.products.map((p) => p.id)).toEqual(['prod_a']);
});

test('a plan for another account or mode is refused before any write', async () => {
  const live = await liveWithProduct();
  expect(await refusal(buildPlan([updateOfA()], await live.readCatalog(), { account: 'acct_other', mode: 'live' }), live)).toBe('plan_wrong_account');
  expect(await refusal(buildPlan([updateOfA()], await live.readCatalog(), { account: 'acct_live', mode: 'test' as 'live' }), live)).toBe('plan_wrong_mode');
});

test('an edited plan and an unknown format version are refused', async () => {
  const live = await liveWithProduct();
  const plan = buildPlan([updateOfA()], await live.readCatalog());
  const edited: Plan = { ...plan, changes: [{ ...plan.changes[0]!, requests: [{ method: 'POST', path: '/v1/products/prod_a', params: { name: 'C' } }] }] };
  expect(await refusal(edited, live)).toBe('plan_edited');
  expect(await refusal({ ...plan, formatVersion: 99 as 1 }, live)).toBe('plan_unknown_version');
});

test('a stale plan is refused, unless its own journal shows the changed object as started', async () => {
  const live = await liveWithProduct();
  const plan = buildPlan([updateOfA(), productCreate('prod_b')], await live.readCatalog());
  live.products.get('prod_a')!.name = 'Changed in the Dashboard';
  expect(await refusal(plan, live)).toBe('plan_stale');

  const journal = new JournalState([{ event: 'started', time: 't', plan: plan.contentHash, address: 'product/prod_a', request: 0, idempotencyKey: 'scm_x', generation: 0 }]);
  const result = await preflight(plan, live, journal);
  expect(result.resumed).toEqual(['product/prod_a']);
  expect(hashChanges(plan.changes)).toBe(plan.contentHash);
});

test('a started change explains the objects its paths name, ids as the plan holds them (raw, even a legacy `%`)', async () => {
  const live = await liveWithProduct();
  live.products.set('Legacy 50%', { ...live.products.get('prod_a')!, id: 'Legacy 50%', name: 'Legacy' });
  const update: Plan['changes'][number] = { ...updateOfA(), address: 'product/Legacy 50%', id: 'Legacy 50%', liveId: 'Legacy 50%', requests: [{ method: 'POST', path: '/v1/products/Legacy 50%', params: { name: 'B' } }] };
  // A price create that moves prod_a's default price: its second request writes to the product.
  const requests: PlannedRequest[] = [{ method: 'POST', path: '/v1/prices', params: {} }, { method: 'POST', path: '/v1/products/prod_a', params: { default_price: '{price/x}' } }];
  const create: Plan['changes'][number] = { ...productCreate('x'), address: 'price/x', type: 'price', id: 'x', requests };
  const plan = buildPlan([update, create], await live.readCatalog());
  live.products.get('Legacy 50%')!.name = 'Half written by the interrupted run';
  live.products.get('prod_a')!.name = 'Changed with its default price';
  expect(await refusal(plan, live)).toBe('plan_stale');

  const started = (address: string) => ({ event: 'started' as const, time: 't', plan: plan.contentHash, address, request: 0, idempotencyKey: 'scm_x', generation: 0 });
  const result = await preflight(plan, live, new JournalState([started('product/Legacy 50%'), started('price/x')]));
  expect(result.resumed).toEqual(['product/Legacy 50%', 'product/prod_a']);
});

test('a create is stale once its object exists, whether the state leaves it out or (older files) records it as null', async () => {
  const live = await liveWithProduct();
  const plan = buildPlan([updateOfA(), productCreate('prod_b')], await live.readCatalog());
  expect([...plan.targetState!.keys()]).toEqual(['product/prod_a']);
  const older: Plan = { ...plan, targetState: new Map([...plan.targetState!, ['product/prod_b', null]]) };
  for (const p of [plan, older]) expect(compareTargetState(p, await live.readCatalog(), new JournalState())).toEqual({ stale: [], resumed: [] });

  live.products.set('prod_b', { ...live.products.get('prod_a')!, id: 'prod_b', name: 'B, made by hand meanwhile' });
  for (const p of [plan, older]) expect(compareTargetState(p, await live.readCatalog(), new JournalState()).stale).toEqual(['product/prod_b']);
});

test('a plan from before targetState is compared by its fingerprint, which recorded absent objects as null', async () => {
  const live = await liveWithProduct();
  const built = buildPlan([updateOfA(), productCreate('prod_b')], await live.readCatalog());
  const { targetState: _, ...rest } = built;
  const old: Plan = { ...rest, targetFingerprint: legacyFingerprintTarget(await live.readCatalog(), built) };
  expect(old.targetFingerprint).not.toBe(built.targetFingerprint);
  expect(compareTargetState(old, await live.readCatalog(), new JournalState()).stale).toEqual([]);

  live.products.set('prod_b', { ...live.products.get('prod_a')!, id: 'prod_b' });
  expect(compareTargetState(old, await live.readCatalog(), new JournalState()).stale).toEqual(['(target fingerprint)']);
});
