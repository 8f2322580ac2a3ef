// Lists and counts that answer for the whole organization, not for its newest page of rows: the dashboard's
// numbers, who uses a tool, the Agents page's pages, the chat sidebar's count and /v1/models.
import { DEFAULT_ATTACHMENTS } from '../../worker/knowledge/chat-file-settings';
import { env } from 'cloudflare:test';
import type { BatchItem } from 'drizzle-orm/batch';
import { beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../worker/db/client';
import { newId } from '../../worker/db/ids';
import { tenantDb } from '../../worker/db/tenant-db';
import { type Account, api, apiKey, getPage, helloWorld, signup } from './helpers';

const SEEDED = 120;
const system = { type: 'system' as const, id: null };

/** Inserts `n` agents in one batch, oldest first (ids follow `start`), each with the given tools. */
async function seedAgents(a: Account, n: number, start: number, toolIds: string[] = []) {
  const repo = tenantDb(env, a.tenant.id).agents;
  const config = {
    description: null,
    instructions: 'Be brief.',
    model: 'gpt-4o-mini',
    connectionId: null,
    temperature: null,
    maxSteps: 5,
    toolIds,
    callableAgentIds: [],
    knowledgeBaseIds: [],
    knowledgeRetrieval: 'tool' as const,
    variables: {},
    runtime: 'edge' as const,
    attachments: DEFAULT_ATTACHMENTS,
  };
  const stmts = Array.from(
    { length: n },
    (_, i) => repo.createStatements({ ...config, name: `Seeded ${start + i}` }, `seeded-${start + i}`, system, start + i).stmts,
  ).flat();
  await database(env).batch(stmts as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}

describe('whole-organization lists', () => {
  let a: Account;
  let toolId: string;
  const base = Date.now() - 3_600_000;

  beforeAll(async () => {
    a = await signup('Many Agents Co');
    const tool = await api('/api/v1/tools', {
      body: {
        name: 'lookup',
        description: 'Look something up',
        kind: 'http',
        parameters: { type: 'object', properties: {} },
        config: { method: 'GET', url: 'https://example.com/lookup' },
      },
      as: a,
    });
    expect(tool.status).toBe(201);
    toolId = ((await tool.json()) as { id: string }).id;
    // The oldest seeded agent uses the tool; more than a hundred newer ones come after it.
    await seedAgents(a, 1, base - 1000, [toolId]);
    await seedAgents(a, SEEDED - 1, base);
  });

  it('counts every agent on the dashboard, not the newest hundred', async () => {
    const html = await (await getPage(a, '/app/stats', { htmx: true })).text();
    const total = SEEDED + 1; // and Hello World
    expect(html).toMatch(new RegExp(`Agents</p><p class="stat-value">${total}<`));
    expect(html).toContain(`${total} ready to chat`);
  });

  it('names the agents that use a tool, however old they are', async () => {
    const html = await (await getPage(a, `/app/tools/${toolId}`)).text();
    expect(html).toContain(`Seeded ${base - 1000}</a>`);
  });

  it('pages through every agent on the Agents page', async () => {
    const seen = new Set<string>();
    let path: string | null = '/app/agents';
    for (let i = 0; i < 5 && path; i++) {
      const html = await (await getPage(a, path)).text();
      for (const m of html.matchAll(/class="row-link" href="\/app\/agents\/([^"]+)"/g)) seen.add(m[1]!);
      const next = /href="(\/app\/agents\?cursor=[^"]+)">More agents/.exec(html);
      path = next ? next[1]!.replace(/&amp;/g, '&') : null;
    }
    expect(seen.size).toBe(SEEDED + 1);
    expect(seen.has((await helloWorld(a)).id)).toBe(true);
  });

  it('keeps the filters on the next page of agents', async () => {
    const html = await (await getPage(a, '/app/agents?q=Seeded&runtime=edge')).text();
    expect(html).toMatch(/href="\/app\/agents\?q=Seeded&amp;runtime=edge&amp;cursor=[^"]+">More agents/);
  });

  it('counts all of an agent’s conversations in the chat sidebar and links to the rest', async () => {
    const hello = await helloWorld(a);
    const sessions = tenantDb(env, a.tenant.id).sessions;
    for (let i = 0; i < 55; i++) await sessions.create({ id: newId('session'), agentId: hello.id, agentVersion: hello.version, metadata: {}, createdBy: null });
    const total = (await sessions.list({ limit: 100, cursor: null }, hello.id)).length;
    expect(total).toBeGreaterThan(50);
    const html = await (await getPage(a, `/app/agents/${hello.id}/chat`)).text();
    expect(html).toContain(`<span class="badge">${total}</span>`);
    expect(html).toContain(`href="/app/agents/${hello.id}/sessions">All ${total} conversations</a>`);
    expect(html.match(/class="chat-session"/g)).toHaveLength(50);
  });
});

describe('/v1/models past a thousand agents', () => {
  it('lists every agent, where it used to stop after ten pages of a hundred', async () => {
    const a = await signup('Huge Catalog Co');
    const start = Date.now() - 7_200_000;
    for (let i = 0; i < 1000; i += 250) await seedAgents(a, 250, start + i);
    const key = await apiKey(a, ['agents:read']);
    const res = await api('/v1/models', { as: { key } });
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { data: { agent_id: string }[] }).data.map((m) => m.agent_id);
    expect(new Set(ids).size).toBe(1001); // and Hello World
  });
});
