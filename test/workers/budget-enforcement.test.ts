// Budgets at work: a spent blocking budget refuses the next turn (402 budget_exceeded) on every entry point, an
// alert-only one never does, agent vs organization scope, the strict crossing, unblocking, the month rollover with an
// injected clock, spend that survives a restart of the meter, alerts at 50/80/100 % once each (mailed through the
// email fixture), and no D1 on the chat path with budgets present.
import { SELF, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { BudgetMeter, type MeterState } from '../../durable-objects/budget-meter';
import { nextMonthStart } from '../../worker/lib/month';
import { BUDGET_CHECK, budgetRefusal, recordSpend, turnEnded } from '../../worker/services/budget-check';
import { addPerson } from './helpers/people';
import { start, stepOf, waitFor } from './helpers/runs';
import { type Account, BASE, api, apiKey, createAgent, createEmbedKey, createSession, expectError, post, readSse, signup } from './helpers';

const SITE = 'https://shop.example.com';
const meter = (tenantId: string) => env.BUDGET_METER.get(env.BUDGET_METER.idFromName(tenantId));
const budget = (a: Account, body: Record<string, unknown>) => post<{ id: string }>(a, '/api/v1/budgets', body);
const say = (a: Account, sessionId: string, content = 'hello', stream = false) =>
  api(`/api/v1/sessions/${sessionId}/messages`, { body: { content, stream }, as: a });

async function spentOrg(limit = 1, action = 'block') {
  const a = await signup('Spent Co');
  const agent = await createAgent(a, { name: 'Spender', model: 'edgent-test' });
  const b = await budget(a, { scope: 'tenant', limit_usd: limit, action });
  return { a, agent, budget: b };
}

describe('a spent blocking budget', () => {
  it('refuses the next turn with 402 naming the budget, its limit and when it resets (JSON and stream)', async () => {
    const { a, agent, budget: b } = await spentOrg(1);
    const session = await createSession(a, agent.id);
    expect((await say(a, session.id)).status).toBe(200);
    await recordSpend(env, a.tenant.id, agent.id, 1.25);
    const err = await expectError(await say(a, session.id), 402, 'budget_exceeded');
    const reset = new Date(nextMonthStart(Date.now())).toISOString().slice(0, 10);
    expect(err.message).toContain(b.id);
    expect(err.message).toContain('$1.00');
    expect(err.message).toContain('$1.25');
    expect(err.message).toContain(reset);
    await expectError(await say(a, session.id, 'again', true), 402, 'budget_exceeded');
    // Nothing reached the model: the conversation has only the first turn.
    const history = (await (await api(`/api/v1/sessions/${session.id}/messages`, { as: a })).json()) as { data: unknown[] };
    expect(history.data).toHaveLength(2);
  });

  it('refuses on the OpenAI-compatible API in OpenAI’s error shape, and on stateless Responses', async () => {
    const { a, agent } = await spentOrg(1);
    const key = await apiKey(a);
    await recordSpend(env, a.tenant.id, agent.id, 2);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const completion = await SELF.fetch(`${BASE}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: agent.id, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(completion.status).toBe(402);
    const body = (await completion.json()) as { error: { code: string; type: string; message: string; param: unknown } };
    expect(body.error).toMatchObject({ code: 'budget_exceeded', type: 'invalid_request_error', param: null });
    expect(body.error.message).toMatch(/monthly budget/);
    const streamed = await SELF.fetch(`${BASE}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: agent.id, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(streamed.status).toBe(402);
    for (const store of [false, true]) {
      const r = await SELF.fetch(`${BASE}/v1/responses`, { method: 'POST', headers, body: JSON.stringify({ model: agent.id, input: 'hi', store }) });
      expect(r.status, `store: ${store}`).toBe(402);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('budget_exceeded');
    }
  });

  it('shows widget and share-link visitors a friendly message, never the budget', async () => {
    const { a, agent } = await spentOrg(1);
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'link' }, as: a });
    const key = await createEmbedKey(a, agent.id, { allowed_origins: [SITE] });
    const started = await SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions`, { method: 'POST', headers: { origin: SITE } });
    const visit = (await started.json()) as { session_id: string; token: string };
    await recordSpend(env, a.tenant.id, agent.id, 5);
    const res = await SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions/${visit.session_id}/messages`, {
      method: 'POST',
      headers: { origin: SITE, authorization: `Bearer ${visit.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });
    const err = await expectError(res, 402, 'budget_exceeded');
    expect(err.message).toBe('This assistant is not available right now. Please try again later.');
    const link = (await (await api(`/api/v1/agents/${agent.id}/share-link`, { as: a })).json()) as { url: string };
    const token = new URL(link.url).pathname.slice(3);
    const shared = (await (await SELF.fetch(`${BASE}/s/${token}/api/sessions`, { method: 'POST' })).json()) as { session_id: string; token: string };
    const viaLink = await SELF.fetch(`${BASE}/s/${token}/api/sessions/${shared.session_id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shared.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });
    expect((await expectError(viaLink, 402, 'budget_exceeded')).message).not.toMatch(/bud_|\$/);
  });

  it('fails a workflow agent step with budget_exceeded, without retries', async () => {
    const { a, agent } = await spentOrg(1);
    await recordSpend(env, a.tenant.id, agent.id, 1);
    const run = await start(a.tenant.id, { steps: [{ id: 'ask', kind: 'agent', agent_id: agent.id, input: 'hi' }] });
    const done = await waitFor(a.tenant.id, run.id, ['failed', 'succeeded']);
    expect(done.status).toBe('failed');
    expect(stepOf(done, 'ask')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'budget_exceeded' } });
  });

  it('answers an MCP tool call with the budget as the tool’s error text', async () => {
    const { a, agent } = await spentOrg(1);
    await recordSpend(env, a.tenant.id, agent.id, 1);
    const res = await SELF.fetch(`${BASE}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await apiKey(a)}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: `ask_${agent.slug}`, arguments: { message: 'hi' } } }),
    });
    const text = await res.text();
    const json = JSON.parse(text.startsWith('{') ? text : text.split('data: ')[1]!) as { result: { isError: boolean; content: { text: string }[] } };
    expect(json.result.isError).toBe(true);
    expect(json.result.content[0]!.text).toMatch(/monthly budget .* is spent/);
  });
});

describe('scopes and actions', () => {
  it('an agent’s budget refuses only that agent; an alert-only budget never refuses', async () => {
    const a = await signup();
    const spender = await createAgent(a, { name: 'Spender', model: 'edgent-test' });
    const other = await createAgent(a, { name: 'Other', model: 'edgent-test' });
    await budget(a, { scope: 'agent', agent_id: spender.id, limit_usd: 1, action: 'block' });
    await budget(a, { scope: 'tenant', limit_usd: 1, action: 'alert' });
    await recordSpend(env, a.tenant.id, spender.id, 3);
    const err = await expectError(await say(a, (await createSession(a, spender.id)).id), 402, 'budget_exceeded');
    expect(err.message).toContain('Spender');
    expect((await say(a, (await createSession(a, other.id)).id)).status).toBe(200);
  });

  it('raising, switching to alert or deleting a spent budget lets turns through at once', async () => {
    const { a, agent, budget: b } = await spentOrg(1);
    const session = await createSession(a, agent.id);
    await recordSpend(env, a.tenant.id, agent.id, 1.5);
    await expectError(await say(a, session.id), 402, 'budget_exceeded');
    expect((await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: { limit_usd: 2 }, as: a })).status).toBe(200);
    expect((await say(a, session.id)).status).toBe(200);
    expect((await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: { limit_usd: 1 }, as: a })).status).toBe(200);
    await expectError(await say(a, session.id), 402, 'budget_exceeded');
    expect((await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: { action: 'alert' }, as: a })).status).toBe(200);
    expect((await say(a, session.id)).status).toBe(200);
    expect((await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: { action: 'block' }, as: a })).status).toBe(200);
    await expectError(await say(a, session.id), 402, 'budget_exceeded');
    expect((await api(`/api/v1/budgets/${b.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await say(a, session.id)).status).toBe(200);
  });

  it('a budget made in another isolate takes effect here within FRESH_MS and one turn: the stale copy refreshes behind a turn', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Spender', model: 'edgent-test' });
    const now = Date.now();
    // This isolate learns that the tenant has no budget (and caches that).
    expect(await budgetRefusal(env, a.tenant.id, agent.id, now)).toBeNull();
    // Elsewhere: a blocking budget is made (its row, then the push to the meter) and spent.
    const id = `bud_${crypto.randomUUID().replace(/-/g, '').slice(0, 26)}`;
    await env.DB.prepare(
      "insert into budgets (id, tenant_id, scope, period, limit_usd, action, created_at, updated_at) values (?, ?, 'tenant', 'month', 1, 'block', ?, ?)",
    )
      .bind(id, a.tenant.id, now, now)
      .run();
    await meter(a.tenant.id).reload(null);
    await meter(a.tenant.id).record(agent.id, 2);
    expect(await budgetRefusal(env, a.tenant.id, agent.id, now + 1)).toBeNull();
    // Once the copy is stale, that turn still passes at once (no waiting), and refreshes it behind itself: the next
    // turn is refused.
    const later = now + BUDGET_CHECK.FRESH_MS + 1_000;
    expect(await budgetRefusal(env, a.tenant.id, agent.id, later)).toBeNull();
    await vi.waitFor(async () => expect(await budgetRefusal(env, a.tenant.id, agent.id, later)).toMatchObject({ status: 402 }), {
      timeout: 5_000,
      interval: 20,
    });
  });
});

