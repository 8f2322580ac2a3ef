// Tenant-scoped reads and writes of paid listings (issue 18 §5): the organization's creator profile (its Connect
// account), its listings' payments (earnings, as the creator) and its subscriptions to others' listings (as an
// installer), and its installed copies stopped because their subscription ended.
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { creatorProfiles, listingInstalls, listingPayments, listings, listingSubscriptions } from '../schema';

export type CreatorProfileRow = typeof creatorProfiles.$inferSelect;
export type ListingPaymentRow = typeof listingPayments.$inferSelect;
export type ListingSubscriptionRow = typeof listingSubscriptions.$inferSelect;
export type Totals = { gross: number; fee: number; net: number; count: number };

const LIVE = ['active', 'trialing'];

export function creatorPayoutsRepo(db: Database, tenantId: string) {
  const totals = async (from: number | null): Promise<Totals> => {
    const row = await db
      .select({
        gross: sql<number>`coalesce(sum(${listingPayments.amountCents}), 0)`,
        fee: sql<number>`coalesce(sum(${listingPayments.feeCents}), 0)`,
        net: sql<number>`coalesce(sum(${listingPayments.netCents}), 0)`,
        count: sql<number>`count(*)`,
      })
      .from(listingPayments)
      .where(from === null ? eq(listingPayments.tenantId, tenantId) : and(eq(listingPayments.tenantId, tenantId), gte(listingPayments.paidAt, from)))
      .get();
    return { gross: row?.gross ?? 0, fee: row?.fee ?? 0, net: row?.net ?? 0, count: row?.count ?? 0 };
  };
  return {
    async profile(): Promise<CreatorProfileRow | null> {
      return (await db.select().from(creatorProfiles).where(eq(creatorProfiles.tenantId, tenantId)).get()) ?? null;
    },

    /** Creates the profile when missing (slug and name given), keeping an existing one. */
    async ensureProfile(slug: string, displayName: string, now = Date.now()): Promise<CreatorProfileRow> {
      await db
        .insert(creatorProfiles)
        .values({ tenantId, slug, displayName, connectStatus: 'none', createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: creatorProfiles.tenantId });
      return (await db.select().from(creatorProfiles).where(eq(creatorProfiles.tenantId, tenantId)).get())!;
    },

    /** Records the Connect account once: answers the stored one when another request stored it first. */
    async setAccount(accountId: string, now = Date.now()): Promise<string> {
      await db
        .update(creatorProfiles)
        .set({ stripeAccountId: accountId, connectStatus: 'pending', updatedAt: now })
        .where(and(eq(creatorProfiles.tenantId, tenantId), sql`${creatorProfiles.stripeAccountId} is null`));
      const row = await db.select({ a: creatorProfiles.stripeAccountId }).from(creatorProfiles).where(eq(creatorProfiles.tenantId, tenantId)).get();
      return row?.a ?? accountId;
    },

    async setStatus(accountId: string, status: 'pending' | 'active' | 'restricted', now = Date.now()) {
      await db
        .update(creatorProfiles)
        .set({ connectStatus: status, updatedAt: now })
        .where(and(eq(creatorProfiles.tenantId, tenantId), eq(creatorProfiles.stripeAccountId, accountId)));
    },

    totals,

    /** Gross, fee and net of each of the organization's listings that was paid for. */
    async byListing() {
      return db
        .select({
          listingId: listingPayments.listingId,
          title: listings.title,
          slug: listings.slug,
          gross: sql<number>`sum(${listingPayments.amountCents})`,
          fee: sql<number>`sum(${listingPayments.feeCents})`,
          net: sql<number>`sum(${listingPayments.netCents})`,
          payments: sql<number>`count(*)`,
          subscribers: sql<number>`count(distinct ${listingPayments.installerTenantId})`,
        })
        .from(listingPayments)
        .leftJoin(listings, and(eq(listings.id, listingPayments.listingId), eq(listings.tenantId, tenantId)))
        .where(eq(listingPayments.tenantId, tenantId))
        .groupBy(listingPayments.listingId)
        .orderBy(desc(sql`sum(${listingPayments.netCents})`))
        .all();
    },

    async payments(limit = 20) {
      return db
        .select({ payment: listingPayments, title: listings.title, slug: listings.slug })
        .from(listingPayments)
        .leftJoin(listings, and(eq(listings.id, listingPayments.listingId), eq(listings.tenantId, tenantId)))
        .where(eq(listingPayments.tenantId, tenantId))
        .orderBy(desc(listingPayments.paidAt))
        .limit(limit)
        .all();
    },

    /** This organization's live (active or trialing) subscription to a listing, or null. */
    async liveSubscription(listingId: string): Promise<ListingSubscriptionRow | null> {
      return (
        (await db
          .select()
          .from(listingSubscriptions)
          .where(and(eq(listingSubscriptions.tenantId, tenantId), eq(listingSubscriptions.listingId, listingId), inArray(listingSubscriptions.status, LIVE)))
          .orderBy(desc(listingSubscriptions.updatedAt))
          .get()) ?? null
      );
    },

    /** An install row of this organization for the listing with a live subscription status (installs made before 0025). */
    async liveInstallSubscription(listingId: string): Promise<string | null> {
      const row = await db
        .select({ s: listingInstalls.stripeSubscriptionId })
        .from(listingInstalls)
        .where(and(eq(listingInstalls.tenantId, tenantId), eq(listingInstalls.listingId, listingId), inArray(listingInstalls.subscriptionStatus, LIVE)))
        .get();
      return row ? (row.s ?? null) : null;
    },

    /** Whether an install row of this organization already carries the subscription (its id is unique there). */
    async subscriptionOnInstall(subscriptionId: string): Promise<boolean> {
      const row = await db
        .select({ id: listingInstalls.id })
        .from(listingInstalls)
        .where(and(eq(listingInstalls.tenantId, tenantId), eq(listingInstalls.stripeSubscriptionId, subscriptionId)))
        .get();
      return !!row;
    },

    async hasInstall(listingId: string): Promise<boolean> {
      const row = await db
        .select({ id: listingInstalls.id })
        .from(listingInstalls)
        .where(and(eq(listingInstalls.tenantId, tenantId), eq(listingInstalls.listingId, listingId)))
        .get();
      return !!row;
    },

    async install(id: string) {
      return (
        (await db
          .select()
          .from(listingInstalls)
          .where(and(eq(listingInstalls.tenantId, tenantId), eq(listingInstalls.id, id)))
          .get()) ?? null
      );
    },

    /** Installed copies stopped because their subscription ended: agent id → the listing to resubscribe at. */
    async stoppedAgents(): Promise<Record<string, { slug: string; title: string }>> {
      const rows = await db
        .select({ agentId: listingInstalls.agentId, slug: listings.slug, title: listings.title })
        .from(listingInstalls)
        .innerJoin(listings, eq(listings.id, listingInstalls.listingId))
        .where(and(eq(listingInstalls.tenantId, tenantId), eq(listingInstalls.status, 'stopped')))
        .all();
      return Object.fromEntries(rows.map((r) => [r.agentId, { slug: r.slug, title: r.title }]));
    },
  };
}
