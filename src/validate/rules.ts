/**
 * The checks only `migrate validate` runs, as one table: each rule has a stable code, a severity and a check
 * over the catalog the reader produced (valid objects only; the reader already reported the others). A finding
 * names the object and the field, and `validate.ts` turns that into file:line:column. Limits are Stripe's
 * (api-notes §1 metadata, §3 lookup_key, §2 custom ids).
 */
import { RULES, acceptsCustomId, addressOf, plansApiCanCarry } from '../catalog/rules.js';
import { RESOURCE_TYPES, objectsOf, type Catalog, type CatalogObject, type Metadata, type Price, type ResourceType, type Tier } from '../catalog/types.js';
import { CURRENCY_SET } from '../emulator/wire/currencies.js';
import type { Severity } from '../manifests/problems.js';
import type { ValidateCode } from './problems.js';

export interface Finding {
  /** `<type>/<id>`. */
  address: string;
  /** Field path inside the object (`metadata.tier`, `tiers[2].up_to`); `''` for the object itself. */
  field: string;
  message: string;
}

export interface ValidationRule {
  code: ValidateCode;
  severity: Severity;
  check(catalog: Catalog): Finding[];
}

/** Whether live gets the object under its id (products, coupons, prices through the Plans API). */
function keepsId(type: ResourceType, object: CatalogObject): boolean {
  return type === 'price' ? plansApiCanCarry(object as Price) : RULES[type].idChoosable;
}
export const METADATA_MAX_KEYS = 50;
export const METADATA_KEY_MAX = 40;
export const METADATA_VALUE_MAX = 500;
export const LOOKUP_KEY_MAX = 200;

/**
 * A rule's check run on each object of the catalog in turn: `find` adds the object's findings to `found`. Most
 * objects have none, so the common case allocates nothing.
 */
function eachObject(find: (type: ResourceType, object: CatalogObject, found: Finding[]) => void): (catalog: Catalog) => Finding[] {
  return (catalog) => {
    const found: Finding[] = [];
    for (const type of RESOURCE_TYPES) for (const object of objectsOf(catalog, type)) find(type, object as CatalogObject, found);
    return found;
  };
}

/** Metadata of an object; `{}` for types that have none (meters). */
function metadataOf(object: CatalogObject): Metadata {
  return 'metadata' in object ? object.metadata : {};
}

const at = (type: ResourceType, id: string, field: string, message: string): Finding => ({ address: addressOf(type, id), field, message });

/** Each currency code an object uses, with the field that holds it: its own currency, then its options'. */
function eachCurrency(object: CatalogObject, visit: (field: string, code: string) => void): void {
  if (!('currency' in object)) return;
  const own = (object as { currency: string | null }).currency;
  if (own !== null) visit('currency', own);
  const options = (object as { currency_options?: Record<string, unknown> }).currency_options;
  if (options !== undefined) for (const code of Object.keys(options)) visit(`currency_options.${code}`, code);
}

function tierBoundsIncrease(tiers: readonly Tier[]): number | null {
  for (let i = 1; i < tiers.length; i++) {
    const [before, here] = [tiers[i - 1]!.up_to, tiers[i]!.up_to];
    if (before === 'inf' || (here !== 'inf' && here <= before)) return i;
  }
  return null;
}

/** Each tier list of a price, with the field that holds it: its own tiers, then its currency options'. */
function eachTierList(price: Price, visit: (field: string, tiers: readonly Tier[]) => void): void {
  if (price.tiers !== null) visit('tiers', price.tiers);
  for (const [code, option] of Object.entries(price.currency_options)) if (option.tiers !== null) visit(`currency_options.${code}.tiers`, option.tiers);
}

