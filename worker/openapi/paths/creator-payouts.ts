// OpenAPI entries of worker/routes/api/creator-payouts.ts (issue 18 §5).
import { routeDocs } from '../registry';

export const docs = routeDocs([
  {
    method: 'post',
    path: '/api/v1/creator/connect',
    operationId: 'startCreatorConnect',
    tag: 'Marketplace',
    summary: 'Set up payouts: a Stripe Connect onboarding link (owners)',
    description:
      'Creates the organization’s Stripe Connect (Express) account on the first call (and its creator profile when it has none), and answers a fresh onboarding `url` on Stripe: send the person there; Stripe returns them to `/app/earnings`. ' +
      'The account becomes `active` when Stripe reports charges and payouts enabled (the `account.updated` webhook). Paid listings can be published only with an active account. ' +
      'Billing not configured → 409; Stripe failing → 502 `upstream_error`. Owners only (`billing:write`).',
    responses: { 200: { description: 'The onboarding page to send the person to', schema: 'BillingRedirect' } },
    errors: [403, 409, 502],
  },
  {
    method: 'get',
    path: '/api/v1/creator/connect',
    operationId: 'getCreatorConnect',
    tag: 'Marketplace',
    summary: 'The payouts (Stripe Connect) onboarding state (owners)',
    description:
      '`status`: `none` (not started), `pending` (onboarding not finished), `active` (charges and payouts enabled: paid listings can be sold), `restricted` (Stripe needs more information). ' +
      'Whether an account exists, its flags and the platform’s fee in percent; never the account id or any secret. Owners only (`billing:read`).',
    responses: { 200: { description: 'The onboarding state', schema: 'CreatorConnect' } },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/creator/earnings',
    operationId: 'getCreatorEarnings',
    tag: 'Marketplace',
    summary: 'Earnings from paid listings (owners)',
    description:
      'Every paid invoice of the organization’s listings as Stripe reported it (`invoice.paid`, each once): gross, the platform’s fee (`application_fee_amount`) and net, in cents — in total, this calendar month (UTC), per listing, and the 20 latest payments. Owners only (`billing:read`).',
    responses: { 200: { description: 'Earnings', schema: 'CreatorEarnings' } },
    errors: [403],
  },
]);
