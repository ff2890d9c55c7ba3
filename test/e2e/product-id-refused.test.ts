/**
 * Whether Stripe lets a custom product id start with `prod_` is unconfirmed (api-notes §2), and every product a
 * sandbox made has such an id. Where Stripe refuses it, apply creates the product with an id Stripe assigns,
 * linked by metadata, and points everything that names it there: prices and plans, a coupon's `applies_to`, the
 * default price, feature attachments. The id map says where each went; a re-plan and drift find them by link.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LINK_METADATA_KEY } from '../../src/catalog/types.js';
import { runMigrate } from '../support/cli.js';
import { launchDemo } from '../support/demo-launch.js';

test('products Stripe will not create under their prod_ ids are created linked, and everything that names them follows', async () => {
  await launchDemo('prodrefused', { productIdMayStartWithProd: false }, async ({ t, catalog, env, cwd, liveKey, applyStderr }) => {
    // One warning for the kind of id, not one per product.
    const refusals = applyStderr.match(/^warning: prod_\w+: Stripe refused to create it under its own id \(.*Custom product ids may not start with `prod_`.*every other product whose id starts with prod_ the same way/gm);
    expect(refusals).toHaveLength(1);

    // Every product is in live once, under a new id, linked to its sandbox id; the id map says which.
    const idMap = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8'));
    const ids = idMap.products as Record<string, string>;
    const live = t.client(liveKey);
    const products = [...(await live.products.list({ limit: 100, active: true })).data, ...(await live.products.list({ limit: 100, active: false })).data];
    const linked = Object.fromEntries(products.map((p) => [p.metadata[LINK_METADATA_KEY], p.id]));
    expect(Object.keys(ids).length).toBeGreaterThanOrEqual(catalog.products.filter((p) => p.active).length);
    expect(linked).toEqual(ids);
    expect(products).toHaveLength(Object.keys(ids).length);
    for (const [id, liveId] of Object.entries(ids)) expect(liveId).not.toBe(id);

    // What names a product names its live one.
    const prices = (await live.prices.list({ limit: 100 })).data;
    for (const p of prices) expect(Object.values(ids)).toContain(p.product);
    const pro = (await live.products.retrieve(ids.prod_pro!)) as { default_price: string | null };
    const sandboxPro = catalog.products.find((p) => p.id === 'prod_pro')!;
    expect(pro.default_price).not.toBeNull();
    expect(idMap.prices[sandboxPro.default_price!]).toBe(pro.default_price);
    const coupon = catalog.coupons.find((c) => c.applies_to !== null)!;
    const liveCoupon = await live.coupons.retrieve(coupon.id, { expand: ['applies_to'] });
    expect(liveCoupon.applies_to?.products).toEqual(coupon.applies_to!.products.map((id) => ids[id]));
    const withFeatures = catalog.products.find((p) => (p.features ?? []).length > 0)!;
    expect((await live.products.listFeatures(ids[withFeatures.id]!)).data).toHaveLength(withFeatures.features!.length);

    // Found again by link (the launch's re-plan was clean): nothing written twice, no drift.
    const before = t.emulator.requests().length;
    expect((await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd })).code).toBe(0);
    expect(t.emulator.requests().slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    const drift = await runMigrate(['drift', '--manifests', join(process.cwd(), 'manifests')], { env, cwd });
    expect(drift.stdout + drift.stderr).not.toMatch(/missing/);
    expect(drift.code).toBe(0);
  });
});
