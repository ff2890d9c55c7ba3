/**
 * What apply leaves next to the plan file: the id map (`<plan>.idmap.json`, sandbox id → live id per type, for
 * applications to load) and the audit log (`<plan>.audit.jsonl`, one line per request sent or settled). Both are
 * checked by the shared safe writer, which refuses any content holding a key-shaped string.
 */
import { promises as fs } from 'node:fs';
import { assertNoSecrets, writeFileSafely } from '../util/safe-write.js';

export function idMapPathFor(planPath: string): string {
  return `${planPath}.idmap.json`;
}

export function auditPathFor(planPath: string): string {
  return `${planPath}.audit.jsonl`;
}

/** One audit line. No parameters, no keys, no personal data: what was done to which object, and Stripe's trace. */
export interface AuditRecord {
  time: string;
  address: string;
  action: string;
  /** `METHOD /path` as sent. */
  request: string;
  liveId: string | null;
  requestId: string | null;
  idempotencyKey: string;
  outcome: string;
  error?: string;
}

export class AuditLog {
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Appends in call order; errors surface on `close`. */
  append(record: AuditRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    assertNoSecrets(this.path, line);
    this.chain = this.chain.then(() => fs.appendFile(this.path, line, 'utf8'));
  }

  close(): Promise<void> {
    return this.chain;
  }
}

/** The id map file: one object per type, sandbox id → live id, sorted. */
export interface IdMapFile {
  formatVersion: 1;
  source: { account: string | null; mode: string | null };
  target: { account: string | null; mode: string | null };
  products: Record<string, string>;
  prices: Record<string, string>;
  coupons: Record<string, string>;
  meters: Record<string, string>;
  promotion_codes: Record<string, string>;
  tax_rates: Record<string, string>;
  shipping_rates: Record<string, string>;
  features: Record<string, string>;
}

type IdMapList = 'products' | 'prices' | 'coupons' | 'meters' | 'promotion_codes' | 'tax_rates' | 'shipping_rates' | 'features';
const TYPE_KEYS: Record<string, IdMapList> = {
  product: 'products',
  price: 'prices',
  coupon: 'coupons',
  meter: 'meters',
  promotion_code: 'promotion_codes',
  tax_rate: 'tax_rates',
  shipping_rate: 'shipping_rates',
  feature: 'features',
};

/** Builds the file body from `type/id` → live id pairs (sub-addresses such as `#default_price` are left out). */
export function buildIdMapFile(
  entries: [string, string][],
  endpoints: Pick<IdMapFile, 'source' | 'target'>,
): IdMapFile {
  const file: IdMapFile = { formatVersion: 1, ...endpoints, products: {}, prices: {}, coupons: {}, meters: {}, promotion_codes: {}, tax_rates: {}, shipping_rates: {}, features: {} };
  for (const [address, liveId] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (address.includes('#')) continue;
    const [type, id] = [address.slice(0, address.indexOf('/')), address.slice(address.indexOf('/') + 1)];
    const key = TYPE_KEYS[type];
    if (key) file[key][id] = liveId;
  }
  return file;
}

export async function writeIdMap(path: string, file: IdMapFile): Promise<void> {
  await writeFileSafely(path, `${JSON.stringify(file, null, 2)}\n`);
}
