// Every entry point tags its turns (worker/schemas/analytics.ts USAGE_SOURCES): one real turn through each, then its
// usage row (written by the EVENTS consumer) names the source, the calling API key, the workflow and whether it
// started the conversation; a turn's tool calls land in tool_call_events; workflow agent steps report their cost.
import { SELF, env } from 'cloudflare:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it, vi } from 'vitest';
import { costUsd, defaultPrice } from '../../worker/services/prices';
import { type Account, BASE, api, createAgent, createEmbedKey, post, postForm, signup, uniqueIp } from './helpers';
import { start as startRun, stepOf, waitFor as waitForRun } from './helpers/runs';

type Row = { source: string; api_key_id: string | null; workflow_id: string | null; new_conversation: number; cost_usd: number | null; turn_id: string };

/** The usage rows of an agent's turns, once the EVENTS consumer wrote `n` of them. */
async function rowsOf(agentId: string, n = 1): Promise<Row[]> {
  return vi.waitFor(
    async () => {
      const rows = (
        await env.DB.prepare(
          'select source, api_key_id, workflow_id, new_conversation, cost_usd, turn_id from usage_events where agent_id = ? order by created_at',
        )
          .bind(agentId)
          .all<Row>()
      ).results;
      expect(rows.length).toBeGreaterThanOrEqual(n);
      return rows;
    },
    { timeout: 15_000, interval: 100 },
  );
}

