// The Analytics pages without a server: axis ticks and formats, the range a URL names, charts from usage rows (top
// keys + "Other", gaps), error spikes against an agent's own baseline, the optimisation hint rules with their
// minimum samples, and the SVG chart's escaping and text alternative.
import { describe, expect, it } from 'vitest';
import type { UsageRowJson } from '../../worker/schemas/analytics';
import {
  HINT_MIN,
  cheaperModelHints,
  failingToolHints,
  longInstructionHints,
  optimisationHints,
  stepLimitHints,
  type HintInput,
} from '../../worker/services/analytics-hints';
import {
  DAY_MS,
  HOUR_MS,
  buildCharts,
  byKey,
  errorSpikes,
  logsPeriodFor,
  parseParams,
  rangeOf,
  slowestAgents,
  zeroSums,
  type AnalyticsParams,
} from '../../worker/services/analytics-view';
import { axisLabel, fmtValue, niceStep, timeTicks, usdDecimals, valueTicks } from '../../views/components/charts/chart-scale';
import { TimeChart } from '../../views/components/charts/time-chart';
import { Sparkline } from '../../views/components/charts/sparkline';
import { AgentAnalyticsBody } from '../../views/pages/agent-analytics-page';

const NOW = Date.parse('2026-11-30T13:20:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function row(bucket: number, over: Partial<UsageRowJson> = {}): UsageRowJson {
  return {
    bucket: iso(bucket),
    key: null,
    label: null,
    conversations: 0,
    turns: 0,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: 0,
    errors: 0,
    latency_ms: { p50: null, p95: null },
    ttft_ms: { p50: null, p95: null },
    feedback: { up: 0, down: 0 },
    step_limit_hits: 0,
    tool_calls: 0,
    tool_errors: 0,
    ...over,
  };
}

const params = (p: Partial<AnalyticsParams> = {}): AnalyticsParams => ({ range: '7d', from: '', to: '', group: '', ...p });

