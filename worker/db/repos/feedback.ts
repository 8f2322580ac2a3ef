/**
 * Thumbs on answers (message_feedback) and their counts in the usage rollups. The rating and the counts change in ONE
 * D1 batch (a transaction): the old count is taken back from the row the stored rating names, the rating is
 * replaced (or removed), the new count is added, so a changed rating moves its count, a repeated one changes
 * nothing and a cleared one removes it, whatever order concurrent requests land in.
 */
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { ROLLUP_GRAINS_SQL, ROLLUP_KEYS, addOnConflict, rollupKeysSql } from '../rollup-grains';
import { messageFeedback, usageEvents, usageRollups } from '../schema';

const HOUR = 3_600_000;

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

const FEEDBACK = ['feedback_up', 'feedback_down'];
const INTO = `insert into usage_rollups (${[...ROLLUP_KEYS, ...FEEDBACK].join(', ')})`;
/** Adds ?9 up and ?10 down to the rows of every grain of the turn keyed ?1 tenant, ?2 hour bucket, ?3 agent … ?8 workflow. */
const COUNT_SQL = `${INTO} select ${[
  ...rollupKeysSql('g', { tenant: '?1', at: '?2', agent: '?3', version: '?4', model: '?5', apiKey: '?6', source: '?7', workflow: '?8' }),
  '?9',
  '?10',
].join(', ')} from ${ROLLUP_GRAINS_SQL} g where true ${addOnConflict(FEEDBACK)}`;
/** Takes a stored rating (?1 tenant, ?2 message) back out of every row it was added to (nothing when unrated). */
const UNCOUNT_SQL = `${INTO} select ${[
  ...rollupKeysSql('g', {
    tenant: 'f.tenant_id',
    at: 'f.rollup_bucket',
    agent: 'f.agent_id',
    version: 'f.agent_version',
    model: 'f.rollup_model',
    apiKey: 'f.rollup_api_key_id',
    source: 'f.rollup_source',
    workflow: 'f.rollup_workflow_id',
  }),
  "-(f.rating = 'up')",
  "-(f.rating = 'down')",
].join(', ')} from message_feedback f join ${ROLLUP_GRAINS_SQL} g where f.tenant_id = ?1 and f.message_id = ?2 ${addOnConflict(FEEDBACK)}`;

export function feedbackRepo(db: Database, tenantId: string) {
  const d1 = db.$client;
  const uncount = (messageId: string) => d1.prepare(UNCOUNT_SQL).bind(tenantId, messageId);

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
      // Raw SQL for the rollup rows: drizzle would bind every defaulted column (the histograms), past D1's 100 variables.
      const count = d1
        .prepare(COUNT_SQL)
        .bind(
          tenantId,
          t.bucket,
          t.agentId,
          t.agentVersion,
          t.model,
          t.apiKeyId,
          t.source,
          t.workflowId,
          v.rating === 'up' ? 1 : 0,
          v.rating === 'down' ? 1 : 0,
        );
      const stored = db
        .insert(messageFeedback)
        .values(row)
        .onConflictDoUpdate({ target: [messageFeedback.tenantId, messageFeedback.messageId], set: changes })
        .toSQL();
      await d1.batch([uncount(v.messageId), d1.prepare(stored.sql).bind(...stored.params), count]);
    },

    /** Removes the rating and its count; answers whether there was one. */
    async clear(messageId: string): Promise<boolean> {
      const del = db
        .delete(messageFeedback)
        .where(and(eq(messageFeedback.tenantId, tenantId), eq(messageFeedback.messageId, messageId)))
        .returning({ id: messageFeedback.messageId })
        .toSQL();
      const [, deleted] = await d1.batch([uncount(messageId), d1.prepare(del.sql).bind(...del.params)]);
      return (deleted?.results.length ?? 0) > 0;
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
