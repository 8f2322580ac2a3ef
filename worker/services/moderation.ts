// Operator moderation (issue 18 §4): take a listing down (status removed, with the reason its creator sees) or put it
// back, and close reports. A removed listing leaves search, the catalogue API, its detail page and try-it AT ONCE:
// each of them reads the status per request (db/marketplace-lookup.ts) and the search triggers drop it in the same
// statement. Every action goes to the CREATOR's audit log (listing.removed / listing.restored), by "system".
import { moderationListings, openReports, resolveReport, setRemoved } from '../db/marketplace-moderation';
import type { Bindings } from '../env';
import { notFound } from '../errors';
import { sendAudit } from '../queues/audit-events';

type Ctx = { env: Bindings; waitUntil: (p: Promise<unknown>) => void; ip: string | null };

export async function removeListing(ctx: Ctx, listingId: string, reason: string) {
  const row = await setRemoved(ctx.env, listingId, { reason });
  if (!row) throw notFound('Listing');
  sendAudit(ctx.env, ctx.waitUntil, {
    tenant_id: row.tenantId,
    actor: { type: 'system', id: 'operator' },
    action: 'listing.removed',
    resource: { type: 'listing', id: row.id },
    changes: { status: { after: 'removed' }, removed_reason: { after: reason } },
    ip: ctx.ip,
    at: Date.now(),
  });
  return { id: row.id, slug: row.slug, status: 'removed' as const, removed_reason: reason };
}

export async function restoreListing(ctx: Ctx, listingId: string) {
  const row = await setRemoved(ctx.env, listingId, null);
  if (!row) throw notFound('Removed listing');
  sendAudit(ctx.env, ctx.waitUntil, {
    tenant_id: row.tenantId,
    actor: { type: 'system', id: 'operator' },
    action: 'listing.restored',
    resource: { type: 'listing', id: row.id },
    changes: { status: { before: 'removed', after: 'published' } },
    ip: ctx.ip,
    at: Date.now(),
  });
  return { id: row.id, slug: row.slug, status: 'published' as const, removed_reason: null };
}

export async function closeReport(env: Bindings, reportId: string, resolution: string) {
  if (!(await resolveReport(env, reportId, resolution))) throw notFound('Open report');
}

export { moderationListings, openReports };
