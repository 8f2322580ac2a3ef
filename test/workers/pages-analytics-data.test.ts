// The Analytics pages over real rollup rows (written here the way the EVENTS consumer writes them): charts with the
// tenant's own figures only, agent names escaped in legends and tables, an error spike linking to the Logs, the
// optimisation hints the data supports, and satisfaction per version on the agent's tab.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildCollapsedSql } from '../../worker/db/rollup-grains';
import { binColumns, binOf } from '../../worker/lib/histogram';
import { type Account, type Agent, api, createAgent, expectNotFound, getPage, signup } from './helpers';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const LAT = binColumns('lat');
const TTFT = binColumns('ttft');

type Rollup = {
  agent: string;
  version?: number;
  model?: string;
  source?: string;
  turns: number;
  errors?: number;
  input?: number;
  output?: number;
  cost?: number | null;
  up?: number;
  down?: number;
  stepHits?: number;
  latencyMs?: number;
};

/** One hourly rollup row and the matching daily one (added to it), and the collapsed rows, as the EVENTS consumer keeps them. */
async function rollup(tenantId: string, at: number, r: Rollup) {
  const lat = LAT.map((_, i) => (i === binOf(r.latencyMs ?? 800) ? r.turns : 0));
  const ttft = TTFT.map((_, i) => (i === binOf((r.latencyMs ?? 800) / 4) ? r.turns : 0));
  for (const [grain, bucket] of [
    ['hour', Math.floor(at / HOUR) * HOUR],
    ['day', Math.floor(at / DAY) * DAY],
  ] as const) {
    const cols = [
      'tenant_id',
      'grain',
      'bucket',
      'agent_id',
      'agent_version',
      'model',
      'source',
      'conversations',
      'turns',
      'input_tokens',
      'output_tokens',
      'cost_usd',
      'priced_turns',
      'errors',
      'step_limit_hits',
      'feedback_up',
      'feedback_down',
      ...LAT,
      ...TTFT,
    ];
    const vals = [
      tenantId,
      grain,
      bucket,
      r.agent,
      r.version ?? 1,
      r.model ?? 'gpt-4o-mini',
      r.source ?? 'api',
      Math.ceil(r.turns / 2),
      r.turns,
      r.input ?? r.turns * 100,
      r.output ?? r.turns * 20,
      r.cost === null ? 0 : (r.cost ?? r.turns * 0.001),
      r.cost === null ? 0 : r.turns,
      r.errors ?? 0,
      r.stepHits ?? 0,
      r.up ?? 0,
      r.down ?? 0,
      ...lat,
      ...ttft,
    ];
    const set = cols.slice(7).map((c) => `${c} = ${c} + excluded.${c}`);
    await env.DB.prepare(
      `INSERT INTO usage_rollups (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON CONFLICT DO UPDATE SET ${set.join(', ')}`,
    )
      .bind(...vals)
      .run();
  }
  // The collapsed rows charts read, derived from the full ones as migration 0019 does (rollup-grains.ts).
  await env.DB.batch(rebuildCollapsedSql(tenantId).map((q) => env.DB.prepare(q)));
}

async function toolRollup(tenantId: string, at: number, agentId: string, tool: string, calls: number, errors: number) {
  for (const [grain, bucket] of [
    ['hour', Math.floor(at / HOUR) * HOUR],
    ['day', Math.floor(at / DAY) * DAY],
  ] as const) {
    await env.DB.prepare(
      `INSERT INTO tool_rollups (tenant_id, grain, bucket, agent_id, tool_name, calls, errors, ${LAT[binOf(200)]}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, errors = errors + excluded.errors`,
    )
      .bind(tenantId, grain, bucket, agentId, tool, calls, errors, calls)
      .run();
  }
}

let a: Account;
let b: Account;
let desk: Agent;
let other: Agent;
let theirs: Agent;
const now = Date.now();
const hourAgo = (n: number) => now - n * HOUR;

beforeAll(async () => {
  a = await signup('Figures org');
  b = await signup('Their org');
  desk = await createAgent(a, { name: 'Desk <b>&', instructions: 'Answer as the order desk. '.repeat(170), max_steps: 4 });
  // A second version, so the tab has two versions to compare.
  expect((await api(`/api/v1/agents/${desk.id}`, { method: 'PATCH', body: { temperature: 0.5 }, as: a })).status).toBe(200);
  other = await createAgent(a, { name: 'Helper two' });
  theirs = await createAgent(b, { name: 'Their secret agent' });
  // Desk: an ordinary rate of 1 error in 20 for ten hours, then an hour with 10 in 20; long instructions (about
  // 1,100 tokens) against 1,200 input tokens a turn; 20 of 220 turns at the step limit.
  for (let h = 12; h >= 3; h--) await rollup(a.tenant.id, hourAgo(h), { agent: desk.id, turns: 20, errors: 1, input: 20 * 1200, up: 3, down: 1, stepHits: 2 });
  await rollup(a.tenant.id, hourAgo(2), { agent: desk.id, version: 2, turns: 20, errors: 10, input: 20 * 1200, up: 1, down: 6, latencyMs: 4000 });
  await rollup(a.tenant.id, hourAgo(1), { agent: other.id, turns: 7, model: 'local-model', cost: null, latencyMs: 300 });
  await toolRollup(a.tenant.id, hourAgo(2), desk.id, 'lookup_order', 40, 12);
  await rollup(b.tenant.id, hourAgo(2), { agent: theirs.id, turns: 999, errors: 0 });
});

