/**
 * Thumbs on answers (message_feedback) and their counts in the usage rollups. The rating and the counts change in ONE
 * D1 batch (a transaction): the old count is taken back from the row the stored rating names, the rating is
 * replaced (or removed), the new count is added, so a changed rating moves its count, a repeated one changes
 * nothing and a cleared one removes it, whatever order concurrent requests land in.
 */
import { and, desc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { messageFeedback, usageEvents, usageRollups } from '../schema';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The usage rollup row (hour bucket and keys) a rating is counted in; the day row follows from the hour. */
export type RollupTarget = { bucket: number; agentId: string; agentVersion: number; model: string; apiKeyId: string; source: string; workflowId: string };
export type FeedbackValues = {
  messageId: string;
  sessionId: string;
  turnId: string;
  rating: 'up' | 'down';
  comment: string | null;
  source: string;
  actorType: string | null;
  actorId: string | null;
  target: RollupTarget;
};
export type FeedbackJson = { rating: 'up' | 'down'; comment: string | null };

export function feedbackRepo(db: Database, tenantId: string) {
  /** Takes the stored rating's count back out of the hour and day rows it was added to (nothing when unrated). */
  const f = messageFeedback;
  const r = usageRollups;
  const uncount = (messageId: string) =>
    db
      .update(r)
      .set({ feedbackUp: sql`${r.feedbackUp} - (${f.rating} = 'up')`, feedbackDown: sql`${r.feedbackDown} - (${f.rating} = 'down')` })
      .from(f)
      .where(
        and(
          eq(f.tenantId, tenantId),
          eq(f.messageId, messageId),
          eq(r.tenantId, tenantId),
          or(
            and(eq(r.grain, 'hour'), eq(r.bucket, f.rollupBucket)),
            and(eq(r.grain, 'day'), eq(r.bucket, sql`${f.rollupBucket} - ${f.rollupBucket} % ${DAY}`)),
          ),
          eq(r.agentId, f.agentId),
          eq(r.agentVersion, f.agentVersion),
          eq(r.model, f.rollupModel),
          eq(r.apiKeyId, f.rollupApiKeyId),
          eq(r.source, f.rollupSource),
          eq(r.workflowId, f.rollupWorkflowId),
        ),
      );

  return {
    /** The rollup keys of an answered turn, from its usage row (null while the EVENTS consumer has not written it). */
    async turnTarget(turnId: string): Promise<RollupTarget | null> {
      const r = await db
        .select()
        .from(usageEvents)
        .where(and(eq(usageEvents.tenantId, tenantId), eq(usageEvents.turnId, turnId)))
        .get();
      if (!r) return null;
      return {
        bucket: r.createdAt - (r.createdAt % HOUR),
        agentId: r.agentId,
        agentVersion: r.agentVersion,
        model: r.model,
        apiKeyId: r.apiKeyId ?? '',
        source: r.source,
        workflowId: r.workflowId ?? '',
      };
    },

    /** Stores the rating (replacing any earlier one) and moves the rollup counts with it. */
    async rate(v: FeedbackValues): Promise<void> {
      const now = Date.now();
      const t = v.target;
      const row = {
        tenantId,
        messageId: v.messageId,
        sessionId: v.sessionId,
        agentId: t.agentId,
        agentVersion: t.agentVersion,
        rating: v.rating,
        comment: v.comment,
        source: v.source,
        actorType: v.actorType,
        actorId: v.actorId,
        turnId: v.turnId,
        rollupBucket: t.bucket,
        rollupModel: t.model,
        rollupApiKeyId: t.apiKeyId,
        rollupSource: t.source,
        rollupWorkflowId: t.workflowId,
        createdAt: now,
        updatedAt: now,
      };
      const { tenantId: _t, messageId: _m, createdAt: _c, ...changes } = row;
      const counts = [v.rating === 'up' ? 1 : 0, v.rating === 'down' ? 1 : 0];
      const keys = [t.agentId, t.agentVersion, t.model, t.apiKeyId, t.source, t.workflowId];
      // Raw SQL for the rollup row: drizzle would bind every defaulted column (the histograms), past D1's 100 variables.
      const count = {
        sql: `insert into usage_rollups (tenant_id, grain, bucket, agent_id, agent_version, model, api_key_id, source, workflow_id, feedback_up, feedback_down)
          values (?, 'hour', ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, 'day', ?, ?, ?, ?, ?, ?, ?, ?, ?)
          on conflict (tenant_id, grain, bucket, agent_id, agent_version, model, api_key_id, source, workflow_id)
          do update set feedback_up = feedback_up + excluded.feedback_up, feedback_down = feedback_down + excluded.feedback_down`,
        params: [tenantId, t.bucket, ...keys, ...counts, tenantId, t.bucket - (t.bucket % DAY), ...keys, ...counts],
      };
      const stored = db
        .insert(messageFeedback)
        .values(row)
        .onConflictDoUpdate({ target: [messageFeedback.tenantId, messageFeedback.messageId], set: changes });
      const d1 = db.$client;
      await d1.batch([uncount(v.messageId).toSQL(), stored.toSQL(), count].map((q) => d1.prepare(q.sql).bind(...q.params)));
    },

    /** Removes the rating and its count; answers whether there was one. */
    async clear(messageId: string): Promise<boolean> {
      const [, deleted] = await db.batch([
        uncount(messageId),
        db
          .delete(messageFeedback)
          .where(and(eq(messageFeedback.tenantId, tenantId), eq(messageFeedback.messageId, messageId)))
          .returning({ id: messageFeedback.messageId }),
      ]);
      return deleted.length > 0;
    },

    /** The current rating of each rated answer of a conversation (one indexed query). */
    async ofSession(sessionId: string): Promise<Map<string, FeedbackJson>> {
      const rows = await db
        .select({ messageId: messageFeedback.messageId, rating: messageFeedback.rating, comment: messageFeedback.comment })
        .from(messageFeedback)
        .where(and(eq(messageFeedback.tenantId, tenantId), eq(messageFeedback.sessionId, sessionId)));
      return new Map(rows.map((r) => [r.messageId, { rating: r.rating, comment: r.comment }]));
    },

    /** Turns and thumbs per version of an agent from the rollups (`grain` rows with from ≤ bucket < to). */
    async byVersion(agentId: string, grain: 'hour' | 'day', from: number, to: number) {
      return db
        .select({
          agentVersion: usageRollups.agentVersion,
          turns: sql<number>`sum(${usageRollups.turns})`,
          up: sql<number>`sum(${usageRollups.feedbackUp})`,
          down: sql<number>`sum(${usageRollups.feedbackDown})`,
          firstAt: sql<number | null>`min(case when ${usageRollups.turns} > 0 then ${usageRollups.bucket} end)`,
        })
        .from(usageRollups)
        .where(
          and(
            eq(usageRollups.tenantId, tenantId),
            eq(usageRollups.grain, grain),
            gte(usageRollups.bucket, from),
            lt(usageRollups.bucket, to),
            eq(usageRollups.agentId, agentId),
          ),
        )
        .groupBy(usageRollups.agentVersion)
        .orderBy(desc(usageRollups.agentVersion));
    },
  };
}
