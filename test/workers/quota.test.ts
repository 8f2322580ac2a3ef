// Plan quotas at work (issue 17 §2): an organization given a low messages limit (operator endpoint) gets N turns, then
// 402 quota_exceeded on every surface, with nothing sent upstream for a refused turn (the LLM fixture's request log);
// another organization is untouched; billingChanged takes effect at once; the period rolls over; workflow runs are
// counted at start; count limits refuse at creation (API and page); 80 % mails the owners once.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { quotaRefusal } from '../../worker/services/quota';
import { meterState } from '../../worker/services/budget-check';
import { startRun } from '../../worker/services/workflow-runs';
import type { WorkflowDefinition } from '../../worker/schemas/workflows';
import { addPerson } from './helpers/people';
import { start, stepOf, waitFor } from './helpers/runs';
import {
  type Account,
  BASE,
  api,
  apiKey,
  createAgent,
  createEmbedKey,
  createSession,
  expectError,
  getPage,
  invite,
  postForm,
  signup,
  uniqueEmail,
} from './helpers';

const SITE = 'https://quota.example.com';
const OPERATOR = { authorization: `Bearer ${(env as unknown as { OPERATOR_TOKEN: string }).OPERATOR_TOKEN}`, 'content-type': 'application/json' };
const LLM_ORIGIN = new URL(inject('llmUrl')).origin;

async function setLimits(a: Account, limits: Record<string, number | null> | null) {
  const r = await SELF.fetch(`${BASE}/operator/v1/tenants/${a.tenant.id}/limits`, { method: 'PUT', headers: OPERATOR, body: JSON.stringify({ limits }) });
  expect(r.status).toBe(200);
}

/** How many model calls carried `marker` (the fixture's request log). */
async function upstreamCalls(marker: string): Promise<number> {
  const r = await fetch(`${LLM_ORIGIN}/_control/requests?contains=${encodeURIComponent(marker)}`);
  return ((await r.json()) as { data: unknown[] }).data.length;
}

const marker = () => `q${crypto.randomUUID().slice(0, 12)}`;
const say = (a: Account, sessionId: string, content: string, stream = false) =>
  api(`/api/v1/sessions/${sessionId}/messages`, { body: { content, stream }, as: a });

async function limitedOrg(limits: Record<string, number | null>, name = 'Quota Co') {
  const a = await signup(name);
  const agent = await createAgent(a, { name: 'Counter', model: 'edgent-test' });
  await setLimits(a, limits);
  return { a, agent };
}

