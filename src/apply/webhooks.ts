/**
 * `migrate apply --include webhooks`: after the catalog, gives each enabled sandbox webhook endpoint a live twin. A
 * twin is an endpoint with the same URL and the same set of enabled events (ids differ between accounts, so nothing
 * else can match them). A live endpoint at the same URL with other events has its events updated to the sandbox's:
 * a second endpoint there would deliver every event twice, signed with a secret the application does not hold.
 * Only a URL live lacks gets a new endpoint. Each new signing secret is shown once on the terminal by
 * `showSigningSecretOnce`, on a terminal only, and goes nowhere else: not the audit log, the journal, the id map or
 * `--json`.
 */
import { createHash } from 'node:crypto';
import type { Gateway, WebhookEndpoint, WebhookEndpointParams, WebhookGateway } from '../stripe/types.js';
import { normalizeWebhookEndpoint, type SigningSecret } from '../stripe/webhooks.js';
import { idempotencyKey } from './idempotency.js';
import { AuditLog } from './outputs.js';

/** The identity of an endpoint across accounts: its URL and its events, in any order. */
export function webhookTwinKey(endpoint: Pick<WebhookEndpoint, 'url' | 'enabled_events'>): string {
  return JSON.stringify([endpoint.url, [...new Set(endpoint.enabled_events)].sort()]);
}

/** A sandbox endpoint and the live endpoint at its URL whose events differ: apply sets the sandbox's events. */
export interface EventsToUpdate {
  sandbox: WebhookEndpoint;
  live: WebhookEndpoint;
  /** Events the live endpoint gains and loses, sorted. */
  added: string[];
  removed: string[];
}

/**
 * How the two accounts' endpoints pair up. Invariant: every live endpoint is in at most one of `twins`, `update`,
 * `liveOnly` and `extra`; it is in none only when it is paired with a disabled sandbox endpoint.
 */
export interface WebhookPairing {
  /** Enabled sandbox endpoints with a live twin (same URL and events), and the twin. */
  twins: { sandbox: WebhookEndpoint; live: WebhookEndpoint }[];
  update: EventsToUpdate[];
  /** Enabled sandbox endpoints whose URL live has no endpoint at (left after the pairs above): created. */
  missing: WebhookEndpoint[];
  /** Live endpoints at a URL no sandbox endpoint has. */
  liveOnly: WebhookEndpoint[];
  /** Further live endpoints at a sandbox endpoint's URL that nothing pairs with: a second endpoint there. */
  extra: WebhookEndpoint[];
}

const sortedEvents = (endpoint: WebhookEndpoint) => [...new Set(endpoint.enabled_events)].sort();

/**
 * Pairs in passes, each claiming a live endpoint once: same URL and events first, then same URL (an enabled live
 * endpoint before a disabled one, then the listing order), so a twin is never taken for an update. A disabled
 * sandbox endpoint is not expected in live, but it accounts for a live endpoint at its URL, which is then neither
 * live-only nor a second endpoint.
 */
export function pairWebhookEndpoints(sandbox: readonly WebhookEndpoint[], live: readonly WebhookEndpoint[]): WebhookPairing {
  const claimed = new Set<WebhookEndpoint>();
  const claim = (want: (candidate: WebhookEndpoint) => boolean): WebhookEndpoint | undefined => {
    const candidates = live.filter((l) => !claimed.has(l) && want(l));
    const found = candidates.find((l) => l.status === 'enabled') ?? candidates[0];
    if (found !== undefined) claimed.add(found);
    return found;
  };
  const sameTwin = (s: WebhookEndpoint) => (l: WebhookEndpoint) => webhookTwinKey(l) === webhookTwinKey(s);
  const sameUrl = (s: WebhookEndpoint) => (l: WebhookEndpoint) => l.url === s.url;
  const enabled = sandbox.filter((e) => e.status === 'enabled');
  const pairing: WebhookPairing = { twins: [], update: [], missing: [], liveOnly: [], extra: [] };
  const unpaired: WebhookEndpoint[] = [];
  for (const s of enabled) {
    const twin = claim(sameTwin(s));
    if (twin === undefined) unpaired.push(s);
    else pairing.twins.push({ sandbox: s, live: twin });
  }
  for (const s of unpaired) {
    const atUrl = claim(sameUrl(s));
    if (atUrl === undefined) {
      pairing.missing.push(s);
      continue;
    }
    const [want, have] = [sortedEvents(s), sortedEvents(atUrl)];
    pairing.update.push({ sandbox: s, live: atUrl, added: want.filter((e) => !have.includes(e)), removed: have.filter((e) => !want.includes(e)) });
  }
  for (const s of sandbox.filter((e) => e.status !== 'enabled')) {
    if (claim(sameTwin(s)) === undefined) claim(sameUrl(s));
  }
  const sandboxUrls = new Set(sandbox.map((e) => e.url));
  for (const l of live) {
    if (!claimed.has(l)) (sandboxUrls.has(l.url) ? pairing.extra : pairing.liveOnly).push(l);
  }
  return pairing;
}

