// @edgent/sdk billing against the real Worker (SELF.fetch) and the Stripe-compatible fixture: the overview, Checkout
// (paid at the fixture, its webhooks delivered signed), the plan after it, invoices, the portal; owners only.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { control, deliverAll, eventsOf } from '../../test/workers/helpers/stripe';
import { addPerson } from '../../test/workers/helpers/people';
import { Edgent, EdgentError, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk billing', () => {
  it('reads the plan, upgrades through Checkout, lists invoices and opens the portal', async () => {
    const a = await signup('SDK Billing');
    const edgent = new Edgent({ apiKey: await apiKey(a, ['*']), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    expect(await edgent.billing.get()).toMatchObject({ plan: 'free', status: 'none', billing_enabled: true });
    const { url } = await edgent.billing.checkout('pro');
    expect(url).toMatch(/\/checkout\/cs_test_/);
    const sub = await control(`checkout/${new URL(url).pathname.split('/').pop()}/complete`, { email: a.email });
    await deliverAll(await eventsOf(typeof sub.customer === 'string' ? sub.customer : sub.customer.id));
    expect(await edgent.billing.get()).toMatchObject({ plan: 'pro', status: 'active' });
    const invoices = await edgent.billing.invoices();
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]).toMatchObject({ status: 'paid', amount_paid: 2900 });
    expect((await edgent.billing.portal()).url).toMatch(/\/portal\/bps_/);
    // A second Checkout while subscribed: 409, use the portal.
    await expect(edgent.billing.checkout('team')).rejects.toMatchObject({ status: 409 });
  });

  it('is for owners: an admin’s key gets 403', async () => {
    const a = await signup('SDK Billing Roles');
    const admin = await addPerson(a, 'admin');
    const edgent = new Edgent({ apiKey: await apiKey(admin, ['*']), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const err = await edgent.billing.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EdgentError);
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