describe('a reached monthly messages limit', () => {
  it('lets N turns through, refuses turn N+1 with 402 naming the limit, the plan, the reset and the upgrade page; the upstream got N calls', async () => {
    const { a, agent } = await limitedOrg({ messages: 3 });
    const other = await signup('Other Co');
    const otherAgent = await createAgent(other, { name: 'Free', model: 'edgent-test' });
    const m = marker();
    const session = await createSession(a, agent.id);
    for (let i = 0; i < 3; i++) expect((await say(a, session.id, `${m} turn ${i}`)).status).toBe(200);
    const res = await say(a, session.id, `${m} turn 3`);
    const err = await expectError(res, 402, 'quota_exceeded');
    expect(err.message).toContain('Free plan');
    expect(err.message).toContain('3 messages this billing period');
    expect(err.message).toContain('Upgrade at /app/billing');
    expect(err.message).toMatch(/resets on \d{4}-\d\d-01 00:00 UTC/);
    expect(err.details).toEqual([{ path: 'messages', message: err.message }]);
    await expectError(await say(a, session.id, `${m} stream`, true), 402, 'quota_exceeded');
    expect(await upstreamCalls(m)).toBe(3);
    // Another organization is not touched by this one's limit.
    expect((await say(other, (await createSession(other, otherAgent.id)).id, `${m} other`)).status).toBe(200);
  });

  it('takes a change of limits (billingChanged) at once, and starts again in a new period', async () => {
    const { a, agent } = await limitedOrg({ messages: 1 });
    const session = await createSession(a, agent.id);
    const m = marker();
    expect((await say(a, session.id, `${m} a`)).status).toBe(200);
    await expectError(await say(a, session.id, `${m} b`), 402, 'quota_exceeded');
    await setLimits(a, { messages: 2 });
    expect((await say(a, session.id, `${m} c`)).status).toBe(200);
    await expectError(await say(a, session.id, `${m} d`), 402, 'quota_exceeded');
    await setLimits(a, null);
    expect((await say(a, session.id, `${m} e`)).status).toBe(200);
    await setLimits(a, { messages: 1 });
    expect(await quotaRefusal(env, a.tenant.id, agent.id)).toMatchObject({ code: 'quota_exceeded', limit: 'messages' });
    // Next month (Free: the calendar month) usage starts from D1 again, where the hour rollups hold nothing then.
    const d = new Date();
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 2);
    expect(await quotaRefusal(env, a.tenant.id, agent.id, nextMonth)).toBeNull();
  });

  it('refuses the OpenAI-compatible API in OpenAI’s error shape, and Responses (stateless and stored)', async () => {
    const { a, agent } = await limitedOrg({ messages: 1 });
    const key = await apiKey(a);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const m = marker();
    const completion = (stream = false) =>
      SELF.fetch(`${BASE}/v1/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: agent.id, stream, messages: [{ role: 'user', content: `${m} hi` }] }),
      });
    expect((await completion()).status).toBe(200);
    const refused = await completion();
    expect(refused.status).toBe(402);
    const body = (await refused.json()) as { error: { code: string; type: string; message: string } };
    expect(body.error).toMatchObject({ code: 'quota_exceeded', type: 'invalid_request_error' });
    expect(body.error.message).toContain('/app/billing');
    expect((await completion(true)).status).toBe(402);
    for (const store of [false, true]) {
      const r = await SELF.fetch(`${BASE}/v1/responses`, { method: 'POST', headers, body: JSON.stringify({ model: agent.id, input: `${m} r`, store }) });
      expect(r.status, `store: ${store}`).toBe(402);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('quota_exceeded');
    }
    expect(await upstreamCalls(m)).toBe(1);
  });

  it('shows widget and share-link visitors the “not available” message, never the plan', async () => {
    const { a, agent } = await limitedOrg({ messages: 0 });
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'link' }, as: a });
    const key = await createEmbedKey(a, agent.id, { allowed_origins: [SITE] });
    const started = await SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions`, { method: 'POST', headers: { origin: SITE } });
    const visit = (await started.json()) as { session_id: string; token: string };
    const m = marker();
    const res = await SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions/${visit.session_id}/messages`, {
      method: 'POST',
      headers: { origin: SITE, authorization: `Bearer ${visit.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: `${m} hi` }),
    });
    const err = await expectError(res, 402, 'quota_exceeded');
    expect(err.message).toBe('This assistant is not available right now. Please try again later.');
    const link = (await (await api(`/api/v1/agents/${agent.id}/share-link`, { as: a })).json()) as { url: string };
    const token = new URL(link.url).pathname.slice(3);
    const shared = (await (await SELF.fetch(`${BASE}/s/${token}/api/sessions`, { method: 'POST' })).json()) as { session_id: string; token: string };
    const viaLink = await SELF.fetch(`${BASE}/s/${token}/api/sessions/${shared.session_id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shared.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: `${m} link` }),
    });
    expect((await expectError(viaLink, 402, 'quota_exceeded')).message).not.toMatch(/plan|billing/i);
    expect(await upstreamCalls(m)).toBe(0);
  });

  it('answers an MCP tool call with the limit as the tool’s error, and fails a workflow agent step without retries', async () => {
    const { a, agent } = await limitedOrg({ messages: 0 });
    const res = await SELF.fetch(`${BASE}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await apiKey(a)}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: `ask_${agent.slug}`, arguments: { message: 'hi' } } }),
    });
    const text = await res.text();
    const json = JSON.parse(text.startsWith('{') ? text : text.split('data: ')[1]!) as { result: { isError: boolean; content: { text: string }[] } };
    expect(json.result.isError).toBe(true);
    expect(json.result.content[0]!.text).toMatch(/limit of 0 messages/);
    const run = await start(a.tenant.id, { steps: [{ id: 'ask', kind: 'agent', agent_id: agent.id, input: 'hi' }] });
    const done = await waitFor(a.tenant.id, run.id, ['failed', 'succeeded']);
    expect(stepOf(done, 'ask')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'quota_exceeded' } });
  });

  it('counts workflow runs at start and refuses one past the limit with 402', async () => {
    const { a } = await limitedOrg({ workflow_runs: 2 });
    const def = { steps: [{ id: 'x', kind: 'transform', expression: '1' }] };
    await start(a.tenant.id, def);
    await start(a.tenant.id, def);
    await expect(start(a.tenant.id, def)).rejects.toMatchObject({ code: 'quota_exceeded', details: [{ path: 'workflow_runs' }] });
  });

  it('does not count a replayed start (same idempotency key, or a run id that exists) against the runs limit', async () => {
    const { a } = await limitedOrg({ workflow_runs: 2 });
    const def = { steps: [{ id: 'x', kind: 'transform', expression: '1' }] };
    const workflowId = `wfl_${String(Date.now()).padStart(10, '0')}replay00000000`;
    const first = await start(a.tenant.id, def, {}, { idempotencyKey: 'k1', workflowId });
    for (let i = 0; i < 3; i++) expect((await start(a.tenant.id, def, {}, { idempotencyKey: 'k1', workflowId })).id).toBe(first.id);
    const again = await startRun(env, {
      tenantId: a.tenant.id,
      runId: first.id,
      workflow: { id: workflowId, version: 1, definition: { inputs: {}, ...def } as unknown as WorkflowDefinition },
      inputs: {},
      trigger: { kind: 'test', id: null },
      createdBy: null,
    });
    expect(again.id).toBe(first.id);
    // One run counted: a second, different run still starts; the third is refused.
    await start(a.tenant.id, def);
    await expect(start(a.tenant.id, def)).rejects.toMatchObject({ code: 'quota_exceeded', details: [{ path: 'workflow_runs' }] });
    expect((await meterState(env, a.tenant.id))!.quota.used.workflow_runs).toBe(2);
  });
});

