// GET /api/v1/analytics/usage and the model prices API (GET / PUT / DELETE /api/v1/model-prices): figures from the
// rollups the real EVENTS consumer writes, every bucket of an ungrouped range, labels, bad parameters (400 naming
// them), two tenants, a viewer never seeing a private agent's figures, CSV (escaped, formula-safe, an attachment),
// prices with encoded names, overrides per tenant, audit entries, and the price applying to the next turn's cost.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../worker/index';
import type { UsageEvent } from '../../worker/queues/usage-events';
import type { UsageRowJson } from '../../worker/schemas/analytics';
import { costUsd } from '../../worker/services/prices';
import { type Account, type Caller, api, apiKey, createAgent, createSession, expectError, post } from './helpers';
import { signup } from './helpers';
import { addPerson } from './helpers/people';
import { deliver, usageEvent } from './helpers/usage-events';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 2, 1);

const event = usageEvent;

async function usage(as: Caller, query: string): Promise<UsageRowJson[]> {
  const res = await api(`/api/v1/analytics/usage?${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { data: UsageRowJson[] }).data;
}

/** An organization with a team agent, a private agent and three days of usage (day 2 empty). */
async function seeded(org: string) {
  const owner = await signup(org);
  const team = await createAgent(owner, { name: `${org} team`, visibility: 'team' });
  const secret = await createAgent(owner, { name: `${org} private`, visibility: 'private' });
  const t = owner.tenant.id;
  await deliver([
    event(t, team.id, D0 + 3_600_000, { new_conversation: true, source: 'app' }),
    event(t, team.id, D0 + 7_200_000, { latency_ms: 5000, error_code: 'max_steps', status: 'interrupted' }),
    event(t, secret.id, D0 + 2 * 3_600_000, { model: 'local-model', cost_usd: null, source: 'widget' }),
    event(t, team.id, D0 + 2 * DAY + 60_000, {
      error_code: 'cancelled',
      status: 'cancelled',
      source: 'mcp',
      tools: [{ seq: 0, name: 'search', duration_ms: 90, ok: false, error_code: 'timeout' }],
    }),
  ]);
  return { owner, team, secret };
}

const RANGE = `from=2026-03-01&to=2026-03-03`;

describe('GET /api/v1/analytics/usage', () => {
  it('answers every day of the range, with totals, percentiles and cost from the rollups', async () => {
    const { owner } = await seeded('Usage Days');
    const rows = await usage(owner, `${RANGE}&interval=day`);
    expect(rows.map((r) => r.bucket)).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z']);
    const [d1, d2, d3] = rows as [UsageRowJson, UsageRowJson, UsageRowJson];
    expect(d1).toMatchObject({ key: null, turns: 3, conversations: 1, input_tokens: 3000, output_tokens: 1500, errors: 1, step_limit_hits: 1 });
    // Two priced turns (0.00045 each); the local model's turn has no price.
    expect(d1.cost_usd).toBe(0.0009);
    expect(d1.latency_ms.p50).toBeGreaterThan(800 / Math.SQRT2);
    expect(d1.latency_ms.p50).toBeLessThan(800 * Math.SQRT2);
    expect(d1.latency_ms.p95).toBeGreaterThan(5000 / Math.SQRT2);
    expect(d2).toMatchObject({ turns: 0, cost_usd: null, latency_ms: { p50: null, p95: null }, feedback: { up: 0, down: 0 } });
    // A cancelled turn is no error; its tool call failed.
    expect(d3).toMatchObject({ turns: 1, errors: 0, tool_calls: 1, tool_errors: 1 });
    // Hourly: 72 buckets, every one present.
    const hours = await usage(owner, `${RANGE}&interval=hour`);
    expect(hours).toHaveLength(72);
    expect(hours.reduce((n, r) => n + r.turns, 0)).toBe(4);
    expect(hours.find((r) => r.bucket === '2026-03-01T02:00:00.000Z')!.turns).toBe(2);
  });

  it('groups by agent, model and source with readable labels, and narrows to one agent', async () => {
    const { owner, team, secret } = await seeded('Usage Groups');
    const byAgent = await usage(owner, `${RANGE}&group_by=agent`);
    expect(byAgent.filter((r) => r.bucket.startsWith('2026-03-01')).map((r) => [r.key, r.label, r.turns])).toEqual([
      [team.id, 'Usage Groups team', 2],
      [secret.id, 'Usage Groups private', 1],
    ]);
    const bySource = await usage(owner, `${RANGE}&group_by=source`);
    expect(new Set(bySource.map((r) => r.label))).toEqual(new Set(['App', 'API', 'Widget', 'MCP']));
    const byModel = await usage(owner, `${RANGE}&group_by=model`);
    expect(byModel.find((r) => r.key === 'local-model')!.cost_usd).toBeNull();
    const byKey = await usage(owner, `${RANGE}&group_by=api_key`);
    expect(byKey.every((r) => r.key === null && r.label === 'No API key')).toBe(true);
    const one = await usage(owner, `${RANGE}&agent_id=${secret.id}`);
    expect(one.reduce((n, r) => n + r.turns, 0)).toBe(1);
  });

  it('keeps tenants apart: another tenant’s agent is a 404 and its figures never count', async () => {
    const a = await seeded('Usage Tenant A');
    const b = await signup('Usage Tenant B');
    await expectError(await api(`/api/v1/analytics/usage?${RANGE}&agent_id=${a.team.id}`, { as: b }), 404, 'not_found');
    expect((await usage(b, RANGE)).every((r) => r.turns === 0)).toBe(true);
    const key = await apiKey(b, ['analytics:read']);
    expect((await usage({ key }, `${RANGE}&group_by=agent`)).length).toBe(0);
  });

  it('never shows a viewer the figures of a private agent it cannot see', async () => {
    const { owner, secret } = await seeded('Usage Viewer');
    const viewer = await addPerson(owner, 'viewer');
    const seen = await usage(viewer, `${RANGE}&group_by=agent`);
    expect(seen.some((r) => r.key === secret.id)).toBe(false);
    // Every grouping and interval: the owner reads organization-wide rows, the viewer rows kept by agent
    // (worker/db/rollup-grains.ts chartGrain); both add up to what each may see.
    const turns = (rows: UsageRowJson[]) => rows.reduce((n, r) => n + r.turns, 0);
    for (const q of ['', '&group_by=model', '&group_by=source', '&group_by=api_key', '&group_by=workflow', '&interval=hour', '&interval=hour&group_by=model']) {
      expect(turns(await usage(viewer, RANGE + q)), q).toBe(3);
      expect(turns(await usage(owner, RANGE + q)), q).toBe(4);
    }
    expect((await usage(viewer, `${RANGE}&group_by=model`)).some((r) => r.key === 'local-model')).toBe(false);
    expect((await usage(owner, `${RANGE}&group_by=model`)).some((r) => r.key === 'local-model')).toBe(true);
    // One agent, grouped: the agent's own rows only.
    const oneByModel = await usage(owner, `${RANGE}&group_by=model&agent_id=${secret.id}`);
    expect(oneByModel.map((r) => [r.key, r.turns])).toEqual([['local-model', 1]]);
    await expectError(await api(`/api/v1/analytics/usage?${RANGE}&agent_id=${secret.id}`, { as: viewer }), 404);
  });

  it('answers 400 naming the bad parameter', async () => {
    const owner = await signup('Usage Params');
    const cases: [string, string][] = [
      ['from=yesterday', 'from'],
      ['to=2026-13-45', 'to'],
      ['from=2026-03-05&to=2026-03-01', 'to'],
      ['interval=week', 'interval'],
      ['group_by=color', 'group_by'],
      ['agent_id=%27%3Bdrop', 'agent_id'],
      ['from=2024-01-01&to=2026-01-01', 'from'],
      ['from=2026-01-01&to=2026-03-01&interval=hour', 'interval'],
    ];
    for (const [q, param] of cases) {
      const err = await expectError(await api(`/api/v1/analytics/usage?${q}`, { as: owner }), 400, 'validation_failed');
      expect(
        err.details?.map((d) => d.path),
        q,
      ).toContain(param);
    }
    // 400 days with day buckets, and 31 days of hours, are allowed.
    expect(await usage(owner, 'from=2025-01-01&to=2026-02-04&interval=day')).toHaveLength(400);
    expect(await usage(owner, 'from=2026-01-01&to=2026-01-31&interval=hour')).toHaveLength(31 * 24);
    // Defaults: the last 7 days by day; `from` alone runs to now.
    expect(await usage(owner, '')).toHaveLength(8);
    const threeDaysAgo = new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10);
    expect(await usage(owner, `from=${threeDaysAgo}&interval=day`)).toHaveLength(4);
  });

  it('answers CSV: a header row, RFC 4180 quoting, formula-safe cells, as an attachment', async () => {
    const owner = await signup('Usage CSV');
    const evil = await createAgent(owner, { name: '=HYPERLINK("http://x.example","a, b")' });
    await deliver([event(owner.tenant.id, evil.id, D0 + 1000, { cost_usd: 1e-7 })]);
    for (const init of [{ headers: { accept: 'text/csv' } }, {}]) {
      const res = await api(`/api/v1/analytics/usage?${RANGE}&group_by=agent${'headers' in init ? '' : '&format=csv'}`, { as: owner, ...init });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="usage-2026-03-01-2026-03-03-day-by-agent\.csv"$/);
      const lines = (await res.text()).split('\r\n');
      expect(lines[0]).toBe(
        'bucket,key,label,conversations,turns,input_tokens,output_tokens,cost_usd,errors,latency_p50_ms,latency_p95_ms,ttft_p50_ms,ttft_p95_ms,feedback_up,feedback_down,step_limit_hits,tool_calls,tool_errors',
      );
      expect(lines[1]).toContain(`,"'=HYPERLINK(""http://x.example"",""a, b"")",`);
      expect(lines[1]).toContain(',0.0000001,');
      expect(lines.at(-1)).toBe('');
    }
  });
});

describe('model prices API', () => {
  const llama = '@cf/meta/llama-3.1-8b-instruct';
  const path = `/api/v1/model-prices/${encodeURIComponent(llama)}`;

  it('lists defaults and overrides, sets and removes one with an encoded name, per tenant, audited', async () => {
    const a = await signup('Prices A');
    const b = await signup('Prices B');
    const list = async (as: Caller) => {
      const res = await api('/api/v1/model-prices', { as });
      expect(res.status).toBe(200);
      return (await res.json()) as { data: { model: string; input_per_mtok_usd: number; output_per_mtok_usd: number; source: string }[]; unpriced: string[] };
    };
    const before = await list(a);
    expect(before.data.find((p) => p.model === 'gpt-4o-mini')).toMatchObject({ input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6, source: 'default' });
    expect(before.data.find((p) => p.model === llama)?.source).toBe('default');

    const put = await api(path, { method: 'PUT', as: a, body: { input_per_mtok_usd: 0.5, output_per_mtok_usd: 1.25 } });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await put.json()).toMatchObject({ model: llama, input_per_mtok_usd: 0.5, output_per_mtok_usd: 1.25, source: 'override' });
    const mine = (await list(a)).data.filter((p) => p.model === llama);
    expect(mine).toEqual([expect.objectContaining({ source: 'override', input_per_mtok_usd: 0.5 })]);
    // The other tenant keeps the default.
    expect((await list(b)).data.find((p) => p.model === llama)).toMatchObject({ source: 'default', input_per_mtok_usd: 0.282 });
    await expectError(await api(path, { method: 'DELETE', as: b }), 404, 'not_found');

    await vi.waitFor(
      async () => {
        const r = await env.DB.prepare("select data, target_id from audit_log where tenant_id = ? and action = 'model_price.update'")
          .bind(a.tenant.id)
          .first<{ data: string; target_id: string }>();
        expect(r!.target_id).toBe(llama);
        expect(JSON.parse(r!.data)).toMatchObject({ changes: { input_per_mtok_usd: { after: 0.5 }, output_per_mtok_usd: { after: 1.25 } } });
      },
      { timeout: 15_000, interval: 100 },
    );

    expect((await api(path, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await list(a)).data.find((p) => p.model === llama)?.source).toBe('default');
    await expectError(await api(path, { method: 'DELETE', as: a }), 404, 'not_found');
    await vi.waitFor(
      async () => {
        const r = await env.DB.prepare("select count(*) n from audit_log where tenant_id = ? and action = 'model_price.delete'")
          .bind(a.tenant.id)
          .first<{ n: number }>();
        expect(r!.n).toBe(1);
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it('refuses bad prices and non-admins', async () => {
    const owner = await signup('Prices Bad');
    for (const body of [{ input_per_mtok_usd: -1, output_per_mtok_usd: 1 }, { input_per_mtok_usd: 1 }, { input_per_mtok_usd: 'x', output_per_mtok_usd: 1 }]) {
      await expectError(await api('/api/v1/model-prices/gpt-4o', { method: 'PUT', as: owner, body }), 400, 'validation_failed');
    }
    const member = await addPerson(owner, 'member');
    await expectError(await api('/api/v1/model-prices/gpt-4o', { method: 'PUT', as: member, body: { input_per_mtok_usd: 1, output_per_mtok_usd: 1 } }), 403);
    expect((await api('/api/v1/model-prices', { as: await addPerson(owner, 'viewer') })).status).toBe(200);
  });

  it('lists models seen in usage without a price as unpriced', async () => {
    const owner = await signup('Prices Unpriced');
    const agent = await createAgent(owner, { name: 'U' });
    await deliver([event(owner.tenant.id, agent.id, Date.now(), { model: 'my-own-llm', cost_usd: null }), event(owner.tenant.id, agent.id, Date.now())]);
    const res = await api('/api/v1/model-prices', { as: owner });
    expect(((await res.json()) as { unpriced: string[] }).unpriced).toEqual(['my-own-llm']);
  });

  it('prices the next turn at the override (cost in the usage event, computed after the turn)', async () => {
    const owner = await signup('Prices Turn');
    const agent = await createAgent(owner, { name: 'Priced', model: 'edgent-test' });
    expect((await api('/api/v1/model-prices/edgent-test', { method: 'PUT', as: owner, body: { input_per_mtok_usd: 3, output_per_mtok_usd: 7 } })).status).toBe(
      200,
    );
    const session = await createSession(owner, agent.id);
    await post(owner, `/api/v1/sessions/${session.id}/messages`, { content: 'price me' }, 200);
    const row = await vi.waitFor(
      async () => {
        const r = await env.DB.prepare('select input_tokens, output_tokens, cost_usd from usage_events where session_id = ?')
          .bind(session.id)
          .first<{ input_tokens: number; output_tokens: number; cost_usd: number | null }>();
        expect(r).toBeTruthy();
        return r!;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(row.cost_usd).toBe(costUsd({ input: 3, output: 7 }, row.input_tokens, row.output_tokens));
  });
});

export type { Account };
