// History always valid for the provider: a turn stopped between tool calls leaves every assistant tool call with a
// result, and a conversation already broken that way is repaired when read. The test upstream refuses, like OpenAI,
// a tool call without a result (400), so a broken history would fail every later message.
import { SELF, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { SessionStore } from '../../durable-objects/session-store';
import { type Account, BASE, api, signup } from './helpers';

const API = inject('toolsApiUrl');

async function sessionWith(a: Account, toolIds: string[]) {
  const agent = (await (await api('/api/v1/agents', { body: { name: 'Tool user', model: 'edgent-test', tool_ids: toolIds }, as: a })).json()) as any;
  return (await (await api(`/api/v1/agents/${agent.id}/sessions`, { body: {}, as: a })).json()) as any;
}

const messages = async (a: Account, id: string) => ((await (await api(`/api/v1/sessions/${id}/messages`, { as: a })).json()) as any).data as any[];

describe('a turn stopped between tool calls', () => {
  it('answers every tool call (cancelled during the first of two), so the next message still works', async () => {
    const a = await signup();
    const s = await sessionWith(a, ['tol_fetch_url', 'tol_calculator']);
    const res = await SELF.fetch(`${BASE}/api/v1/sessions/${s.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrf, accept: 'text/event-stream' },
      body: JSON.stringify({ content: `[[tool:fetch_url {"url":"${API}/slow?ms=3000"}]] [[tool:calculator {"expression":"2+2"}]]` }),
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: tool.call')) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(((await (await api(`/api/v1/sessions/${s.id}/cancel`, { method: 'POST', as: a })).json()) as any).cancelled).toBe(true);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('"code":"cancelled"');

    const history = await messages(a, s.id);
    const calls = history.find((m) => m.tool_calls)!.tool_calls.map((c: any) => c.id);
    const results = history.filter((m) => m.role === 'tool');
    expect(results.map((m) => m.tool_call_id)).toEqual(calls);
    expect(results[1]).toMatchObject({ name: 'calculator', ok: false, status: 'cancelled', content: 'cancelled: the turn was stopped before this tool ran' });

    // Before the fix, this and every later message got 502: the upstream refused the unanswered call with 400.
    const next = await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[echo:messages]]' }, as: a });
    expect(next.status).toBe(200);
    expect(JSON.parse(((await next.json()) as any).message.content).roles).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'user']);
  });

  it('answers the tool calls a crash cut off, when the object starts again', async () => {
    const a = await signup();
    const s = await sessionWith(a, ['tol_fetch_url', 'tol_calculator']);
    const res = await SELF.fetch(`${BASE}/api/v1/sessions/${s.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrf, accept: 'text/event-stream' },
      body: JSON.stringify({ content: `[[tool:fetch_url {"url":"${API}/slow?ms=3000"}]] [[tool:calculator {"expression":"2+2"}]]` }),
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: tool.call')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel().catch(() => {});
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`));
    await runInDurableObject(stub, (_o, state) => state.abort('simulated crash')).catch(() => {});

    const history = await messages(a, s.id);
    expect(history.map((m) => [m.role, m.status])).toEqual([
      ['user', 'completed'],
      ['assistant', 'completed'],
      ['tool', 'interrupted'],
      ['tool', 'interrupted'],
    ]);
    const next = await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[reply:still here]]' }, as: a });
    expect(next.status).toBe(200);
  });

  it('repairs a conversation already broken that way when it is read', async () => {
    const a = await signup();
    const s = await sessionWith(a, ['tol_calculator']);
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`));
    await runInDurableObject(stub, (_o, state) => {
      const store = new SessionStore(state.storage.sql);
      const call = (id: string) => ({ id, name: 'calculator', arguments: '{"expression":"1+1"}' });
      store.addMessage({ id: 'msg_old_user', turn_id: 'trn_old', role: 'user', content: 'two sums please', status: 'completed' });
      store.addMessage({
        id: 'msg_old_calls',
        turn_id: 'trn_old',
        role: 'assistant',
        content: '',
        tool_calls: [call('call_one'), call('call_two')],
        status: 'completed',
      });
      store.addMessage({
        id: 'msg_old_one',
        turn_id: 'trn_old',
        role: 'tool',
        content: '2',
        tool_call_id: 'call_one',
        name: 'calculator',
        ok: true,
        status: 'completed',
      });
      // A result whose call is not in the history at all.
      store.addMessage({
        id: 'msg_orphan',
        turn_id: 'trn_old',
        role: 'tool',
        content: 'lost',
        tool_call_id: 'call_gone',
        name: 'calculator',
        ok: true,
        status: 'completed',
      });
    });
    const next = await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[echo:messages]]' }, as: a });
    expect(next.status).toBe(200);
    expect(JSON.parse(((await next.json()) as any).message.content).roles).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'user']);
  });
});

describe('the history a turn sends', () => {
  it('kept in memory by the object, stays what the stored messages say (failed turns out, tool calls paired)', async () => {
    const a = await signup();
    const s = await sessionWith(a, ['tol_calculator']);
    const say = (content: string) => api(`/api/v1/sessions/${s.id}/messages`, { body: { content }, as: a });
    expect((await say('[[reply:first]]')).status).toBe(200);
    expect((await say('[[error:401]]')).status).toBe(502); // a failed turn: both its messages stay out
    expect((await say('[[tool:calculator {"expression":"6*7"}]] [[reply:done]]')).status).toBe(200);
    expect((await say('[[echo:messages]]')).status).toBe(200);
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`));
    await runInDurableObject(stub, (instance, state) => {
      const kept = (instance as unknown as { store: SessionStore }).store.wireHistory();
      expect(kept).toEqual(new SessionStore(state.storage.sql).wireHistory());
      expect(kept.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'tool', 'assistant', 'user', 'assistant']);
    });
  });
});