/** Enabled sandbox endpoints with no live endpoint at their URL, in the sandbox's order: what apply creates. */
export function missingWebhookEndpoints(sandbox: readonly WebhookEndpoint[], live: readonly WebhookEndpoint[]): WebhookEndpoint[] {
  return pairWebhookEndpoints(sandbox, live).missing;
}

/** The live copy of a sandbox endpoint: everything a user set on it. */
export function webhookCreateParams(endpoint: WebhookEndpoint): WebhookEndpointParams {
  return {
    url: endpoint.url,
    enabled_events: [...endpoint.enabled_events],
    description: endpoint.description,
    api_version: endpoint.api_version,
    metadata: { ...endpoint.metadata },
  };
}

/**
 * Same plan, same sandbox endpoint, same parameters → same key, so a re-run after a lost response is answered
 * from Stripe's idempotency store; changed parameters get a new key instead of a replay of the old create.
 */
export function webhookIdempotencyKey(contentHash: string, sandboxId: string, params: WebhookEndpointParams): string {
  const canonical = JSON.stringify([params.url, [...params.enabled_events].sort(), params.description, params.api_version, Object.entries(params.metadata).sort()]);
  const digest = createHash('sha256').update(canonical).digest('hex').slice(0, 16);
  return idempotencyKey(contentHash, `webhook_endpoint/${sandboxId}#${digest}`, 0);
}

export interface CreatedWebhook {
  sandboxId: string;
  liveId: string;
  url: string;
  /** True when Stripe answered from its idempotency store: an earlier run created it. */
  replayed: boolean;
}

/** A live endpoint whose events apply set to its sandbox twin's. */
export interface UpdatedWebhook {
  sandboxId: string;
  liveId: string;
  url: string;
  added: string[];
  removed: string[];
}

export interface WebhookApplyResult {
  created: CreatedWebhook[];
  updated: UpdatedWebhook[];
  /** Enabled sandbox endpoints that already had a live twin. */
  alreadyInLive: number;
}

export interface WebhookApplyOptions {
  sandbox: WebhookGateway;
  /** Endpoints are created through the webhook calls; events are updated with a plain write. */
  live: WebhookGateway & Pick<Gateway, 'write'>;
  /** The plan's content hash, for deterministic idempotency keys. */
  contentHash: string;
  /** Where apply's audit log is; each create and update gets a line there, without any secret. */
  auditPath?: string;
  /** Called once per created endpoint, with its secret: the caller shows it (`showSigningSecretOnce`) and drops it. */
  onCreated: (created: CreatedWebhook, secret: SigningSecret) => void;
  /** Called once per live endpoint whose events were updated. */
  onUpdated?: (updated: UpdatedWebhook) => void;
  now?: () => Date;
}

/** Replayed answers tolerated for one update before giving up (each followed by a fresh read of live). */
const MAX_EVENT_KEY_GENERATIONS = 3;

/**
 * Sets a live endpoint's events to its sandbox twin's under a key derived from the plan and the update, so a
 * retry after a lost response is answered from Stripe's store. A replayed answer is checked against a fresh read:
 * when live was changed back since that answer (the same plan applied again within Stripe's 24 hours), the update
 * is sent once more under the next generation of the key, as the catalog applier does after a stored error.
 */
