/**
 * The EVENTS queue consumer's writer: usage rows and session activity for many tenants in one D1 batch. Each
 * statement carries the tenant id from the event (set by our own Durable Object, never by a client). Redelivered
 * events are ignored through the unique (tenant, turn) index.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { UsageEvent } from '../queues/usage-events';
import { database } from './client';
import { newId } from './ids';
import { chatSessions, usageEvents } from './schema';

export async function writeUsageEvents(env: { DB: D1Database }, events: UsageEvent[]): Promise<void> {
  if (!events.length) return;
  const db = database(env);
  const stmts: BatchItem<'sqlite'>[] = [];
  for (const e of events) {
    stmts.push(
      db
        .insert(usageEvents)
        .values({
          id: newId('usage', e.at),
          tenantId: e.tenant_id,
          agentId: e.agent_id,
          agentVersion: e.agent_version,
          sessionId: e.session_id,
          turnId: e.turn_id,
          model: e.model,
          inputTokens: e.input_tokens,
          outputTokens: e.output_tokens,
          latencyMs: e.latency_ms,
          ttftMs: e.ttft_ms,
          steps: e.steps,
          status: e.status,
          errorCode: e.error_code,
          // Events queued before these fields existed carry none of them.
          source: e.source ?? 'api',
          apiKeyId: e.api_key_id ?? null,
          workflowId: e.workflow_id ?? null,
          newConversation: e.new_conversation === true,
          createdAt: e.at,
        })
        .onConflictDoNothing(),
      db
        .update(chatSessions)
        .set({
          lastActivityAt: sql`max(${chatSessions.lastActivityAt}, ${e.at})`,
          messageCount: sql`max(${chatSessions.messageCount}, ${e.message_count})`,
          title: sql`coalesce(${chatSessions.title}, ${e.title || null})`,
          status: e.error_code && e.error_code !== 'cancelled' ? 'error' : 'active',
        })
        .where(and(eq(chatSessions.tenantId, e.tenant_id), eq(chatSessions.id, e.session_id))),
    );
  }
  await db.batch(stmts as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}
