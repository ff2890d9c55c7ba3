/**
 * The request pipeline: one `/v1` request goes auth → rate limits (the account's, and the matched route's
 * endpoint) → route → faults → permission → idempotency → latency → parameter checks → endpoint → idempotency
 * store → persistence → response. `/_emulator/*` serves inspection and is never subject to faults, limits or
 * logging.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, permissionDenied, type Caller } from './auth.js';
import { fingerprint, IdempotencyStore } from './idempotency.js';
import { Faults } from './knobs/faults.js';
import { RateLimiter, type RateLimitReason } from './knobs/rate-limiter.js';
import { checkExpand, listExpand } from './resources/expand.js';
import { RESOURCES } from './resources/index.js';
import type { Ctx } from './resources/registry.js';
import { randomId } from './resources/common.js';
import { Router } from './router.js';
import { EmulatorState } from './store/state.js';
import type { EmulatorSwitches } from './switches.js';
import { ApiError, type WireError } from './wire/api-error.js';
import { decodeForm, type FormNode } from './wire/form.js';
import { checkParams } from './wire/params.js';
import type { RequestLogEntry } from './index.js';

const MAX_LOG = 200_000;

/** The version stripe 23.1.0 pins; echoed when a request names none. */
export const API_VERSION = '2026-10-28.endive';

export interface PipelineOptions {
  clock: () => number;
  switches: EmulatorSwitches;
  statePath?: string;
  latencyMs: number;
  latencyJitterMs: number;
  rateLimit: boolean;
  /** With `rateLimit`: each endpoint (method + route pattern) also has its own 25 req/s (§1.9, current doc). */
  endpointRateLimits: boolean;
  faults: Faults;
  readOnlyKeys: ReadonlySet<string>;
}

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Drop the connection instead of answering (reset-after-commit). */
  destroy?: boolean;
}

const SERVER_ERROR =
  "Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach us at https://support.stripe.com/contact.";

const LOCK_TIMEOUT =
  'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.';

export class Pipeline {
  readonly state = new EmulatorState();
  readonly log: RequestLogEntry[] = [];
  private readonly router = new Router(RESOURCES);
  private readonly idempotency: IdempotencyStore;
  private readonly limiter: RateLimiter;

  constructor(readonly options: PipelineOptions) {
    this.limiter = new RateLimiter({ endpointLimits: options.endpointRateLimits });
    this.idempotency = new IdempotencyStore(options.clock, options.switches);
    if (options.statePath !== undefined) this.state.load(options.statePath);
  }

  get types() {
    return this.router.types;
  }

  reset(): void {
    this.state.clear();
    this.idempotency.clear();
    this.limiter.clear();
    this.options.faults.reset();
    this.log.length = 0;
    this.persist();
  }

  /** A context for code outside a request (seeding). */
  context(caller: { account: string; mode: 'test' | 'live' }): Ctx {
    return {
      account: caller.account,
      mode: caller.mode,
      livemode: caller.mode === 'live',
      space: this.state.space(caller.account, caller.mode),
      state: this.state,
      switches: this.options.switches,
      now: Math.floor(this.options.clock() / 1000),
      types: this.router.types,
    };
  }

