// Tenant-scoped knowledge bases and their documents (issue 19). The chunks themselves live in each base's
// KnowledgeBase Durable Object; these rows are what the API lists and the ingestion status.
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import type { PageParams } from '../page';
import { knowledgeBases, knowledgeDocuments } from '../schema';

export type KnowledgeBaseRow = typeof knowledgeBases.$inferSelect;
export type KnowledgeDocumentRow = typeof knowledgeDocuments.$inferSelect;
export type KnowledgeBaseValues = { name: string; description: string | null; connectionId: string | null; embeddingModel: string };
export type KnowledgeDocumentValues = Pick<
  typeof knowledgeDocuments.$inferInsert,
  'title' | 'source' | 'url' | 'filename' | 'contentType' | 'bytes' | 'contentHash' | 'refreshHours'
>;

export function knowledgeBasesRepo(db: Database, tenantId: string) {
  const base = (id: string) => and(eq(knowledgeBases.tenantId, tenantId), eq(knowledgeBases.id, id));
  const doc = (baseId: string, id: string) =>
    and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.knowledgeBaseId, baseId), eq(knowledgeDocuments.id, id));

  return {
    async create(v: KnowledgeBaseValues, createdBy: string | null) {
      const now = Date.now();
      const rows = await db
        .insert(knowledgeBases)
        .values({ id: newId('knowledgeBase', now), tenantId, ...v, createdBy, createdAt: now, updatedAt: now })
        .returning();
      return rows[0]!;
    },

    /** Newest first. */
    async list(page: PageParams) {
      const conds = [eq(knowledgeBases.tenantId, tenantId)];
      if (page.cursor) conds.push(lt(knowledgeBases.id, page.cursor));
      return db
        .select()
        .from(knowledgeBases)
        .where(and(...conds))
        .orderBy(desc(knowledgeBases.id))
        .limit(page.limit + 1);
    },

    async get(id: string) {
      return db.select().from(knowledgeBases).where(base(id)).get();
    },

    /** Several at once (an agent's knowledge_base_ids): only this tenant's. */
    async getMany(ids: string[]) {
      if (!ids.length) return [];
      return db
        .select()
        .from(knowledgeBases)
        .where(and(eq(knowledgeBases.tenantId, tenantId), sql`${knowledgeBases.id} in (select value from json_each(${JSON.stringify(ids)}))`));
    },

    async update(id: string, v: Partial<KnowledgeBaseValues>) {
      const rows = await db
        .update(knowledgeBases)
        .set({ ...v, updatedAt: Date.now() })
        .where(base(id))
        .returning();
      return rows[0];
    },

    /**
     * Recounts the base's counters from its document rows (documents of any status, ready chunks, original bytes):
     * exact whatever order ingestion steps and deletions ran in, and cheap (the base's rows, by index).
     */
    async recount(id: string) {
      const d = knowledgeDocuments;
      await db
        .update(knowledgeBases)
        .set({
          documentCount: sql`(select count(*) from ${d} where ${d.tenantId} = ${tenantId} and ${d.knowledgeBaseId} = ${id})`,
          chunkCount: sql`(select coalesce(sum(${d.chunkCount}), 0) from ${d} where ${d.tenantId} = ${tenantId} and ${d.knowledgeBaseId} = ${id})`,
          bytes: sql`(select coalesce(sum(${d.bytes}), 0) from ${d} where ${d.tenantId} = ${tenantId} and ${d.knowledgeBaseId} = ${id})`,
        })
        .where(base(id));
    },

    /** The organization's totals over its bases' counters (plan limits): bases, documents, stored bytes. */
    async totals() {
      const row = await db
        .select({
          bases: sql<number>`count(*)`,
          documents: sql<number>`coalesce(sum(${knowledgeBases.documentCount}), 0)`,
          bytes: sql<number>`coalesce(sum(${knowledgeBases.bytes}), 0)`,
        })
        .from(knowledgeBases)
        .where(eq(knowledgeBases.tenantId, tenantId))
        .get();
      return { bases: Number(row?.bases ?? 0), documents: Number(row?.documents ?? 0), bytes: Number(row?.bytes ?? 0) };
    },

    /** True when the base was deleted (its document rows go with it). */
    async delete(id: string) {
      const rows = await db.delete(knowledgeBases).where(base(id)).returning({ id: knowledgeBases.id });
      return rows.length > 0;
    },

    documents: {
      async create(baseId: string, v: KnowledgeDocumentValues, createdBy: string | null) {
        const now = Date.now();
        const rows = await db
          .insert(knowledgeDocuments)
          .values({ id: newId('document', now), tenantId, knowledgeBaseId: baseId, ...v, status: 'queued', createdBy, createdAt: now, updatedAt: now })
          .returning();
        return rows[0]!;
      },

      async list(baseId: string, page: PageParams) {
        const conds = [eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.knowledgeBaseId, baseId)];
        if (page.cursor) conds.push(lt(knowledgeDocuments.id, page.cursor));
        return db
          .select()
          .from(knowledgeDocuments)
          .where(and(...conds))
          .orderBy(desc(knowledgeDocuments.id))
          .limit(page.limit + 1);
      },

      async get(baseId: string, id: string) {
        return db.select().from(knowledgeDocuments).where(doc(baseId, id)).get();
      },

      /** Titles of these documents of the base (results of a search). */
      async titles(baseId: string, ids: string[]) {
        if (!ids.length) return new Map<string, string>();
        const rows = await db
          .select({ id: knowledgeDocuments.id, title: knowledgeDocuments.title })
          .from(knowledgeDocuments)
          .where(
            and(
              eq(knowledgeDocuments.tenantId, tenantId),
              eq(knowledgeDocuments.knowledgeBaseId, baseId),
              sql`${knowledgeDocuments.id} in (select value from json_each(${JSON.stringify(ids)}))`,
            ),
          );
        return new Map(rows.map((r) => [r.id, r.title]));
      },

      /** A ready or in-progress document of the base with this content (re-adding it does no work). */
      async byHash(baseId: string, contentHash: string) {
        return db
          .select()
          .from(knowledgeDocuments)
          .where(
            and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.knowledgeBaseId, baseId), eq(knowledgeDocuments.contentHash, contentHash)),
          )
          .get();
      },

      /** The base's document added from this address, if any (adding it again answers that one). */
      async byUrl(baseId: string, url: string) {
        return db
          .select()
          .from(knowledgeDocuments)
          .where(and(eq(knowledgeDocuments.tenantId, tenantId), eq(knowledgeDocuments.knowledgeBaseId, baseId), eq(knowledgeDocuments.url, url)))
          .get();
      },

      async setStatus(
        baseId: string,
        id: string,
        v: Partial<Pick<KnowledgeDocumentRow, 'status' | 'error' | 'chunkCount' | 'title' | 'contentHash' | 'bytes' | 'refreshedAt'>>,
      ) {
        const rows = await db
          .update(knowledgeDocuments)
          .set({ ...v, updatedAt: Date.now() })
          .where(doc(baseId, id))
          .returning();
        return rows[0];
      },

      async delete(baseId: string, id: string) {
        const rows = await db.delete(knowledgeDocuments).where(doc(baseId, id)).returning({ id: knowledgeDocuments.id });
        return rows.length > 0;
      },
    },
  };
}
