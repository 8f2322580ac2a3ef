// Pages show each role what it may do (the permission table, through the layout's `can`): a viewer reads and
// chats but finds no button that would only answer 403; a member builds; keys are for admins and owners.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../worker/env';
import { type Account, type Agent, api, createAgent, createConnection, createEmbedKey, createTool, getPage, login, signup } from './helpers';

let owner: Account;
let agent: Agent;
let toolId: string;
const as = {} as Record<Role, Account>;

async function join(tenantId: string, role: Role): Promise<Account> {
  const person = await signup(`Pages ${role}`);
  await env.DB.prepare('UPDATE memberships SET tenant_id = ?, role = ? WHERE user_id = ?').bind(tenantId, role, person.user.id).run();
  return { ...person, ...(await login(person)) } as Account;
}

beforeAll(async () => {
  owner = await signup('Pages by role');
  agent = await createAgent(owner, { name: 'Shared helper' });
  expect((await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Version two.' }, as: owner })).status).toBe(200);
  const connection = await createConnection(owner);
  toolId = (await createTool(owner, { connection_id: connection.id, config: { method: 'GET', url: '/ping' } })).id;
  await createEmbedKey(owner, agent.id, { allowed_origins: ['https://shop.example.com'] });
  as.owner = owner;
  for (const role of ['admin', 'member', 'viewer'] as const) as[role] = await join(owner.tenant.id, role);
});

const html = async (who: Account, path: string) => {
  const res = await getPage(who, path);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('what each role is offered', () => {
  it('agents: members and above see “New agent”, a viewer does not', async () => {
    for (const role of ['owner', 'admin', 'member'] as const) expect(await html(as[role], '/app/agents'), role).toContain('href="/app/agents/new"');
    for (const path of ['/app/agents', '/app']) expect(await html(as.viewer, path)).not.toContain('href="/app/agents/new"');
  });

  it('the builder: a viewer gets a read-only form with no save and no delete, and keeps the chat', async () => {
    const path = `/app/agents/${agent.id}`;
    const member = await html(as.member, path);
    expect(member).toContain('Save version');
    expect(member).toContain(`${path}/delete`);
    const viewer = await html(as.viewer, path);
    expect(viewer).toContain('Read only');
    expect(viewer).toMatch(/<fieldset class="plain-fieldset" disabled/);
    expect(viewer).not.toContain('Save version');
    expect(viewer).not.toContain(`${path}/delete`);
    expect(viewer).toContain(`${path}/chat`);
  });

  it('tools, connections, versions and embed: no change control for a viewer', async () => {
    const tools = await html(as.viewer, '/app/tools');
    expect(tools).not.toContain('href="/app/tools/new"');
    expect(tools).not.toContain('href="/app/tools/import"');
    expect(await html(as.member, '/app/tools')).toContain('href="/app/tools/new"');
    const tool = await html(as.viewer, `/app/tools/${toolId}`);
    expect(tool).not.toContain(`/app/tools/${toolId}/delete`);
    expect(tool).not.toContain(`/app/tools/${toolId}/try`);
    const conns = await html(as.viewer, '/app/connections');
    expect(conns).not.toContain('href="/app/connections/new"');
    expect(conns).not.toMatch(/\/app\/connections\/[^"]+\/(delete|test)/);
    expect(await html(as.member, '/app/connections')).toContain('href="/app/connections/new"');
    expect(await html(as.member, `/app/agents/${agent.id}/versions?v=1`)).toMatch(/\/versions\/1\/restore/);
    expect(await html(as.viewer, `/app/agents/${agent.id}/versions?v=1`)).not.toMatch(/\/versions\/\d+\/restore/);
    const embed = await html(as.viewer, `/app/agents/${agent.id}/embed`);
    expect(embed).toMatch(/<fieldset class="plain-fieldset" disabled/);
    expect(embed).not.toContain('Revoke this key');
    expect(await html(as.member, `/app/agents/${agent.id}/embed`)).toContain('Revoke this key');
  });

  it('developers: keys and their log for admins and owners; members get the snippets and who to ask', async () => {
    for (const role of ['owner', 'admin'] as const) {
      const page = await html(as[role], '/app/developers');
      expect(page, role).toContain('action="/app/developers/api-keys"');
      expect(page, role).toContain('Recent API requests');
    }
    const member = await html(as.member, '/app/developers');
    expect(member).not.toContain('action="/app/developers/api-keys"');
    expect(member).not.toContain('Recent API requests');
    expect(member).toContain('ask one of them for a key');
  });
});

describe('the docs', () => {
  it('render the permission table itself: one row per action, a mark per role', async () => {
    const page = await (await getPage(null, '/docs')).text();
    expect(page).toContain('Roles and permissions');
    const row = (action: string) => new RegExp(`<tr>\\s*<td><code>${action}</code></td>.*?</tr>`, 's').exec(page)?.[0] ?? '';
    expect(row('members:write').match(/✓/g)).toHaveLength(2);
    expect(row('agents:write').match(/✓/g)).toHaveLength(3);
    expect(row('sessions:write').match(/✓/g)).toHaveLength(4);
    expect(row('organization:delete').match(/✓/g)).toHaveLength(1);
  });
});
