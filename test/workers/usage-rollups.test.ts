// The EVENTS consumer's rollups (worker/db/usage-writer.ts), a property test: random turns (with tool calls) delivered
// through the worker's real queue() handler, with duplicates inside a batch and whole batches redelivered, leave hourly
// and daily rollups, full and collapsed (worker/db/rollup-grains.ts), equal to the aggregates of the raw rows they were written from: counts, tokens, cost, errors,
// step-limit hits, tool calls and every histogram bin; tool rollups equal the aggregates of tool_call_events.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { BINS, binOf } from '../../worker/lib/histogram';
import { RAW_RETENTION_DAYS, trimRawAnalytics } from '../../worker/db/analytics-retention';
import { ROLLUP_GRAINS, rebuildCollapsedSql } from '../../worker/db/rollup-grains';
import { CHUNK_BYTES, CHUNK_EVENTS, chunkEvents } from '../../worker/db/usage-writer';
import type { UsageEvent } from '../../worker/queues/usage-events';
import { USAGE_SOURCES } from '../../worker/schemas/analytics';
import { createSession, helloWorld, login, signup } from './helpers';
import { usageEvent } from './helpers/usage-events';
import { deliver } from './helpers/usage-events';

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const logNormal = (median: number, sigma: number) =>
  Math.round(median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random())));

function randomEvent(tenantId: string, start: number, i: number): UsageEvent {
  const tools = Array.from({ length: pick([0, 0, 1, 2, 3]) }, (_, seq) => {
    const ok = Math.random() > 0.25;
    return { seq, name: pick(['search', 'lookup', 'http']), duration_ms: logNormal(120, 1.5), ok, error_code: ok ? null : pick(['timeout', 'tool_error']) };
  });
  const error = pick([null, null, null, null, 'max_steps', 'cancelled', 'upstream_error']);
  return {
    type: 'turn',
    tenant_id: tenantId,
    agent_id: pick(['agt_a', 'agt_b', 'agt_c']),
    agent_version: pick([1, 2]),
    session_id: `ses_prop${i % 7}`,
    turn_id: `trn_prop_${i}_${crypto.randomUUID()}`,
    model: pick(['gpt-4o-mini', 'gpt-4o', 'local-model']),
    input_tokens: Math.floor(Math.random() * 5000),
    output_tokens: Math.floor(Math.random() * 2000),
    latency_ms: logNormal(900, 1.2),
    ttft_ms: Math.random() < 0.2 ? null : logNormal(300, 1),
    steps: tools.length + 1,
    status: error ? 'failed' : 'completed',
    error_code: error,
    source: pick(USAGE_SOURCES),
    api_key_id: pick([null, 'key_one', 'key_two']),
    workflow_id: pick([null, null, 'wfl_one']),
    new_conversation: Math.random() < 0.3,
    cost_usd: Math.random() < 0.3 ? null : Math.round(Math.random() * 1e6) / 1e9,
    tools,
    title: 'prop',
    message_count: 2,
    // Spread over three days so hour and day buckets both have many rows.
    at: start + Math.floor(Math.random() * 3 * 86_400_000),
  };
}

const KEYS = 'agent_id, agent_version, model, api_key_id, source, workflow_id';
const hist = (prefix: string) => Array.from({ length: BINS }, (_, i) => `${prefix}_${String(i).padStart(2, '0')}`);

