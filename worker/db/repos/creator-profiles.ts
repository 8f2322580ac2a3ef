// An organization's creator profile (issue 18): its public face on /creators/:slug. Slugs are unique across the
// marketplace, so picking one reads the taken slugs of every organization (and nothing else of theirs).
import { eq, like } from 'drizzle-orm';
import type { Database } from '../client';
import { creatorProfiles } from '../schema';

export type CreatorProfileRow = typeof creatorProfiles.$inferSelect;
export type CreatorProfileValues = Pick<CreatorProfileRow, 'slug' | 'displayName' | 'bio' | 'website'>;

export function creatorProfilesRepo(db: Database, tenantId: string) {
  return {
    async get() {
      return db.select().from(creatorProfiles).where(eq(creatorProfiles.tenantId, tenantId)).get();
    },
    async slugsLike(base: string) {
      const rows = await db
        .select({ slug: creatorProfiles.slug })
        .from(creatorProfiles)
        .where(like(creatorProfiles.slug, `${base}%`));
      return new Set(rows.map((r) => r.slug));
    },
    async slugHolder(slug: string) {
      const row = await db.select({ tenantId: creatorProfiles.tenantId }).from(creatorProfiles).where(eq(creatorProfiles.slug, slug)).get();
      return row?.tenantId;
    },
    /** Creates the profile unless the organization has one; answers the profile as it is. */
    async ensure(values: CreatorProfileValues) {
      const now = Date.now();
      await db
        .insert(creatorProfiles)
        .values({ tenantId, ...values, createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: creatorProfiles.tenantId });
      return (await this.get())!;
    },
    async update(values: Partial<CreatorProfileValues>) {
      const rows = await db
        .update(creatorProfiles)
        .set({ ...values, updatedAt: Date.now() })
        .where(eq(creatorProfiles.tenantId, tenantId))
        .returning();
      return rows[0];
    },
  };
}
