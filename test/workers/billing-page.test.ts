// The Billing page (/app/billing): owners see the plan, usage bars, plans with Upgrade (a plain form → Stripe
// Checkout), Manage billing (→ the portal) and invoices; others a 403 page; the grace banner after a failed payment;
// "billing is not configured" when off.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BillingPage } from '../../views/pages/billing-page';
import { tenantDb } from '../../worker/db/tenant-db';
import { getPage, postForm, signup } from './helpers';
import { addPerson } from './helpers/people';
import { control, deliverAll, eventsOf, stripeUrl, subscribe } from './helpers/stripe';

describe('the Billing page', () => {
  it('shows a free owner the plan, usage against limits and Upgrade forms that go to Stripe Checkout', async () => {
    const a = await signup('Billing Page <b>Org</b>');
    const res = await getPage(a, '/app/billing');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Free plan');
    expect(html).toContain('Usage this period');
    expect(html).toContain('<span class="billing-usage-label">Messages</span>');
    // What is stored in knowledge bases, against the plan's limits; the plan cards name the knowledge allowance.
    expect(html).toContain('<span class="billing-usage-label">Knowledge documents</span>');
    expect(html).toContain('<span class="billing-usage-label">Knowledge storage</span>');
    expect(html).toMatch(/5,000 knowledge documents, 2 GB stored/);
    // Files in chat: the free plan's cap under the usage list, each plan's on its card.
    expect(html).toContain('Largest file in chat: 5 MB');
    expect(html).toContain('Files in chat up to 10 MB');
    expect(html).toContain('action="/app/billing/checkout"');
    expect(html).toContain('Upgrade to Pro');
    expect(html).toContain('Upgrade to Team');
    expect(html).not.toContain('<b>Org</b>');
    expect(html).toContain('No invoices yet.');
    const go = await postForm(a, '/app/billing/checkout', { plan: 'pro' });
    expect(go.status).toBe(303);
    expect(go.headers.get('location')!.startsWith(`${stripeUrl()}/checkout/cs_`)).toBe(true);
    // An unknown plan: the page again with the message, no redirect.
    const bad = await postForm(a, '/app/billing/checkout', { plan: 'gold' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose a plan');
    // Without the CSRF field the form is refused.
    expect((await postForm(a, '/app/billing/checkout', { plan: 'pro' }, { csrf: false })).status).toBe(403);
  });

  it('shows Pro after paying, with Manage billing and the invoice links; the portal form goes to Stripe', async () => {
    const a = await signup('Billing Page Pro');
    await subscribe(a);
    const html = await (await getPage(a, '/app/billing?checkout=success')).text();
    expect(html).toContain('Pro plan');
    expect(html).toContain('Thank you!');
    expect(html).toContain('Renews on');
    expect(html).toContain('Manage billing');
    expect(html).toMatch(/href="http:\/\/127\.0\.0\.1:\d+\/invoice\/in_[^"]+"/);
    expect(html).toContain('PDF');
    const portal = await postForm(a, '/app/billing/portal');
    expect(portal.status).toBe(303);
    expect(portal.headers.get('location')!.startsWith(`${stripeUrl()}/portal/`)).toBe(true);
  });

  it('shows the grace banner on every page after a failed payment, then says the Free limits apply', async () => {
    const a = await signup('Billing Page Grace');
    const s = await subscribe(a);
    await control(`subscriptions/${s.subscription}/fail_payment`);
    await deliverAll((await eventsOf(s.customer)).slice(s.events.length));
    const home = await (await getPage(a, '/app')).text();
    expect(home).toContain('The last payment failed');
    expect(home).toContain('href="/app/billing"');
    const billing = await (await getPage(a, '/app/billing')).text();
    expect(billing).toContain('Payment failed');
    expect(billing).toContain('Plan kept until');
    // Members do not see it.
    const m = await addPerson(a, 'member');
    expect(await (await getPage(m, '/app')).text()).not.toContain('The last payment failed');
    await tenantDb(env, a.tenant.id).billing.upsert({ graceUntil: Date.now() - 1000 });
    expect(await (await getPage(a, '/app')).text()).toContain('the Free plan’s limits apply until it is paid');
  });

  it('is for owners: others get the 403 page, and their forms are refused', async () => {
    const a = await signup('Billing Page Roles');
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const p = await addPerson(a, role);
      const res = await getPage(p, '/app/billing');
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect((await postForm(p, '/app/billing/checkout', { plan: 'pro' })).status).toBe(403);
      expect((await postForm(p, '/app/billing/portal')).status).toBe(403);
      expect(await (await getPage(p, '/app/settings')).text()).not.toContain('href="/app/billing"');
    }
    expect(await (await getPage(a, '/app/settings')).text()).toContain('href="/app/billing"');
  });

  it('says billing is not configured when it is off, and offers nothing to buy', async () => {
    const a = await signup('Billing Page Off');
    const base = { user: { name: null, email: a.email }, tenant: a.tenant, role: 'owner', csrfToken: 'x', can: {} as never };
    const overview = {
      plan: 'free' as const,
      status: 'none',
      current_period_start: '2026-11-01T00:00:00.000Z',
      current_period_end: '2026-12-01T00:00:00.000Z',
      usage: { messages: 5, tokens: 10, workflow_runs: 0, seats: 1, agents: 1, embed_keys: 0, code_tool_minutes: 2.5 },
      limits: { messages: 1000, tokens: null, workflow_runs: 100, seats: 2, agents: 3, embed_keys: 1, code_tool_minutes: 60 },
      billing_enabled: false,
      cancel_at_period_end: false,
      grace_until: null,
      chat_file_bytes: 3 * 1024 * 1024,
      knowledge: {
        usage: { knowledge_bases: 0, knowledge_documents: 0, knowledge_bytes: 0 },
        limits: { knowledge_bases: 3, knowledge_documents: 100, knowledge_bytes: 52_428_800, knowledge_file_bytes: 5_242_880 },
      },
    };
    const html = String(await BillingPage({ base, overview, sold: [], hasCustomer: false, invoices: [] }));
    expect(html).toContain('Billing is not configured');
    expect(html).toContain('2.5 of 60');
    expect(html).not.toContain('/app/billing/checkout');
    expect(html).toContain('10 · Unlimited');
    expect(html).toContain('5 of 1,000');
    expect(html).toContain('Largest file in chat: 3 MB');
  });
});
