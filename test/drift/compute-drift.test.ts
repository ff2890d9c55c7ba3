/** `computeDrift` on small catalogs: what counts as drift, against which account, and how it is located. */
import { computeDrift, type DriftAgainst } from '../../src/drift/index.js';
import type { Catalog } from '../../src/catalog/types.js';
import { catalog, coupon, monthly, price, product } from '../plan/builders.js';

const manifests = catalog(
  product({ id: 'prod_a', name: 'A', default_price: 'price_setup' }),
  price({ id: 'price_setup', product: 'prod_a', currency: 'usd', unit_amount: 500 }),
  price({ id: 'price_month', product: 'prod_a', currency: 'usd', unit_amount: 900, recurring: monthly() }),
  coupon({ id: 'TEN', percent_off: 10 }),
);

const inManifests = new Set([...manifests.products.map((p) => `product/${p.id}`), ...manifests.prices.map((p) => `price/${p.id}`), ...manifests.coupons.map((c) => `coupon/${c.id}`)]);

/** A fake folder: every manifest object is at line 1 of its type's file, every field at line 2. */
const locate = (address: string, field?: string) =>
  inManifests.has(address) ? { file: `manifests/${address.split('/')[0]}s.yaml`, line: field === undefined ? 1 : 2, column: 5 } : undefined;

function drift(account: Catalog, against: DriftAgainst) {
  return computeDrift({
    manifests: { catalog: manifests, locate },
    dir: 'manifests',
    account,
    accountRef: { id: 'acct_x', mode: against === 'live' ? 'live' : 'test' },
    against,
    tool: { name: 'test', version: '0' },
    stripeApiVersion: 'test',
  });
}

/** Live as apply leaves it: the one-time price renumbered and linked, the default price following it. */
function applied(): Catalog {
  const live = structuredClone(manifests);
  live.prices = live.prices.map((p) => (p.id === 'price_setup' ? { ...p, id: 'price_1Live', link: 'price_setup' } : p));
  live.products = live.products.map((p) => ({ ...p, default_price: 'price_1Live' }));
  return live;
}

test('a sandbox is in sync with the manifests exported from it, one-time price ids included', () => {
  const report = drift(structuredClone(manifests), 'sandbox');
  expect(report.differences).toEqual([]);
  expect(report.inSync).toBe(true);
});

test('live as apply left it is in sync: one-time prices are found by their link', () => {
  expect(drift(applied(), 'live').inSync).toBe(true);
});

test('a renamed product is one located difference with both values and both fixes', () => {
  const live = applied();
  live.products[0]!.name = 'A (renamed)';
  const [d, ...rest] = drift(live, 'live').differences;
  expect(rest).toEqual([]);
  expect(d).toMatchObject({ kind: 'changed', address: 'product/prod_a', field: 'name', manifest: 'A', account: 'A (renamed)', replace: false });
  expect(d!.location).toEqual({ file: 'manifests/products.yaml', line: 2, column: 5 });
  expect(d!.fix.accountIsRight).toBe('set name to "A (renamed)" in manifests/products.yaml:2');
  expect(d!.fix.manifestsAreRight).toBe('migrate plan --from manifests --manifests manifests && migrate apply plan.yaml');
});

test('an amount changed in live is drift that needs a replace', () => {
  const live = applied();
  live.prices = live.prices.map((p) => (p.id === 'price_month' ? { ...p, unit_amount: 1000 } : p));
  const report = drift(live, 'live');
  expect(report.differences).toEqual([expect.objectContaining({ address: 'price/price_month', field: 'unit_amount', manifest: 900, account: 1000, replace: true })]);
  expect(report.differences[0]!.fix.manifestsAreRight).toContain('--allow-replace');
});

test('an object missing from the account and one only in it are both drift', () => {
  const live = applied();
  live.coupons = [coupon({ id: 'SURPRISE', percent_off: 50 })];
  const report = drift(live, 'live');
  expect(report.differences.map((d) => [d.kind, d.address])).toEqual([
    ['only_in_account', 'coupon/SURPRISE'],
    ['missing_in_account', 'coupon/TEN'],
  ]);
  expect(report.differences.find((d) => d.kind === 'only_in_account')).toMatchObject({ location: null, account: 'SURPRISE' });
});

test("a live price under a one-time price's id is another object, told apart and located at the manifests' price", () => {
  const live = applied();
  live.prices.push(price({ id: 'price_setup', product: 'prod_a', currency: 'usd', unit_amount: 500, recurring: monthly() }));
  const report = drift(live, 'live');
  expect(report.differences).toEqual([
    expect.objectContaining({ kind: 'other_in_account', address: 'price/price_setup', manifest: null, account: 'price_setup', location: { file: 'manifests/prices.yaml', line: 1, column: 5 } }),
  ]);
  const { fix } = report.differences[0]!;
  expect(fix.accountIsRight).toBe("give the object at manifests/prices.yaml:1 another id, then add live's price/price_setup to the manifests under its id");
  expect(fix.accountIsRight).not.toMatch(/^add /);
  expect(fix.manifestsAreRight).toBe('migrate plan --from manifests --manifests manifests --prune && migrate apply plan.yaml --prune');
});

test('against the sandbox the account-is-right fix is a re-export', () => {
  const sandbox = structuredClone(manifests);
  sandbox.coupons[0]!.metadata = { channel: 'ads' };
  const [d] = drift(sandbox, 'sandbox').differences;
  expect(d).toMatchObject({ field: 'metadata.channel', manifest: null, account: 'ads' });
  expect(d!.fix.accountIsRight).toBe('migrate export --out manifests');
});

test("a default price moved in live names the manifest's price id, not live's", () => {
  const live = applied();
  live.products[0]!.default_price = 'price_month';
  const [d] = drift(live, 'live').differences;
  expect(d).toMatchObject({ address: 'product/prod_a', field: 'default_price', manifest: 'price_setup', account: 'price_month' });
});
