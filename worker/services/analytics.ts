/**
 * Analytics reads (API.md "Analytics, cost and feedback"; ARCHITECTURE.md "Analytics and cost"): usage series from the
 * hourly/daily rollups (plus the raw events not rolled up yet), tool statistics, satisfaction per agent version. The
 * API route, the Analytics page, the agent's Analytics tab, the dashboard cards and the optimisation hints all read
 * these, so every figure comes from one place.
 *
 * CONTRACT (issue 16 foundation): the signatures are fixed; the data branch (an-data) implements them. Until then
 * they answer empty series.
 */
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import type { GroupBy, UsageRowJson } from '../schemas/analytics';

export type UsageSeriesQuery = {
  /** ms UTC, inclusive. */
  from: number;
  /** ms UTC, exclusive. */
  to: number;
  interval: 'hour' | 'day';
  /** null: one row per bucket with `key` null. */
  groupBy: GroupBy | null;
  agentId?: string | null;
};

/**
 * Usage per bucket (and key): every bucket of the range is present (zeros where nothing happened) when `groupBy` is
 * null; grouped rows only where there was usage. Buckets ascending, keys by turns descending within a bucket.
 */
export async function usageSeries(_env: Bindings, _db: TenantDb, _q: UsageSeriesQuery): Promise<UsageRowJson[]> {
  return [];
}

export type ToolStat = {
  tool_name: string;
  agent_id: string | null;
  calls: number;
  errors: number;
  latency_ms: { p50: number | null; p95: number | null };
};

/** Tool calls over a range (optionally of one agent), slowest (p95) first. */
export async function toolStats(_env: Bindings, _db: TenantDb, _q: { from: number; to: number; agentId?: string | null }): Promise<ToolStat[]> {
  return [];
}
