/**
 * `migrate apply --include webhooks`: after the catalog, creates in live each enabled sandbox webhook endpoint that
 * has no live twin. A twin is an endpoint with the same URL and the same set of enabled events (ids differ between
 * accounts, so nothing else can match them). Each new signing secret is shown once on the terminal by
 * `showSigningSecretOnce`, on a terminal only, and goes nowhere else: not the audit log, the journal, the id map or `--json`.
 */
import { createHash } from 'node:crypto';
import type { WebhookEndpoint, WebhookEndpointParams, WebhookGateway } from '../stripe/types.js';
import type { SigningSecret } from '../stripe/webhooks.js';
import { idempotencyKey } from './idempotency.js';
import { AuditLog } from './outputs.js';

/** The identity of an endpoint across accounts: its URL and its events, in any order. */
export function webhookTwinKey(endpoint: Pick<WebhookEndpoint, 'url' | 'enabled_events'>): string {
  return JSON.stringify([endpoint.url, [...new Set(endpoint.enabled_events)].sort()]);
}

/** Enabled sandbox endpoints with no live twin, in the sandbox's order. A disabled sandbox endpoint is not expected in live. */
export function missingWebhookEndpoints(sandbox: readonly WebhookEndpoint[], live: readonly WebhookEndpoint[]): WebhookEndpoint[] {
  const present = new Set(live.map(webhookTwinKey));
  return sandbox.filter((endpoint) => endpoint.status === 'enabled' && !present.has(webhookTwinKey(endpoint)));
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

export interface WebhookApplyResult {
  created: CreatedWebhook[];
  /** Enabled sandbox endpoints that already had a live twin. */
  alreadyInLive: number;
}

export interface WebhookApplyOptions {
  sandbox: WebhookGateway;
  live: WebhookGateway;
  /** The plan's content hash, for deterministic idempotency keys. */
  contentHash: string;
  /** Where apply's audit log is; each create gets a line there, without its secret. */
  auditPath?: string;
  /** Called once per created endpoint, with its secret: the caller shows it (`showSigningSecretOnce`) and drops it. */
  onCreated: (created: CreatedWebhook, secret: SigningSecret) => void;
  now?: () => Date;
}

export async function applyWebhookEndpoints(options: WebhookApplyOptions): Promise<WebhookApplyResult> {
  const [sandbox, live] = await Promise.all([options.sandbox.readWebhookEndpoints(), options.live.readWebhookEndpoints()]);
  const missing = missingWebhookEndpoints(sandbox, live);
  const audit = options.auditPath ? new AuditLog(options.auditPath) : undefined;
  const now = options.now ?? (() => new Date());
  const created: CreatedWebhook[] = [];
  try {
    // One at a time: a handful of endpoints, and each secret is shown as soon as its endpoint exists.
    for (const endpoint of missing) {
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
  return { created, alreadyInLive: sandbox.filter((e) => e.status === 'enabled').length - missing.length };
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
