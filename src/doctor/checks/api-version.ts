/**
 * API versions: the tool pins `STRIPE_API_VERSION`; each webhook endpoint sends events in its own `api_version`.
 * A live endpoint whose version differs from its sandbox twin's sends events shaped unlike those the integration
 * was tested with (`fail`); a version other than the tool's, or none (the account default, which the API does not
 * expose), is a `warn`.
 */
import { webhookTwinKey } from '../../apply/webhooks.js';
import { STRIPE_API_VERSION } from '../../stripe/client.js';
import type { WebhookEndpoint } from '../../stripe/types.js';
import type { CheckResult, CheckStatus, DoctorCheck } from '../types.js';
import { readOrCannotRun } from './reason.js';

interface Finding {
  status: CheckStatus;
  item: string;
  fix: string;
}

const PIN_FIX = `Pin api_version on the endpoint: it cannot be changed once created, so create a replacement with api_version=${STRIPE_API_VERSION}, move your handler's signing secret to it, then delete the old one.`;

function versionFinding(side: 'sandbox' | 'live', endpoint: WebhookEndpoint): Finding | undefined {
  const where = `${side} ${endpoint.id} ${endpoint.url}`;
  if (endpoint.api_version === null) return { status: 'warn', item: `${where}: no api_version (the account default, unknown to the API)`, fix: PIN_FIX };
  if (endpoint.api_version !== STRIPE_API_VERSION) {
    return { status: 'warn', item: `${where}: api_version ${endpoint.api_version}, the tool pins ${STRIPE_API_VERSION}`, fix: PIN_FIX };
  }
  return undefined;
}

function twinFinding(sandbox: WebhookEndpoint, twin: WebhookEndpoint): Finding | undefined {
  if (sandbox.api_version === twin.api_version) return undefined;
  return {
    status: 'fail',
    item: `live ${twin.id} ${twin.url}: api_version ${twin.api_version ?? 'default'}, its sandbox twin ${sandbox.id} uses ${sandbox.api_version ?? 'default'}`,
    fix: 'Give the live endpoint the sandbox twin\'s api_version (create a replacement with it), so live events have the shape you tested.',
  };
}

export const apiVersionCheck: DoctorCheck = {
  id: 'api-version',
  title: 'API versions of webhook endpoints',
  async run(ctx): Promise<CheckResult> {
    const read = await readOrCannotRun('the webhook endpoints', () => ctx.webhooks());
    if ('result' in read) return read.result;
    const hooks = read.value;
    const { sandbox, live } = hooks;
    const twins = new Map(live.map((e) => [webhookTwinKey(e), e]));
    const findings: Finding[] = [
      ...sandbox.map((e) => versionFinding('sandbox', e)),
      ...live.map((e) => versionFinding('live', e)),
      ...sandbox.map((e) => (twins.has(webhookTwinKey(e)) ? twinFinding(e, twins.get(webhookTwinKey(e))!) : undefined)),
    ].filter((f): f is Finding => f !== undefined);

    const total = sandbox.length + live.length;
    if (findings.length === 0) {
      return { status: 'pass', detail: total === 0 ? `no webhook endpoints; the tool pins ${STRIPE_API_VERSION}` : `all ${total} endpoint(s) use ${STRIPE_API_VERSION}, the version the tool pins` };
    }
    const status: CheckStatus = findings.some((f) => f.status === 'fail') ? 'fail' : 'warn';
    return {
      status,
      detail: `${findings.length} finding(s) on ${total} endpoint(s); the tool pins ${STRIPE_API_VERSION}`,
      items: findings.map((f) => f.item),
      fix: [...new Set(findings.map((f) => f.fix))].join(' '),
    };
  },
};
