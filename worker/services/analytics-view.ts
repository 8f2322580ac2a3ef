// What the Analytics pages show, as pure functions over usage rows: the range a URL names (24 h, 7 d, 30 d, 90 d or
// custom days) and its buckets, the charts (top keys plus "Other" when grouped), totals, the slowest agents and the
// error spikes. The pages and the dashboard call these; the figures themselves come from usageSeries.
import { GROUP_BY, type GroupBy, type UsageRowJson } from '../schemas/analytics';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const RANGES = ['24h', '7d', '30d', '90d', 'custom'] as const;
export type RangeId = (typeof RANGES)[number];
export const RANGE_LABELS: Record<RangeId, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  custom: 'Custom',
};
export const GROUP_LABELS: Record<GroupBy, string> = { agent: 'Agent', model: 'Model', api_key: 'API key', source: 'Source', workflow: 'Workflow' };
/** The longest custom range (rollups are kept at least 400 days). */
export const MAX_RANGE_DAYS = 400;
/** Keys drawn on their own when grouped; the rest add up to "Other". */
export const TOP_KEYS = 5;

export type AnalyticsParams = { range: RangeId; from: string; to: string; group: GroupBy | '' };
export type AnalyticsRange = { from: number; to: number; interval: 'hour' | 'day'; buckets: number[]; label: string };
export type ParamProblem = { field: 'range' | 'from' | 'to' | 'group'; message: string };

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A calendar day (YYYY-MM-DD, UTC) in ms, or NaN: "2026-02-30" is not a day, though Date.parse rolls it over. */
const dayMs = (s: string) => {
  const t = DAY_RE.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  return Number.isNaN(t) || isoDay(t) !== s ? NaN : t;
};

/** The page's query → its state, with a readable problem for anything it cannot use (never an exception). */
export function parseParams(
  q: Record<string, string | undefined>,
  allowed: readonly GroupBy[] = GROUP_BY,
  now = Date.now(),
): { params: AnalyticsParams; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  let from = (q.from ?? '').trim();
  let to = (q.to ?? '').trim();
  let range = (q.range ?? '').trim() as RangeId;
  // "Custom dates" picked without dates yet (the form shows the fields only then): start from the last 7 days.
  if (range === 'custom' && !from && !to) {
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    from = isoDay(today - 6 * DAY_MS);
    to = isoDay(today);
  }
  if (!range) range = from || to ? 'custom' : '7d';
  if (!RANGES.includes(range)) {
    problems.push({ field: 'range', message: `Pick a range: ${RANGES.filter((r) => r !== 'custom').join(', ')} or custom dates.` });
    range = '7d';
  }
  const group = (q.group ?? '').trim() as GroupBy | '';
  if (group && !allowed.includes(group))
    problems.push({ field: 'group', message: `Group by one of: ${allowed.map((g) => GROUP_LABELS[g].toLowerCase()).join(', ')}.` });
  if (range === 'custom') {
    const f = dayMs(from);
    const t = dayMs(to);
    if (Number.isNaN(f)) problems.push({ field: 'from', message: 'Give the first day as a date (YYYY-MM-DD).' });
    if (Number.isNaN(t)) problems.push({ field: 'to', message: 'Give the last day as a date (YYYY-MM-DD).' });
    if (!Number.isNaN(f) && !Number.isNaN(t)) {
      if (t < f) problems.push({ field: 'to', message: 'The last day comes before the first.' });
      else if ((t - f) / DAY_MS + 1 > MAX_RANGE_DAYS) problems.push({ field: 'to', message: `A range covers at most ${MAX_RANGE_DAYS} days.` });
    }
  }
  return {
    params: { range, from: range === 'custom' ? from : '', to: range === 'custom' ? to : '', group: group && allowed.includes(group) ? group : '' },
    problems,
  };
}

