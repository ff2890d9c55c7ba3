/**
 * `migrate doctor`: a go-live report made of independent checks. Each check reads what it needs through the
 * shared, memoised `DoctorContext` and returns one result; a check that cannot run (no key, network error) is a
 * `fail` that says why, and the other checks still run.
 */
import type { Catalog } from '../catalog/types.js';
import type { PlanEndpoint } from '../plan/types.js';
import type { AccountRef, Gateway, WebhookEndpoint, WebhookGateway } from '../stripe/types.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** Invariant: `fix` is set whenever `status` is not `pass`; no field ever holds a key (they are redacted anyway). */
export interface CheckResult {
  status: CheckStatus;
  /** One line: what was found. */
  detail: string;
  /** Per-item findings (an endpoint, a file:line, a change address), shown under the detail. */
  items?: string[];
  /** What to do about it. */
  fix?: string;
}

export interface DoctorCheck {
  /** Stable id, used in `--json` (`keys`, `webhook-parity`, …). */
  id: string;
  title: string;
  run(ctx: DoctorContext): Promise<CheckResult>;
}

export interface DoctorOptions {
  from: 'sandbox' | 'manifests';
  manifests: string;
  /** The plan file whose journal tells whether the last apply finished. */
  plan: string;
  /** The git repository to scan for key-shaped strings. */
  repo: string;
}

export interface OpenedAccount {
  gateway: Gateway & WebhookGateway;
  account: AccountRef;
}

/** What checks share. Every accessor is memoised: the sandbox is read once however many checks need it. */
export interface DoctorContext {
  options: DoctorOptions;
  /** Folder relative paths are resolved against. */
  cwd: string;
  sandbox(): Promise<OpenedAccount>;
  live(): Promise<OpenedAccount>;
  /** Both accounts' webhook endpoints, read at once. */
  webhooks(): Promise<{ sandbox: WebhookEndpoint[]; live: WebhookEndpoint[] }>;
  /** The desired catalog (`--from`, with where it came from) and the live one, read concurrently. */
  catalogs(): Promise<{ desired: { catalog: Catalog; endpoint: PlanEndpoint }; live: Catalog }>;
}

export interface CheckReport extends CheckResult {
  id: string;
  title: string;
}

export interface DoctorReport {
  checks: CheckReport[];
  counts: Record<CheckStatus, number>;
}
