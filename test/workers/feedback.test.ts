// Feedback on answers (API.md "Analytics, cost and feedback"): one rating per answer, replaced or cleared, only on an
// assistant message of that conversation, and counted in the usage rollups exactly (in the answered turn's row).
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { ROLLUP_GRAINS } from '../../worker/db/rollup-grains';
import { tenantDb } from '../../worker/db/tenant-db';
import { versionSatisfaction } from '../../worker/services/satisfaction';
import { type Account, api, apiKey, createAgent, createSession, expectError, getPage, signup } from './helpers';
import { addPerson } from './helpers/people';

const json = async (res: Response) => (await res.json()) as any;

/** A conversation with one answered turn: its user message and answer ids. */
async function answered(a: Account, agentId?: string) {
  const agent = agentId ?? (await createAgent(a, { name: 'Rated', instructions: 'Be brief.' })).id;
  const s = await createSession(a, agent);
  const res = await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[reply:Forty-two]]' }, as: a });
  expect(res.status).toBe(200);
  const messages = (await json(await api(`/api/v1/sessions/${s.id}/messages`, { as: a }))).data as { id: string; role: string }[];
  return { agentId: agent, sessionId: s.id, userId: messages.find((m) => m.role === 'user')!.id, answerId: messages.find((m) => m.role === 'assistant')!.id };
}

const rate = (as: Account | { key: string }, sessionId: string, messageId: string, body: unknown) =>
  api(`/api/v1/sessions/${sessionId}/messages/${messageId}/feedback`, { body, as });
const unrate = (as: Account, sessionId: string, messageId: string) =>
  api(`/api/v1/sessions/${sessionId}/messages/${messageId}/feedback`, { method: 'DELETE', as });

const stored = (tenantId: string) =>
  env.DB.prepare('select message_id, rating, comment, source, agent_version from message_feedback where tenant_id = ?').bind(tenantId).all<any>();

/** Thumbs in the rollups, per grain, and in message_feedback: they must always agree. */
async function counts(tenantId: string) {
  const sum = (grain: string) =>
    env.DB.prepare('select coalesce(sum(feedback_up), 0) as up, coalesce(sum(feedback_down), 0) as down from usage_rollups where tenant_id = ? and grain = ?')
      .bind(tenantId, grain)
      .first<{ up: number; down: number }>();
  const rows = (await stored(tenantId)).results;
  return {
    ...Object.fromEntries(await Promise.all(ROLLUP_GRAINS.map(async ({ grain }) => [grain, await sum(grain)]))),
    feedback: { up: rows.filter((r) => r.rating === 'up').length, down: rows.filter((r) => r.rating === 'down').length },
  };
}
/** Every grain, full and collapsed (rollup-grains.ts), counts the thumbs message_feedback holds. */
const agree = async (tenantId: string, up: number, down: number) =>
  expect(await counts(tenantId)).toEqual({ ...Object.fromEntries(ROLLUP_GRAINS.map(({ grain }) => [grain, { up, down }])), feedback: { up, down } });

const usageRow = (tenantId: string, sessionId: string) =>
  vi.waitFor(
    async () => {
      const row = await env.DB.prepare('select * from usage_events where tenant_id = ? and session_id = ?').bind(tenantId, sessionId).first<any>();
      expect(row).toBeTruthy();
      return row;
    },
    { timeout: 15_000, interval: 100 },
  );

