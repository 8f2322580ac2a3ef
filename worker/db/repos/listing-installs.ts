// Installed copies of marketplace listings in the installer's organization (issue 18).
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import { listingInstalls } from '../schema';

export type ListingInstallRow = typeof listingInstalls.$inferSelect;

export function listingInstallsRepo(db: Database, tenantId: string) {
  const mine = eq(listingInstalls.tenantId, tenantId);
  return {
    async create(v: { listingId: string; agentId: string; listingVersion: number; createdBy: string | null; stripeSubscriptionId?: string | null }) {
      const now = Date.now();
      const id = newId('install', now);
      await db.insert(listingInstalls).values({
        id,
        tenantId,
        listingId: v.listingId,
        agentId: v.agentId,
        listingVersion: v.listingVersion,
        stripeSubscriptionId: v.stripeSubscriptionId ?? null,
        createdBy: v.createdBy,
        createdAt: now,
        updatedAt: now,
      });
      return (await db
        .select()
        .from(listingInstalls)
        .where(and(mine, eq(listingInstalls.id, id)))
        .get())!;
    },
    async byAgent(agentId: string) {
      return db
        .select()
        .from(listingInstalls)
        .where(and(mine, eq(listingInstalls.agentId, agentId)))
        .get();
    },
    async ofListing(listingId: string) {
      return db
        .select()
        .from(listingInstalls)
        .where(and(mine, eq(listingInstalls.listingId, listingId)))
        .orderBy(desc(listingInstalls.id));
    },
    async setVersion(id: string, listingVersion: number) {
      await db
        .update(listingInstalls)
        .set({ listingVersion, updatedAt: Date.now() })
        .where(and(mine, eq(listingInstalls.id, id)));
    },
  };
}
