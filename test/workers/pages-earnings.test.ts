// The earnings page (/app/earnings; worker/routes/pages/earnings.tsx, views/pages/earnings-page.tsx): owners see the
// payouts state with its button (a plain form redirected to Stripe's onboarding), totals, per-listing rows and
// payments; titles a creator wrote are escaped; members get 403; the nav and the billing page link to it.
import { describe, expect, it } from 'vitest';
import { getPage, postForm, signup } from './helpers';
import { gate, onboard, paidListing, pay } from './helpers/paid-listings';
import { addPerson } from './helpers/people';
import { stripeUrl } from './helpers/stripe';

describe('/app/earnings', () => {
  it('before onboarding: the set-up button posts to Stripe’s hosted onboarding', async () => {
    const owner = await signup('Earnings Page Co');
    const res = await getPage(owner, '/app/earnings');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Set up payouts with Stripe');
    expect(html).toContain('action="/app/earnings/connect"');
    expect(html).toContain('href="/app/earnings"');
    expect(res.headers.get('content-security-policy')).toContain(new URL(stripeUrl()).origin);
    const post = await postForm(owner, '/app/earnings/connect');
    expect(post.status).toBe(303);
    expect(post.headers.get('location')!.startsWith(`${stripeUrl()}/connect/onboarding/`)).toBe(true);
    expect(await (await getPage(owner, '/app/earnings')).text()).toContain('Continue on Stripe');
    const billing = await (await getPage(owner, '/app/billing')).text();
    expect(billing).toContain('href="/app/earnings"');
  });

  it('after payments: totals, per listing (escaped) and recent payments; members get 403', async () => {
    const owner = await signup('Earnings Seller Co');
    await onboard(owner);
    const listing = await paidListing(owner, 9, '<b>Bold</b> helper');
    const buyer = await signup('Earnings Buyer Co');
    await pay(((await gate(buyer, listing.slug)) as { url: string }).url);
    const res = await getPage(owner, '/app/earnings?connect=return');
    const html = await res.text();
    expect(html).toContain('Payouts active');
    expect(html).toContain('Your Stripe account is connected');
    expect(html).toContain('$7.20');
    expect(html).toContain('$9.00');
    expect(html).toContain('$1.80');
    expect(html).toContain('&lt;b&gt;Bold&lt;/b&gt; helper');
    expect(html).not.toContain('<b>Bold</b>');
    expect(html).not.toContain('acct_');
    const member = await addPerson(owner, 'member');
    expect((await getPage(member, '/app/earnings')).status).toBe(403);
    expect((await postForm(member, '/app/earnings/connect')).status).toBe(403);
    expect(await (await getPage(member, '/app')).text()).not.toContain('href="/app/earnings"');
  });
});
