// The marketplace's global moderation data (issue 18 §4): reports anyone files against a listing (listing_reports is
// a GLOBAL table), and the operator's reads and writes across every organization's listings (the /operator pages and
// /operator/v1 API, behind OPERATOR_TOKEN). Narrow on purpose: nothing here is reachable from a tenant's request
// except `fileReport` (public) and `listingIdBySlug` for a published listing.
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { database } from './client';
import { listingReports, listings, tenants } from './schema';

type Env = { DB: D1Database };

export type ReportRow = typeof listingReports.$inferSelect & { listing: { slug: string; title: string; status: string } };
export type ModerationListing = {
  id: string;
  tenantId: string;
  slug: string;
  title: string;
  status: 'published' | 'unpublished' | 'removed';
  removedReason: string | null;
  creator: string;
  openReports: number;
};

export async function fileReport(
  env: Env,
  v: { id: string; listingId: string; reporterTenantId: string | null; reporterIp: string | null; reason: string; text: string },
) {
  await database(env)
    .insert(listingReports)
    .values({ ...v, createdAt: Date.now() });
}

/** Open reports, oldest first (the queue to work through), with their listing. */
export async function openReports(env: Env, limit = 100): Promise<ReportRow[]> {
  const rows = await database(env)
    .select({ report: listingReports, listing: { slug: listings.slug, title: listings.title, status: listings.status } })
    .from(listingReports)
    .innerJoin(listings, eq(listings.id, listingReports.listingId))
    .where(isNull(listingReports.resolvedAt))
    .orderBy(listingReports.createdAt)
    .limit(limit)
    .all();
  return rows.map((r) => ({ ...r.report, listing: r.listing }));
}

/** Every listing whatever its status (newest first), optionally whose title or slug contains `q`. */
export async function moderationListings(env: Env, q: string, limit = 100): Promise<ModerationListing[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const match = q ? or(sql`${listings.title} like ${pattern} escape '\\'`, sql`${listings.slug} like ${pattern} escape '\\'`) : undefined;
  return database(env)
    .select({
      id: listings.id,
      tenantId: listings.tenantId,
      slug: listings.slug,
      title: listings.title,
      status: listings.status,
      removedReason: listings.removedReason,
      creator: tenants.name,
      openReports: sql<number>`(select count(*) from listing_reports r where r.listing_id = ${listings.id} and r.resolved_at is null)`,
    })
    .from(listings)
    .innerJoin(tenants, eq(tenants.id, listings.tenantId))
    .where(match)
    .orderBy(desc(listings.createdAt))
    .limit(limit)
    .all();
}

/**
 * An operator takes a listing down (status removed, reason kept) or puts a removed one back (published). The search
 * triggers drop or re-index it in the same statement. Answers the listing (its creator's tenant, for the audit log),
 * or undefined when there is no such listing in a state the change applies to.
 */
export async function setRemoved(env: Env, listingId: string, removed: { reason: string } | null) {
  const db = database(env);
  const now = Date.now();
  const [row] = removed
    ? await db
        .update(listings)
        .set({ status: 'removed', removedReason: removed.reason, updatedAt: now })
        .where(eq(listings.id, listingId))
        .returning({ id: listings.id, tenantId: listings.tenantId, slug: listings.slug })
    : await db
        .update(listings)
        .set({ status: 'published', removedReason: null, updatedAt: now })
        .where(and(eq(listings.id, listingId), eq(listings.status, 'removed')))
        .returning({ id: listings.id, tenantId: listings.tenantId, slug: listings.slug });
  return row;
}

/** Marks a report resolved with the operator's words; false when it is unknown or already resolved. */
export async function resolveReport(env: Env, reportId: string, resolution: string): Promise<boolean> {
  const rows = await database(env)
    .update(listingReports)
    .set({ resolvedAt: Date.now(), resolution })
    .where(and(eq(listingReports.id, reportId), isNull(listingReports.resolvedAt)))
    .returning({ id: listingReports.id });
  return rows.length > 0;
}
