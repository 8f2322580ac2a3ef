// The figures behind the Analytics page, an agent's Analytics tab and the dashboard's sparklines, read in one round
// of parallel queries from the analytics contracts (usageSeries, toolStats, versionSatisfaction) and shaped by the
// pure functions of analytics-view and analytics-hints.
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import type { UsageRowJson } from '../schemas/analytics';
import { allAgents, listAgentVersions } from './agents';
import { toolStats, usageSeries, type ToolStat } from './analytics';
import { optimisationHints, type Hint } from './analytics-hints';
import {
  apiQuery,
  buildCharts,
  byKey,
  DAY_MS,
  errorSpikes,
  rangeOf,
  slowestAgents,
  sumRows,
  type AnalyticsParams,
  type AnalyticsRange,
  type ChartSpec,
  type ErrorSpike,
  type SlowAgent,
  type Sums,
} from './analytics-view';
import { versionSatisfaction, type VersionSatisfaction } from './satisfaction';
import { allTools } from './tools';

export type AnalyticsFigures = { range: AnalyticsRange; charts: ChartSpec[]; totals: Sums; csvHref: string };

async function figures(env: Bindings, db: TenantDb, p: AnalyticsParams, now: number, agentId?: string) {
  const range = rangeOf(p, now);
  const q = { from: range.from, to: range.to, interval: range.interval, agentId: agentId ?? null };
  const [flat, grouped] = await Promise.all([usageSeries(env, db, { ...q, groupBy: null }), p.group ? usageSeries(env, db, { ...q, groupBy: p.group }) : null]);
  const out: AnalyticsFigures = {
    range,
    charts: buildCharts(range, grouped ?? flat, p.group),
    totals: sumRows(flat),
    csvHref: apiQuery(range, p.group, agentId),
  };
  return { out, flat, grouped, q };
}

export type PerformanceView = {
  slowAgents: SlowAgent[];
  slowTools: ToolStat[];
  failingTools: ToolStat[];
  spikes: ErrorSpike[];
  spikeWindow: { from: number; to: number };
};
export type AnalyticsView = AnalyticsFigures & { performance: PerformanceView; hints: Hint[] };

/** Tools that failed at least once, the highest failure rate first. */
const failing = (tools: ToolStat[]) =>
  tools
    .filter((t) => t.errors > 0)
    .sort((a, b) => b.errors / b.calls - a.errors / a.calls || b.errors - a.errors)
    .slice(0, 5);

/** The organization's Analytics page. Error spikes look at the hours of the range's last 7 days at most. */
export async function analyticsView(env: Bindings, db: TenantDb, p: AnalyticsParams, now = Date.now()): Promise<AnalyticsView> {
  const { out, grouped, q } = await figures(env, db, p, now);
  const spikeFrom = Math.max(q.from, q.to - 7 * DAY_MS);
  const [byAgentRows, byModelRows, hourly, tools, agents, ownTools] = await Promise.all([
    p.group === 'agent' ? (grouped as UsageRowJson[]) : usageSeries(env, db, { ...q, groupBy: 'agent' }),
    p.group === 'model' ? (grouped as UsageRowJson[]) : usageSeries(env, db, { ...q, groupBy: 'model' }),
    q.interval === 'hour' && p.group === 'agent'
      ? (grouped as UsageRowJson[])
      : usageSeries(env, db, { from: spikeFrom, to: q.to, interval: 'hour', groupBy: 'agent', agentId: null }),
    toolStats(env, db, { from: q.from, to: q.to }),
    allAgents(db),
    allTools(db),
  ]);
  const hints = optimisationHints({
    byAgent: byKey(byAgentRows),
    byModel: byKey(byModelRows),
    agents: agents.map((a) => ({ id: a.id, name: a.name, model: a.model, instructions: a.instructions, maxSteps: a.maxSteps })),
    tools,
    toolPages: ownTools.map((t) => ({ id: t.id, name: t.name })),
  });
  return {
    ...out,
    performance: {
      slowAgents: slowestAgents(byAgentRows),
      slowTools: tools.slice(0, 5),
      failingTools: failing(tools),
      spikes: errorSpikes(hourly),
      spikeWindow: { from: spikeFrom, to: q.to },
    },
    hints,
  };
}

export type AgentAnalyticsView = AnalyticsFigures & {
  versions: VersionSatisfaction[];
  marks: { at: number; label: string }[];
  slowTools: ToolStat[];
  failingTools: ToolStat[];
};

/** One agent's tab: the same charts (each version saved in the range marked), satisfaction per version and its tools. */
export async function agentAnalyticsView(env: Bindings, db: TenantDb, agentId: string, p: AnalyticsParams, now = Date.now()): Promise<AgentAnalyticsView> {
  const { out, q } = await figures(env, db, p, now, agentId);
  const [versions, tools, saved] = await Promise.all([
    versionSatisfaction(env, db, { from: q.from, to: q.to, agentId }),
    toolStats(env, db, { from: q.from, to: q.to, agentId }),
    listAgentVersions(db, agentId, { limit: 50, cursor: null }),
  ]);
  // Each version saved inside the range marks the charts (the first one is the agent's creation: no change).
  const marks = saved
    .filter((v) => v.version > 1 && v.createdAt >= q.from && v.createdAt < q.to)
    .map((v) => ({ at: v.createdAt, label: `v${v.version}` }))
    .sort((a, b) => a.at - b.at);
  return { ...out, versions, marks, slowTools: tools.slice(0, 5), failingTools: failing(tools) };
}

export type Sparks = { days: number[]; conversations: number[]; turns: number[]; tokens: number[]; errors: number[] };

/** The dashboard cards' last 7 days (today included), one value per UTC day. */
export async function dashboardSparks(env: Bindings, db: TenantDb, now = Date.now()): Promise<Sparks> {
  const to = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const from = to - 7 * DAY_MS;
  const rows = await usageSeries(env, db, { from, to, interval: 'day', groupBy: null });
  const days = Array.from({ length: 7 }, (_, i) => from + i * DAY_MS);
  const at = new Map(rows.map((r) => [Date.parse(r.bucket), r]));
  const pick = (f: (r: UsageRowJson) => number) => days.map((d) => (at.has(d) ? f(at.get(d)!) : 0));
  return {
    days,
    conversations: pick((r) => r.conversations),
    turns: pick((r) => r.turns),
    tokens: pick((r) => r.input_tokens + r.output_tokens),
    errors: pick((r) => r.errors),
  };
}