describe('feedback on an answer', () => {
  it('stores a rating (204), shows it in the message list and replaces it with a new one', async () => {
    const a = await signup();
    const t = await answered(a);
    expect((await rate(a, t.sessionId, t.answerId, { rating: 'up' })).status).toBe(204);
    let list = (await json(await api(`/api/v1/sessions/${t.sessionId}/messages`, { as: a }))).data;
    expect(list.find((m: any) => m.id === t.answerId).feedback).toEqual({ rating: 'up', comment: null });
    expect(list.find((m: any) => m.id === t.userId).feedback).toBeUndefined();
    expect((await rate(a, t.sessionId, t.answerId, { rating: 'down', comment: '  Wrong number  ' })).status).toBe(204);
    list = (await json(await api(`/api/v1/sessions/${t.sessionId}/messages`, { as: a }))).data;
    expect(list.find((m: any) => m.id === t.answerId).feedback).toEqual({ rating: 'down', comment: 'Wrong number' });
    expect((await stored(a.tenant.id)).results).toEqual([{ message_id: t.answerId, rating: 'down', comment: 'Wrong number', source: 'app', agent_version: 1 }]);
    await agree(a.tenant.id, 0, 1);
  });

  it('clears a rating with DELETE (204, also when there is none) and takes its count back', async () => {
    const a = await signup();
    const t = await answered(a);
    await rate(a, t.sessionId, t.answerId, { rating: 'up' });
    await agree(a.tenant.id, 1, 0);
    expect((await unrate(a, t.sessionId, t.answerId)).status).toBe(204);
    expect((await unrate(a, t.sessionId, t.answerId)).status).toBe(204);
    await agree(a.tenant.id, 0, 0);
    const list = (await json(await api(`/api/v1/sessions/${t.sessionId}/messages`, { as: a }))).data;
    expect(list.find((m: any) => m.id === t.answerId).feedback).toBeNull();
  });

  it('counts repeated identical ratings once and keeps rollups equal to the ratings through changes', async () => {
    const a = await signup();
    const t1 = await answered(a);
    const t2 = await answered(a, t1.agentId);
    for (let i = 0; i < 3; i++) expect((await rate(a, t1.sessionId, t1.answerId, { rating: 'up' })).status).toBe(204);
    await agree(a.tenant.id, 1, 0);
    await Promise.all([rate(a, t2.sessionId, t2.answerId, { rating: 'down' }), rate(a, t2.sessionId, t2.answerId, { rating: 'down' })]);
    await agree(a.tenant.id, 1, 1);
    await rate(a, t1.sessionId, t1.answerId, { rating: 'down' });
    await agree(a.tenant.id, 0, 2);
    await unrate(a, t2.sessionId, t2.answerId);
    await agree(a.tenant.id, 0, 1);
  });

  it("counts in the answered turn's rollup row, or the rating's own hour until that row exists, and moves it there", async () => {
    const a = await signup();
    const key = await apiKey(a);
    const t = await answered(a);
    const usage = await usageRow(a.tenant.id, t.sessionId);
    // As if the EVENTS consumer had not written the turn yet: the rating counts under the agent and version alone.
    await env.DB.prepare('delete from usage_events where id = ?').bind(usage.id).run();
    await rate({ key }, t.sessionId, t.answerId, { rating: 'up' });
    const rows = () =>
      env.DB.prepare(
        "select grain, model, source, feedback_up as up, feedback_down as down from usage_rollups where tenant_id = ? and agent_id = ? and grain in ('hour', 'day') order by grain, model",
      )
        .bind(a.tenant.id, t.agentId)
        .all<any>();
    expect((await rows()).results.filter((r) => r.up || r.down)).toEqual([
      { grain: 'day', model: '', source: '', up: 1, down: 0 },
      { grain: 'hour', model: '', source: '', up: 1, down: 0 },
    ]);
    expect((await stored(a.tenant.id)).results[0].source).toBe('api');
    // The turn's row arrives; a changed rating moves its count to the turn's keys (model, source).
    await env.DB.prepare(
      'insert into usage_events (id, tenant_id, agent_id, agent_version, session_id, turn_id, model, input_tokens, output_tokens, latency_ms, steps, status, source, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
    )
      .bind(usage.id, a.tenant.id, t.agentId, 1, t.sessionId, usage.turn_id, usage.model, 1, 1, 5, 1, 'completed', usage.source, usage.created_at)
      .run();
    await rate(a, t.sessionId, t.answerId, { rating: 'down' });
    const after = (await rows()).results.filter((r) => r.up || r.down);
    expect(after).toEqual([
      { grain: 'day', model: usage.model, source: usage.source, up: 0, down: 1 },
      { grain: 'hour', model: usage.model, source: usage.source, up: 0, down: 1 },
    ]);
    // The same rows the EVENTS consumer counted the turn in, in every grain (full and collapsed).
    const turns = await env.DB.prepare('select grain, turns from usage_rollups where tenant_id = ? and feedback_down = 1 order by grain')
      .bind(a.tenant.id)
      .all<any>();
    expect(turns.results).toEqual(ROLLUP_GRAINS.map(({ grain }) => ({ grain, turns: 1 })).sort((x, y) => (x.grain < y.grain ? -1 : 1)));
    const hour = await env.DB.prepare("select bucket from usage_rollups where tenant_id = ? and grain = 'hour' and feedback_down = 1")
      .bind(a.tenant.id)
      .first<any>();
    expect(hour.bucket).toBe(usage.created_at - (usage.created_at % 3_600_000));
  });

  it('refuses a user message (400), an unknown message or conversation (404) and bad input (400)', async () => {
    const a = await signup();
    const t = await answered(a);
    await expectError(await rate(a, t.sessionId, t.userId, { rating: 'up' }), 400, 'validation_failed');
    await expectError(await rate(a, t.sessionId, 'msg_000000000000000000000000', { rating: 'up' }), 404, 'not_found');
    await expectError(await rate(a, t.sessionId, 'nope', { rating: 'up' }), 404, 'not_found');
    await expectError(await rate(a, 'ses_000000000000000000000000', t.answerId, { rating: 'up' }), 404, 'not_found');
    await expectError(await rate(a, t.sessionId, t.answerId, { rating: 'meh' }), 400, 'validation_failed');
    await expectError(await rate(a, t.sessionId, t.answerId, { rating: 'up', comment: 'x'.repeat(2001) }), 400, 'validation_failed');
    await expectError(await unrate(a, t.sessionId, t.userId), 400, 'validation_failed');
    // An answer of another conversation of the same tenant is not this conversation's.
    const other = await answered(a, t.agentId);
    await expectError(await rate(a, t.sessionId, other.answerId, { rating: 'up' }), 404, 'not_found');
    expect((await stored(a.tenant.id)).results).toEqual([]);
  });

  it("answers 404 for another tenant's answer and leaves it unrated", async () => {
    const a = await signup();
    const b = await signup('Other Inc');
    const t = await answered(a);
    await expectError(await rate(b, t.sessionId, t.answerId, { rating: 'down' }), 404, 'not_found');
    await expectError(await unrate(b, t.sessionId, t.answerId), 404, 'not_found');
    await rate(a, t.sessionId, t.answerId, { rating: 'up' });
    await expectError(await unrate(b, t.sessionId, t.answerId), 404, 'not_found');
    expect((await stored(a.tenant.id)).results.map((r) => r.rating)).toEqual(['up']);
    expect((await stored(b.tenant.id)).results).toEqual([]);
  });

  it("answers 404 for an answer of an agent hidden from the caller (someone else's private agent)", async () => {
    const owner = await signup();
    const [creator, other] = await Promise.all([addPerson(owner, 'member'), addPerson(owner, 'member')]);
    const secret = await createAgent(creator, { name: 'Secret', instructions: 'x', visibility: 'private' });
    const t = await answered(creator, secret.id);
    await expectError(await rate(other, t.sessionId, t.answerId, { rating: 'up' }), 404, 'not_found');
    expect((await rate(creator, t.sessionId, t.answerId, { rating: 'up' })).status).toBe(204);
    expect((await rate(owner, t.sessionId, t.answerId, { rating: 'down' })).status).toBe(204);
  });

  it('needs sessions:write: a viewer (who may chat) may rate, a read-only key is refused (403)', async () => {
    const owner = await signup();
    const t = await answered(owner);
    const viewer = await addPerson(owner, 'viewer');
    expect((await rate(viewer, t.sessionId, t.answerId, { rating: 'up' })).status).toBe(204);
    const readOnly = await apiKey(owner, ['sessions:read']);
    await expectError(await rate({ key: readOnly }, t.sessionId, t.answerId, { rating: 'up' }), 403);
  });
});

