/**
 * Ids Stripe no longer takes. Since API 2018-05-21 a new product, plan or coupon id may hold only letters,
 * digits, `_` and `-`; an account older than that may still have `Gold Plan` or `50% off` (api-notes §2). A
 * recurring price under such an id is created through the Prices API instead, and a product under an id Stripe
 * assigns (each with a new id, found by its link: see `match.ts`), with a warning; a coupon's id is the code its
 * customers type, so `migrate plan` refuses a plan that would create one (or delete and create one again).
 */
import { acceptsCustomId } from '../catalog/rules.js';
import { MigrateError } from '../util/errors.js';
import { firstOf } from '../util/list.js';
import type { Change } from './types.js';


/** Refuses a plan whose creates ask Stripe to take an id it no longer takes (`id` in a create's parameters). */
export function refuseUntakenIds(changes: readonly Change[]): void {
  const refused: string[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    if (change.action !== 'create' && change.action !== 'replace') continue;
    for (const request of change.requests) {
      const id = request.params.id;
      if (typeof id === 'string' && !acceptsCustomId(id)) {
        refused.push(change.address);
        break;
      }
    }
  }
  if (refused.length === 0) return;
  const one = refused.length === 1;
  throw new MigrateError(
    'plan_id_not_accepted',
    `Stripe no longer takes the id${one ? '' : 's'} of ${firstOf(refused, 5)}: since API 2018-05-21 a new id may hold only letters, digits, _ and -, ` +
      `so live cannot get ${one ? 'this object under its id' : 'these objects under their ids'}.`,
    { hint: 'Create each again under an id Stripe takes, in the sandbox or the manifests, point what names it (prices, promotion codes) at the new id, and plan again.' },
  );
}
