// Conversation search (GET /api/v1/sessions?q=&feedback=): the FTS5 index the EVENTS consumer fills from every stored
// turn, scoped to the tenant and the agents the caller may see, safe against FTS syntax, ranked, highlighted, gone
// with a deleted conversation and after 30 days.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { trimSearchIndex } from '../../worker/db/search-writer';
import { ftsQuery } from '../../worker/services/conversation-search';
import { type Account, api, createAgent, createSession, expectError, getPage, signup } from './helpers';
import { addPerson } from './helpers/people';
import { deliver } from './helpers/usage-events';

const json = async (res: Response) => (await res.json()) as any;

/** A conversation with one turn: the user says `said`, the agent answers `answer`; waits until both are indexed. */
async function talk(a: Account, said: string, answer: string, agentId?: string) {
  const agent = agentId ?? (await createAgent(a, { name: 'Searchable', instructions: 'x' })).id;
  const s = await createSession(a, agent);
  const res = await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: `${said} [[reply:${answer}]]` }, as: a });
  expect(res.status).toBe(200);
  await vi.waitFor(
    async () => {
      const n = await env.DB.prepare('select count(*) as n from search_entries where tenant_id = ? and session_id = ?')
        .bind(a.tenant.id, s.id)
        .first<{ n: number }>();
      expect(n?.n).toBe(2);
    },
    { timeout: 15_000, interval: 100 },
  );
  const messages = (await json(await api(`/api/v1/sessions/${s.id}/messages`, { as: a }))).data;
  return { sessionId: s.id, agentId: agent, userId: messages[0].id as string, answerId: messages[1].id as string };
}

const search = async (a: Account, query: string) => {
  const res = await api(`/api/v1/sessions?${query}`, { as: a });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { data: any[]; next_cursor: string | null };
};
const found = async (a: Account, q: string, extra = '') => (await search(a, `q=${encodeURIComponent(q)}${extra}`)).data.map((s) => s.id);