async function keyFor(a: Account) {
  return post<{ id: string; key: string }>(a, '/api/v1/api-keys', { name: 'sources' });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

describe('usage sources', () => {
  it('app chat page → app, a new conversation, no key', async () => {
    const a = await signup('Src App');
    const agent = await createAgent(a);
    const res = await postForm(a, `/app/agents/${agent.id}/chat/messages`, { content: '[[reply:hi]]', session: '' }, { sse: true });
    expect(res.status).toBe(200);
    await res.text();
    expect(await rowsOf(agent.id)).toEqual([expect.objectContaining({ source: 'app', api_key_id: null, workflow_id: null, new_conversation: 1 })]);
  });

  it('test panel → app', async () => {
    const a = await signup('Src Panel');
    const agent = await createAgent(a, { name: 'Panel bot' });
    const fields = {
      name: 'Panel bot',
      description: '',
      instructions: 'Draft',
      model: 'edgent-test',
      connection_id: '',
      temperature: '',
      max_steps: '4',
      runtime: 'edge',
      test_session: '',
      test_message: '[[reply:from the panel]]',
    };
    const res = await postForm(a, `/app/agents/${agent.id}/test`, fields, { sse: true });
    expect(res.status).toBe(200);
    await res.text();
    expect((await rowsOf(agent.id))[0]).toMatchObject({ source: 'app', api_key_id: null });
  });

  it('sessions API with a key → api and the key; the second turn is no new conversation', async () => {
    const a = await signup('Src API');
    const agent = await createAgent(a);
    const k = await keyFor(a);
    const session = await post<{ id: string }>({ key: k.key }, `/api/v1/agents/${agent.id}/sessions`, {});
    await post({ key: k.key }, `/api/v1/sessions/${session.id}/messages`, { content: '[[reply:one]]' }, 200);
    await post({ key: k.key }, `/api/v1/sessions/${session.id}/messages`, { content: '[[reply:two]]' }, 200);
    const rows = await rowsOf(agent.id, 2);
    expect(rows.map((r) => [r.source, r.api_key_id, r.new_conversation])).toEqual([
      ['api', k.id, 1],
      ['api', k.id, 0],
    ]);
  });

  it('OpenAI chat completions → openai and the key', async () => {
    const a = await signup('Src Completions');
    const agent = await createAgent(a);
    const k = await keyFor(a);
    const res = await SELF.fetch(`${BASE}/v1/chat/completions`, {
      method: 'POST',
      headers: bearer(k.key),
      body: JSON.stringify({ model: agent.slug, messages: [{ role: 'user', content: '[[reply:ok]]' }] }),
    });
    expect(res.status).toBe(200);
    expect((await rowsOf(agent.id))[0]).toMatchObject({ source: 'openai', api_key_id: k.id });
  });

  it('Responses → openai and the key', async () => {
    const a = await signup('Src Responses');
    const agent = await createAgent(a);
    const k = await keyFor(a);
    const res = await SELF.fetch(`${BASE}/v1/responses`, {
      method: 'POST',
      headers: bearer(k.key),
      body: JSON.stringify({ model: agent.id, input: '[[reply:ok]]' }),
    });
    expect(res.status).toBe(200);
    expect((await rowsOf(agent.id))[0]).toMatchObject({ source: 'openai', api_key_id: k.id, new_conversation: 1 });
  });

  it('MCP → mcp and the key', async () => {
    const a = await signup('Src MCP');
    const agent = await createAgent(a, { name: 'Mcp Helper' });
    const k = await keyFor(a);
    const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${k.key}` } },
      fetch: ((url: string | URL, init?: RequestInit) => SELF.fetch(url, init)) as typeof fetch,
    });
    const client = new Client({ name: 'edgent-test', version: '1.0.0' });
    await client.connect(transport);
    const r = await client.callTool({ name: `ask_${agent.slug}`, arguments: { message: '[[reply:via mcp]]' } });
    expect(r.isError).toBeFalsy();
    await client.close();
    expect((await rowsOf(agent.id))[0]).toMatchObject({ source: 'mcp', api_key_id: k.id });
  });

  it('widget → widget, no key', async () => {
    const a = await signup('Src Widget');
    const agent = await createAgent(a);
    const site = 'https://shop.example.com';
    const ek = await createEmbedKey(a, agent.id, { allowed_origins: [site] });
    const ip = uniqueIp();
    const started = await SELF.fetch(`${BASE}/embed/v1/${ek.public_key}/sessions`, { method: 'POST', headers: { origin: site, 'cf-connecting-ip': ip } });
    expect(started.status).toBe(201);
    const v = (await started.json()) as { session_id: string; token: string };
    const res = await SELF.fetch(`${BASE}/embed/v1/${ek.public_key}/sessions/${v.session_id}/messages`, {
      method: 'POST',
      headers: { origin: site, 'cf-connecting-ip': ip, authorization: `Bearer ${v.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: '[[reply:widget]]' }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect((await rowsOf(agent.id))[0]).toMatchObject({ source: 'widget', api_key_id: null });
  });

  it('share link → share_link, no key', async () => {
    const a = await signup('Src Share');
    const agent = await createAgent(a, { visibility: 'link' });
    const link = (await (await api(`/api/v1/agents/${agent.id}/share-link`, { as: a })).json()) as { url: string };
    const path = new URL(link.url).pathname;
    const ip = uniqueIp();
    const started = await SELF.fetch(`${BASE}${path}/api/sessions`, { method: 'POST', headers: { 'cf-connecting-ip': ip } });
    expect(started.status).toBe(201);
    const v = (await started.json()) as { session_id: string; token: string };
    const res = await SELF.fetch(`${BASE}${path}/api/sessions/${v.session_id}/messages`, {
      method: 'POST',
      headers: { 'cf-connecting-ip': ip, authorization: `Bearer ${v.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: '[[reply:shared]]' }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect((await rowsOf(agent.id))[0]).toMatchObject({ source: 'share_link', api_key_id: null });
  });

  it('workflow agent step → workflow and its id; the step and the run report the cost', async () => {
    const a = await signup('Src Workflow');
    const agent = await createAgent(a, { model: 'gpt-4o-mini' });
    const workflowId = `wfl_${String(Date.now()).padStart(10, '0')}srcworkflow001`;
    const run = await startRun(
      a.tenant.id,
      { steps: [{ id: 'ask', kind: 'agent', agent_id: agent.id, input: '[[reply:a workflow answer]]' }] },
      {},
      { workflowId },
    );
    const done = await waitForRun(a.tenant.id, run.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    const row = (await rowsOf(agent.id))[0]!;
    expect(row).toMatchObject({ source: 'workflow', workflow_id: workflowId, api_key_id: null });
    const step = stepOf(done, 'ask');
    const expected = costUsd(defaultPrice('gpt-4o-mini'), step.tokens!.input, step.tokens!.output);
    expect(expected).toBeGreaterThan(0);
    expect(step.cost_usd).toBe(expected);
    expect(done.cost_usd).toBe(expected);
    // The usage event carries the same cost, computed once after the turn.
    expect(row.cost_usd).toBe(expected);
  });

  it('call_agent → call_agent for the called agent; the caller’s tool call lands in tool_call_events', async () => {
    const a = await signup('Src Call');
    const helper = await createAgent(a, { name: 'Helper' });
    const front = await createAgent(a, { name: 'Front', tool_ids: ['tol_call_agent'], callable_agent_ids: [helper.id] });
    const session = await post<{ id: string }>(a, `/api/v1/agents/${front.id}/sessions`, {});
    await post(a, `/api/v1/sessions/${session.id}/messages`, { content: `[[tool:call_agent {"agent":"${helper.id}","message":"[[reply:42]]"}]]` }, 200);
    expect((await rowsOf(helper.id))[0]).toMatchObject({ source: 'call_agent', api_key_id: null });
    const frontRow = (await rowsOf(front.id))[0]!;
    expect(frontRow).toMatchObject({ source: 'api', api_key_id: null });
    const calls = await vi.waitFor(
      async () => {
        const r = (
          await env.DB.prepare('select tool_name, status, seq, source from tool_call_events where turn_id = ?')
            .bind(frontRow.turn_id)
            .all<{ tool_name: string; status: string }>()
        ).results;
        expect(r.length).toBe(1);
        return r;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(calls[0]).toMatchObject({ tool_name: 'call_agent', status: 'ok', seq: 0, source: 'api' });
    const rollup = await env.DB.prepare("select sum(calls) calls from tool_rollups where tenant_id = ? and grain = 'day' and tool_name = 'call_agent'")
      .bind(a.tenant.id)
      .first<{ calls: number }>();
    expect(rollup!.calls).toBe(1);
  });
});
