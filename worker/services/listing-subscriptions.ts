// Paid listings (issue 18 §5, mkt-paid): whether an organization may install (and keep using) a listing. mkt-publish
// calls `installGate` before copying a listing; a paid one needs the installer's live subscription (Stripe Checkout in
// subscription mode on the creator's Connect account, the platform's fee: services/listing-billing.ts).
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import type { PublishedListing } from '../db/marketplace-lookup';
import { listingCheckout } from './listing-billing';

export type InstallGate = { ok: true; subscriptionId: string | null } | { ok: false; url: string };

/**
 * Free listings: always ok. The creator's own organization: ok (it installs its listing free). Subscription
 * listings: ok with the installer's active or trialing subscription to this listing (its id, for the install row);
 * otherwise `{ok: false, url}` — a Stripe Checkout URL the install answers with (402, API.md). Billing off, or a
 * creator without an active Connect account: 409.
 */
export async function installGate(
  env: Bindings,
  listing: PublishedListing,
  installer: { tenantId: string; userId: string | null; origin: string; email?: string | null },
): Promise<InstallGate> {
  if (listing.pricingType === 'free') return { ok: true, subscriptionId: null };
  if (listing.tenantId === installer.tenantId) return { ok: true, subscriptionId: null };
  const db = tenantDb(env, installer.tenantId);
  const live = await db.payouts.liveSubscription(listing.id);
  // A second copy under the same subscription: the first copy's row holds its id (unique there).
  if (live) return { ok: true, subscriptionId: (await db.payouts.subscriptionOnInstall(live.stripeSubscriptionId)) ? null : live.stripeSubscriptionId };
  const legacy = await db.payouts.liveInstallSubscription(listing.id);
  if (legacy) return { ok: true, subscriptionId: legacy };
  return { ok: false, url: await listingCheckout(env, listing.id, installer) };
}