describe('chart scales', () => {
  it('picks nice steps and covers the maximum', () => {
    expect([0.7, 1.3, 2.2, 3, 7, 13].map(niceStep)).toEqual([1, 2, 2.5, 5, 10, 20]);
    expect(valueTicks(97, 'count')).toEqual([0, 25, 50, 75, 100]);
    expect(valueTicks(3, 'count')).toEqual([0, 1, 2, 3]);
    expect(valueTicks(0, 'count')).toEqual([0, 1]);
    expect(valueTicks(0.034, 'usd').at(-1)).toBeGreaterThanOrEqual(0.034);
    expect(valueTicks(1, 'pct')).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('formats dollars with decimals that fit their size, durations and percents', () => {
    expect(usdDecimals(1234)).toBe(0);
    expect(fmtValue(12.5, 'usd')).toBe('$12.50');
    expect(fmtValue(0.042, 'usd')).toBe('$0.042');
    expect(fmtValue(0.0031, 'usd')).toBe('$0.0031');
    expect(fmtValue(0.01, 'usd', 0.04)).toBe('$0.010');
    expect(fmtValue(850, 'ms')).toBe('850 ms');
    expect(fmtValue(1530, 'ms')).toBe('1.5 s');
    expect(fmtValue(0.125, 'pct')).toBe('12.5%');
    expect(fmtValue(null, 'ms')).toBe('—');
    expect(fmtValue(12_400, 'count')).toBe('12.4K');
  });

  it('labels hours on round hours and days from the start, at most six', () => {
    const day = Date.parse('2026-11-29T14:00:00Z');
    const hours = Array.from({ length: 24 }, (_, i) => day + i * HOUR_MS);
    const ticks = timeTicks(hours, 'hour');
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.map((i) => new Date(hours[i]!).getUTCHours() % 6)).toEqual(ticks.map(() => 0));
    expect(axisLabel(Date.parse('2026-11-30T00:00:00Z'), 'hour')).toBe('Nov 30');
    expect(axisLabel(Date.parse('2026-11-30T18:00:00Z'), 'hour')).toBe('18:00');
    const days = Array.from({ length: 90 }, (_, i) => day + i * DAY_MS);
    expect(timeTicks(days, 'day').length).toBeLessThanOrEqual(6);
  });
});

describe('range and parameters', () => {
  it('reads the ranges, hours for a day and days for longer', () => {
    const r24 = rangeOf(params({ range: '24h' }), NOW);
    expect(r24.interval).toBe('hour');
    expect(r24.buckets).toHaveLength(24);
    expect(r24.to).toBe(Date.parse('2026-11-30T14:00:00Z'));
    const r7 = rangeOf(params(), NOW);
    expect(r7.interval).toBe('day');
    expect(r7.buckets.map(iso).at(-1)).toBe('2026-11-30T00:00:00.000Z');
    expect(r7.buckets).toHaveLength(7);
    expect(rangeOf(params({ range: '90d' }), NOW).buckets).toHaveLength(90);
    const one = rangeOf(params({ range: 'custom', from: '2026-11-01', to: '2026-11-01' }), NOW);
    expect(one.interval).toBe('hour');
    expect(one.buckets).toHaveLength(24);
  });

  it('turns bad parameters into readable problems, never an exception', () => {
    expect(parseParams({}).problems).toEqual([]);
    expect(parseParams({ range: 'forever' }).problems[0]).toMatchObject({ field: 'range' });
    expect(parseParams({ group: 'planet' }).problems[0]).toMatchObject({ field: 'group' });
    expect(parseParams({ group: 'agent' }, ['model']).problems[0]).toMatchObject({ field: 'group' });
    expect(parseParams({ range: 'custom', from: 'yesterday', to: '2026-11-02' }).problems[0]).toMatchObject({ field: 'from' });
    expect(parseParams({ from: '2026-02-30', to: '2026-03-02' }).problems[0]).toMatchObject({ field: 'from' });
    expect(parseParams({ from: '2026-11-05', to: '2026-11-01' }).problems[0]).toMatchObject({ field: 'to', message: expect.stringContaining('before') });
    expect(parseParams({ from: '2024-01-01', to: '2026-11-01' }).problems[0]!.message).toContain('400 days');
    expect(parseParams({ range: 'custom' }, undefined, NOW)).toEqual({
      params: { range: 'custom', from: '2026-11-24', to: '2026-11-30', group: '' },
      problems: [],
    });
    expect(parseParams({ from: '2026-11-01', to: '2026-11-05' }).params).toEqual({ range: 'custom', from: '2026-11-01', to: '2026-11-05', group: '' });
  });
});

describe('charts from usage rows', () => {
  const r = rangeOf(params({ range: '24h' }), NOW);
  const b = r.buckets;

  it('ungrouped: one series per figure, rates null where nothing happened, unpriced turns noted', () => {
    const rows = b.map((t, i) =>
      row(
        t,
        i === 3 ? { turns: 4, errors: 1, conversations: 2, input_tokens: 100, output_tokens: 40, cost_usd: null, latency_ms: { p50: 400, p95: 900 } } : {},
      ),
    );
    const charts = buildCharts(r, rows, '');
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(charts.map((c) => c.id)).toEqual(['conversations', 'turns', 'tokens', 'cost', 'error-rate', 'latency', 'ttft', 'satisfaction']);
    expect(byId.turns!.series[0]!.values[3]).toBe(4);
    expect(byId.turns!.series[0]!.values[2]).toBe(0);
    expect(byId['error-rate']!.series[0]!.values[3]).toBe(0.25);
    expect(byId['error-rate']!.series[0]!.values[2]).toBeNull();
    expect(byId.latency!.series.map((s) => s.values[3])).toEqual([400, 900]);
    expect(byId.tokens!.series.map((s) => s.values[3])).toEqual([100, 40]);
    expect(byId.cost!.note).toBe('no_price');
  });

  it('grouped: the top five keys by turns, the rest as "Other"; a missing bucket is zero', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7].flatMap((k) => [
      row(b[0]!, { key: `agt_${k}`, label: `Agent ${k}`, turns: k, errors: k === 7 ? 7 : 0, conversations: 1 }),
    ]);
    const turns = buildCharts(r, rows, 'agent').find((c) => c.id === 'turns')!;
    expect(turns.series.map((s) => s.name)).toEqual(['Agent 7', 'Agent 6', 'Agent 5', 'Agent 4', 'Agent 3', 'Other']);
    expect(turns.series.at(-1)!.values[0]).toBe(3);
    expect(turns.series[0]!.values[1]).toBe(0);
    const err = buildCharts(r, rows, 'agent').find((c) => c.id === 'error-rate')!;
    expect(err.series[0]!.values[0]).toBe(1);
    expect(err.series[0]!.values[1]).toBeNull();
    const lat = buildCharts(r, rows, 'agent').find((c) => c.id === 'latency')!;
    expect(lat.series.some((s) => s.other)).toBe(false);
    expect(lat.note).toBe('percentiles');
  });

  it('finds the slowest agents by their turn-weighted p95', () => {
    const rows = [
      row(b[0]!, { key: 'a', label: 'Fast', turns: 10, latency_ms: { p50: 100, p95: 200 } }),
      row(b[0]!, { key: 'b', label: 'Slow', turns: 10, latency_ms: { p50: 900, p95: 3000 } }),
      row(b[1]!, { key: 'b', label: 'Slow', turns: 30, latency_ms: { p50: 900, p95: 1000 } }),
      row(b[1]!, { key: 'c', label: 'Thin', turns: 2, latency_ms: { p50: 9000, p95: 9000 } }),
    ];
    const slow = slowestAgents(rows);
    expect(slow.map((s) => s.label)).toEqual(['Slow', 'Fast']);
    expect(slow[0]!.p95).toBe(1500);
  });
});