describe('the crossing turn and the next one', () => {
  it('a check right after a turn ended waits for that turn’s spend to reach the meter, then refuses', async () => {
    const { a, agent } = await spentOrg(1);
    await recordSpend(env, a.tenant.id, agent.id, 0.9);
    expect(await budgetRefusal(env, a.tenant.id, agent.id)).toBeNull();
    // The crossing turn ended (reportTurn marks it synchronously) and its cost is still on its way.
    const ended = turnEnded(env, a.tenant.id, agent.id);
    const check = budgetRefusal(env, a.tenant.id, agent.id);
    const late = new Promise((r) => setTimeout(r, 30)).then(() => ended.record(0.2));
    expect(await check).toMatchObject({ status: 402, code: 'budget_exceeded' });
    await late;
    // A tenant without a blocking budget never waits for spend.
    const free = await signup();
    const pending = turnEnded(env, free.tenant.id, agent.id);
    const t0 = Date.now();
    expect(await budgetRefusal(env, free.tenant.id, agent.id)).toBeNull();
    expect(Date.now() - t0).toBeLessThan(BUDGET_CHECK.SETTLE_MS);
    await pending.record(null);
  });
});

/** A tenant whose model costs $0.001 a token (an override), with a blocking organization budget of $1 spent up to `spent`. */
async function priced(spent: number) {
  const a = await signup('Priced Co');
  const model = `priced-${crypto.randomUUID().slice(0, 8)}`;
  const price = await api(`/api/v1/model-prices/${model}`, { method: 'PUT', body: { input_per_mtok_usd: 1000, output_per_mtok_usd: 1000 }, as: a });
  expect(price.status).toBe(200);
  const agent = await createAgent(a, { name: 'Priced', model });
  const b = await budget(a, { scope: 'tenant', limit_usd: 1, action: 'block' });
  await recordSpend(env, a.tenant.id, agent.id, spent);
  return { a, agent, budget: b };
}

