/**
 * A small in-memory Gateway for unit tests of the applier: products, coupons, plans and prices with Stripe's
 * rules that matter to ordering (a price needs its product, `default_price` needs its price, ids are unique),
 * an idempotency store that replays, and hooks to inject faults before or after a write commits.
 */
import { LINK_METADATA_KEY, type Catalog, type Coupon, type Price, type Product } from '../../src/catalog/types.js';
import type { AccountRef, Gateway, Mode, WireParams, WireValue, WriteOptions, WriteResult } from '../../src/stripe/types.js';
import { StripeApiError } from '../../src/util/errors.js';
import { baseCoupon, basePrice, baseProduct } from '../support/generate-catalog.js';

export interface WriteLogEntry {
  method: string;
  path: string;
  params: WireParams;
  idempotencyKey: string;
  replayed: boolean;
}

export function stripeError(status: number, code: string, message: string, extra: Partial<StripeApiError['details']> = {}): StripeApiError {
  const category = status === 429 ? 'rate_limit' : status >= 500 ? 'api' : status === 409 ? 'api' : 'invalid_request';
  return new StripeApiError(`stripe_${category}`, message, { status, stripeCode: code, category, ...extra });
}

export class FakeGateway implements Gateway {
  readonly products = new Map<string, Product>();
  readonly prices = new Map<string, Price>();
  readonly coupons = new Map<string, Coupon>();
  readonly log: WriteLogEntry[] = [];
  /** Objects actually created (not replays). */
  created: string[] = [];
  private readonly idempotency = new Map<string, WriteResult>();
  private assigned = 0;
  /** Throw from here to fail a write before it commits. */
  beforeWrite?: (method: string, path: string, params: WireParams, count: number) => void;
  /** Throw from here to fail after the write committed and was stored under its key (a reset connection). */
  afterCommit?: (method: string, path: string, params: WireParams) => void;
  /** Plan ids Stripe refuses on `POST /v1/plans` (400 invalid_request). */
  refusePlanId?: (id: string) => boolean;
  /** Product ids Stripe refuses on `POST /v1/products` (400 invalid_request naming `id`). */
  refuseProductId?: (id: string) => boolean;

  constructor(readonly mode: Mode = 'live', readonly accountId = 'acct_live') {}

  async account(): Promise<AccountRef> {
    return { id: this.accountId, mode: this.mode };
  }

  async readCatalog(): Promise<Catalog> {
    const sorted = <T extends { id: string }>(map: Map<string, T>) => [...map.values()].map((o) => structuredClone(o)).sort((a, b) => (a.id < b.id ? -1 : 1));
    return { products: sorted(this.products), prices: sorted(this.prices), coupons: sorted(this.coupons) };
  }

  async write(method: 'POST' | 'DELETE', path: string, params: WireParams, options: WriteOptions): Promise<WriteResult> {
    this.beforeWrite?.(method, path, params, this.log.length);
    const stored = this.idempotency.get(options.idempotencyKey);
    this.log.push({ method, path, params, idempotencyKey: options.idempotencyKey, replayed: stored !== undefined });
    if (stored) return { ...stored, replayed: true };
    const object = this.handle(method, path, params);
    const result: WriteResult = { object, requestId: `req_${this.log.length}`, replayed: false };
    if (method === 'POST') this.idempotency.set(options.idempotencyKey, result);
    this.afterCommit?.(method, path, params);
    return result;
  }

  private handle(method: string, path: string, params: WireParams): Record<string, unknown> {
    const [, , collection, id] = path.split('/');
    if (method === 'DELETE' && collection === 'coupons') {
      if (!this.coupons.delete(id!)) throw stripeError(404, 'resource_missing', `No such coupon: '${id}'`);
      return { id, object: 'coupon', deleted: true };
    }
    if (collection === 'products') return id ? this.updateProduct(id, params) : this.createProduct(params);
    if (collection === 'coupons' && !id) return this.createCoupon(params);
    if (collection === 'plans' && !id) return this.createPlan(params);
    if (collection === 'prices') return id ? this.updatePrice(id, params) : this.createPrice(params);
    throw stripeError(404, 'unknown_route', `Unrecognized request URL (${method}: ${path})`);
  }

