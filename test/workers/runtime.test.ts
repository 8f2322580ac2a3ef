// The agent runtime's promises beyond the API shape (durable-objects/agent-session.ts, worker/queues/consumer.ts):
// usage events reach D1 through the EVENTS queue, a turn makes zero D1 queries, a client that goes away does not
// stop the turn (only the cancel route does), and an agent without a provider explains how to add one.
import { SELF, env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../../durable-objects/session-store';
import { runTurn } from '../../durable-objects/turn';
import type { ChatEvent } from '../../worker/llm/events';
import { type Account, api, BASE, createAgent, createSession, signup } from './helpers';

async function session(a: Account, agent: Record<string, unknown> = {}) {
  return createSession(a, (await createAgent(a, { name: 'Runtime', ...agent })).id);
}

afterEach(() => vi.restoreAllMocks());

describe('usage events', () => {
  it('reach D1 through the EVENTS queue and update the session index', async () => {
    const a = await signup();
    const s = await session(a);
    await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'First question about billing' }, as: a });
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare('select * from usage_events where session_id = ?').bind(s.id).first<any>();
        expect(row).toMatchObject({ tenant_id: a.tenant.id, agent_id: s.agent_id, model: 'edgent-test', status: 'completed' });
        expect(row.input_tokens).toBeGreaterThan(0);
        expect(row.output_tokens).toBeGreaterThan(0);
        expect(row.latency_ms).toBeGreaterThanOrEqual(0);
        expect(row.ttft_ms).toBeGreaterThanOrEqual(0);
      },
      { timeout: 10_000, interval: 100 },
    );
    await vi.waitFor(
      async () => {
        const got = (await (await api(`/api/v1/sessions/${s.id}`, { as: a })).json()) as any;
        expect(got).toMatchObject({ title: 'First question about billing', message_count: 2 });
      },
      { timeout: 10_000, interval: 100 },
    );
    // The object keeps its message count in memory after the first read: the next turn's event counts both turns.
    await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'And a second one' }, as: a });
    await vi.waitFor(
      async () => {
        const got = (await (await api(`/api/v1/sessions/${s.id}`, { as: a })).json()) as any;
        expect(got).toMatchObject({ title: 'First question about billing', message_count: 4 });
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});

describe('the hot path', () => {
  it('makes zero D1 queries for a chat turn once the caller is known', async () => {
    const a = await signup();
    const s = await session(a, { tool_ids: ['tol_current_time'] });
    const say = (content: string) => api(`/api/v1/sessions/${s.id}/messages`, { body: { content, stream: true }, as: a });
    await (await say('[[reply:warm up]]')).text(); // the credential is verified (one lookup) and remembered
    const proto = Object.getPrototypeOf(env.DB) as {
      prepare: (...a: unknown[]) => unknown;
      batch: (...a: unknown[]) => unknown;
      exec: (...a: unknown[]) => unknown;
    };
    const prepare = vi.spyOn(proto, 'prepare');
    const batch = vi.spyOn(proto, 'batch');
    const exec = vi.spyOn(proto, 'exec');
    const text = await (await say('[[tool:current_time {}]]')).text();
    expect(text).toContain('event: message.completed');
    expect(prepare.mock.calls.length + batch.mock.calls.length + exec.mock.calls.length).toBe(0);
    // the spy does see queries: the session index read goes to D1
    await api(`/api/v1/sessions/${s.id}`, { as: a });
    expect(prepare.mock.calls.length).toBeGreaterThan(0);
  });
});

describe('cancellation', () => {
  it('does not stop the turn when the client disconnects: the whole answer is kept', async () => {
    const a = await signup();
    const s = await session(a);
    const ac = new AbortController();
    const res = await SELF.fetch(`${BASE}/api/v1/sessions/${s.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrf, accept: 'text/event-stream' },
      body: JSON.stringify({ content: '[[reply:one two three four five six seven eight nine ten]] [[delay:80]]' }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await reader.cancel().catch(() => {});
    await vi.waitFor(
      async () => {
        const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
        expect(history.data[1]).toMatchObject({ role: 'assistant', status: 'completed', content: 'one two three four five six seven eight nine ten' });
      },
      { timeout: 5_000, interval: 50 },
    );
    // the session is free again once the answer is done
    expect((await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[reply:next]]' }, as: a })).status).toBe(200);
  });
});

describe('no provider configured', () => {
  it('fails the turn with a message saying how to add one', async () => {
    const a = await signup();
    const s = await session(a);
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`));
    const events: ChatEvent[] = await runInDurableObject(stub, async (_instance, state) => {
      const store = new SessionStore(state.storage.sql);
      const out: ChatEvent[] = [];
      await runTurn('hello', {
        env,
        store,
        snapshot: store.snapshot()!,
        provider: null,
        signal: new AbortController().signal,
        timeoutMs: 1000,
        emit: (e) => out.push(e),
        secrets: new Set(),
        secretFor: async () => null,
        runAgent: async () => ({ found: false }),
      });
      return out;
    });
    expect(events).toEqual([{ type: 'error', data: { code: 'no_provider', message: expect.stringMatching(/Add an OpenAI or OpenAI-compatible connection/) } }]);
  });
});