describe('error spikes', () => {
  const hour = (i: number) => Date.parse('2026-11-30T00:00:00Z') + i * HOUR_MS;
  it('flags an hour well above the agent’s own baseline and not a steadily failing agent', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => row(hour(i), { key: 'agt_a', label: 'Desk', turns: 20, errors: 1 })),
      row(hour(10), { key: 'agt_a', label: 'Desk', turns: 20, errors: 9 }),
      ...Array.from({ length: 11 }, (_, i) => row(hour(i), { key: 'agt_b', label: 'Always broken', turns: 10, errors: 6 })),
      row(hour(11), { key: 'agt_c', label: 'Tiny', turns: 3, errors: 3 }),
    ];
    const spikes = errorSpikes(rows);
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({ agentId: 'agt_a', label: 'Desk', at: hour(10), errors: 9, turns: 20 });
    expect(spikes[0]!.baseline).toBeCloseTo(0.05);
  });

  it('links to the Logs period that still covers the hour', () => {
    expect(logsPeriodFor(NOW - 2 * HOUR_MS, NOW)).toBe('24h');
    expect(logsPeriodFor(NOW - 3 * DAY_MS, NOW)).toBe('7d');
    expect(logsPeriodFor(NOW - 20 * DAY_MS, NOW)).toBe('30d');
  });
});

