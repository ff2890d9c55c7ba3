/**
 * All emulator data: one `Space` per account and mode (test and live data of an account are separate, §1.4), an
 * emulator-wide sequence, and JSON persistence written atomically (temp file + rename) so a crash never leaves a
 * half-written state file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Collection, type StoredRecord } from './collection.js';

export type Mode = 'test' | 'live';

/** Where a request's objects live. Plans are prices (§5): they share the `prices` collection. */
export interface Space {
  account: string;
  mode: Mode;
  products: Collection;
  prices: Collection;
  coupons: Collection;
  /** `billing.meter` objects (`/v1/billing/meters`). */
  meters: Collection;
  promotionCodes: Collection;
  taxRates: Collection;
  shippingRates: Collection;
  /** `entitlements.feature` objects; ordered by their (unrendered) creation time. */
  features: Collection;
  /** `product_feature` attachments of every product; each record's `hidden.product` names its product. */
  productFeatures: Collection;
  webhookEndpoints: Collection;
  /** lookup_key → price id, over active and inactive prices (§3: unique across both). */
  lookupKeys: Map<string, string>;
  /** Ids of deleted objects by type, for the reuse switch. */
  deleted: { product: Set<string>; plan: Set<string>; coupon: Set<string> };
}

export type CollectionName =
  | 'products'
  | 'prices'
  | 'coupons'
  | 'meters'
  | 'promotionCodes'
  | 'taxRates'
  | 'shippingRates'
  | 'features'
  | 'productFeatures'
  | 'webhookEndpoints';
const COLLECTIONS: CollectionName[] = [
  'products',
  'prices',
  'coupons',
  'meters',
  'promotionCodes',
  'taxRates',
  'shippingRates',
  'features',
  'productFeatures',
  'webhookEndpoints',
];

/** Version 1 files written before a collection existed simply lack its key; it loads empty. */
interface StateFile {
  version: 1;
  seq: number;
  spaces: ({ account: string; mode: Mode; deleted: Record<string, string[]> } & Partial<Record<CollectionName, StoredRecord[]>>)[];
}

export class EmulatorState {
  private readonly spaces = new Map<string, Space>();
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  space(account: string, mode: Mode): Space {
    const key = `${account}:${mode}`;
    let space = this.spaces.get(key);
    if (space === undefined) {
      space = {
        account,
        mode,
        products: new Collection(),
        prices: new Collection(),
        coupons: new Collection(),
        meters: new Collection(),
        promotionCodes: new Collection(),
        taxRates: new Collection(),
        shippingRates: new Collection(),
        features: new Collection(),
        productFeatures: new Collection(),
        webhookEndpoints: new Collection(),
        lookupKeys: new Map(),
        deleted: { product: new Set(), plan: new Set(), coupon: new Set() },
      };
      this.spaces.set(key, space);
    }
    return space;
  }

  /** The same account's other mode, if it holds anything (for the cross-mode message of §1.4). */
  peek(account: string, mode: Mode): Space | undefined {
    return this.spaces.get(`${account}:${mode}`);
  }

  clear(): void {
    this.spaces.clear();
    this.seq = 0;
  }

  load(path: string): void {
    if (!existsSync(path)) return;
    const file = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
    if (file.version !== 1) throw new Error(`unsupported emulator state version ${String(file.version)} in ${path}`);
    this.clear();
    this.seq = file.seq;
    for (const saved of file.spaces) {
      const space = this.space(saved.account, saved.mode);
      for (const name of COLLECTIONS) for (const record of saved[name] ?? []) space[name].insert(record);
      for (const record of saved.prices ?? []) {
        const key = record.data.lookup_key;
        if (typeof key === 'string') space.lookupKeys.set(key, record.id);
      }
      for (const type of ['product', 'plan', 'coupon'] as const) for (const id of saved.deleted[type] ?? []) space.deleted[type].add(id);
    }
  }

  save(path: string): void {
    const file: StateFile = {
      version: 1,
      seq: this.seq,
      spaces: [...this.spaces.values()].map((space) => ({
        account: space.account,
        mode: space.mode,
        ...Object.fromEntries(COLLECTIONS.map((name) => [name, [...space[name].all()]])),
        deleted: { product: [...space.deleted.product], plan: [...space.deleted.plan], coupon: [...space.deleted.coupon] },
      })),
    };
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(file));
    renameSync(temp, path);
  }
}
