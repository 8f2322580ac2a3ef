// Tenant-scoped reads of the analytics rollups (usage_rollups, tool_rollups): one indexed range query per chart, with
// the histogram bins summed in SQL, over the collapsed grain of the chart's grouping (rollup-grains.ts); rows of agents
// hidden from the viewer are left out.
import { type SQL, and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { BINS } from '../../lib/histogram';
import type { GroupBy } from '../../schemas/analytics';
import type { Database } from '../client';
import { type RollupGrain, chartGrain } from '../rollup-grains';
import { LAT_COLUMNS, TTFT_COLUMNS, agents, apiKeys, toolRollups, usageRollups, workflows } from '../schema';
import { type AgentViewer, EVERY_AGENT, notHiddenAgent } from './agent-viewer';

/** The rollup column each grouping reads. */
const GROUP_COLUMN = {
  agent: usageRollups.agentId,
  model: usageRollups.model,
  api_key: usageRollups.apiKeyId,
  source: usageRollups.source,
  workflow: usageRollups.workflowId,
} as const;

export type UsageBucket = {
  bucket: number;
  key: string | null;
  conversations: number;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  pricedTurns: number;
  errors: number;
  stepLimitHits: number;
  toolCalls: number;
  toolErrors: number;
  feedbackUp: number;
  feedbackDown: number;
  lat: number[];
  ttft: number[];
};

export type ToolBucket = { toolName: string; agentId: string; calls: number; errors: number; lat: number[] };

export type RollupRange = { grain: 'hour' | 'day'; from: number; to: number; agentId?: string | null };

/**
 * A histogram's summed bins as one text cell ('3,0,12,…'): a chart row carries 2 cells for its 64 bins, which is most
 * of what a grouped chart's answer costs to move out of D1 (measured: about half the query's time at 540 rows).
 */
const packed = (cols: string[]) => `printf('${cols.map(() => '%d').join(',')}', ${cols.map((c) => `sum(${c})`).join(', ')})`;
const unpack = (v: unknown): number[] => {
  const out = String(v ?? '')
    .split(',', BINS)
    .map(Number);
  return out.length === BINS ? out : Array.from({ length: BINS }, (_, i) => out[i] || 0);
};
const HIST_SQL = sql.raw(`${packed(LAT_COLUMNS)}, ${packed(TTFT_COLUMNS)}`);
const TOOL_HIST_SQL = sql.raw(packed(LAT_COLUMNS));

export function analyticsRepo(db: Database, tenantId: string, viewer: AgentViewer = EVERY_AGENT) {
  const usageWhere = (r: RollupRange, grain: RollupGrain): SQL =>
    and(
      eq(usageRollups.tenantId, tenantId),
      eq(usageRollups.grain, grain),
      gte(usageRollups.bucket, r.from),
      lt(usageRollups.bucket, r.to),
      r.agentId ? eq(usageRollups.agentId, r.agentId) : undefined,
      notHiddenAgent(db, tenantId, viewer, usageRollups.agentId),
    )!;

  return {
    /** Summed rollups per bucket (and group key), buckets ascending, from the grouping's collapsed grain. */
    async usage(r: RollupRange, groupBy: GroupBy | null): Promise<UsageBucket[]> {
      const key = groupBy ? sql`${GROUP_COLUMN[groupBy]}` : sql`null`;
      const group = groupBy ? sql`${usageRollups.bucket}, ${GROUP_COLUMN[groupBy]}` : sql`${usageRollups.bucket}`;
      const rows = await db.values<unknown[]>(
        sql`select ${usageRollups.bucket}, ${key}, sum(conversations), sum(turns), sum(input_tokens), sum(output_tokens), sum(cost_usd),
          sum(priced_turns), sum(errors), sum(step_limit_hits), sum(tool_calls), sum(tool_errors), sum(feedback_up), sum(feedback_down), ${HIST_SQL}
          from ${usageRollups} where ${usageWhere(r, chartGrain(r.grain, groupBy, !!r.agentId || !viewer.all))} group by ${group} order by ${usageRollups.bucket}`,
      );
      return rows.map((row) => {
        const v = row;
        const n = (i: number) => Number(v[i] ?? 0);
        return {
          bucket: n(0),
          key: v[1] === null || v[1] === undefined ? null : String(v[1]),
          conversations: n(2),
          turns: n(3),
          inputTokens: n(4),
          outputTokens: n(5),
          costUsd: n(6),
          pricedTurns: n(7),
          errors: n(8),
          stepLimitHits: n(9),
          toolCalls: n(10),
          toolErrors: n(11),
          feedbackUp: n(12),
          feedbackDown: n(13),
          lat: unpack(v[14]),
          ttft: unpack(v[15]),
        };
      });
    },

    /** Tool calls per tool (and agent) over the range, histograms summed. */
    async tools(r: RollupRange): Promise<ToolBucket[]> {
      const where = and(
        eq(toolRollups.tenantId, tenantId),
        eq(toolRollups.grain, r.grain),
        gte(toolRollups.bucket, r.from),
        lt(toolRollups.bucket, r.to),
        r.agentId ? eq(toolRollups.agentId, r.agentId) : undefined,
        notHiddenAgent(db, tenantId, viewer, toolRollups.agentId),
      );
      const rows = await db.values<unknown[]>(
        sql`select ${toolRollups.toolName}, ${toolRollups.agentId}, sum(calls), sum(errors), ${TOOL_HIST_SQL}
          from ${toolRollups} where ${where} group by ${toolRollups.toolName}, ${toolRollups.agentId}`,
      );
      return rows.map((row) => {
        const v = row;
        return {
          toolName: String(v[0]),
          agentId: String(v[1] ?? ''),
          calls: Number(v[2] ?? 0),
          errors: Number(v[3] ?? 0),
          lat: unpack(v[4]),
        };
      });
    },

    /** Models that appear in the tenant's usage since `since` (day rollups by model), by name. */
    async modelsSeen(since: number): Promise<string[]> {
      const rows = await db
        .selectDistinct({ model: usageRollups.model })
        .from(usageRollups)
        .where(and(eq(usageRollups.tenantId, tenantId), eq(usageRollups.grain, 'day:all:model'), gte(usageRollups.bucket, since)));
      return rows.map((r) => r.model).filter(Boolean);
    },

    /** Names of the tenant's agents, API keys or workflows by id (for labels). */
    async names(kind: 'agent' | 'api_key' | 'workflow', ids: string[]): Promise<Map<string, string>> {
      if (!ids.length) return new Map();
      const t = kind === 'agent' ? agents : kind === 'api_key' ? apiKeys : workflows;
      const rows = await db
        .select({ id: t.id, name: t.name })
        .from(t)
        .where(and(eq(t.tenantId, tenantId), inArray(t.id, ids)));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}
