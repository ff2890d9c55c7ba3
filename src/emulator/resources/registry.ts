/**
 * The resource registry: every Stripe resource is one module that declares its object types (how a stored record
 * renders, which fields expand) and its routes (method, path, permission, parameter table, rules). Adding a
 * resource (promotion codes, tax rates, …) means adding one module to `RESOURCES` in `resources/index.ts`.
 */
import type { EmulatorSwitches } from '../switches.js';
import type { Json, StoredRecord } from '../store/collection.js';
import type { EmulatorState, Mode, Space } from '../store/state.js';
import type { Fields, Params } from '../wire/params.js';

/** What a route handler may touch: the caller's account and mode, the clock, the switches. */
export interface Ctx {
  account: string;
  mode: Mode;
  livemode: boolean;
  space: Space;
  state: EmulatorState;
  switches: EmulatorSwitches;
  /** Emulator time, unix seconds. */
  now: number;
  types: ReadonlyMap<string, ObjectType>;
}

/** How one object type renders and expands (§1.5). */
export interface ObjectType {
  name: string;
  /** Fields left out unless expanded (`expand[]=tiers`); a function where a switch decides (`switches.ts`). */
  includable: readonly string[] | ((ctx: Ctx) => readonly string[]);
  /** Fields holding an id that `expand[]` turns into the object, with that object's type. */
  references: Readonly<Record<string, string>>;
  /**
   * Fields holding an embedded object (not an id) whose own references expand through it, with the embedded
   * object's type: promotion code `promotion` → `promotion.coupon`. Expanding the field itself is accepted and does
   * nothing (§1.5). The embedded object's includable fields are kept in the record's `hidden[field]`.
   */
  embedded?: Readonly<Record<string, string>>;
  render(ctx: Ctx, record: StoredRecord, include: ReadonlySet<string>): Json;
  /** A record of this type in the caller's space, for expansion. */
  find(ctx: Ctx, id: string): StoredRecord | undefined;
}

export interface RouteRequest {
  params: Params;
  /** Path segments named in the route pattern (`:id`). */
  path: Record<string, string>;
  /** `expand[]` entries as sent. */
  expand: string[];
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** `/v1/products/:id` */
  pattern: string;
  /** What a restricted key needs for this route (writes only are checked). */
  permission: string;
  write: boolean;
  /** Accepted parameters; anything else is `parameter_unknown`. `expand` is added by the registry. */
  params: Fields;
  /** The object type the route answers with, so `expand[]` is checked before anything runs (lists: `data.…`). */
  returns?: { type: string; list?: boolean };
  /**
   * Rules between parameters that need no stored data. A refusal here is a validation failure: nothing is kept
   * under the idempotency key (§1.7).
   */
  check?(params: Params, ctx: Ctx): void;
  /** Runs the endpoint; refusals from here are stored under the idempotency key like any response. */
  run(request: RouteRequest, ctx: Ctx): Json;
}

export interface ResourceModule {
  name: string;
  types: ObjectType[];
  routes: Route[];
}
