/**
 * Analytics reads (API.md "Analytics, cost and feedback"; ARCHITECTURE.md "Analytics and cost"): usage series from the
 * hourly/daily rollups the EVENTS consumer keeps (worker/db/usage-writer.ts), tool statistics, and the usage query as
 * the API reads it. The API route, the Analytics page, the agent's Analytics tab, the dashboard cards and the
 * optimisation hints all read these, so every figure comes from one place. Buckets are UTC.
 */
import type { UsageBucket } from '../db/repos/analytics';
import type { TenantDb } from '../db/tenant-db';
import { DAY_MS, HOUR_MS } from '../db/usage-writer';
import type { Bindings } from '../env';
import { type ErrorDetail, AppError, notFound } from '../errors';
import { toCsv } from '../lib/csv';
import { emptyHistogram, mergeInto, percentile } from '../lib/histogram';
import { iso } from '../lib/iso';
import { GROUP_BY, type GroupBy, INTERVALS, SOURCE_LABELS, type UsageRowJson, type UsageSource } from '../schemas/analytics';

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

/** Longest range a usage query may span, and the longest one with hourly buckets. */
export const MAX_RANGE_DAYS = 400;
export const MAX_HOURLY_DAYS = 31;
const DEFAULT_RANGE_MS = 7 * DAY_MS;

const gridOf = (interval: 'hour' | 'day') => (interval === 'hour' ? HOUR_MS : DAY_MS);
const roundCost = (usd: number) => Math.round(usd * 1e9) / 1e9;

function rowJson(b: UsageBucket, key: string | null, label: string | null): UsageRowJson {
  return {
    bucket: iso(b.bucket),
    key,
    label,
    conversations: b.conversations,
    turns: b.turns,
    input_tokens: b.inputTokens,
    output_tokens: b.outputTokens,
    cost_usd: b.pricedTurns > 0 ? roundCost(b.costUsd) : null,
    errors: b.errors,
    latency_ms: { p50: percentile(b.lat, 50), p95: percentile(b.lat, 95) },
    ttft_ms: { p50: percentile(b.ttft, 50), p95: percentile(b.ttft, 95) },
    feedback: { up: b.feedbackUp, down: b.feedbackDown },
    step_limit_hits: b.stepLimitHits,
    tool_calls: b.toolCalls,
    tool_errors: b.toolErrors,
  };
}

const emptyBucket = (bucket: number): UsageBucket => ({
  bucket,
  key: null,
  conversations: 0,
  turns: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  pricedTurns: 0,
  errors: 0,
  stepLimitHits: 0,
  toolCalls: 0,
  toolErrors: 0,
  feedbackUp: 0,
  feedbackDown: 0,
  lat: emptyHistogram(),
  ttft: emptyHistogram(),
});

/** Labels for group keys: names of agents, API keys and workflows, source labels; models as they are. */
async function labelsFor(db: TenantDb, groupBy: GroupBy, keys: string[]): Promise<(key: string) => string | null> {
  if (groupBy === 'model') return (k) => k || null;
  if (groupBy === 'source') return (k) => SOURCE_LABELS[k as UsageSource] ?? (k || null);
  const kind = groupBy === 'agent' ? 'agent' : groupBy === 'api_key' ? 'api_key' : 'workflow';
  const names = await db.analytics.names(
    kind,
    keys.filter((k) => k),
  );
  const none = groupBy === 'api_key' ? 'No API key' : groupBy === 'workflow' ? 'No workflow' : null;
  return (k) => (k ? (names.get(k) ?? null) : none);
}

/**
 * Usage per bucket (and key): every bucket of the range is present (zeros where nothing happened) when `groupBy` is
 * null; grouped rows only where there was usage. Buckets ascending, keys by turns descending within a bucket. The
 * first bucket starts at `from` rounded down to the interval. An agent the caller may not see answers 404.
 */
export async function usageSeries(_env: Bindings, db: TenantDb, q: UsageSeriesQuery): Promise<UsageRowJson[]> {
  if (q.agentId && !(await db.agents.get(q.agentId))) throw notFound('Agent');
  const size = gridOf(q.interval);
  const from = Math.floor(q.from / size) * size;
  const rows = await db.analytics.usage({ grain: q.interval, from, to: q.to, agentId: q.agentId ?? null }, q.groupBy);
  if (!q.groupBy) {
    const byBucket = new Map(rows.map((r) => [r.bucket, r]));
    const out: UsageRowJson[] = [];
    for (let b = from; b < q.to; b += size) out.push(rowJson(byBucket.get(b) ?? emptyBucket(b), null, null));
    return out;
  }
  const label = await labelsFor(db, q.groupBy, [...new Set(rows.map((r) => r.key ?? ''))]);
  rows.sort((a, b) => a.bucket - b.bucket || b.turns - a.turns || (a.key ?? '').localeCompare(b.key ?? ''));
  return rows.map((r) => rowJson(r, r.key || null, label(r.key ?? '')));
}

export type ToolStat = {
  tool_name: string;
  agent_id: string | null;
  calls: number;
  errors: number;
  latency_ms: { p50: number | null; p95: number | null };
};

/**
 * Tool calls over a range (optionally of one agent), slowest (p95) first. Without an agent, each tool's calls are
 * summed over every agent the caller may see (`agent_id` null). Ranges over 48 h read daily rollups.
 */