describe('pages', () => {
  it('the chat page and the builder’s test panel show the limit, and the upstream gets nothing for a refused turn', async () => {
    const { a, agent } = await limitedOrg({ messages: 1 });
    const m = marker();
    const session = await createSession(a, agent.id);
    const chat = (content: string) => postForm(a, `/app/sessions/${session.id}/messages`, { content }, { sse: true });
    const first = await chat(`${m} first`);
    expect(first.status).toBe(200);
    // Read the first turn to its end: a second message while it is still running is refused as busy.
    expect(await first.text()).toContain('data:');
    const refused = await (await chat(`${m} second`)).text();
    // The owner can act: a real link to the Billing page.
    expect(refused).toMatch(/<a href="\/app\/billing"[^>]*>Upgrade at \/app\/billing<\/a>/);
    // A member cannot: no link, told to ask an owner.
    const member = await addPerson(a, 'member');
    const theirs = await createSession(member, agent.id);
    const memberSaw = await (await postForm(member, `/app/sessions/${theirs.id}/messages`, { content: `${m} member` }, { sse: true })).text();
    expect(memberSaw).toContain('limit of 1 messages');
    expect(memberSaw).toContain('Ask an owner of this organization to upgrade the plan.');
    expect(memberSaw).not.toContain('href="/app/billing"');
    const panel = await postForm(
      a,
      `/app/agents/${agent.id}/test`,
      {
        name: 'Draft',
        description: '',
        instructions: 'Hi',
        model: 'edgent-test',
        connection_id: '',
        temperature: '',
        max_steps: '4',
        runtime: 'edge',
        test_session: '',
        test_message: `${m} panel`,
      },
      { sse: true },
    );
    expect(await panel.text()).toMatch(/<a href="\/app\/billing"[^>]*>Upgrade at \/app\/billing<\/a>/);
    expect(await upstreamCalls(m)).toBe(1);
  });
});

