// Monitoring pages (routes/pages/monitoring.tsx): an agent's conversations with filters, one conversation with its
// transcript and trace timeline (model and tool calls, errors), the live refresh, the error log, tenant isolation.
import { describe, expect, it, vi } from 'vitest';
import { type Account, api, createAgent, expectNotFound, getPage, signup } from './helpers';

async function chat(a: Account, agentId: string, ...messages: string[]) {
  const s = (await (await api(`/api/v1/agents/${agentId}/sessions`, { body: {}, as: a })).json()) as { id: string };
  for (const content of messages) await api(`/api/v1/sessions/${s.id}/messages`, { body: { content }, as: a });
  return s.id;
}

describe('conversations of an agent', () => {
  it('lists them with their usage and filters by status and date, as a fragment for htmx', async () => {
    const a = await signup();
    const agent = await createAgent(a, { tool_ids: ['tol_current_time'] });
    await chat(a, agent.id, 'A fine question');
    await chat(a, agent.id, 'A failing one [[error:401]]');
    await vi.waitFor(
      async () => expect(await (await getPage(a, `/app/agents/${agent.id}/sessions?status=error`, { htmx: true })).text()).toContain('A failing one'),
      { timeout: 10_000, interval: 200 },
    );
    const all = await (await getPage(a, `/app/agents/${agent.id}/sessions`)).text();
    expect(all).toContain('A fine question');
    expect(all).toContain('hx-trigger="every 10s"');
    const ok = await (await getPage(a, `/app/agents/${agent.id}/sessions?status=ok`, { htmx: true })).text();
    expect(ok).toContain('A fine question');
    expect(ok).not.toContain('A failing one');
    expect(await (await getPage(a, `/app/agents/${agent.id}/sessions?from=2000-01-01&to=2000-01-02`, { htmx: true })).text()).toContain(
      'No conversations match',
    );
  });
});

describe('a conversation', () => {
  it('shows the transcript and the trace: model calls with tokens, tool calls with arguments and results', async () => {
    const a = await signup();
    const agent = await createAgent(a, { tool_ids: ['tol_current_time'] });
    const id = await chat(a, agent.id, 'What time? [[tool:current_time {"timezone":"UTC"}]]', 'Then fail [[error:401]]');
    const html = await (await getPage(a, `/app/sessions/${id}`)).text();
    expect(html).toContain('Transcript');
    expect(html).toContain('What time?');
    expect(html).toMatch(/<code class="trace-name">current_time<\/code>/);
    expect(html).toContain('&quot;timezone&quot;: &quot;UTC&quot;');
    expect(html).toMatch(/\d+ in · \d+ out tokens/);
    expect(html).toContain('upstream_auth');
    expect(html).toContain('Turn 2');
  });

  it('refreshes only when something changed (204 otherwise)', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const id = await chat(a, agent.id, 'hello');
    const live = await getPage(a, `/app/sessions/${id}/live?v=x`, { htmx: true });
    const html = await live.text();
    const version = /live\?v=([0-9.]+)"/.exec(html)![1]!;
    expect((await getPage(a, `/app/sessions/${id}/live?v=${version}`, { htmx: true })).status).toBe(204);
    await api(`/api/v1/sessions/${id}/messages`, { body: { content: 'again' }, as: a });
    expect((await getPage(a, `/app/sessions/${id}/live?v=${version}`, { htmx: true })).status).toBe(200);
  });
});

describe('error log', () => {
  it('lists failed replies across agents with what they mean, filterable by agent and code', async () => {
    const a = await signup();
    const one = await createAgent(a, { name: 'First agent' });
    const two = await createAgent(a, { name: 'Second agent' });
    await chat(a, one.id, 'boom [[error:401]]');
    await chat(a, two.id, 'fine');
    await vi.waitFor(async () => expect(await (await getPage(a, '/app/logs')).text()).toContain('upstream_auth'), { timeout: 10_000, interval: 200 });
    const html = await (await getPage(a, '/app/logs')).text();
    expect(html).toContain('First agent');
    expect(html).toContain('The provider refused the API key');
    expect(html).toContain('Open trace');
    const problem = /hx-get="(\/app\/sessions\/ses_[0-9a-z]+\/turns\/trn_[0-9a-z]+\/problem)"/.exec(html)![1]!;
    expect(await (await getPage(a, problem, { htmx: true })).text()).toContain('refused the credentials (HTTP 401)');
    expect(await (await getPage(a, `/app/logs?agent=${two.id}`, { htmx: true })).text()).toContain('No errors');
    expect(await (await getPage(a, '/app/logs?code=upstream_timeout', { htmx: true })).text()).toContain('No errors');
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another tenant's conversations and never shows its errors", async () => {
    const a = await signup();
    const b = await signup();
    const agent = await createAgent(a, { name: 'Agent of A' });
    const id = await chat(a, agent.id, 'secret question of A [[error:401]]');
    expect(await expectNotFound(await getPage(b, `/app/sessions/${id}`))).not.toContain('secret question');
    expect((await getPage(b, `/app/sessions/${id}/live`, { htmx: true })).status).toBe(404);
    expect((await getPage(b, `/app/sessions/${id}/turns/trn_00000000000000000000000000/problem`, { htmx: true })).status).toBe(404);
    expect((await getPage(b, `/app/agents/${agent.id}/sessions`)).status).toBe(404);
    await vi.waitFor(async () => expect(await (await getPage(a, '/app/logs')).text()).toContain('Agent of A'), { timeout: 10_000, interval: 200 });
    const logs = await (await getPage(b, `/app/logs?agent=${agent.id}`)).text();
    expect(logs).not.toContain('Agent of A');
    expect(logs).toContain('No errors');
  });
});
