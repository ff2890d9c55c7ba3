/** `GET /v1/account`: which account a key belongs to, with the keys of Stripe's account fixture. */
import type { Json } from '../store/collection.js';
import type { Ctx, ResourceModule } from './registry.js';

function renderAccount(ctx: Ctx): Json {
  const name = ctx.account.slice('acct_'.length);
  return {
    id: ctx.account,
    object: 'account',
    business_profile: { mcc: null, name, product_description: null, support_email: null, support_phone: null, support_url: null, url: null },
    business_type: null,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    controller: { type: 'account' },
    country: 'US',
    created: 1700000000,
    default_currency: 'usd',
    details_submitted: true,
    email: `${name}@example.com`,
    external_accounts: { object: 'list', data: [], has_more: false, url: `/v1/accounts/${ctx.account}/external_accounts` },
    future_requirements: { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] },
    metadata: {},
    payouts_enabled: true,
    requirements: { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] },
    settings: { dashboard: { display_name: name, timezone: 'Etc/UTC' } },
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type: 'standard',
  };
}

export const accountModule: ResourceModule = {
  name: 'account',
  types: [],
  routes: [{ method: 'GET', pattern: '/v1/account', permission: 'rak_account_read', write: false, params: {}, run: (_request, ctx) => renderAccount(ctx) }],
};