describe('usage rollups under redelivery (property)', () => {
  it('equal the aggregates of the raw rows for hour and day grains', async () => {
    const owner = await signup('Rollup Property');
    const tenantId = owner.tenant.id;
    const start = Date.UTC(2026, 0, 10, 5, 17);
    const events = Array.from({ length: 240 }, (_, i) => randomEvent(tenantId, start, i));
    // Deliveries: batches of up to 100, a third of the events twice in the same batch, then two batches again.
    const batches: UsageEvent[][] = [];
    for (let i = 0; i < events.length; i += 60) {
      const slice = events.slice(i, i + 60);
      batches.push([...slice, ...slice.filter((_, j) => j % 3 === 0)]);
    }
    for (const b of batches) await deliver(b);
    await deliver(batches[0]!);
    await deliver(batches[2]!.slice(10, 50));

    const raw = (await env.DB.prepare('select * from usage_events where tenant_id = ?').bind(tenantId).all<Record<string, any>>()).results;
    expect(raw).toHaveLength(events.length);
    const rawTools = (await env.DB.prepare('select * from tool_call_events where tenant_id = ?').bind(tenantId).all<Record<string, any>>()).results;
    expect(rawTools).toHaveLength(events.reduce((n, e) => n + e.tools!.length, 0));

    for (const { grain, size, keeps } of ROLLUP_GRAINS) {
      // Expected: aggregate the raw rows in JS (collapsed grains keep the agent and one key, the rest '' / 0).
      const want = new Map<string, Record<string, number>>();
      const toolsByTurn = new Map<string, { ok: string }[]>();
      for (const t of rawTools) toolsByTurn.set(t.turn_id, [...(toolsByTurn.get(t.turn_id) ?? []), { ok: t.status }]);
      for (const r of raw) {
        const k = [
          Math.floor(r.created_at / size) * size,
          keeps.agent ? r.agent_id : '',
          keeps.version ? r.agent_version : 0,
          keeps.model ? r.model : '',
          keeps.apiKey ? (r.api_key_id ?? '') : '',
          keeps.source ? r.source : '',
          keeps.workflow ? (r.workflow_id ?? '') : '',
        ].join('|');
        const w = want.get(k) ?? {
          conversations: 0,
          turns: 0,
          input_tokens: 0,
          output_tokens: 0,
          cost_usd: 0,
          priced_turns: 0,
          errors: 0,
          step_limit_hits: 0,
          tool_calls: 0,
          tool_errors: 0,
          ...Object.fromEntries([...hist('lat'), ...hist('ttft')].map((c) => [c, 0])),
        };
        w.conversations! += r.new_conversation;
        w.turns! += 1;
        w.input_tokens! += r.input_tokens;
        w.output_tokens! += r.output_tokens;
        w.cost_usd! += r.cost_usd ?? 0;
        w.priced_turns! += r.cost_usd === null ? 0 : 1;
        w.errors! += r.error_code && r.error_code !== 'cancelled' ? 1 : 0;
        w.step_limit_hits! += r.error_code === 'max_steps' ? 1 : 0;
        const tc = toolsByTurn.get(r.turn_id) ?? [];
        w.tool_calls! += tc.length;
        w.tool_errors! += tc.filter((t) => t.ok === 'error').length;
        w[hist('lat')[binOf(r.latency_ms)]!]! += 1;
        if (r.ttft_ms !== null) w[hist('ttft')[binOf(r.ttft_ms)]!]! += 1;
        want.set(k, w);
      }
      const got = (
        await env.DB.prepare(`select bucket, ${KEYS}, * from usage_rollups where tenant_id = ? and grain = ?`).bind(tenantId, grain).all<Record<string, any>>()
      ).results;
      expect(got.length).toBe(want.size);
      for (const g of got) {
        const k = [g.bucket, g.agent_id, g.agent_version, g.model, g.api_key_id, g.source, g.workflow_id].join('|');
        const w = want.get(k);
        expect(w, k).toBeDefined();
        for (const [col, v] of Object.entries(w!)) {
          if (col === 'cost_usd') expect(g[col]).toBeCloseTo(v, 9);
          else expect(g[col], `${grain} ${k} ${col}`).toBe(v);
        }
      }

      if (grain.includes(':')) continue;
      // Tool rollups against tool_call_events.
      const wantTools = new Map<string, Record<string, number>>();
      for (const t of rawTools) {
        const k = [Math.floor(t.created_at / size) * size, t.agent_id, t.tool_name].join('|');
        const w = wantTools.get(k) ?? { calls: 0, errors: 0, ...Object.fromEntries(hist('lat').map((c) => [c, 0])) };
        w.calls! += 1;
        w.errors! += t.status === 'error' ? 1 : 0;
        w[hist('lat')[binOf(t.latency_ms)]!]! += 1;
        wantTools.set(k, w);
      }
      const gotTools = (await env.DB.prepare('select * from tool_rollups where tenant_id = ? and grain = ?').bind(tenantId, grain).all<Record<string, any>>())
        .results;
      expect(gotTools.length).toBe(wantTools.size);
      for (const g of gotTools) {
        const w = wantTools.get([g.bucket, g.agent_id, g.tool_name].join('|'));
        expect(w).toBeDefined();
        for (const [col, v] of Object.entries(w!)) expect(g[col], `${grain} tool ${col}`).toBe(v);
      }
    }

    // The total cost over each grain matches the events' own cost (each turn counted once in every grain).
    for (const { grain } of ROLLUP_GRAINS) {
      const total = await env.DB.prepare('select sum(cost_usd) c, sum(turns) t from usage_rollups where tenant_id = ? and grain = ?')
        .bind(tenantId, grain)
        .first<{ c: number; t: number }>();
      expect(total!.t, grain).toBe(events.length);
      expect(total!.c).toBeCloseTo(
        events.reduce((s, e) => s + (e.cost_usd ?? 0), 0),
        9,
      );
    }

    // Migration 0019's back-fill (collapsed rows rebuilt from the full ones) gives exactly what the writer wrote.
    const collapsed = async () =>
      (
        await env.DB.prepare(
          "select * from usage_rollups where tenant_id = ? and grain like '%:%' order by grain, bucket, agent_id, model, api_key_id, source, workflow_id",
        )
          .bind(tenantId)
          .all<Record<string, unknown>>()
      ).results;
    const written = await collapsed();
    expect(written.length).toBeGreaterThan(0);
    await env.DB.batch(rebuildCollapsedSql(tenantId).map((q) => env.DB.prepare(q)));
    const rebuilt = await collapsed();
    expect(rebuilt.length).toBe(written.length);
    for (let i = 0; i < written.length; i++)
      for (const [col, v] of Object.entries(written[i]!)) {
        if (col === 'cost_usd') expect(rebuilt[i]![col]).toBeCloseTo(v as number, 9);
        else expect(rebuilt[i]![col], `${written[i]!.grain} ${col}`).toBe(v);
      }
  });

  it('migration 0019 back-fills collapsed rows with the same SQL as rebuildCollapsedSql', () => {
    const m = (env as unknown as { TEST_MIGRATIONS: { name: string; queries: string[] }[] }).TEST_MIGRATIONS.find((x) => x.name.startsWith('0019_'));
    const norm = (q: string) =>
      q
        .replace(/--[^\n]*\n/g, '')
        .replace(/;\s*$/, '')
        .trim();
    expect(m!.queries.map(norm)).toEqual(rebuildCollapsedSql(null).map(norm));
  });

  it('writes a queue batch in chunks of at most CHUNK_EVENTS events and about CHUNK_BYTES, never splitting an event', () => {
    const start = Date.UTC(2026, 0, 10);
    const many = Array.from({ length: 250 }, (_, i) => randomEvent('ten_x', start, i));
    const chunks = chunkEvents(many);
    expect(chunks.map((c) => c.turns.length)).toEqual([CHUNK_EVENTS, CHUNK_EVENTS, 50]);
    expect(chunks.flatMap((c) => c.turns.map((t) => t.turn_id))).toEqual(many.map((e) => e.turn_id));
    expect(chunks.reduce((n, c) => n + c.tools.length, 0)).toBe(many.reduce((n, e) => n + e.tools!.length, 0));
    // Large events (long tool names, many calls): a chunk closes once it holds about CHUNK_BYTES of JSON.
    const big = Array.from({ length: 40 }, (_, i) => ({
      ...randomEvent('ten_x', start, i),
      tools: Array.from({ length: 200 }, (_, seq) => ({ seq, name: 'n'.repeat(200), duration_ms: 5, ok: true, error_code: null })),
    }));
    const split = chunkEvents(big);
    expect(split.length).toBeGreaterThan(1);
    for (const c of split) {
      expect(JSON.stringify(c.tools).length).toBeLessThan(CHUNK_BYTES + 80_000);
      // Every tool call of an event is in its event's chunk.
      const turns = new Set(c.turns.map((t) => t.turn_id));
      for (const t of c.tools) expect(turns.has(t.turn_id)).toBe(true);
    }
  });

  it('merges session activity of one batch as if the events were applied in order', async () => {
    const owner = await signup('Session Touch');
    const as = await login(owner);
    const agent = await helloWorld(as);
    const s = await createSession(as, agent.id);
    const other = await createSession(as, agent.id);
    const t0 = Date.now();
    const ev = (session: string, at: number, over: Parameters<typeof usageEvent>[3]) =>
      usageEvent(owner.tenant.id, agent.id, at, { session_id: session, ...over });
    await deliver([
      ev(s.id, t0 + 3000, { title: '', message_count: 4 }),
      ev(other.id, t0 + 10, { title: 'Other chat', message_count: 2, error_code: 'upstream_error', status: 'failed' }),
      ev(s.id, t0 + 1000, { title: 'First title', message_count: 6, error_code: 'upstream_error', status: 'failed' }),
      ev(s.id, t0 + 2000, { title: 'Second title', message_count: 2 }),
    ]);
    const row = (id: string) =>
      env.DB.prepare('select last_activity_at, message_count, title, status from chat_sessions where tenant_id = ? and id = ?')
        .bind(owner.tenant.id, id)
        .first<any>();
    expect(await row(s.id)).toMatchObject({ last_activity_at: t0 + 3000, message_count: 6, title: 'First title', status: 'active' });
    expect(await row(other.id)).toMatchObject({ message_count: 2, title: 'Other chat', status: 'error' });
    // A later batch keeps the title and never moves activity or counts backwards.
    await deliver([ev(s.id, t0 + 500, { title: 'Late title', message_count: 3 })]);
    expect(await row(s.id)).toMatchObject({ last_activity_at: t0 + 3000, message_count: 6, title: 'First title' });
  });

  it('keeps raw events 30 days and the rollups after them', async () => {
    const owner = await signup('Raw Retention');
    const now = Date.now();
    const old = { ...randomEvent(owner.tenant.id, 0, 1), at: now - (RAW_RETENTION_DAYS + 1) * 86_400_000 };
    old.tools = [{ seq: 0, name: 'search', duration_ms: 40, ok: true, error_code: null }];
    const fresh = { ...randomEvent(owner.tenant.id, 0, 2), at: now - (RAW_RETENTION_DAYS - 1) * 86_400_000 };
    fresh.tools = [{ seq: 0, name: 'search', duration_ms: 40, ok: false, error_code: 'timeout' }];
    await deliver([old, fresh]);
    const rows = async (table: string) =>
      (await env.DB.prepare(`select turn_id from ${table} where tenant_id = ?`).bind(owner.tenant.id).all<{ turn_id: string }>()).results.map((r) => r.turn_id);
    expect((await rows('usage_events')).sort()).toEqual([old.turn_id, fresh.turn_id].sort());
    const trimmed = await trimRawAnalytics(env, now);
    expect(trimmed.usage_events).toBeGreaterThanOrEqual(1);
    expect(trimmed.tool_call_events).toBeGreaterThanOrEqual(1);
    expect(await rows('usage_events')).toEqual([fresh.turn_id]);
    expect(await rows('tool_call_events')).toEqual([fresh.turn_id]);
    const kept = await env.DB.prepare("select sum(turns) t from usage_rollups where tenant_id = ? and grain = 'day'")
      .bind(owner.tenant.id)
      .first<{ t: number }>();
    expect(kept!.t).toBe(2);
  });
});