async function updateEvents(update: EventsToUpdate, options: WebhookApplyOptions, audit: AuditLog | undefined, now: () => Date): Promise<string> {
  const events = sortedEvents(update.sandbox);
  const path = `/v1/webhook_endpoints/${encodeURIComponent(update.live.id)}`;
  const digest = createHash('sha256').update(JSON.stringify([update.live.id, events])).digest('hex').slice(0, 16);
  for (let generation = 0; ; generation += 1) {
    const key = idempotencyKey(options.contentHash, `webhook_endpoint/${update.sandbox.id}#events#${digest}`, 0, generation);
    const result = await options.live.write('POST', path, { enabled_events: events }, { idempotencyKey: key });
    const liveId = normalizeWebhookEndpoint(result.object).id;
    audit?.append({
      time: now().toISOString(),
      address: `webhook_endpoint/${update.sandbox.id}`,
      action: 'update',
      request: `POST ${path}`,
      liveId,
      requestId: result.requestId,
      idempotencyKey: key,
      outcome: result.replayed ? 'replayed' : 'sent',
    });
    if (!result.replayed || generation + 1 >= MAX_EVENT_KEY_GENERATIONS) return liveId;
    const current = (await options.live.readWebhookEndpoints()).find((e) => e.id === update.live.id);
    if (current === undefined || JSON.stringify(sortedEvents(current)) === JSON.stringify(events)) return liveId;
  }
}

export async function applyWebhookEndpoints(options: WebhookApplyOptions): Promise<WebhookApplyResult> {
  const [sandbox, live] = await Promise.all([options.sandbox.readWebhookEndpoints(), options.live.readWebhookEndpoints()]);
  const pairing = pairWebhookEndpoints(sandbox, live);
  const audit = options.auditPath ? new AuditLog(options.auditPath) : undefined;
  const now = options.now ?? (() => new Date());
  const created: CreatedWebhook[] = [];
  const updated: UpdatedWebhook[] = [];
  try {
    // One at a time: a handful of endpoints. Updates first (no secret); each secret is shown as soon as its
    // endpoint exists.
    for (const update of pairing.update) {
      const liveId = await updateEvents(update, options, audit, now);
      const done: UpdatedWebhook = { sandboxId: update.sandbox.id, liveId, url: update.sandbox.url, added: update.added, removed: update.removed };
      updated.push(done);
      options.onUpdated?.(done);
    }
    for (const endpoint of pairing.missing) {
      const params = webhookCreateParams(endpoint);
      const key = webhookIdempotencyKey(options.contentHash, endpoint.id, params);
      const result = await options.live.createWebhookEndpoint(params, { idempotencyKey: key });
      const done: CreatedWebhook = { sandboxId: endpoint.id, liveId: result.endpoint.id, url: endpoint.url, replayed: result.replayed };
      audit?.append({
        time: now().toISOString(),
        address: `webhook_endpoint/${endpoint.id}`,
        action: 'create',
        request: 'POST /v1/webhook_endpoints',
        liveId: result.endpoint.id,
        requestId: result.requestId,
        idempotencyKey: key,
        outcome: result.replayed ? 'replayed' : 'sent',
      });
      created.push(done);
      options.onCreated(done, result.secret);
    }
  } finally {
    await audit?.close();
  }
  return { created, updated, alreadyInLive: pairing.twins.length };
}

/**
 * The one place a signing secret is written out: straight to the terminal stream, past the Ui's redaction (which
 * would mask it, as it must everywhere else), with the instruction to store it now.
 */
export function showSigningSecretOnce(stream: NodeJS.WritableStream & { isTTY?: boolean }, created: CreatedWebhook, secret: SigningSecret): void {
  if (!stream.isTTY) {
    // Without a terminal the text lands in a CI log or a file: a log is exactly where the secret must not go.
    stream.write(
      `The signing secret of the new live webhook endpoint ${created.liveId} (${created.url}) is not printed: ` +
        'this is not a terminal, and a log must not hold it. Reveal it in the Dashboard under Developers → Webhooks.\n',
    );
    return;
  }
  const value = secret.reveal();
  stream.write(
    `Signing secret of the new live webhook endpoint ${created.liveId} (${created.url}):\n` +
      `  ${value === '' ? '(Stripe did not return it; reveal it in the Dashboard)' : value}\n` +
      'Store it in your secret manager now: it is shown this once and written to no file or log. ' +
      '(Stripe\'s Dashboard can reveal it again, or roll it, under Developers → Webhooks.)\n',
  );
}
