/**
 * Webhook endpoint parity: every enabled sandbox endpoint has a live twin (same URL, same events). A URL live lacks
 * and a live endpoint at the URL with other events are failures (events the application expects do not arrive);
 * a twin that is disabled in live receives nothing and is a warning; so is a live endpoint at a URL the sandbox
 * does not have (a live-only integration, or a stale endpoint that still receives every live event), and a second
 * live endpoint at a sandbox URL (what an older `apply --include webhooks` left when the events differed).
 */
import { pairWebhookEndpoints } from '../../apply/webhooks.js';
import type { WebhookEndpoint } from '../../stripe/types.js';
import type { CheckResult, CheckStatus, DoctorCheck } from '../types.js';
import { readOrCannotRun } from './reason.js';

const APPLY = '`migrate plan`, then `migrate apply plan.yaml --include webhooks`';

function describe(endpoint: WebhookEndpoint): string {
  return `${endpoint.url} (${[...endpoint.enabled_events].sort().join(', ')})`;
}

/** One kind of finding: how bad it is, how a count of them reads, and what to do. */
interface FindingKind {
  status: Exclude<CheckStatus, 'pass'>;
  detail: (n: number) => string;
  fix: string;
}

const FINDINGS = {
  missing: {
    status: 'fail',
    detail: (n) => `${n} sandbox webhook endpoint(s) have no live endpoint at their URL`,
    fix: `Run ${APPLY} (it prints each new signing secret once), or create them in the Dashboard under Developers → Webhooks.`,
  },
  events: {
    status: 'fail',
    detail: (n) => `${n} live endpoint(s) have other events than their sandbox twin`,
    fix: `Run ${APPLY}: it sets their events to the sandbox's (the endpoint and its signing secret stay), or edit them in the Dashboard.`,
  },
  disabled: {
    status: 'warn',
    detail: (n) => `${n} live twin(s) are disabled and receive no events`,
    fix: 'Enable them in the Dashboard (Developers → Webhooks) or with `POST /v1/webhook_endpoints/:id disabled=false`.',
  },
  extra: {
    status: 'warn',
    detail: (n) => `${n} further live endpoint(s) at a URL whose sandbox endpoint already has its live twin`,
    fix: 'A second endpoint at one URL delivers the events both take twice, signed with two secrets: delete the one your application does not verify (Developers → Webhooks).',
  },
  liveOnly: {
    status: 'warn',
    detail: (n) => `${n} live endpoint(s) at a URL the sandbox has no endpoint for`,
    fix: 'If one is stale, delete it in the Dashboard (Developers → Webhooks): it receives every live event it is enabled for. If it is meant for live only, nothing to do.',
  },
} satisfies Record<string, FindingKind>;

type Finding = keyof typeof FINDINGS;

export const webhookParityCheck: DoctorCheck = {
  id: 'webhook-parity',
  title: 'Webhook endpoints in live',
  async run(ctx): Promise<CheckResult> {
    const read = await readOrCannotRun('the webhook endpoints', () => ctx.webhooks());
    if ('result' in read) return read.result;
    const hooks = read.value;
    const pairing = pairWebhookEndpoints(hooks.sandbox, hooks.live);
    const items: Record<Finding, string[]> = {
      missing: pairing.missing.map((e) => `missing in live: ${describe(e)}`),
      events: pairing.update.map(({ sandbox, live, added, removed }) =>
        `other events in live: ${live.id} ${sandbox.url} — ${[...added.map((e) => `lacks ${e}`), ...removed.map((e) => `has ${e}, the sandbox does not`)].join('; ')}`,
      ),
      disabled: pairing.twins.filter(({ live }) => live.status === 'disabled').map(({ live }) => `disabled in live: ${live.id} ${describe(live)}`),
      extra: pairing.extra.map((e) => `second endpoint in live: ${e.id} ${describe(e)}${e.status === 'disabled' ? ' [disabled]' : ''}`),
      liveOnly: pairing.liveOnly.map((e) => `only in live: ${e.id} ${describe(e)}${e.status === 'disabled' ? ' [disabled]' : ''}`),
    };
    const found = (Object.keys(FINDINGS) as Finding[]).filter((kind) => items[kind].length > 0);
    if (found.length === 0) {
      const n = pairing.twins.length;
      return { status: 'pass', detail: n === 0 ? 'the sandbox has no enabled webhook endpoints' : `all ${n} sandbox endpoint(s) have a live twin` };
    }
    return {
      status: found.some((kind) => FINDINGS[kind].status === 'fail') ? 'fail' : 'warn',
      detail: found.map((kind) => FINDINGS[kind].detail(items[kind].length)).join('; '),
      items: found.flatMap((kind) => items[kind]),
      fix: found.map((kind) => FINDINGS[kind].fix).join(' '),
    };
  },
};