describe('optimisation hints', () => {
  const b0 = Date.parse('2026-11-29T00:00:00Z');
  const base = (over: Partial<HintInput> = {}): HintInput => ({ byModel: [], byAgent: [], agents: [], tools: [], toolPages: [], ...over });
  const model = (key: string, cost: number, up: number, down: number, tokens = 1_000_000) =>
    row(b0, { key, label: key, turns: 100, input_tokens: tokens / 2, output_tokens: tokens / 2, cost_usd: cost, feedback: { up, down } });

  it('suggests a cheaper model with similar satisfaction on enough ratings', () => {
    const input = base({
      byModel: byKey([model('gpt-4o', 10, 45, 5), model('gpt-4o-mini', 0.6, 44, 6)]),
      agents: [{ id: 'agt_1', name: 'Desk', model: 'gpt-4o', instructions: 'x', maxSteps: 5 }],
      byAgent: byKey([row(b0, { key: 'agt_1', turns: 100 })]),
    });
    const [h] = cheaperModelHints(input);
    expect(h).toMatchObject({ kind: 'cheaper_model', href: '/app/agents/agt_1' });
    expect(h!.title).toContain('gpt-4o-mini');
    expect(h!.figures.join(' ')).toContain('90% satisfaction over 50 ratings');
    expect(h!.figures.join(' ')).toContain('88% satisfaction over 50 ratings');
  });

  it('says nothing on thin or worse data', () => {
    const few = byKey([model('gpt-4o', 10, 9, 1), model('gpt-4o-mini', 0.6, 9, 1)]);
    expect(cheaperModelHints(base({ byModel: few }))).toEqual([]);
    const worse = byKey([model('gpt-4o', 10, 45, 5), model('gpt-4o-mini', 0.6, 35, 15)]);
    expect(cheaperModelHints(base({ byModel: worse }))).toEqual([]);
    const unpriced = byKey([model('gpt-4o', 10, 45, 5), { ...model('local', 0, 45, 5), cost_usd: null }]);
    expect(cheaperModelHints(base({ byModel: unpriced }))).toEqual([]);
    expect(optimisationHints(base())).toEqual([]);
  });

  it('flags instructions that dominate input tokens, on enough turns', () => {
    const agents = [{ id: 'agt_1', name: 'Long', model: 'm', instructions: 'x'.repeat(4000), maxSteps: 5 }];
    const many = byKey([row(b0, { key: 'agt_1', turns: HINT_MIN.turns, input_tokens: HINT_MIN.turns * 1200 })]);
    const [h] = longInstructionHints(base({ agents, byAgent: many }));
    expect(h!.figures.join(' ')).toContain('about 1,000 tokens');
    expect(h!.figures.join(' ')).toContain('1,200 tokens on average');
    const few = byKey([row(b0, { key: 'agt_1', turns: HINT_MIN.turns - 1, input_tokens: 1200 * 29 })]);
    expect(longInstructionHints(base({ agents, byAgent: few }))).toEqual([]);
    const short = [{ ...agents[0]!, instructions: 'Be brief.' }];
    expect(longInstructionHints(base({ agents: short, byAgent: many }))).toEqual([]);
  });

  it('flags tools that fail often over enough calls, linking the tool page', () => {
    const tools = [
      { tool_name: 'lookup_order', agent_id: null, calls: 40, errors: 12, latency_ms: { p50: 100, p95: 300 } },
      { tool_name: 'rarely', agent_id: null, calls: 5, errors: 5, latency_ms: { p50: 100, p95: 300 } },
      { tool_name: 'fine', agent_id: null, calls: 400, errors: 4, latency_ms: { p50: 100, p95: 300 } },
    ];
    const hints = failingToolHints(base({ tools, toolPages: [{ id: 'tol_1', name: 'lookup_order' }] }));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatchObject({ title: expect.stringContaining('30%'), href: '/app/tools/tol_1' });
    expect(hints[0]!.figures[0]).toBe('12 failed of 40 calls');
  });

  it('flags agents whose turns hit the step limit', () => {
    const agents = [{ id: 'agt_1', name: 'Loopy', model: 'm', instructions: '', maxSteps: 4 }];
    const [h] = stepLimitHints(base({ agents, byAgent: byKey([row(b0, { key: 'agt_1', turns: 100, step_limit_hits: 12 })]) }));
    expect(h).toMatchObject({ kind: 'step_limit', title: 'Loopy: 12% of turns stop at the step limit' });
    expect(stepLimitHints(base({ agents, byAgent: byKey([row(b0, { key: 'agt_1', turns: 100, step_limit_hits: 3 })]) }))).toEqual([]);
  });
});

