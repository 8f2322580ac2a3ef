// POST /webhooks/stripe: Stripe's events about subscriptions and invoices (services/billing-webhooks.ts). No account
// or cookie: the Stripe-Signature header over the raw body is the credential (bad or missing → 400, nothing changes).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { bodyLimit } from '../../middleware/body-limit';
import { STRIPE_WEBHOOK_MAX_BYTES, receiveStripeWebhook } from '../../services/billing-webhooks';

export const stripeWebhookRoutes = new Hono<AppEnv>().post('/stripe', bodyLimit(STRIPE_WEBHOOK_MAX_BYTES), async (c) => {
  const raw = await c.req.text();
  const answer = await receiveStripeWebhook(c.env, raw, c.req.header('stripe-signature'), (p) => c.executionCtx.waitUntil(p));
  return c.json(answer, 200);
});