describe('count limits at creation', () => {
  it('refuses an agent past the limit through the API (402 naming it) and shows the message on the page', async () => {
    const { a } = await limitedOrg({ agents: 1 });
    const err = await expectError(await api('/api/v1/agents', { body: { name: 'Second', model: 'edgent-test' }, as: a }), 402, 'quota_exceeded');
    expect(err.details?.[0]?.path).toBe('agents');
    expect(err.message).toContain('1 agents');
    const page = await postForm(a, '/app/agents/new', { name: 'Second', model: 'edgent-test', instructions: 'Hi' });
    expect(page.status).toBeLessThan(500);
    expect(await page.text()).toContain('Upgrade at /app/billing');
    const b = await signup('Roomy Co');
    await createAgent(b, { name: 'One', model: 'edgent-test' });
    await createAgent(b, { name: 'Two', model: 'edgent-test' });
  });

  it('refuses an embed key past the limit (API and page) and an invitation past the seats', async () => {
    const { a, agent } = await limitedOrg({ embed_keys: 1, seats: 2 });
    await createEmbedKey(a, agent.id, { allowed_origins: [SITE] });
    const err = await expectError(await api(`/api/v1/agents/${agent.id}/embed-keys`, { body: { allowed_origins: [SITE] }, as: a }), 402, 'quota_exceeded');
    expect(err.details?.[0]?.path).toBe('embed_keys');
    const page = await postForm(a, `/app/agents/${agent.id}/embed/keys`, { name: 'Two', allowed_origins: SITE });
    expect(await page.text()).toContain('Upgrade at /app/billing');
    await invite(a, 'member');
    const seats = await expectError(await api('/api/v1/invitations', { body: { email: uniqueEmail('x'), role: 'member' }, as: a }), 402, 'quota_exceeded');
    expect(seats.details?.[0]?.path).toBe('seats');
  });
});

describe('warnings', () => {
  it('mails the owners once when 80 % of a limit is used', async () => {
    const { a, agent } = await limitedOrg({ messages: 5 });
    const session = await createSession(a, agent.id);
    const sent = async () =>
      (
        (await (await fetch(`${inject('emailApiUrl')}/sent?to=${encodeURIComponent(a.email)}`)).json()) as { data: { subject: string; text: string }[] }
      ).data.filter((m) => m.subject.includes('messages used'));
    for (let i = 0; i < 4; i++) expect((await say(a, session.id, `w${i}`)).status).toBe(200);
    await vi.waitFor(async () => expect(await sent()).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect((await sent())[0]!.subject).toContain('80 % of this period’s messages used');
    expect((await sent())[0]!.text).toContain('/app/billing');
    // The banner: owners and admins see it on app pages (linking to billing), members do not.
    const page = await (await getPage(a, '/app')).text();
    expect(page).toContain('data-quota-banner');
    expect(page).toContain('80 % of the 5 messages of its Free plan');
    expect(page).toContain('href="/app/billing"');
    const member = await addPerson(a, 'member');
    expect(await (await getPage(member, '/app')).text()).not.toContain('data-quota-banner');
    expect((await say(a, session.id, 'w4')).status).toBe(200);
    await expectError(await say(a, session.id, 'w5'), 402, 'quota_exceeded');
    expect(await sent()).toHaveLength(1);
    expect(await (await getPage(a, '/app/agents')).text()).toContain('used all 5 messages');
  });
});
