// @edgent/sdk creator (paid listings' payouts) against the real Worker and the Stripe fixture: onboarding state, the
// onboarding link (visited → account.updated delivered → active), earnings after a subscriber paid; owners only.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { accountOf, gate, paidListing, pay } from '../../test/workers/helpers/paid-listings';
import { addPerson } from '../../test/workers/helpers/people';
import { deliverAll, eventsOf } from '../../test/workers/helpers/stripe';
import { Edgent, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk creator', () => {
  it('onboards on Stripe Connect and reads earnings', async () => {
    const a = await signup('SDK Creator');
    const edgent = new Edgent({ apiKey: await apiKey(a, ['*']), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    expect(await edgent.creator.connect()).toMatchObject({ status: 'none', account: false });
    const { url } = await edgent.creator.connect({ start: true });
    expect(url).toMatch(/\/connect\/onboarding\//);
    await fetch(url, { redirect: 'manual' });
    await deliverAll(await eventsOf((await accountOf(a)).id!));
    expect(await edgent.creator.connect()).toMatchObject({ status: 'active', charges_enabled: true, payouts_enabled: true });
    const listing = await paidListing(a, 4, 'SDK paid');
    const buyer = await signup('SDK Creator Buyer');
    await pay(((await gate(buyer, listing.slug)) as { url: string }).url);
    const e = await edgent.creator.earnings();
    expect(e).toMatchObject({ total_gross: 400, total_fee: 80, total_net: 320, payments_count: 1 });
    expect(e.by_listing[0]).toMatchObject({ listing_id: listing.id, title: 'SDK paid' });
  });

  it('is for owners: an admin’s key gets 403', async () => {
    const a = await signup('SDK Creator Roles');
    const admin = await addPerson(a, 'admin');
    const edgent = new Edgent({ apiKey: await apiKey(admin, ['*']), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    await expect(edgent.creator.earnings()).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });
});
