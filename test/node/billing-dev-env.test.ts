// `npm start` billing offline (scripts/dev-env.mjs startStripeFixture): the Stripe-compatible fixture starts as its
// own process, the vars it answers point the real SDK at it, its signed webhooks go to the given URL, and stop() ends it.
import { createServer } from 'node:http';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startStripeFixture } from '../../scripts/dev-env.mjs';

describe('startStripeFixture', () => {
  it('runs the fixture with STRIPE_* vars for it, delivers verified webhooks, and stops', async () => {
    const received: { sig: string; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ sig: String(req.headers['stripe-signature']), body });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const port = (hook.address() as { port: number }).port;
    const fixture = await startStripeFixture({ webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe` });
    try {
      expect(fixture.vars).toMatchObject({ STRIPE_PRICE_PRO: 'price_pro_test', STRIPE_PRICE_TEAM: 'price_team_test', STRIPE_API_BASE: fixture.url });
      expect(fixture.vars.STRIPE_SECRET_KEY).toMatch(/^sk_test_/);
      expect(fixture.vars.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);
      const u = new URL(fixture.url);
      const stripe = new Stripe(fixture.vars.STRIPE_SECRET_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' });
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: fixture.vars.STRIPE_PRICE_PRO, quantity: 1 }],
        customer_email: 'a@example.com',
        success_url: 'http://127.0.0.1/ok',
        cancel_url: 'http://127.0.0.1/no',
      });
      const done = await fetch(`${fixture.url}/_control/checkout/${session.id}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(done.status).toBe(200);
      expect(received.length).toBeGreaterThanOrEqual(3);
      const first = await stripe.webhooks.constructEventAsync(received[0]!.body, received[0]!.sig, fixture.vars.STRIPE_WEBHOOK_SECRET);
      expect(first.type).toBe('checkout.session.completed');
    } finally {
      await fixture.stop();
      hook.close();
    }
    expect(await fixture.exited).not.toBeNull();
  });
});
