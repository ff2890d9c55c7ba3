/**
 * Webhook endpoint parity: every enabled sandbox endpoint has a live twin (same URL, same events). A missing twin
 * is a `fail` naming the URL; a twin that is disabled in live is a `warn`, since it receives nothing.
 */
import { missingWebhookEndpoints, webhookTwinKey } from '../../apply/webhooks.js';
import type { WebhookEndpoint } from '../../stripe/types.js';
import type { CheckResult, DoctorCheck } from '../types.js';
import { cannotRun } from './reason.js';

const APPLY_FIX = 'Run `migrate plan`, then `migrate apply plan.yaml --include webhooks` (it prints each new signing secret once), or create them in the Dashboard under Developers → Webhooks.';

function describe(endpoint: WebhookEndpoint): string {
  return `${endpoint.url} (${[...endpoint.enabled_events].sort().join(', ')})`;
}

export const webhookParityCheck: DoctorCheck = {
  id: 'webhook-parity',
  title: 'Webhook endpoints in live',
  async run(ctx): Promise<CheckResult> {
    let hooks: { sandbox: WebhookEndpoint[]; live: WebhookEndpoint[] };
    try {
      hooks = await ctx.webhooks();
    } catch (error) {
      return cannotRun('the webhook endpoints', error);
    }
    const { sandbox, live } = hooks;
    const missing = missingWebhookEndpoints(sandbox, live);
    if (missing.length > 0) {
      const liveUrls = new Set(live.map((e) => e.url));
      return {
        status: 'fail',
        detail: `${missing.length} sandbox webhook endpoint(s) have no live twin with the same URL and events`,
        items: missing.map((e) => `missing in live: ${describe(e)}${liveUrls.has(e.url) ? ' — live has this URL with other events' : ''}`),
        fix: APPLY_FIX,
      };
    }
    const enabled = sandbox.filter((e) => e.status === 'enabled');
    const twins = new Map(live.map((e) => [webhookTwinKey(e), e]));
    const disabled = enabled.map((e) => twins.get(webhookTwinKey(e))!).filter((twin) => twin.status === 'disabled');
    if (disabled.length > 0) {
      return {
        status: 'warn',
        detail: `${disabled.length} live twin(s) are disabled and receive no events`,
        items: disabled.map((e) => `disabled in live: ${e.id} ${describe(e)}`),
        fix: 'Enable them in the Dashboard (Developers → Webhooks) or with `POST /v1/webhook_endpoints/:id disabled=false`.',
      };
    }
    return { status: 'pass', detail: enabled.length === 0 ? 'the sandbox has no enabled webhook endpoints' : `all ${enabled.length} sandbox endpoint(s) have a live twin` };
  },
};