describe('figures on the Analytics page', () => {
  it('draws the tenant’s own figures, escaped, grouped by agent', async () => {
    const res = await getPage(a, '/app/analytics?range=24h&group=agent');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg class="chart-svg chart-bars"');
    expect(html).toContain('Desk &lt;b&gt;&amp;');
    expect(html).not.toContain('Desk <b>&');
    expect(html).toContain('Helper two');
    expect(html).not.toContain('Their secret agent');
    expect(html).toMatch(/Turns per hour, by agent, .*Desk &lt;b&gt;&amp;: total 220; Helper two: total 7\./);
    // The unpriced model's turns are noted under the cost chart, with the way to price them.
    expect(html).toContain('Some turns used a model without a price and count as $0. <a href="/app/analytics/prices">');
  });

  it('lists the slowest agents, the failing tool, the error spike with its Logs link, and the hints the data supports', async () => {
    const html = await (await getPage(a, '/app/analytics?range=24h')).text();
    const perf = html.slice(html.indexOf('id="perf-heading"'));
    expect(perf).toContain(`href="/app/agents/${desk.id}/analytics?range=24h">Desk &lt;b&gt;&amp;</a>`);
    expect(perf).toContain('<code>lookup_order</code>');
    expect(perf).toContain(`/app/logs?period=24h&amp;agent=${desk.id}`);
    expect(perf).toMatch(/10 of 20 turns failed, usually 5%/);
    expect(perf).toContain('data-hint="long_instructions"');
    expect(perf).toContain('data-hint="failing_tool"');
    expect(perf).toContain('data-hint="step_limit"');
    expect(perf).not.toContain('data-hint="cheaper_model"');
  });

  it('shows another tenant none of these figures', async () => {
    const html = await (await getPage(b, '/app/analytics?range=24h&group=agent')).text();
    expect(html).toContain('Their secret agent');
    expect(html).not.toContain('Desk &lt;b&gt;');
    expect(html).not.toContain('lookup_order');
    expect(html).toContain('No hints');
    await expectNotFound(await getPage(b, `/app/agents/${desk.id}/analytics`));
  });
});

describe('figures on the agent’s tab', () => {
  it('draws the agent’s own charts with the saved version marked', async () => {
    const html = await (await getPage(a, `/app/agents/${desk.id}/analytics?range=24h`)).text();
    expect(html).toContain('<svg class="chart-svg chart-bars"');
    expect(html).toMatch(/Turns per hour, .*Turns: total 220\./);
    expect(html).not.toContain('Helper two</');
    // Version 2 was saved in the range: a dashed mark where it starts.
    expect(html).toMatch(/<g class="chart-marks" aria-hidden="true"><line [^>]+><\/line><text [^>]+>v2<\/text>/);
    expect(html).toContain('dashed lines mark when a new version was saved');
    // Satisfaction per version (from the rollups' feedback columns): version 2 lowered it, and says so.
    const table = html.slice(html.indexOf('id="version-satisfaction"'), html.indexOf('</table>', html.indexOf('id="version-satisfaction"')));
    expect(table).toMatch(
      /v2<\/a><\/th><td>.*?<\/td><td class="num">20<\/td><td class="num">1 up · 6 down<\/td><td class="num">14\.3%<\/td><td class="num text-danger">−60\.7 pts/,
    );
    expect(table).toMatch(
      /v1<\/a><\/th><td>.*?<\/td><td class="num">200<\/td><td class="num">30 up · 10 down<\/td><td class="num">75%<\/td><td class="num">—<\/td>/,
    );
  });
});

describe('the dashboard’s sparklines', () => {
  it('hold the last 7 days of the tenant’s own figures', async () => {
    const html = await (await getPage(a, '/app')).text();
    const label = /aria-label="Conversations per day, last 7 days \(oldest first\): ([\d, ]+)"/.exec(html)![1]!;
    const days = label.split(', ').map(Number);
    expect(days).toHaveLength(7);
    // Ten conversations in each of Desk's eleven hours, four for Helper two; none of the other tenant's.
    expect(days.reduce((x, y) => x + y, 0)).toBe(114);
  });
});