  private createProduct(params: WireParams): Record<string, unknown> {
    if (typeof params.id === 'string' && this.refuseProductId?.(params.id)) throw stripeError(400, 'parameter_invalid', 'Invalid product id.', { param: 'id' });
    const id = typeof params.id === 'string' ? params.id : `prod_live${(this.assigned += 1)}`;
    if (this.products.has(id)) throw stripeError(400, 'resource_already_exists', 'Product already exists.');
    const { [LINK_METADATA_KEY]: link, ...metadata } = (params.metadata as Record<string, string> | undefined) ?? {};
    const product = { ...baseProduct(id, String(params.name)), ...(params as Partial<Product>), id, metadata, link: link ?? null };
    this.products.set(id, product);
    this.created.push(`product/${id}`);
    return { ...product, object: 'product' };
  }

  private updateProduct(id: string, params: WireParams): Record<string, unknown> {
    const product = this.products.get(id);
    if (!product) throw stripeError(404, 'resource_missing', `No such product: '${id}'`);
    for (const [key, value] of Object.entries(params)) {
      if (key === 'default_price' && value !== '' && !this.prices.has(String(value))) {
        throw stripeError(400, 'resource_missing', `No such price: '${String(value)}'`, { param: 'default_price' });
      }
      (product as unknown as Record<string, WireValue>)[key] = value === '' ? null : value;
    }
    return { ...product, object: 'product' };
  }

  private createCoupon(params: WireParams): Record<string, unknown> {
    const id = String(params.id);
    if (this.coupons.has(id)) throw stripeError(400, 'resource_already_exists', 'Coupon already exists.');
    const coupon = { ...baseCoupon(id), ...(params as Partial<Coupon>) };
    this.coupons.set(id, coupon);
    this.created.push(`coupon/${id}`);
    return { ...coupon, object: 'coupon' };
  }

  private requireProduct(params: WireParams): string {
    const product = String(params.product);
    if (!this.products.has(product)) throw stripeError(400, 'resource_missing', `No such product: '${product}'`, { param: 'product' });
    return product;
  }

  private createPlan(params: WireParams): Record<string, unknown> {
    const id = String(params.id);
    if (this.refusePlanId?.(id)) throw stripeError(400, 'parameter_invalid', 'Invalid plan id.', { param: 'id' });
    if (this.prices.has(id)) throw stripeError(400, 'resource_already_exists', 'Plan already exists.');
    const price: Price = {
      ...basePrice(id, this.requireProduct(params)),
      currency: String(params.currency),
      unit_amount: params.amount === undefined ? null : Number(params.amount),
      recurring: { interval: params.interval as 'month', interval_count: Number(params.interval_count ?? 1), usage_type: 'licensed', trial_period_days: null, meter: null },
      nickname: (params.nickname as string | undefined) ?? null,
      metadata: (params.metadata as Record<string, string> | undefined) ?? {},
    };
    this.prices.set(id, price);
    this.created.push(`price/${id}`);
    return { ...price, object: 'plan' };
  }

  private createPrice(params: WireParams): Record<string, unknown> {
    if ('id' in params) throw stripeError(400, 'parameter_unknown', 'Received unknown parameter: id', { param: 'id' });
    this.assigned += 1;
    const id = `price_live${this.assigned}`;
    const { [LINK_METADATA_KEY]: link, ...metadata } = (params.metadata as Record<string, string> | undefined) ?? {};
    const recurring = params.recurring as Record<string, WireValue> | undefined;
    const price: Price = {
      ...basePrice(id, this.requireProduct(params)),
      currency: String(params.currency),
      unit_amount: params.unit_amount === undefined ? null : Number(params.unit_amount),
      recurring: recurring ? { interval: recurring.interval as 'month', interval_count: Number(recurring.interval_count ?? 1), usage_type: 'licensed', trial_period_days: null, meter: null } : null,
      lookup_key: (params.lookup_key as string | undefined) ?? null,
      metadata,
      link: link ?? null,
    };
    this.prices.set(id, price);
    this.created.push(`price/${id}`);
    return { ...price, object: 'price' };
  }

  private updatePrice(id: string, params: WireParams): Record<string, unknown> {
    const price = this.prices.get(id);
    if (!price) throw stripeError(404, 'resource_missing', `No such price: '${id}'`, { param: 'price' });
    for (const [key, value] of Object.entries(params)) (price as unknown as Record<string, WireValue>)[key] = value === '' ? null : value;
    return { ...price, object: 'price' };
  }
}
