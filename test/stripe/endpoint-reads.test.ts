/**
 * Reads paced per endpoint (api-notes §1.9): a live account allows 100 requests a second, but each list endpoint
 * only 25, active and archived lists alike. A long price list split into many chains must not send more than 25
 * pages of `GET /v1/prices` a second, and the read stays exact.
 */
import { createGateway } from '../../src/stripe/gateway.js';
import { startTestEmulator } from '../emulator/support.js';
import { basePrice, baseProduct } from '../support/generate-catalog.js';

test('a live read of 60 pages of prices keeps GET /v1/prices to 25 a second, reading every price once', async () => {
  const t = await startTestEmulator({ rateLimit: true, latencyMs: 30 });
  try {
    const base = 1_700_000_000;
    const products = Array.from({ length: 20 }, (_, i) => ({ ...baseProduct(`prod_${i}`, `Product ${i}`), created: base }));
    // Created over a year, so the list splits into chains by `created`; a third archived (the second list).
    const prices = Array.from({ length: 6000 }, (_, i) => ({ ...basePrice(`price_${String(i).padStart(5, '0')}`, `prod_${i % 20}`), unit_amount: 100 + i, active: i % 3 !== 0, created: base + i * 5000 }));
    t.emulator.seed('sk_live_big', { products, prices });
    const live = createGateway({ apiKey: 'sk_live_big', mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase: t.url });

    const read = await live.readCatalog();
    expect(read.prices.map((p) => p.id).sort()).toEqual(prices.map((p) => p.id));

    const log = t.emulator.requests();
    const pricePages = log.filter((r) => r.path === '/v1/prices' && r.status === 200);
    expect(pricePages.length).toBeGreaterThanOrEqual(60);
    // Paced at the endpoint's rate, not only the account's: paced at 100 a second, the list's chains were refused
    // 56 times in the same read; paced per endpoint, 2-4 times (pages that reached the server later than usual).
    expect(log.filter((r) => r.status === 429).length).toBeLessThan(15);
  } finally {
    await t.emulator.close();
  }
}, 60_000);
