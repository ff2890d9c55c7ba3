/**
 * A loopback proxy in front of the emulator that makes some requests slower than the client's timeout: either
 * before the request reaches the emulator (it then commits after the client gave up, while the retry is already
 * in flight) or after the emulator committed (the answer is held back until the client gave up). Bodies are
 * buffered whole so a delayed request still arrives intact after its client disconnected.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SpikeProxyOptions {
  target: { host: string; port: number };
  /** Chance that one request is delayed. */
  probability: number;
  /** How long a delayed request waits (beyond the client's timeout). */
  spikeMs: () => number;
  random: () => number;
}

export interface SpikeProxy {
  url: string;
  /** Requests delayed so far, by where the delay happened. */
  spikes: { beforeCommit: number; afterCommit: number };
  /** Resolves once every held request has reached the emulator and every held answer was settled. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function startSpikeProxy(options: SpikeProxyOptions): Promise<SpikeProxy> {
  const spikes = { beforeCommit: 0, afterCommit: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const spiked = req.url?.startsWith('/v1/') === true && options.random() < options.probability;
      const where = spiked ? (options.random() < 0.5 ? 'before' : 'after') : null;
      const forward = () => {
        inFlight += 1;
        const headers: IncomingHttpHeaders = { ...req.headers, host: `${options.target.host}:${options.target.port}` };
        const upstream = request({ ...options.target, method: req.method, path: req.url, headers }, (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const deliver = () => {
              inFlight -= 1;
              if (res.destroyed) return;
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(body));
            };
            if (where === 'after') {
              spikes.afterCommit += 1;
              later(options.spikeMs(), deliver);
            } else deliver();
          });
        });
        // The emulator dropped the connection (reset-after-commit): the client must see the same.
        upstream.on('error', () => {
          inFlight -= 1;
          res.destroy();
        });
        upstream.end(Buffer.concat(chunks));
      };
      if (where === 'before') {
        spikes.beforeCommit += 1;
        later(options.spikeMs(), forward);
      } else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spikes,
    async drain() {
      while (timers.size > 0 || inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