describe('conversation search', () => {
  it('finds conversations by the words of questions and answers, with the best match highlighted and escaped', async () => {
    const a = await signup();
    const t = await talk(a, 'How long is the refund window?', 'Refunds take <b>thirty</b> days & more.');
    const body = await search(a, 'q=thirty');
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ id: t.sessionId, agent_id: t.agentId, match: { message_id: t.answerId, role: 'assistant' } });
    expect(body.data[0].match.snippet).toBe('Refunds take &lt;b&gt;<mark>thirty</mark>&lt;/b&gt; days &amp; more.');
    expect((await search(a, 'q=window')).data[0].match).toMatchObject({ message_id: t.userId, role: 'user' });
    // The last word is a prefix (search as you type); earlier words are whole words.
    expect(await found(a, 'refund wind')).toEqual([t.sessionId]);
    expect(await found(a, 'wind refund')).toEqual([]);
    expect(await found(a, 'zebra')).toEqual([]);
  });

  it('ranks the conversation that matches best first (bm25)', async () => {
    const a = await signup();
    const weak = await talk(
      a,
      'a question about invoices and many other unrelated things today',
      'Sure, here is a long answer that talks about several topics.',
    );
    const strong = await talk(a, 'invoice invoices', 'Invoices: invoices are sent monthly.');
    expect(await found(a, 'invoices')).toEqual([strong.sessionId, weak.sessionId]);
  });

  it('treats FTS syntax as plain words: quotes, *, NEAR, -, column filters and unicode never break or widen a search', async () => {
    const a = await signup();
    const t = await talk(a, 'Le café est prêt', 'NEAR the station, not far');
    for (const q of [
      '"',
      '""',
      '*',
      '"café',
      'café"*',
      'NEAR(café prêt)',
      '-café',
      'text:café',
      '^café',
      'café OR zebra',
      'café AND',
      '(',
      ')',
      "'",
      '\\',
      '🙂',
      '   ',
    ])
      await search(a, `q=${encodeURIComponent(q)}`);
    expect(await found(a, 'cafe')).toEqual([t.sessionId]);
    expect(await found(a, 'CAFÉ')).toEqual([t.sessionId]);
    expect(await found(a, '"café"')).toEqual([t.sessionId]);
    expect(await found(a, 'near station')).toEqual([t.sessionId]);
    // OR is a word here, not an operator: nothing says "or zebra".
    expect(await found(a, 'café OR zebra')).toEqual([]);
    expect(await found(a, '-café')).toEqual([t.sessionId]);
    expect(await found(a, 'tenant_id:x')).toEqual([]);
    expect(ftsQuery('a "b" NEAR(c*) -d')).toBe('"a" "b" "NEAR" "c" "d"*');
    expect(ftsQuery('*** "" --')).toBeNull();
    await expectError(await api(`/api/v1/sessions?q=${'x'.repeat(201)}`, { as: a }), 400, 'validation_failed');
  });

  it("never shows another tenant's conversations, nor those of an agent hidden from the caller", async () => {
    const a = await signup();
    const b = await signup('Other Inc');
    const ta = await talk(a, 'pineapple pizza', 'Pineapple belongs.');
    const tb = await talk(b, 'pineapple pizza', 'Pineapple does not belong.');
    expect(await found(a, 'pineapple')).toEqual([ta.sessionId]);
    expect(await found(b, 'pineapple')).toEqual([tb.sessionId]);
    expect(await found(b, 'pineapple', `&agent_id=${ta.agentId}`)).toEqual([]);
    const creator = await addPerson(a, 'member');
    const other = await addPerson(a, 'member');
    const secret = await createAgent(creator, { name: 'Secret', instructions: 'x', visibility: 'private' });
    const hidden = await talk(creator, 'pineapple secrets', 'Hidden pineapple.', secret.id);
    expect((await found(other, 'pineapple')).sort()).toEqual([ta.sessionId]);
    expect((await found(creator, 'pineapple')).sort()).toEqual([ta.sessionId, hidden.sessionId].sort());
  });

  it('filters by feedback (up, down, any, none), with or without words', async () => {
    const a = await signup();
    const agent = (await createAgent(a, { name: 'Rated', instructions: 'x' })).id;
    const [up, down, none] = [await talk(a, 'mango one', 'ok', agent), await talk(a, 'mango two', 'ok', agent), await talk(a, 'mango three', 'ok', agent)];
    const rate = (t: typeof up, rating: string) => api(`/api/v1/sessions/${t.sessionId}/messages/${t.answerId}/feedback`, { body: { rating }, as: a });
    expect((await rate(up, 'up')).status).toBe(204);
    expect((await rate(down, 'down')).status).toBe(204);
    expect(await found(a, 'mango', '&feedback=up')).toEqual([up.sessionId]);
    expect(await found(a, 'mango', '&feedback=down')).toEqual([down.sessionId]);
    expect((await found(a, 'mango', '&feedback=any')).sort()).toEqual([up.sessionId, down.sessionId].sort());
    expect(await found(a, 'mango', '&feedback=none')).toEqual([none.sessionId]);
    const list = async (f: string) => (await search(a, `agent_id=${agent}&feedback=${f}`)).data.map((s) => s.id);
    expect(await list('up')).toEqual([up.sessionId]);
    expect(await list('none')).toEqual([none.sessionId]);
    await expectError(await api('/api/v1/sessions?feedback=meh', { as: a }), 400, 'validation_failed');
  });

  it('indexes each message once: duplicates in a batch, redelivered batches and batches larger than one write', async () => {
    const a = await signup();
    const agent = (await createAgent(a, { name: 'Bulk', instructions: 'x' })).id;
    const s = await createSession(a, agent);
    const at = Date.now();
    const event = (from: number, n: number) => ({
      type: 'search',
      tenant_id: a.tenant.id,
      session_id: s.id,
      agent_id: agent,
      messages: Array.from({ length: n }, (_, i) => ({
        id: `msg_bulk${from + i}`,
        role: i % 2 ? 'assistant' : 'user',
        text: `word${from + i} pelican`,
        at: at + from + i,
      })),
    });
    // 260 messages (more than one write's 200), the first event twice in the same batch.
    const batch = [event(0, 2), event(0, 2), ...Array.from({ length: 13 }, (_, i) => event(2 + i * 20, 20)), event(262, 1)];
    await deliver(batch);
    await deliver(batch);
    const count = async (sql: string) => (await env.DB.prepare(sql).bind(a.tenant.id).first<{ n: number }>())!.n;
    expect(await count('select count(*) n from search_entries where tenant_id = ?')).toBe(263);
    expect(await count('select count(*) n from message_search where tenant_id = ?')).toBe(263);
    expect(await found(a, 'word261')).toEqual([s.id]);
    expect(await found(a, 'word0')).toEqual([s.id]);
    expect((await search(a, 'q=pelican')).data).toHaveLength(1);
  });

  it('pages ranked results with an offset cursor', async () => {
    const a = await signup();
    const agent = (await createAgent(a, { name: 'Paged', instructions: 'x' })).id;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await talk(a, `kiwi number ${i}`, 'ok', agent)).sessionId);
    const first = await search(a, 'q=kiwi&limit=2');
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).toBeTruthy();
    const second = await search(a, `q=kiwi&limit=2&cursor=${first.next_cursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    expect([...first.data, ...second.data].map((s) => s.id).sort()).toEqual(ids.sort());
  });

  it('forgets a deleted conversation at once, and everything after 30 days', async () => {
    const a = await signup();
    const gone = await talk(a, 'papaya gone', 'ok');
    const kept = await talk(a, 'papaya kept', 'ok');
    expect((await api(`/api/v1/sessions/${gone.sessionId}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await found(a, 'papaya')).toEqual([kept.sessionId]);
    const left = await env.DB.prepare('select count(*) as n from search_entries where tenant_id = ? and session_id = ?')
      .bind(a.tenant.id, gone.sessionId)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    expect(await trimSearchIndex(env, Date.now() + 29 * 86_400_000)).toBe(0);
    expect(await found(a, 'papaya')).toEqual([kept.sessionId]);
    expect(await trimSearchIndex(env, Date.now() + 31 * 86_400_000)).toBeGreaterThanOrEqual(2);
    expect(await found(a, 'papaya')).toEqual([]);
    const text = await env.DB.prepare('select count(*) as n from message_search where tenant_id = ?').bind(a.tenant.id).first<{ n: number }>();
    expect(text?.n).toBe(0);
  });

  it("searches on the agent's Conversations page: highlighted, escaped snippets linking to the message, and a feedback filter", async () => {
    const a = await signup();
    const agent = (await createAgent(a, { name: 'Paged search', instructions: 'x' })).id;
    const hit = await talk(a, 'where is my <parcel>?', 'Your parcel ships Monday.', agent);
    const miss = await talk(a, 'something else', 'ok', agent);
    const html = await (await getPage(a, `/app/agents/${agent}/sessions?q=parcel`)).text();
    expect(html).toContain('name="q"');
    expect(html).toContain(`href="/app/sessions/${hit.sessionId}#msg-${hit.userId}"`);
    expect(html).toContain('where is my &lt;<mark>parcel</mark>&gt;?');
    expect(html).not.toContain(`/app/sessions/${miss.sessionId}`);
    await api(`/api/v1/sessions/${miss.sessionId}/messages/${miss.answerId}/feedback`, { body: { rating: 'down' }, as: a });
    const down = await (await getPage(a, `/app/agents/${agent}/sessions?feedback=down`, { htmx: true })).text();
    expect(down).toContain(`/app/sessions/${miss.sessionId}`);
    expect(down).not.toContain(`/app/sessions/${hit.sessionId}`);
    const none = await (await getPage(a, `/app/agents/${agent}/sessions?feedback=none&q=parcel`, { htmx: true })).text();
    expect(none).toContain(`/app/sessions/${hit.sessionId}`);
    const other = await signup('Other Inc');
    expect((await getPage(other, `/app/agents/${agent}/sessions?q=parcel`)).status).toBe(404);
  });

  it('searches across agents on the Logs page, with or without JavaScript, scoped to the tenant', async () => {
    const a = await signup();
    const one = await talk(a, 'tell me about walruses', 'Walruses are large.');
    const two = await talk(a, 'and seals?', 'Seals and walruses differ.');
    const page = await (await getPage(a, '/app/logs?q=walrus')).text();
    expect(page).toContain('Search conversations');
    expect(page).toContain(`/app/sessions/${one.sessionId}#msg-`);
    expect(page).toContain(`/app/sessions/${two.sessionId}#msg-${two.answerId}`);
    expect(page).toContain('<mark>Walruses</mark>');
    const fragment = await (await getPage(a, `/app/logs/conversations?q=walrus&agent=${two.agentId}`, { htmx: true })).text();
    expect(fragment).toContain(`/app/sessions/${two.sessionId}`);
    expect(fragment).not.toContain(`/app/sessions/${one.sessionId}`);
    await api(`/api/v1/sessions/${one.sessionId}/messages/${one.answerId}/feedback`, { body: { rating: 'up' }, as: a });
    const up = await (await getPage(a, '/app/logs/conversations?feedback=up', { htmx: true })).text();
    expect(up).toContain(`/app/sessions/${one.sessionId}`);
    expect(up).not.toContain(`/app/sessions/${two.sessionId}`);
    expect(await (await getPage(a, '/app/logs')).text()).not.toContain('id="conversation-results"><ul');
    const other = await signup('Other Inc');
    const theirs = await (await getPage(other, '/app/logs/conversations?q=walrus', { htmx: true })).text();
    expect(theirs).toContain('No conversations match');
  });
});
