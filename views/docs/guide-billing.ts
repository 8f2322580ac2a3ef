// The /docs guide "Billing": plans and limits, upgrading through Stripe Checkout, the Customer Portal, webhooks (what
// is verified, exactly once, never backwards), failed payments and the grace period, and running it offline (markdown).
import type { Guide } from './guides';

export const BILLING_GUIDE: Guide = {
  id: 'billing',
  title: 'Billing',
  body: `Each organization is on a **plan** — Free, Pro or Team — with limits on messages, tokens and workflow runs per billing period, and on agents, seats and embed keys. Owners see the plan, the period and usage against every limit on **Settings → Billing** (\`/app/billing\`), upgrade there through **Stripe Checkout**, and change plan, payment method or cancel in the **Stripe Customer Portal** (**Manage billing**). Other roles get a 403: billing is owner only, and an API key needs the \`*\` scope.

\`\`\`sh
curl -s $EDGENT/api/v1/billing -H "authorization: Bearer $KEY"
# → {"plan":"free","status":"none","current_period_end":"…","usage":{"messages":12,…},"limits":{"messages":1000,…},"billing_enabled":true,…}
curl -s $EDGENT/api/v1/billing/checkout -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"plan":"pro"}'
# → {"url":"https://checkout.stripe.com/…"}   send the owner there; Stripe brings them back to /app/billing
curl -s -X POST $EDGENT/api/v1/billing/portal -H "authorization: Bearer $KEY"      # → {"url": "…"}  (409 before the first Checkout)
curl -s $EDGENT/api/v1/billing/invoices -H "authorization: Bearer $KEY"           # → {"data":[{"number","status","amount_paid","hosted_invoice_url","invoice_pdf",…}]}
\`\`\`

- **The plan changes only through Stripe's webhooks** (\`POST /webhooks/stripe\`), never because a browser came back from Checkout. Each delivery is verified with the \`Stripe-Signature\` header and \`STRIPE_WEBHOOK_SECRET\` (missing or wrong → 400, nothing changes). Each event id is processed once: it is recorded in the same database transaction as the change it makes, so a retry or a duplicate answers \`{"received":true,"duplicate":true}\` and changes nothing.
- **Never backwards.** Stripe may deliver events late or out of order. For every handled event (checkout completed; subscription created, updated, deleted; invoice paid; payment failed) Edgent re-reads the subscription from Stripe and applies that current state, and a read older than the one already applied is dropped. So a late "updated" from before a cancellation cannot undo it.
- **A failed payment** marks the subscription past due: the plan is kept for 7 days (a banner on every owner page says until when), then the Free plan's limits apply until the invoice is paid. Nothing is deleted; paying (\`invoice.paid\`) restores the plan at once.
- **Periods.** On a paid plan, monthly limits count in the subscription's current period; on Free, in the calendar month (UTC).
- **Configuration** (operators): \`STRIPE_SECRET_KEY\`, \`STRIPE_WEBHOOK_SECRET\`, \`STRIPE_PRICE_PRO\`, \`STRIPE_PRICE_TEAM\` (the plans' Stripe prices); point a Stripe webhook endpoint at \`<origin>/webhooks/stripe\`. Without \`STRIPE_SECRET_KEY\` billing is off: the page says so and every organization has the Free limits. \`PLAN_LIMITS\` (JSON) changes a plan's limits on the installation, and \`PUT /operator/v1/tenants/{id}/limits\` gives one organization its own.
- **Offline.** \`npm start\` runs a Stripe-compatible server of our own (\`test/fixtures/stripe-api.mjs\`) beside the Worker, with hosted Checkout and portal pages and signed webhooks, so **Upgrade → Pay** works without a network or a card. Set \`STRIPE_SECRET_KEY\` and friends in \`.dev.vars\` to use your own Stripe test account instead.`,
};