export async function toolStats(_env: Bindings, db: TenantDb, q: { from: number; to: number; agentId?: string | null }): Promise<ToolStat[]> {
  const grain = q.to - q.from > 2 * DAY_MS ? 'day' : 'hour';
  const size = gridOf(grain);
  const rows = await db.analytics.tools({ grain, from: Math.floor(q.from / size) * size, to: q.to, agentId: q.agentId ?? null });
  const byTool = new Map<string, { calls: number; errors: number; lat: number[] }>();
  for (const r of rows) {
    const t = byTool.get(r.toolName) ?? { calls: 0, errors: 0, lat: emptyHistogram() };
    t.calls += r.calls;
    t.errors += r.errors;
    mergeInto(t.lat, r.lat);
    byTool.set(r.toolName, t);
  }
  const out: ToolStat[] = [...byTool].map(([name, t]) => ({
    tool_name: name,
    agent_id: q.agentId ?? null,
    calls: t.calls,
    errors: t.errors,
    latency_ms: { p50: percentile(t.lat, 50), p95: percentile(t.lat, 95) },
  }));
  return out.sort((a, b) => (b.latency_ms.p95 ?? -1) - (a.latency_ms.p95 ?? -1) || b.calls - a.calls || a.tool_name.localeCompare(b.tool_name));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A bare date (its start, or for `to` its end: the whole day counts) or an ISO date-time with a zone. */
function timeOf(raw: string, endOfDay: boolean): number | null {
  if (DATE_ONLY.test(raw)) {
    const t = Date.parse(`${raw}T00:00:00Z`);
    return Number.isNaN(t) ? null : endOfDay ? t + DAY_MS : t;
  }
  if (!DATE_TIME.test(raw)) return null;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : t;
}

/**
 * Reads `?from=&to=&interval=&group_by=&agent_id=` (API.md); every bad value is a 400 naming its parameter. Defaults:
 * `to` now, `from` 7 days before `to`; interval `hour` for ranges of 48 h or less, else `day`. Ranges up to MAX_RANGE_DAYS; hourly
 * buckets only up to MAX_HOURLY_DAYS.
 */
export function parseUsageQuery(q: Record<string, string | undefined>, now = Date.now()): UsageSeriesQuery {
  const details: ErrorDetail[] = [];
  const val = (k: string) => (q[k] === undefined || q[k] === '' ? undefined : q[k]!.trim());
  const times: { from?: number; to?: number } = {};
  for (const [k, endOfDay] of [
    ['from', false],
    ['to', true],
  ] as const) {
    const raw = val(k);
    if (raw === undefined) continue;
    const t = timeOf(raw, endOfDay);
    if (t === null || t < 0 || t > 32503680000000) details.push({ path: k, message: 'must be a date (2026-05-01) or an ISO 8601 date-time with a zone' });
    else times[k] = t;
  }
  const to = times.to ?? now;
  const from = times.from ?? to - DEFAULT_RANGE_MS;
  if (!details.length) {
    if (from >= to) details.push({ path: 'to', message: 'must be after from' });
    else if (to - from > MAX_RANGE_DAYS * DAY_MS) details.push({ path: 'from', message: `the range may span at most ${MAX_RANGE_DAYS} days` });
  }
  const intervalRaw = val('interval');
  let interval: 'hour' | 'day' = to - from <= 2 * DAY_MS ? 'hour' : 'day';
  if (intervalRaw !== undefined) {
    if ((INTERVALS as readonly string[]).includes(intervalRaw)) interval = intervalRaw as 'hour' | 'day';
    else details.push({ path: 'interval', message: 'must be hour or day' });
  }
  if (interval === 'hour' && to - from > MAX_HOURLY_DAYS * DAY_MS)
    details.push({ path: 'interval', message: `hour is only for ranges up to ${MAX_HOURLY_DAYS} days; use day` });
  const groupRaw = val('group_by');
  let groupBy: GroupBy | null = null;
  if (groupRaw !== undefined) {
    if ((GROUP_BY as readonly string[]).includes(groupRaw)) groupBy = groupRaw as GroupBy;
    else details.push({ path: 'group_by', message: `must be one of ${GROUP_BY.join(', ')}` });
  }
  const agentId = val('agent_id') ?? null;
  if (agentId !== null && !/^[a-z]{3}_[0-9a-z]{1,60}$/.test(agentId)) details.push({ path: 'agent_id', message: 'must be an agent id (agt_…)' });
  if (details.length) throw new AppError('validation_failed', 'Invalid usage query', details);
  return { from, to, interval, groupBy, agentId };
}

export const USAGE_CSV_HEADER = [
  'bucket',
  'key',
  'label',
  'conversations',
  'turns',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'errors',
  'latency_p50_ms',
  'latency_p95_ms',
  'ttft_p50_ms',
  'ttft_p95_ms',
  'feedback_up',
  'feedback_down',
  'step_limit_hits',
  'tool_calls',
  'tool_errors',
];

/** A cost as plain decimal text (never exponent notation: 1e-7 → 0.0000001). */
const decimal = (usd: number | null) => (usd === null ? '' : usd.toFixed(9).replace(/\.?0+$/, ''));

/** The usage rows as CSV (RFC 4180, formula-injection-safe: worker/lib/csv.ts). */
export function usageCsv(rows: UsageRowJson[]): string {
  return toCsv(
    USAGE_CSV_HEADER,
    rows.map((r) => [
      r.bucket,
      r.key,
      r.label ?? null,
      r.conversations,
      r.turns,
      r.input_tokens,
      r.output_tokens,
      decimal(r.cost_usd),
      r.errors,
      r.latency_ms.p50,
      r.latency_ms.p95,
      r.ttft_ms.p50,
      r.ttft_ms.p95,
      r.feedback.up,
      r.feedback.down,
      r.step_limit_hits,
      r.tool_calls,
      r.tool_errors,
    ]),
  );
}