/** The time span of the state: hours for ranges of 2 days or less, days otherwise; buckets in UTC. */
export function rangeOf(p: AnalyticsParams, now = Date.now()): AnalyticsRange {
  let from: number;
  let to: number;
  if (p.range === 'custom') {
    from = dayMs(p.from);
    to = dayMs(p.to) + DAY_MS;
  } else if (p.range === '24h') {
    to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
    from = to - DAY_MS;
  } else {
    to = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    from = to - Number.parseInt(p.range, 10) * DAY_MS;
  }
  const interval = to - from <= 2 * DAY_MS ? 'hour' : 'day';
  const step = interval === 'hour' ? HOUR_MS : DAY_MS;
  const buckets: number[] = [];
  for (let b = from; b < to; b += step) buckets.push(b);
  const label = p.range === 'custom' ? (p.from === p.to ? p.from : `${p.from} to ${p.to}`) : RANGE_LABELS[p.range];
  return { from, to, interval, buckets, label };
}

/** The query string of a state (defaults left out), for links, the URL bar and the CSV export. */
export function paramsQuery(p: AnalyticsParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (p.range !== '7d') q.set('range', p.range);
  if (p.range === 'custom') {
    q.set('from', p.from);
    q.set('to', p.to);
  }
  if (p.group) q.set('group', p.group);
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The usage API's query for the same figures (its CSV is the export). */
export function apiQuery(r: AnalyticsRange, group: GroupBy | '', agentId?: string): string {
  const q = new URLSearchParams({ from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(), interval: r.interval });
  if (group) q.set('group_by', group);
  if (agentId) q.set('agent_id', agentId);
  q.set('format', 'csv');
  return `/api/v1/analytics/usage?${q}`;
}

/** The default days of the custom fields (the current range), so switching to custom starts from what is shown. */
export const rangeDays = (r: AnalyticsRange) => ({ from: isoDay(r.from), to: isoDay(r.to - 1) });

// ---- Charts ---------------------------------------------------------------------------------------------------------

export type Series = { name: string; values: (number | null)[]; other?: boolean };
export type ChartSpec = {
  id: string;
  title: string;
  kind: 'bars' | 'lines';
  unit: 'count' | 'usd' | 'ms' | 'pct';
  stacked?: boolean;
  totals?: boolean;
  series: Series[];
  empty: string;
  note?: 'no_price' | 'percentiles';
};

/** The additive figures of a row (what sums across keys and buckets). */
export type Sums = {
  conversations: number;
  turns: number;
  input: number;
  output: number;
  cost: number;
  /** Turns in rows without any price (cost_usd null). */
  unpricedTurns: number;
  errors: number;
  up: number;
  down: number;
  stepLimitHits: number;
  toolCalls: number;
  toolErrors: number;
  /** Turn-weighted sums of the bucket percentiles (divided by `timedTurns` for a mean). */
  p50w: number;
  p95w: number;
  ttft50w: number;
  ttft95w: number;
  timedTurns: number;
  ttftTurns: number;
};

export const zeroSums = (): Sums => ({
  conversations: 0,
  turns: 0,
  input: 0,
  output: 0,
  cost: 0,
  unpricedTurns: 0,
  errors: 0,
  up: 0,
  down: 0,
  stepLimitHits: 0,
  toolCalls: 0,
  toolErrors: 0,
  p50w: 0,
  p95w: 0,
  ttft50w: 0,
  ttft95w: 0,
  timedTurns: 0,
  ttftTurns: 0,
});

export function addRow(s: Sums, r: UsageRowJson): Sums {
  s.conversations += r.conversations;
  s.turns += r.turns;
  s.input += r.input_tokens;
  s.output += r.output_tokens;
  if (r.cost_usd === null) s.unpricedTurns += r.turns;
  else s.cost += r.cost_usd;
  s.errors += r.errors;
  s.up += r.feedback.up;
  s.down += r.feedback.down;
  s.stepLimitHits += r.step_limit_hits;
  s.toolCalls += r.tool_calls;
  s.toolErrors += r.tool_errors;
  if (r.latency_ms.p95 !== null && r.turns > 0) {
    s.p50w += (r.latency_ms.p50 ?? r.latency_ms.p95) * r.turns;
    s.p95w += r.latency_ms.p95 * r.turns;
    s.timedTurns += r.turns;
  }
  if (r.ttft_ms.p95 !== null && r.turns > 0) {
    s.ttft50w += (r.ttft_ms.p50 ?? r.ttft_ms.p95) * r.turns;
    s.ttft95w += r.ttft_ms.p95 * r.turns;
    s.ttftTurns += r.turns;
  }
  return s;
}

export const sumRows = (rows: UsageRowJson[]) => rows.reduce(addRow, zeroSums());
export const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
export const satisfaction = (s: { up: number; down: number }) => rate(s.up, s.up + s.down);
/** Over several buckets: the turn-weighted mean of the buckets' percentiles (the rollups keep no wider histogram here). */
export const meanP95 = (s: Sums) => (s.timedTurns ? s.p95w / s.timedTurns : null);
export const meanTtft95 = (s: Sums) => (s.ttftTurns ? s.ttft95w / s.ttftTurns : null);

export type KeyTotal = { key: string; label: string; sums: Sums };

/** Totals per key over the whole range, most turns first. */
export function byKey(rows: UsageRowJson[]): KeyTotal[] {
  const m = new Map<string, KeyTotal>();
  for (const r of rows) {
    const key = r.key ?? '';
    const k = m.get(key) ?? { key, label: r.label || key || '(none)', sums: zeroSums() };
    addRow(k.sums, r);
    m.set(key, k);
  }
  return [...m.values()].sort((a, b) => b.sums.turns - a.sums.turns || b.sums.conversations - a.sums.conversations || a.label.localeCompare(b.label));
}

/** Index of each row's bucket in the range (rows outside it are dropped). */
function bucketIndex(range: AnalyticsRange) {
  const at = new Map(range.buckets.map((b, i) => [b, i]));
  return (r: UsageRowJson) => at.get(Date.parse(r.bucket));
}

/** Sums per bucket of the rows whose key passes `keep` (all rows when no filter). */
function sumsPerBucket(range: AnalyticsRange, rows: UsageRowJson[], keep?: (key: string) => boolean): Sums[] {
  const out = range.buckets.map(zeroSums);
  const idx = bucketIndex(range);
  for (const r of rows) {
    if (keep && !keep(r.key ?? '')) continue;
    const i = idx(r);
    if (i !== undefined) addRow(out[i]!, r);
  }
  return out;
}

type Metric = (s: Sums, bucket: number) => number | null;
const latencyOf = (r: UsageRowJson[], pick: (r: UsageRowJson) => number | null) => (r.length === 1 ? pick(r[0]!) : null);

/**
 * The charts of a page. Ungrouped: one series per figure (input/output tokens, p50/p95). Grouped: the top keys by
 * turns (same colours on every chart) plus "Other"; percentiles do not add up across keys, so those charts show
 * the top keys' p95 only.
 */
export function buildCharts(range: AnalyticsRange, rows: UsageRowJson[], group: GroupBy | ''): ChartSpec[] {
  const idx = bucketIndex(range);
  const n = range.buckets.length;
  const per = range.interval === 'hour' ? 'hour' : 'day';
  const unpriced = rows.some((r) => r.cost_usd === null && r.turns > 0);
  const charts: ChartSpec[] = [];
  if (!group) {
    const b = sumsPerBucket(range, rows);
    const raw: UsageRowJson[][] = range.buckets.map(() => []);
    for (const r of rows) {
      const i = idx(r);
      if (i !== undefined) raw[i]!.push(r);
    }
    const pct = (pick: (r: UsageRowJson) => number | null) => raw.map((rs, i) => (b[i]!.turns ? latencyOf(rs, pick) : null));
    const one = (name: string, m: Metric): Series => ({ name, values: b.map((s, i) => m(s, i)) });
    charts.push(
      {
        id: 'conversations',
        title: `Conversations per ${per}`,
        kind: 'bars',
        unit: 'count',
        totals: true,
        series: [one('Conversations', (s) => s.conversations)],
        empty: 'No conversations in this range.',
      },
      {
        id: 'turns',
        title: `Turns per ${per}`,
        kind: 'bars',
        unit: 'count',
        totals: true,
        series: [one('Turns', (s) => s.turns)],
        empty: 'No turns in this range.',
      },
      {
        id: 'tokens',
        title: 'Tokens',
        kind: 'bars',
        unit: 'count',
        stacked: true,
        totals: true,
        series: [one('Input', (s) => s.input), one('Output', (s) => s.output)],
        empty: 'No tokens in this range.',
      },
      {
        id: 'cost',
        title: 'Cost (USD)',
        kind: 'bars',
        unit: 'usd',
        totals: true,
        series: [one('Cost', (s) => s.cost)],
        empty: unpriced ? 'No priced turns in this range.' : 'No cost in this range.',
        note: unpriced ? 'no_price' : undefined,
      },
      {
        id: 'error-rate',
        title: 'Error rate',
        kind: 'lines',
        unit: 'pct',
        series: [one('Error rate', (s) => rate(s.errors, s.turns))],
        empty: 'No turns in this range.',
      },
      {
        id: 'latency',
        title: 'Latency',
        kind: 'lines',
        unit: 'ms',
        series: [
          { name: 'p50', values: pct((r) => r.latency_ms.p50) },
          { name: 'p95', values: pct((r) => r.latency_ms.p95) },
        ],
        empty: 'No timed turns in this range.',
      },
      {
        id: 'ttft',
        title: 'Time to first token',
        kind: 'lines',
        unit: 'ms',
        series: [
          { name: 'p50', values: pct((r) => r.ttft_ms.p50) },
          { name: 'p95', values: pct((r) => r.ttft_ms.p95) },
        ],
        empty: 'No streamed turns in this range.',
      },
      {
        id: 'satisfaction',
        title: 'Satisfaction (thumbs up share)',
        kind: 'lines',
        unit: 'pct',
        series: [one('Satisfaction', (s) => satisfaction(s))],
        empty: 'No feedback in this range.',
      },
    );
    return charts;
  }
  const keys = byKey(rows);
  const top = keys.slice(0, TOP_KEYS);
  const topSet = new Set(top.map((k) => k.key));
  const rest = keys.length > TOP_KEYS;
  const perKey = top.map((k) => sumsPerBucket(range, rows, (key) => key === k.key));
  const other = rest ? sumsPerBucket(range, rows, (key) => !topSet.has(key)) : null;
  const grouped = (m: Metric): Series[] => [
    ...top.map((k, i) => ({ name: k.label, values: perKey[i]!.map((s, b) => m(s, b)) })),
    ...(other ? [{ name: 'Other', other: true, values: other.map((s, b) => m(s, b)) }] : []),
  ];
  const p95Of = (pick: (r: UsageRowJson) => number | null): Series[] =>
    top.map((k) => {
      const values: (number | null)[] = new Array(n).fill(null);
      for (const r of rows) {
        if ((r.key ?? '') !== k.key || !r.turns) continue;
        const i = idx(r);
        if (i !== undefined) values[i] = pick(r);
      }
      return { name: k.label, values };
    });
  const by = GROUP_LABELS[group].toLowerCase();
  charts.push(
    {
      id: 'conversations',
      title: `Conversations per ${per}, by ${by}`,
      kind: 'bars',
      unit: 'count',
      stacked: true,
      totals: true,
      series: grouped((s) => s.conversations),
      empty: 'No conversations in this range.',
    },
    {
      id: 'turns',
      title: `Turns per ${per}, by ${by}`,
      kind: 'bars',
      unit: 'count',
      stacked: true,
      totals: true,
      series: grouped((s) => s.turns),
      empty: 'No turns in this range.',
    },
    {
      id: 'tokens',
      title: `Tokens (input + output), by ${by}`,
      kind: 'bars',
      unit: 'count',
      stacked: true,
      totals: true,
      series: grouped((s) => s.input + s.output),
      empty: 'No tokens in this range.',
    },
    {
      id: 'cost',
      title: `Cost (USD), by ${by}`,
      kind: 'bars',
      unit: 'usd',
      stacked: true,
      totals: true,
      series: grouped((s) => s.cost),
      empty: unpriced ? 'No priced turns in this range.' : 'No cost in this range.',
      note: unpriced ? 'no_price' : undefined,
    },
    {
      id: 'error-rate',
      title: `Error rate, by ${by}`,
      kind: 'lines',
      unit: 'pct',
      series: grouped((s) => rate(s.errors, s.turns)),
      empty: 'No turns in this range.',
    },
    {
      id: 'latency',
      title: `p95 latency, by ${by}`,
      kind: 'lines',
      unit: 'ms',
      series: p95Of((r) => r.latency_ms.p95),
      empty: 'No timed turns in this range.',
      note: rest ? 'percentiles' : undefined,
    },
    {
      id: 'ttft',
      title: `p95 time to first token, by ${by}`,
      kind: 'lines',
      unit: 'ms',
      series: p95Of((r) => r.ttft_ms.p95),
      empty: 'No streamed turns in this range.',
      note: rest ? 'percentiles' : undefined,
    },
    {
      id: 'satisfaction',
      title: `Satisfaction, by ${by}`,
      kind: 'lines',
      unit: 'pct',
      series: grouped((s) => satisfaction(s)),
      empty: 'No feedback in this range.',
    },
  );
  return charts;
}

// ---- Performance ----------------------------------------------------------------------------------------------------

export type SlowAgent = { key: string; label: string; turns: number; p95: number | null; ttft95: number | null; errorRate: number | null };

/** Agents by their p95 latency over the range (turn-weighted over buckets), slowest first; at least `minTurns`. */
export function slowestAgents(rows: UsageRowJson[], limit = 5, minTurns = 5): SlowAgent[] {
  return byKey(rows)
    .filter((k) => k.key && k.sums.timedTurns >= minTurns)
    .map((k) => ({
      key: k.key,
      label: k.label,
      turns: k.sums.turns,
      p95: meanP95(k.sums),
      ttft95: meanTtft95(k.sums),
      errorRate: rate(k.sums.errors, k.sums.turns),
    }))
    .sort((a, b) => (b.p95 ?? 0) - (a.p95 ?? 0))
    .slice(0, limit);
}

/**
 * An error spike: an hour in which an agent's error rate is well above its own baseline (its rate over the rest of
 * the window). Counted when the hour has at least SPIKE.minTurns turns and SPIKE.minErrors errors, and its rate is
 * at least SPIKE.factor times the baseline and SPIKE.jump (absolute) above it.
 */
export const SPIKE = { minTurns: 5, minErrors: 3, factor: 2, jump: 0.2 } as const;
export type ErrorSpike = { agentId: string; label: string; at: number; turns: number; errors: number; rate: number; baseline: number };

/** Spikes in hourly rows grouped by agent, newest first. */
export function errorSpikes(hourly: UsageRowJson[], limit = 10): ErrorSpike[] {
  const totals = new Map(byKey(hourly).map((k) => [k.key, k]));
  const out: ErrorSpike[] = [];
  for (const r of hourly) {
    const key = r.key ?? '';
    const all = totals.get(key);
    if (!key || !all || r.turns < SPIKE.minTurns || r.errors < SPIKE.minErrors) continue;
    const restTurns = all.sums.turns - r.turns;
    const baseline = restTurns > 0 ? (all.sums.errors - r.errors) / restTurns : 0;
    const rateNow = r.errors / r.turns;
    if (rateNow >= baseline * SPIKE.factor && rateNow - baseline >= SPIKE.jump) {
      out.push({ agentId: key, label: all.label, at: Date.parse(r.bucket), turns: r.turns, errors: r.errors, rate: rateNow, baseline });
    }
  }
  return out.sort((a, b) => b.at - a.at).slice(0, limit);
}

/** The Logs page's period that still covers a moment (its filter keeps 24 h, 7 d or 30 d). */
export function logsPeriodFor(at: number, now = Date.now()): '24h' | '7d' | '30d' {
  const age = now - at;
  return age <= DAY_MS - HOUR_MS ? '24h' : age <= 7 * DAY_MS - HOUR_MS ? '7d' : '30d';
}
