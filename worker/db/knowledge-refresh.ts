// Documents added by URL with a `refresh_hours` whose time has come (the hourly cron: worker/services/knowledge-documents.ts
// `enqueueDueRefreshes`), across organizations. Only ready documents: one still being ingested is refreshed by it.
export type DueRefresh = { tenantId: string; kbId: string; docId: string };

export async function dueUrlRefreshes(env: { DB: D1Database }, now = Date.now(), limit = 1000): Promise<DueRefresh[]> {
  const { results } = await env.DB.prepare(
    `select id, tenant_id, knowledge_base_id from knowledge_documents
     where source = 'url' and refresh_hours is not null and status = 'ready'
       and coalesce(refreshed_at, 0) + refresh_hours * 3600000 <= ?1
     order by coalesce(refreshed_at, 0) limit ?2`,
  )
    .bind(now, limit)
    .all<{ id: string; tenant_id: string; knowledge_base_id: string }>();
  return results.map((r) => ({ tenantId: r.tenant_id, kbId: r.knowledge_base_id, docId: r.id }));
}
