// Paid listings (issue 18 §5, mkt-paid): whether an organization may install (and keep using) a listing. CONTRACT
// STUB on main — mkt-publish calls `installGate` before copying a listing; mkt-paid implements it (Stripe Checkout
// in subscription mode on the creator's Connect account, the platform's fee).
import type { Bindings } from '../env';
import { AppError } from '../errors';
import type { PublishedListing } from '../db/marketplace-lookup';

export type InstallGate = { ok: true; subscriptionId: string | null } | { ok: false; url: string };

/**
 * Free listings: always ok. Subscription listings: ok with the installer's active subscription to this listing;
 * otherwise `{ok: false, url}` — a Stripe Checkout URL the install answers with (402, API.md).
 */
export async function installGate(
  _env: Bindings,
  listing: PublishedListing,
  _installer: { tenantId: string; userId: string | null; origin: string },
): Promise<InstallGate> {
  if (listing.pricingType === 'free') return { ok: true, subscriptionId: null };
  throw new AppError('conflict', 'Paid listings are not available yet');
}
