// Reports of a listing (issue 18 §4): anyone (signed in or not) may report a published listing; the report waits in
// the operators' queue (/operator). Rate-limited per IP (D1 fixed windows, rate-limit.ts): a report writes D1 anyway.
import { accountsStore } from '../db/accounts-store';
import { newId } from '../db/ids';
import { fileReport } from '../db/marketplace-moderation';
import { publishedListing } from '../db/marketplace-lookup';
import type { Bindings } from '../env';
import { notFound } from '../errors';
import { enforceLimits } from './rate-limit';

/** Mutable so tests can lower it. */
export const REPORT_LIMITS = { perIp: { max: 10, windowMs: 60 * 60_000 } };

export async function reportListing(
  env: Bindings,
  slug: string,
  input: { reason: string; text: string },
  who: { tenantId: string | null; ip: string | null },
): Promise<{ id: string; status: 'received' }> {
  const listing = await publishedListing(env, slug);
  if (!listing) throw notFound('Listing');
  const { max, windowMs } = REPORT_LIMITS.perIp;
  await enforceLimits(accountsStore(env), [{ key: `mkt:reports:ip:${who.ip ?? 'unknown'}`, max, windowMs }]);
  const id = newId('report');
  await fileReport(env, { id, listingId: listing.id, reporterTenantId: who.tenantId, reporterIp: who.ip, reason: input.reason, text: input.text });
  return { id, status: 'received' };
}
