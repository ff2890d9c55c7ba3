/**
 * Emulator throughput: 10 concurrent SDK clients run a realistic catalog mix (creates, retrieves, list pages) for
 * about five seconds against the emulator on loopback, then print requests per second. The emulator runs in a
 * worker thread so the clients' own JSON and HTTP work does not share its event loop, as with a real server.
 * Not a test: it never fails on a number.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/bench-emulator.js [seconds]
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import Stripe from 'stripe';
import { startEmulator, type RequestLogEntry } from '../src/emulator/index.js';

const CLIENTS = 10;
const seconds = Number(process.argv[2] ?? 5);

async function worker_(stripe: Stripe, index: number, until: number, counts: Record<string, number>): Promise<void> {
  const productId = `bench_${index}`;
  await stripe.products.create({ id: productId, name: `Bench ${index}` });
  const priceIds: string[] = [];
  let step = 0;
  while (performance.now() < until) {
    step += 1;
    const kind = step % 10;
    if (kind < 2) {
      const price = await stripe.prices.create({ product: productId, currency: 'usd', unit_amount: 100 + step, recurring: kind === 0 ? { interval: 'month' } : undefined });
      priceIds.push(price.id);
      counts.create += 1;
    } else if (kind < 3) {
      await stripe.products.update(productId, { metadata: { step: String(step) } });
      counts.update += 1;
    } else if (kind < 7) {
      const id = priceIds[step % Math.max(1, priceIds.length)];
      if (id === undefined) await stripe.products.retrieve(productId);
      else await stripe.prices.retrieve(id);
      counts.retrieve += 1;
    } else {
      // Mostly short pages, as a UI or a spot check reads; every third list is a full page walked one step further.
      const full = step % 3 === 0;
      const page = await stripe.prices.list({ limit: full ? 100 : 10, product: kind === 9 ? productId : undefined });
      if (full && page.has_more) await stripe.prices.list({ limit: 100, starting_after: page.data[page.data.length - 1].id });
      counts.list += 1;
    }
  }
}

/** The worker side: serve until told to stop, then hand back the request log. */
async function serve(): Promise<void> {
  const emulator = await startEmulator({ port: 0 });
  parentPort!.postMessage({ host: emulator.host, port: emulator.port });
  parentPort!.once('message', async () => {
    const log = emulator.requests();
    await emulator.close();
    parentPort!.postMessage(log);
  });
}

async function drive(): Promise<void> {
  const worker = new Worker(new URL(import.meta.url));
  const next = () => new Promise<any>((resolve) => worker.once('message', resolve));
  const { host, port } = (await next()) as { host: string; port: number };
  const counts = { create: 0, update: 0, retrieve: 0, list: 0 };
  const clients = Array.from(
    { length: CLIENTS },
    () => new Stripe('sk_test_bench', { host, port, protocol: 'http', maxNetworkRetries: 0, telemetry: false }),
  );
  const started = performance.now();
  await Promise.all(clients.map((client, i) => worker_(client, i, started + seconds * 1000, counts)));
  const elapsed = (performance.now() - started) / 1000;
  worker.postMessage('stop');
  const requests = (await next()) as RequestLogEntry[];
  await worker.terminate();
  const failed = requests.filter((entry) => entry.status >= 400).length;
  process.stdout.write(
    `${requests.length} requests in ${elapsed.toFixed(2)} s with ${CLIENTS} concurrent SDK clients: ` +
      `${Math.round(requests.length / elapsed)} requests/s (${failed} failed; ` +
      `creates ${counts.create}, updates ${counts.update}, retrieves ${counts.retrieve}, list calls ${counts.list})\n`,
  );
}

if (isMainThread) await drive();
else await serve();