  persist(): void {
    if (this.options.statePath !== undefined) this.state.save(this.options.statePath);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${randomId(14)}`;
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const body = method === 'POST' ? await readBody(req) : '';
    if (path.startsWith('/_emulator/')) {
      this.inspect(method, path, res);
      return;
    }
    const idempotencyKey = header(req, 'idempotency-key');
    const entry: RequestLogEntry = {
      time: new Date(this.options.clock()).toISOString(),
      method,
      path,
      account: null,
      livemode: null,
      status: 0,
      idempotencyKey: idempotencyKey ?? null,
      replayed: false,
      requestId,
    };
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Request-Id': requestId,
      'Stripe-Version': header(req, 'stripe-version') ?? API_VERSION,
      'Cache-Control': 'no-cache, no-store',
    };
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    let reply: Reply;
    let caller: Caller | undefined;
    try {
      caller = authenticate(header(req, 'authorization'));
      entry.account = caller.account;
      entry.livemode = caller.mode === 'live';
      reply = await this.run(caller, method, path, method === 'POST' ? body : query, idempotencyKey, headers, entry);
    } catch (error) {
      reply = this.errorReply(error, headers, caller, requestId);
    }
    entry.status = reply.status;
    this.log.push(entry);
    // A long-running `migrate emulator` must not grow without bound: keep the most recent entries.
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG / 2);
    if (reply.destroy) {
      entry.fault = 'reset-after-commit';
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }

  private async run(
    caller: Caller,
    method: string,
    path: string,
    formText: string,
    idempotencyKey: string | undefined,
    headers: Record<string, string>,
    entry: RequestLogEntry,
  ): Promise<Reply> {
    const { options } = this;
    const scope = `${caller.account}:${caller.mode}`;
    const match = this.router.match(method, path);
    // Stripe counts each named operation as an endpoint of its own (its route pattern: retrieves of different ids
    // count together); a URL no route matches counts against the account's limit only.
    const refused = options.rateLimit ? this.limiter.refuse(caller.account, caller.mode, method, match && `${method} ${match.route.pattern}`) : undefined;
    if (refused !== undefined) throw this.rateLimited(refused);
    if (match === undefined) {
      throw new ApiError(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      });
    }
    const { route } = match;
    const draw = options.faults.enabled ? options.faults.draw(scope, route.write) : { resetAfterCommit: false };
    if (draw.before !== undefined) entry.fault = draw.before;
    if (draw.before === 'rate-limit') throw this.rateLimited('global-rate');
    if (draw.before === 'lock-timeout') {
      throw new ApiError(
        429,
        { type: 'invalid_request_error', code: 'lock_timeout', message: LOCK_TIMEOUT },
        options.switches.lockTimeoutShouldRetry ? { 'Stripe-Should-Retry': 'true' } : {},
      );
    }
    // Nothing runs and nothing is stored: the request never reached the endpoint, so a retry may succeed.
    if (draw.before === 'error-500') throw new ApiError(500, { type: 'api_error', message: SERVER_ERROR });
    if (route.write && caller.restricted && options.readOnlyKeys.has(caller.key)) throw permissionDenied(caller, route.permission);

    const raw: FormNode = decodeForm(formText);
    // §1.7: keys apply to POSTs only; GET and DELETE are idempotent by definition.
    const keyed = method === 'POST' && idempotencyKey !== undefined;
    const endpoint = `${method} ${route.pattern}:${JSON.stringify(match.path)}`;
    const print = keyed ? fingerprint(raw) : '';
    if (keyed) {
      const found = this.idempotency.lookup(scope, idempotencyKey, endpoint, path, print);
      if (found.kind === 'replay') {
        entry.replayed = true;
        return { status: found.status, body: found.body, headers: { ...headers, 'Idempotent-Replayed': 'true' } };
      }
      this.idempotency.reserve(scope, idempotencyKey, endpoint, path, print);
    }
    if (keyed && options.switches.replayedHeaderOnFirst === 'false') headers['Idempotent-Replayed'] = 'false';
    try {
      await this.delay();
      const ctx = this.context(caller);
      const params = checkParams(route.params, raw);
      const expand = (params.expand as string[] | undefined) ?? [];
      if (route.returns !== undefined) {
        checkExpand(ctx, route.returns.type, route.returns.list ? listExpand(expand) : expand);
      }
      route.check?.(params, ctx);
      let status = 200;
      let text: string;
      try {
        text = JSON.stringify(route.run({ params, path: match.path, expand }, ctx));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const reply = this.errorReply(error, headers, caller, entry.requestId);
        status = reply.status;
        text = reply.body;
      }
      if (keyed) this.idempotency.complete(scope, idempotencyKey, status, text);
      if (route.write && status === 200) this.persist();
      return { status, body: text, headers, destroy: draw.resetAfterCommit };
    } catch (error) {
      // Validation failures and crashes keep nothing under the key (§1.7): a retry runs afresh.
      if (keyed) this.idempotency.release(scope, idempotencyKey);
      throw error;
    }
  }

  private rateLimited(reason: RateLimitReason): ApiError {
    const { switches } = this.options;
    return new ApiError(
      429,
      { type: 'invalid_request_error', code: 'rate_limit', message: switches.rateLimitMessage },
      switches.rateLimitedReasonHeader ? { 'Stripe-Rate-Limited-Reason': reason } : {},
    );
  }

  private delay(): Promise<void> {
    const { latencyMs, latencyJitterMs } = this.options;
    const ms = latencyMs + (latencyJitterMs > 0 ? Math.random() * latencyJitterMs : 0);
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }

  private errorReply(error: unknown, headers: Record<string, string>, caller: Caller | undefined, requestId: string): Reply {
    const apiError =
      error instanceof ApiError ? error : new ApiError(500, { type: 'api_error', message: SERVER_ERROR });
    if (!(error instanceof ApiError)) process.stderr.write(`emulator: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    const e: WireError = apiError.error;
    const wire: Record<string, string> = {};
    if (e.code !== undefined) {
      wire.code = e.code;
      wire.doc_url = `https://stripe.com/docs/error-codes/${e.code.replace(/_/g, '-')}`;
    }
    wire.message = e.message;
    if (e.param !== undefined) wire.param = e.param;
    if (caller !== undefined && this.options.switches.requestLogUrl) {
      wire.request_log_url = `https://dashboard.stripe.com/${caller.mode === 'test' ? 'test/' : ''}logs/${requestId}?t=${Math.floor(this.options.clock() / 1000)}`;
    }
    wire.type = e.type;
    return { status: apiError.status, body: JSON.stringify({ error: wire }), headers: { ...headers, ...apiError.headers } };
  }

  private inspect(method: string, path: string, res: ServerResponse): void {
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (method === 'GET' && path === '/_emulator/requests') return send(200, this.log);
    if (method === 'POST' && path === '/_emulator/reset') {
      this.reset();
      return send(200, { reset: true });
    }
    send(404, { error: { type: 'invalid_request_error', message: `Unknown emulator route (${method}: ${path}).` } });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