describe('crossing the limit with real turns', () => {
  it('the crossing turn finishes; the next one, sent as soon as the last event arrived, is refused (stream and JSON)', async () => {
    const { a, agent } = await priced(0.999);
    const session = await createSession(a, agent.id);
    const crossing = await say(a, session.id, '[[reply:The whole answer arrives]]', true);
    expect(crossing.status).toBe(200);
    const events = await readSse(crossing);
    expect(events.at(-1)).toMatchObject({ event: 'message.completed', data: { message: { content: 'The whole answer arrives' } } });
    await expectError(await say(a, session.id, 'next', true), 402, 'budget_exceeded');
    const s = (await meter(a.tenant.id).state()) as MeterState;
    expect(s.tenantSpent).toBeGreaterThan(1);

    const json = await priced(0.999);
    const other = await createSession(json.a, json.agent.id);
    const done = await say(json.a, other.id, '[[reply:Complete]]');
    expect(done.status).toBe(200);
    expect(((await done.json()) as { message: { content: string } }).message.content).toBe('Complete');
    await expectError(await say(json.a, other.id, 'next'), 402, 'budget_exceeded');
  });

  it('widget: the visitor’s crossing turn streams to its end; the next message gets the friendly refusal', async () => {
    const { a, agent } = await priced(0.999);
    const key = await createEmbedKey(a, agent.id, { allowed_origins: [SITE] });
    const visit = (await (await SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions`, { method: 'POST', headers: { origin: SITE } })).json()) as {
      session_id: string;
      token: string;
    };
    const send = (content: string) =>
      SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions/${visit.session_id}/messages`, {
        method: 'POST',
        headers: { origin: SITE, authorization: `Bearer ${visit.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content }),
      });
    const crossing = await send('[[reply:All of it]]');
    expect(crossing.status).toBe(200);
    const text = await crossing.text();
    expect(text).toContain('All of it');
    expect(text).not.toMatch(/event: error/);
    const err = await expectError(await send('more'), 402, 'budget_exceeded');
    expect(err.message).toBe('This assistant is not available right now. Please try again later.');
  });

  it('counts the crossing turn of another conversation of the tenant, and of stateless completions', async () => {
    const { a, agent } = await priced(0.999);
    const key = await apiKey(a);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const first = await SELF.fetch(`${BASE}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: agent.id, messages: [{ role: 'user', content: '[[reply:Done]]' }] }),
    });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('Done');
    const next = await SELF.fetch(`${BASE}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: agent.id, messages: [{ role: 'user', content: 'again' }] }),
    });
    expect(next.status).toBe(402);
    await expectError(await say(a, (await createSession(a, agent.id)).id), 402, 'budget_exceeded');
  });
});

describe('the meter', () => {
  it('rolls over at the month boundary (UTC): last month’s spend no longer counts', async () => {
    const { a, agent } = await spentOrg(1);
    const now = Date.now();
    await recordSpend(env, a.tenant.id, agent.id, 1.5, now);
    expect(await budgetRefusal(env, a.tenant.id, agent.id, now)).toMatchObject({ status: 402 });
    const next = nextMonthStart(now) + 1_000;
    expect(await budgetRefusal(env, a.tenant.id, agent.id, next)).toBeNull();
    const s = (await meter(a.tenant.id).state(next)) as MeterState;
    expect(s).toMatchObject({ periodStart: nextMonthStart(now), tenantSpent: 0, agentSpent: {} });
    expect(s.resetsAt).toBe(nextMonthStart(next));
  });

  it('keeps spend and budgets in its storage: a new instance over the same storage has them', async () => {
    const { a, agent, budget: b } = await spentOrg(10);
    await recordSpend(env, a.tenant.id, agent.id, 0.75);
    await recordSpend(env, a.tenant.id, agent.id, 0.5);
    const restarted = await runInDurableObject(meter(a.tenant.id), async (_o, state) => {
      const fresh = new BudgetMeter(state, env);
      return fresh.state();
    });
    expect(restarted).toMatchObject({ tenantSpent: 1.25, agentSpent: { [agent.id]: 1.25 } });
    expect(restarted.budgets.map((x) => x.id)).toEqual([b.id]);
  });

  it('records 50, 80 and 100 % once each and mails owners and admins, not members', async () => {
    const a = await signup('Alerting Co');
    const admin = await addPerson(a, 'admin');
    const member = await addPerson(a, 'member');
    const agent = await createAgent(a, { name: 'Spender', model: 'edgent-test' });
    const b = await budget(a, { scope: 'tenant', limit_usd: 10, action: 'alert' });
    const sent = async (to: string) =>
      ((await (await fetch(`${inject('emailApiUrl')}/sent?to=${encodeURIComponent(to)}`)).json()) as { data: { subject: string; text: string }[] }).data;
    const alerts = async () =>
      (await env.DB.prepare('select pct, emailed from budget_alerts where budget_id = ? order by pct').bind(b.id).all<{ pct: number; emailed: number }>())
        .results;
    await recordSpend(env, a.tenant.id, agent.id, 5.5);
    await vi.waitFor(async () => expect((await alerts()).map((r) => r.pct)).toEqual([50]), { timeout: 10_000, interval: 50 });
    await recordSpend(env, a.tenant.id, agent.id, 2.6);
    await recordSpend(env, a.tenant.id, agent.id, 2);
    await recordSpend(env, a.tenant.id, agent.id, 3);
    await vi.waitFor(async () => expect(await alerts()).toEqual([50, 80, 100].map((pct) => ({ pct, emailed: 1 }))), { timeout: 10_000, interval: 50 });
    await vi.waitFor(async () => expect((await sent(a.email)).map((m) => m.subject)).toHaveLength(3), { timeout: 10_000, interval: 50 });
    const mails = await sent(a.email);
    expect(mails.map((m) => m.subject.replace(/^.*?: /, ''))).toEqual([50, 80, 100].map((p) => `${p} % of the organization’s monthly budget used`));
    expect(mails[2]!.text).toContain('$10.10 of the organization’s monthly budget ($10.00)');
    expect(mails[2]!.text).toContain('/app/budgets');
    expect(await sent(admin.email)).toHaveLength(3);
    expect(await sent(member.email)).toHaveLength(0);
    // More spend in the same month: nothing new.
    await recordSpend(env, a.tenant.id, agent.id, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await alerts()).toHaveLength(3);
    expect(await sent(a.email)).toHaveLength(3);
  });
});

describe('the hot path', () => {
  it('reads no D1 for the budget check once warm, with budgets present', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Spender', model: 'edgent-test' });
    await budget(a, { scope: 'tenant', limit_usd: 100, action: 'block' });
    await budget(a, { scope: 'agent', agent_id: agent.id, limit_usd: 50, action: 'block' });
    const key = await apiKey(a);
    const session = await createSession(a, agent.id);
    const send = () =>
      SELF.fetch(`${BASE}/api/v1/sessions/${session.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'hello' }),
      });
    expect((await send()).status).toBe(200);
    // A fresh meter copy would be refreshed from the meter (an RPC, never D1): make the copy stale to cover that too.
    const fresh = BUDGET_CHECK.FRESH_MS;
    BUDGET_CHECK.FRESH_MS = 0;
    const proto = Object.getPrototypeOf(env.DB) as { prepare: (q: string) => unknown };
    const prepare = vi.spyOn(proto, 'prepare');
    try {
      // What the requests made, not the EVENTS queue consumer writing usage and the API log in batches meanwhile.
      const ours = () => prepare.mock.calls.map(([q]) => q).filter((q) => !/"(usage_events|api_requests)"|^update "chat_sessions"/.test(q));
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      expect(ours()).toEqual([]);
    } finally {
      prepare.mockRestore();
      BUDGET_CHECK.FRESH_MS = fresh;
    }
  });
});
