// OpenAPI entries of worker/routes/api/billing.ts.
import { checkoutInput } from '../../schemas/billing';
import { GRACE_DAYS } from '../../services/billing';
import { HANDLED_EVENTS } from '../../services/billing-webhooks';
import { z } from 'zod';
import { routeDocs } from '../registry';

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/billing',
    operationId: 'getBilling',
    tag: 'Billing',
    summary: 'The plan, its period and usage against each limit (owners)',
    description:
      'The plan that applies now (`free`, `pro` or `team`), the Stripe subscription’s `status` (`none` when there is none), the period (the subscription’s current period on a paid plan, the calendar month in UTC on Free), and usage against each limit (`null`: unlimited): messages, tokens and workflow runs this period; seats (members), agents and live embed keys now. ' +
      `After a failed payment the paid plan is kept for ${GRACE_DAYS} days (\`grace_until\`), then the Free plan’s limits apply; nothing is deleted. ` +
      'Without billing configured on the installation (`billing_enabled: false`) every organization has the Free plan’s limits. Owners only (403 for other roles; an API key needs the `*` scope).',
    responses: { 200: { description: 'The billing overview', schema: 'BillingAnswer' } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/billing/checkout',
    operationId: 'createBillingCheckout',
    tag: 'Billing',
    summary: 'Start Stripe Checkout for a paid plan (owners)',
    description:
      'Creates a Stripe Checkout session (a subscription to the plan’s price) for the organization’s Stripe customer (created on the first call) and answers its `url`: send the person there. ' +
      'After paying, Stripe sends them back to `/app/billing`; the plan changes when Stripe’s verified webhook arrives (`POST /webhooks/stripe`). ' +
      '`plan` must be a plan with a price (`pro` or `team`; otherwise 400 naming `plan`). An organization already subscribed changes plans in the Customer Portal (409). Billing not configured → 409; Stripe failing or refusing → 502 `upstream_error`. Owners only.',
    body: checkoutInput,
    responses: { 200: { description: 'The Checkout page to send the person to', schema: 'BillingRedirect' } },
    errors: [400, 403, 409, 502],
  },
  {
    method: 'post',
    path: '/api/v1/billing/portal',
    operationId: 'createBillingPortalSession',
    tag: 'Billing',
    summary: 'Open the Stripe Customer Portal (owners)',
    description:
      'A Customer Portal session for the organization’s Stripe customer: change plan or payment method, cancel, download invoices; it returns to `/app/billing`. ' +
      '409 before the organization has a Stripe customer (never upgraded) or when billing is not configured; Stripe failing → 502 `upstream_error`. Owners only.',
    responses: { 200: { description: 'The portal page to send the person to', schema: 'BillingRedirect' } },
    errors: [403, 409, 502],
  },
  {
    method: 'get',
    path: '/api/v1/billing/invoices',
    operationId: 'listBillingInvoices',
    tag: 'Billing',
    summary: 'The organization’s Stripe invoices (owners)',
    description:
      'The latest invoices (up to 24, newest first) from Stripe: number, status, amounts in the currency’s smallest unit, the period, and Stripe’s hosted page and PDF links. Empty before the first Checkout. Billing not configured → 409; Stripe failing → 502. Owners only.',
    responses: { 200: { description: 'Invoices, newest first', schema: 'InvoiceList' } },
    errors: [403, 409, 502],
  },
  {
    method: 'post',
    path: '/webhooks/stripe',
    operationId: 'receiveStripeWebhook',
    tag: 'Billing',
    auth: 'none',
    body: z.record(z.string(), z.unknown()),
    bodyDescription: 'A Stripe event, as Stripe sends it (raw JSON, verified byte for byte).',
    summary: 'Stripe’s webhook endpoint (called by Stripe)',
    description:
      'Signed, not authenticated: the `Stripe-Signature` header, verified with `STRIPE_WEBHOOK_SECRET` over the raw body (missing or wrong → 400, nothing changes). ' +
      `Each event id is processed once (a replay answers \`duplicate: true\`); unknown event types answer 200. Handled: ${HANDLED_EVENTS.map((e) => `\`${e}\``).join(', ')}. ` +
      'The subscription is re-read from Stripe for each event and applied only when newer than the state held, so an out-of-order or replayed event never moves it backwards. ' +
      `A failed payment keeps the plan for ${GRACE_DAYS} days, then the Free plan’s limits apply. Billing not configured → 409.`,
    responses: {
      200: {
        description: 'Received',
        schema: z.object({ received: z.literal(true), duplicate: z.literal(true).optional(), ignored: z.literal(true).optional() }),
      },
    },
    errors: [400, 409, 413],
  },
]);