export const VALIDATION_RULES: readonly ValidationRule[] = [
  {
    // A warning: objects made before API 2018-05-21 keep such ids, and `migrate export` writes them. Only ids
    // Stripe is asked to take are checked (the others name a link); `migrate plan` refuses a create under one.
    code: 'id_charset',
    severity: 'warning',
    check: eachObject((type, object, found) => {
      if (acceptsCustomId(object.id) || !keepsId(type, object)) return;
      const then = type === 'price' || type === 'product' ? 'a new one is created with a new id, found by its link' : '`migrate plan` refuses to create one';
      found.push(at(type, object.id, 'id', `${type} id ${JSON.stringify(object.id)} has characters Stripe no longer takes in a new id (only letters, digits, _ and -): only an object made before API 2018-05-21 has it; ${then}.`));
    }),
  },
  {
    code: 'currency_unknown',
    severity: 'error',
    check: eachObject((type, object, found) =>
      eachCurrency(object, (field, code) => {
        if (!CURRENCY_SET.has(code)) found.push(at(type, object.id, field, `${code} is not a currency Stripe supports.`));
      }),
    ),
  },
  {
    code: 'tiered_not_recurring',
    severity: 'error',
    check: (catalog) =>
      catalog.prices
        .filter((p) => p.billing_scheme === 'tiered' && p.recurring === null)
        .map((p) => at('price', p.id, 'billing_scheme', 'tiered prices must be recurring; add recurring or use per_unit.')),
  },
  {
    code: 'tiers_not_increasing',
    severity: 'error',
    check: (catalog) => {
      const found: Finding[] = [];
      for (const p of catalog.prices) {
        eachTierList(p, (field, tiers) => {
          const i = tierBoundsIncrease(tiers);
          if (i !== null) found.push(at('price', p.id, `${field}[${i}].up_to`, `each tier's up_to must be greater than the one before.`));
        });
      }
      return found;
    },
  },
  {
    code: 'metadata_too_many_keys',
    severity: 'error',
    check: eachObject((type, object, found) => {
      const count = Object.keys(metadataOf(object)).length;
      if (count > METADATA_MAX_KEYS) found.push(at(type, object.id, 'metadata', `metadata has ${count} keys; Stripe allows ${METADATA_MAX_KEYS}.`));
    }),
  },
  {
    code: 'metadata_key_too_long',
    severity: 'error',
    check: eachObject((type, object, found) => {
      for (const key of Object.keys(metadataOf(object))) {
        if (key.length > METADATA_KEY_MAX) found.push(at(type, object.id, `metadata.${key}`, `metadata key is ${key.length} characters; Stripe allows ${METADATA_KEY_MAX}.`));
      }
    }),
  },
  {
    code: 'metadata_value_too_long',
    severity: 'error',
    check: eachObject((type, object, found) => {
      for (const [key, value] of Object.entries(metadataOf(object))) {
        if (value.length > METADATA_VALUE_MAX) found.push(at(type, object.id, `metadata.${key}`, `metadata value is ${value.length} characters; Stripe allows ${METADATA_VALUE_MAX}.`));
      }
    }),
  },
  {
    code: 'lookup_key_too_long',
    severity: 'error',
    check: (catalog) =>
      catalog.prices
        .filter((p) => p.lookup_key !== null && p.lookup_key.length > LOOKUP_KEY_MAX)
        .map((p) => at('price', p.id, 'lookup_key', `lookup_key is ${p.lookup_key!.length} characters; Stripe allows ${LOOKUP_KEY_MAX}.`)),
  },
  {
    code: 'lookup_key_duplicate',
    severity: 'error',
    check: (catalog) => {
      const first = new Map<string, string>();
      const findings: Finding[] = [];
      for (const p of catalog.prices) {
        if (p.lookup_key === null) continue;
        const holder = first.get(p.lookup_key);
        if (holder === undefined) first.set(p.lookup_key, p.id);
        else findings.push(at('price', p.id, 'lookup_key', `lookup_key ${JSON.stringify(p.lookup_key)} is already used by price ${holder}; Stripe keeps one price per key.`));
      }
      return findings;
    },
  },
  {
    code: 'feature_lookup_key_duplicate',
    severity: 'error',
    check: (catalog) => {
      const first = new Map<string, string>();
      const findings: Finding[] = [];
      for (const f of objectsOf(catalog, 'feature')) {
        if (!f.active) continue;
        const holder = first.get(f.lookup_key);
        if (holder === undefined) first.set(f.lookup_key, f.id);
        else findings.push(at('feature', f.id, 'lookup_key', `lookup_key ${JSON.stringify(f.lookup_key)} is already used by active feature ${holder}; Stripe keeps one active feature per key.`));
      }
      return findings;
    },
  },
];