describe('the SVG chart', () => {
  const buckets = [0, 1, 2].map((i) => Date.parse('2026-11-28T00:00:00Z') + i * DAY_MS);
  it('escapes series names, speaks a summary and carries the table', async () => {
    const html = String(
      await TimeChart({
        id: 'c1',
        title: 'Turns',
        kind: 'bars',
        unit: 'count',
        interval: 'day',
        buckets,
        totals: true,
        stacked: true,
        series: [
          { name: '<script>alert(1)</script>', values: [1, 0, 3] },
          { name: 'Other', other: true, values: [2, 2, 0] },
        ],
      }),
    );
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<desc id="c1-desc">Turns, per day, Nov 28 to Nov 30 \(UTC\)\. .*total 4; Other: total 4\. Peak 3\.<\/desc>/);
    expect(html).toContain('<tfoot>');
    // Bars: 2 + 2 stacked rects (zeros are not drawn) and the one hover area.
    expect((html.match(/<rect /g) ?? []).length).toBe(5);
    expect(html).toContain('data-n="3"');
  });

  it('shows the empty state without an SVG when nothing happened', async () => {
    const html = String(
      await TimeChart({
        id: 'c2',
        title: 'Cost',
        kind: 'bars',
        unit: 'usd',
        interval: 'day',
        buckets,
        series: [{ name: 'Cost', values: [0, 0, 0] }],
        empty: 'No cost yet.',
      }),
    );
    expect(html).not.toContain('<svg');
    expect(html).toContain('No cost yet.');
  });

  it('draws a line of zeros (a 0% error rate is data), but no bars of zeros', async () => {
    const html = String(
      await TimeChart({
        id: 'c4',
        title: 'Error rate',
        kind: 'lines',
        unit: 'pct',
        interval: 'day',
        buckets,
        series: [{ name: 'Rate', values: [0, null, 0] }],
      }),
    );
    expect(html).toContain('<svg');
    const none = String(
      await TimeChart({
        id: 'c5',
        title: 'Error rate',
        kind: 'lines',
        unit: 'pct',
        interval: 'day',
        buckets,
        series: [{ name: 'Rate', values: [null, null, null] }],
        empty: 'No turns.',
      }),
    );
    expect(none).not.toContain('<svg');
  });

  it('draws a gap in a line where a value is null', async () => {
    const html = String(
      await TimeChart({
        id: 'c3',
        title: 'Error rate',
        kind: 'lines',
        unit: 'pct',
        interval: 'day',
        buckets,
        series: [{ name: 'Rate', values: [0.5, null, 0.25] }],
      }),
    );
    const d = html.match(/<path d="([^"]+)"/)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(html).toContain('<circle');
  });

  it('sparkline speaks its figures', async () => {
    const html = String(await Sparkline({ values: [1, 2, 3], label: 'Turns per day: 1, 2, 3' }));
    expect(html).toContain('aria-label="Turns per day: 1, 2, 3"');
  });
});

describe('satisfaction per version on the agent’s tab', () => {
  it('shows each version’s share of thumbs up and flags one that lowered it', async () => {
    const p = params({ range: '24h' });
    const range = rangeOf(p, NOW);
    const view = {
      range,
      charts: buildCharts(range, [], ''),
      totals: zeroSums(),
      csvHref: '/api/v1/analytics/usage?format=csv',
      versions: [
        { agent_version: 3, turns: 40, up: 10, down: 10, first_at: iso(NOW - HOUR_MS) },
        { agent_version: 2, turns: 90, up: 27, down: 3, first_at: iso(NOW - 5 * HOUR_MS) },
        { agent_version: 1, turns: 10, up: 0, down: 0, first_at: null },
      ],
      marks: [],
      slowTools: [],
      failingTools: [],
    };
    const html = String(await AgentAnalyticsBody({ agentId: 'agt_1', params: p, problems: [], days: { from: '', to: '' }, view }));
    expect(html).toContain('<td class="num">50%</td><td class="num text-danger">−40 pts<span class="sr-only"> (lower than the version before)</span></td>');
    expect(html).toContain('<td class="num">90%</td><td class="num">—</td>');
    expect(html).toContain('href="/app/agents/agt_1/versions?v=3"');
  });
});