describe('satisfaction per version', () => {
  it('counts thumbs per agent version from the rollups and shows them on the versions page', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Versioned', instructions: 'v1' });
    const v1 = [await answered(a, agent.id), await answered(a, agent.id), await answered(a, agent.id)];
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'v2' }, as: a });
    const v2 = await answered(a, agent.id);
    await rate(a, v1[0]!.sessionId, v1[0]!.answerId, { rating: 'up' });
    await rate(a, v1[1]!.sessionId, v1[1]!.answerId, { rating: 'up' });
    await rate(a, v1[2]!.sessionId, v1[2]!.answerId, { rating: 'down' });
    await rate(a, v2.sessionId, v2.answerId, { rating: 'down' });
    const day = 86_400_000;
    const to = Date.now() - (Date.now() % day) + day;
    const rows = await versionSatisfaction(env, tenantDb(env, a.tenant.id), { from: to - 7 * day, to, agentId: agent.id });
    expect(rows.map(({ agent_version, up, down }) => ({ agent_version, up, down }))).toEqual([
      { agent_version: 2, up: 0, down: 1 },
      { agent_version: 1, up: 2, down: 1 },
    ]);
    // An hour range reads the hour rows and gives the same counts.
    const hourly = await versionSatisfaction(env, tenantDb(env, a.tenant.id), {
      from: Date.now() - 2 * 3_600_000,
      to: Date.now() + 3_600_000,
      agentId: agent.id,
    });
    expect(hourly.map((r) => [r.agent_version, r.up, r.down])).toEqual([
      [2, 0, 1],
      [1, 2, 1],
    ]);
    const other = await signup();
    expect(await versionSatisfaction(env, tenantDb(env, other.tenant.id), { from: to - 7 * day, to, agentId: agent.id })).toEqual([]);
    const html = await (await getPage(a, `/app/agents/${agent.id}/versions`)).text();
    expect(html).toContain('Satisfaction: 67 % of 3');
    expect(html).toContain('Satisfaction: 0 % of 1');
  });
});
