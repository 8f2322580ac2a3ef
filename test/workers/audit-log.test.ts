// Audit log (GET /api/v1/audit-log, services/audit-log.ts, queues/audit-events.ts): one entry per kind of change
// with its actor (user or API key), IP and before/after, written through the EVENTS queue; never a secret; filters,
// pages and CSV; admins only; two tenants; retention; every filter on an index.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { trimAuditLog } from '../../worker/db/audit-retention';
import { idFloor, newId } from '../../worker/db/ids';
import { tenantDb } from '../../worker/db/tenant-db';
import { sendAudit } from '../../worker/queues/audit-events';
import { parseAuditQuery } from '../../worker/services/audit-log';
import tasks from '../fixtures/openapi/tasks-3.1.json?raw';
import { type Account, type Caller, api, createAgent, expectError, post, postForm, sessionCookie, signup, uniqueEmail, uniqueIp } from './helpers';
import { addPerson } from './helpers/people';

type Entry = {
  id: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  resource: { type: string | null; id: string | null };
  changes?: Record<string, { before?: unknown; after?: unknown; changed?: true }>;
  ip?: string;
  created_at: string;
};

async function log(as: Caller, query = ''): Promise<{ data: Entry[]; next_cursor: string | null }> {
  const res = await api(`/api/v1/audit-log${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** Waits until the queue consumer wrote an entry matching `match` (entries arrive a moment after the change). */
async function entry(as: Caller, match: (e: Entry) => boolean, query = '?limit=100'): Promise<Entry> {
  let found: Entry | undefined;
  await vi.waitFor(
    async () => {
      found = (await log(as, query)).data.find(match);
      expect(found).toBeDefined();
    },
    { timeout: 10_000, interval: 100 },
  );
  return found!;
}

const on = (action: string, id?: string) => (e: Entry) => e.action === action && (id === undefined || e.resource.id === id);

async function keyFor(owner: Account, name: string, scopes: string[] = ['*']) {
  const res = await api('/api/v1/api-keys', { body: { name, scopes }, as: owner });
  expect(res.status).toBe(201);
  const k = (await res.json()) as { id: string; key: string };
  return { id: k.id, key: k.key, caller: { key: k.key, ip: '192.0.2.77' } as Caller };
}

describe('audit log: what is recorded', () => {
  it('records agent create, update (by an API key), version restore and delete with before/after and the IP', async () => {
    const a = await signup('Audit Agents', { name: 'Ada Owner' });
    const k = await keyFor(a, 'CI deploy key');
    const agent = await createAgent(a, { name: 'Support bot', instructions: 'Be kind.' });
    const created = await entry(a, on('agent.create', agent.id));
    expect(created.actor).toEqual({ type: 'user', id: a.user.id, name: 'Ada Owner' });
    expect(created.ip).toBe(a.ip);
    expect(created.changes).toMatchObject({ name: { after: 'Support bot' }, instructions: { after: 'Be kind.' } });
    expect(created.changes!.name).not.toHaveProperty('before');

    const res = await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Be brief.', temperature: 0.2 }, as: k.caller });
    expect(res.status).toBe(200);
    const updated = await entry(a, on('agent.update', agent.id));
    expect(updated.actor).toEqual({ type: 'api_key', id: k.id, name: 'CI deploy key' });
    expect(updated.ip).toBe('192.0.2.77');
    expect(updated.changes).toEqual({
      instructions: { before: 'Be kind.', after: 'Be brief.' },
      temperature: { before: null, after: 0.2 },
      version: { before: 1, after: 2 },
    });

    expect((await api(`/api/v1/agents/${agent.id}/versions/1/restore`, { method: 'POST', as: a })).status).toBe(200);
    const restored = await entry(a, on('agent.version_restore', agent.id));
    expect(restored.changes).toMatchObject({ instructions: { before: 'Be brief.', after: 'Be kind.' }, restored_from: { after: 1 }, version: { after: 3 } });

    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await entry(a, on('agent.delete', agent.id))).changes).toEqual({ name: { before: 'Support bot' } });
    // Sign-up itself: the organization and its starter agent.
    const org = await entry(a, on('organization.create', a.tenant.id));
    expect(org.changes).toEqual({ name: { after: 'Audit Agents' } });
    expect(org.ip).toBe(a.ip);
  });

  it('records tools (create, update, delete, OpenAPI import) and connections, where a secret is only "changed"', async () => {
    const a = await signup();
    const conn = await post(a, '/api/v1/connections', {
      name: 'Tasks API',
      kind: 'http',
      base_url: 'https://tasks.example.test/v1',
      auth: { type: 'bearer', secret: 'tsk-live-SECRET-99887766' },
    });
    const cCreate = await entry(a, on('connection.create', conn.id));
    expect(cCreate.changes).toMatchObject({
      name: { after: 'Tasks API' },
      kind: { after: 'http' },
      base_url: { after: 'https://tasks.example.test/v1' },
      auth_type: { after: 'bearer' },
      secret: { changed: true },
    });
    const patch = (body: unknown) => api(`/api/v1/connections/${conn.id}`, { method: 'PATCH', body, as: a });
    expect((await patch({ name: 'Tasks', base_url: 'https://tasks2.example.test/v1' })).status).toBe(200);
    const cUpdate = await entry(a, on('connection.update', conn.id));
    expect(cUpdate.changes).toEqual({
      name: { before: 'Tasks API', after: 'Tasks' },
      base_url: { before: 'https://tasks.example.test/v1', after: 'https://tasks2.example.test/v1' },
    });
    expect((await patch({ auth: { secret: 'tsk-live-ROTATED-11223344' } })).status).toBe(200);
    await entry(a, (e) => e.action === 'connection.update' && !!e.changes?.secret);
    const rotated = (await log(a, `?action=connection.update`)).data.find((e) => e.changes?.secret)!;
    expect(rotated.changes).toEqual({ secret: { changed: true } });

    const tool = await post(a, '/api/v1/tools', {
      name: 'list_tasks',
      description: 'List tasks',
      kind: 'http',
      parameters: { type: 'object', properties: {} },
      config: { method: 'GET', url: '/tasks' },
      connection_id: conn.id,
    });
    expect((await entry(a, on('tool.create', tool.id))).changes).toMatchObject({ name: { after: 'list_tasks' }, source: { after: 'api' } });
    expect((await api(`/api/v1/tools/${tool.id}`, { method: 'PATCH', body: { description: 'List open tasks' }, as: a })).status).toBe(200);
    expect((await entry(a, on('tool.update', tool.id))).changes).toEqual({ description: { before: 'List tasks', after: 'List open tasks' } });
    expect((await api(`/api/v1/tools/${tool.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await entry(a, on('tool.delete', tool.id))).changes).toMatchObject({ name: { before: 'list_tasks' } });

    const imported = await post(a, '/api/v1/tools/import/openapi', { spec: tasks, prefix: 'imp' });
    const first = imported.data[0];
    expect((await entry(a, on('tool.create', first.id))).changes).toMatchObject({ name: { after: first.name }, source: { after: 'openapi_import' } });

    expect((await api(`/api/v1/connections/${conn.id}?force=true`, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await entry(a, on('connection.delete', conn.id))).changes).toMatchObject({ name: { before: 'Tasks' } });
  });

  it('records API keys, embed keys, the organization rename and admin reset links, without the key or the link', async () => {
    const a = await signup();
    const k = await keyFor(a, 'Reporting', ['agents:read']);
    const kc = await entry(a, on('api_key.create', k.id));
    expect(kc.changes).toEqual({ name: { after: 'Reporting' }, scopes: { after: ['agents:read'] } });
    expect((await api(`/api/v1/api-keys/${k.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await entry(a, on('api_key.revoke', k.id))).changes).toEqual({ name: { before: 'Reporting' }, scopes: { before: ['agents:read'] } });

    const agent = await createAgent(a);
    const ek = await post(a, `/api/v1/agents/${agent.id}/embed-keys`, { name: 'Shop', allowed_origins: ['https://shop.example.com'] });
    expect((await entry(a, on('embed_key.create', ek.id))).changes).toMatchObject({
      name: { after: 'Shop' },
      allowed_origins: { after: ['https://shop.example.com'] },
    });
    const up = await api(`/api/v1/agents/${agent.id}/embed-keys/${ek.id}`, {
      method: 'PATCH',
      body: { allowed_origins: ['https://shop.example.com', 'https://blog.example.com'] },
      as: a,
    });
    expect(up.status).toBe(200);
    expect((await entry(a, on('embed_key.update', ek.id))).changes).toEqual({
      allowed_origins: { before: ['https://shop.example.com'], after: ['https://shop.example.com', 'https://blog.example.com'] },
    });
    expect((await api(`/api/v1/agents/${agent.id}/embed-keys/${ek.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await entry(a, on('embed_key.revoke', ek.id));

    expect((await postForm(a, '/app/settings/organization', { name: 'Renamed Co' })).status).toBe(303);
    expect((await entry(a, on('organization.rename', a.tenant.id))).changes).toEqual({ name: { before: 'Acme Inc', after: 'Renamed Co' } });

    const member = await addPerson(a, 'member', null);
    const res = await postForm(a, `/app/settings/members/${member.user.id}/reset-link`);
    expect(res.status).toBe(200);
    const link = /reset-password\?token=[A-Za-z0-9_%-]+/.exec(await res.text())![0];
    const made = await entry(a, on('user.password_reset_link', member.user.id));
    expect(made.actor.id).toBe(a.user.id);
    expect(JSON.stringify(made)).not.toContain(link.split('=')[1]);
  });

  it('records sign-ins, failed sign-ins of a known email in each of its organizations (never for an unknown one), logout', async () => {
    const a = await signup('First Org');
    const b = await signup('Second Org');
    // a's person also belongs to b's organization.
    await env.DB.prepare('insert into memberships (id, tenant_id, user_id, role, created_at) values (?, ?, ?, ?, ?)')
      .bind(newId('membership'), b.tenant.id, a.user.id, 'member', Date.now())
      .run();
    const ip = uniqueIp();
    const wrong = await api('/api/v1/auth/login', { body: { email: a.email, password: 'not the password' }, as: { ip } });
    expect(wrong.status).toBe(401);
    for (const owner of [a, b]) {
      const failed = await entry(owner, (e) => e.action === 'auth.login_failed' && e.ip === ip);
      expect(failed.actor).toMatchObject({ type: 'user', id: a.user.id });
      expect(failed.resource).toEqual({ type: 'user', id: a.user.id });
    }
    const unknownIp = uniqueIp();
    expect((await api('/api/v1/auth/login', { body: { email: uniqueEmail('ghost'), password: 'whatever 123' }, as: { ip: unknownIp } })).status).toBe(401);

    const okIp = uniqueIp();
    const ok = await api('/api/v1/auth/login', { body: { email: a.email, password: a.password }, as: { ip: okIp } });
    expect(ok.status).toBe(200);
    const signedIn = await entry(a, (e) => e.action === 'auth.login' && e.ip === okIp);
    expect(signedIn.actor.id).toBe(a.user.id);
    const session: Caller = { cookie: sessionCookie(ok), csrf: ((await ok.json()) as { csrf_token: string }).csrf_token, ip: okIp };
    expect((await api('/api/v1/auth/logout', { method: 'POST', as: session })).status).toBe(204);
    await entry(a, (e) => e.action === 'auth.logout' && e.ip === okIp);
    // The unknown email's attempt left nothing anywhere (the writes above came after it, through the same queue).
    const rows = await env.DB.prepare('select count(*) as n from audit_log where ip = ?').bind(unknownIp).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });
});

describe('audit log: large values', () => {
  it('records a change of 20,000-character instructions, cut to fit a queue message', async () => {
    const a = await signup();
    const agent = await createAgent(a, { instructions: 'a'.repeat(20_000) });
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'b'.repeat(20_000) }, as: a })).status).toBe(200);
    const e = await entry(a, on('agent.update', agent.id));
    expect(e.changes!.instructions!.before).toBe(`${'a'.repeat(8_000)}… (12000 more characters)`);
    expect(e.changes!.instructions!.after).toBe(`${'b'.repeat(8_000)}… (12000 more characters)`);
  });
});

describe('audit log: never a secret', () => {
  it('holds no connection secret, API key, reset token or password in any row or in the CSV', async () => {
    const a = await signup();
    const secrets = ['sk-live-NEVER-IN-AUDIT-4242', 'sk-live-ROTATED-NEVER-5353'];
    const conn = await post(a, '/api/v1/connections', { name: 'Vault', kind: 'openai', auth: { type: 'bearer', secret: secrets[0] } });
    await api(`/api/v1/connections/${conn.id}`, { method: 'PATCH', body: { auth: { secret: secrets[1] } }, as: a });
    const k = await keyFor(a, 'Leaky?');
    secrets.push(k.key);
    const member = await addPerson(a, 'viewer', null);
    const res = await postForm(a, `/app/settings/members/${member.user.id}/reset-link`);
    const token = decodeURIComponent(/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(await res.text())![1]!);
    secrets.push(token);
    const confirm = await api('/api/v1/auth/password-reset/confirm', { body: { token, password: 'a fresh password 77' }, as: { ip: uniqueIp() } });
    expect(confirm.status).toBe(204);
    secrets.push('a fresh password 77', a.password);
    await api('/api/v1/auth/login', { body: { email: a.email, password: 'wrong password 1' }, as: { ip: uniqueIp() } });
    await entry(a, on('user.password_reset', member.user.id));
    await entry(a, on('auth.login_failed'));
    await entry(a, on('api_key.create', k.id));

    const rows = JSON.stringify((await env.DB.prepare('select * from audit_log where tenant_id = ?').bind(a.tenant.id).all()).results);
    const json = JSON.stringify(await log(a, '?limit=100'));
    const csv = await (await api('/api/v1/audit-log', { as: a, headers: { accept: 'text/csv' } })).text();
    expect(rows).toContain('connection.update');
    for (const text of [rows, json, csv]) for (const s of secrets) expect(text).not.toContain(s);
    for (const text of [rows, json]) expect(text).not.toContain('sk-…');
  });
});

describe('audit log: reading it', () => {
  it('filters by actor, action (exact or prefix), resource type and dates, pages newest first, and names bad filters', async () => {
    const a = await signup();
    const k = await keyFor(a, 'Filter key');
    const one = await createAgent(a, { name: 'One' });
    const two = await createAgent(k.caller, { name: 'Two' });
    await post(a, '/api/v1/connections', { name: 'C', kind: 'http', base_url: 'https://c.example.test', auth: { type: 'none' } });
    await entry(a, on('connection.create'));
    await entry(a, on('agent.create', two.id));

    const byKey = await log(a, `?actor=${k.id}`);
    expect(byKey.data.map((e) => e.resource.id)).toEqual([two.id]);
    const agents = await log(a, '?action=agent.');
    expect(agents.data.map((e) => e.resource.id)).toEqual([two.id, one.id, expect.stringMatching(/^agt_/)]);
    expect((await log(a, '?action=agent.create&resource_type=agent')).data).toHaveLength(3);
    expect((await log(a, '?resource_type=connection')).data.map((e) => e.action)).toEqual(['connection.create']);
    expect((await log(a, '?action=agent.delete')).data).toEqual([]);

    const all = (await log(a, '?limit=100')).data;
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort().reverse());
    const p1 = await log(a, '?limit=2');
    expect(p1.data.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    const p2 = await log(a, `?limit=2&cursor=${p1.next_cursor}`);
    expect(p2.data.map((e) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));

    const today = new Date().toISOString().slice(0, 10);
    expect((await log(a, `?since=${today}&until=${today}&limit=100`)).data).toHaveLength(all.length);
    expect((await log(a, '?until=2020-01-01')).data).toEqual([]);
    expect((await log(a, `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).data).toEqual([]);

    for (const [query, field] of [
      ['?actor=bob', 'actor'],
      ['?action=DROP%20TABLE', 'action'],
      ['?resource_type=a-b', 'resource_type'],
      ['?since=yesterday', 'since'],
      ['?until=2026-13-45', 'until'],
      ['?since=2026-05-02&until=2026-05-01', 'until'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?cursor=nope', 'cursor'],
    ]) {
      const err = await expectError(await api(`/api/v1/audit-log${query}`, { as: a }), 400, 'validation_failed');
      expect(
        err.details!.map((d) => d.path),
        query,
      ).toContain(field);
    }
  });

  it('answers CSV with a header row, proper quoting and formula-safe cells, keeping the filters', async () => {
    const a = await signup('CSV Org', { name: '=HYPERLINK("http://evil.test","x")' });
    const k = await keyFor(a, '+SUM(1,2), "quoted"');
    await createAgent(k.caller, { name: '@agent, with "quotes"\nand a line' });
    await entry(a, (e) => e.action === 'agent.create' && e.actor.type === 'api_key');
    const res = await api('/api/v1/audit-log?action=agent.', { as: a, headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('created_at,actor_type,actor_id,actor_name,action,resource_type,resource_id,ip,changes');
    expect(text).toContain(`api_key,${k.id},"'+SUM(1,2), ""quoted""",agent.create,agent,`);
    expect(text).toContain(`user,${a.user.id},"'=HYPERLINK(""http://evil.test"",""x"")",agent.create`);
    // Inside the JSON of `changes`, itself one quoted cell: JSON escapes, then CSV doubles the quotes.
    expect(text).toContain('@agent, with \\""quotes\\""\\nand a line');
    expect(text).not.toMatch(/(^|,)[=+@-]/m);
    expect(text.split('\r\n').filter((l) => l.includes('agent.create'))).toHaveLength(2); // Hello World and the key's agent
    const link = await api('/api/v1/audit-log?format=csv&resource_type=organization', { as: a });
    expect(link.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = (await link.text()).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/,organization\.create,organization,ten_/);
  });

  it('names an actor deleted since by id (a revoked key keeps its name)', async () => {
    const a = await signup();
    const k = await keyFor(a, 'Soon revoked');
    const agent = await createAgent(k.caller);
    const member = await addPerson(a, 'member', 'Gone Soon');
    const byMember = await createAgent(member, { name: 'By member' });
    await entry(a, on('agent.create', byMember.id));
    await api(`/api/v1/api-keys/${k.id}`, { method: 'DELETE', as: a });
    await env.DB.prepare('delete from users where id = ?').bind(member.user.id).run();
    const entries = (await log(a, '?action=agent.create')).data;
    expect(entries.find((e) => e.resource.id === agent.id)!.actor).toEqual({ type: 'api_key', id: k.id, name: 'Soon revoked' });
    expect(entries.find((e) => e.resource.id === byMember.id)!.actor).toEqual({ type: 'user', id: member.user.id, name: null });
  });

  it('is for admins and owners: a member or viewer gets 403 naming audit:read, a key needs the audit:read scope', async () => {
    const a = await signup();
    const admin = await addPerson(a, 'admin', null);
    expect((await api('/api/v1/audit-log', { as: admin })).status).toBe(200);
    for (const role of ['member', 'viewer'] as const) {
      const who = await addPerson(a, role, null);
      const err = await expectError(await api('/api/v1/audit-log', { as: who }), 403, 'forbidden');
      expect(err.details).toEqual([{ path: 'permission', message: 'audit:read' }]);
      expect((await api('/api/v1/audit-log', { as: who, headers: { accept: 'text/csv' } })).status).toBe(403);
    }
    const narrow = await keyFor(a, 'Agents only', ['agents:read']);
    expect((await expectError(await api('/api/v1/audit-log', { as: narrow.caller }), 403)).details).toEqual([{ path: 'scope', message: 'audit:read' }]);
    const scoped = await keyFor(a, 'Auditor', ['audit:read']);
    expect((await api('/api/v1/audit-log', { as: scoped.caller })).status).toBe(200);
    expect((await api('/api/v1/audit-log')).status).toBe(401);
  });

  it('keeps tenants apart: B never sees A’s entries, even filtering by A’s actor', async () => {
    const a = await signup('Tenant A');
    const b = await signup('Tenant B');
    const agent = await createAgent(a, { name: 'A secret project' });
    await entry(a, on('agent.create', agent.id));
    const seen = JSON.stringify(await log(b, '?limit=100'));
    expect(seen).not.toContain(agent.id);
    expect(seen).not.toContain(a.user.id);
    expect(seen).not.toContain('A secret project');
    expect((await log(b, `?actor=${a.user.id}`)).data).toEqual([]);
    const csv = await (await api('/api/v1/audit-log', { as: b, headers: { accept: 'text/csv' } })).text();
    expect(csv).not.toContain(agent.id);
  });
});

describe('audit log: storage', () => {
  it('trims entries older than a year and keeps the rest', async () => {
    const a = await signup();
    const old = Date.now() - 400 * 86_400_000;
    const oldId = newId('audit', old);
    await env.DB.prepare("insert into audit_log (id, tenant_id, actor_type, actor_id, action, created_at) values (?, ?, 'user', ?, 'agent.update', ?)")
      .bind(oldId, a.tenant.id, a.user.id, old)
      .run();
    await entry(a, on('organization.create'));
    expect(await trimAuditLog(env)).toBeGreaterThanOrEqual(1);
    const ids = (await env.DB.prepare('select id from audit_log where tenant_id = ?').bind(a.tenant.id).all<{ id: string }>()).results.map((r) => r.id);
    expect(ids).not.toContain(oldId);
    expect(ids.length).toBeGreaterThan(0);
    expect(idFloor('audit', old) <= oldId).toBe(true);
  });

  it('answers every filter from an index that leads with tenant_id', async () => {
    const db = tenantDb(env, 'ten_00000000000000000000000000');
    for (const query of [
      '',
      '?actor=usr_00000000000000000000000a',
      '?action=agent.update',
      '?action=agent.',
      '?resource_type=connection',
      '?since=2026-01-01&until=2026-02-01',
      '?actor=key_00000000000000000000000a&action=agent.',
    ]) {
      const q = parseAuditQuery(Object.fromEntries(new URLSearchParams(query)));
      const { sql, params } = db.audit.query(q.filter, q.page).toSQL();
      const plan = (
        await env.DB.prepare(`explain query plan ${sql}`)
          .bind(...params)
          .all<{ detail: string }>()
      ).results.map((r) => r.detail);
      expect(plan.join(' | '), query).toMatch(/USING (COVERING )?INDEX audit_log_tenant_/);
      expect(plan.join(' | '), query).not.toMatch(/SCAN audit_log(?! USING)/);
    }
  });
});

describe('audit log: the write path', () => {
  it('writes an event sent to the EVENTS queue, with any secret-named field redacted on the way', async () => {
    const a = await signup();
    const pending: Promise<unknown>[] = [];
    sendAudit(env, (p) => pending.push(p), {
      tenant_id: a.tenant.id,
      actor: { type: 'user', id: a.user.id },
      action: 'connection.update',
      resource: { type: 'connection', id: 'con_00000000000000000000000q' },
      changes: { name: { before: 'x', after: 'y' }, api_key: { before: 'sk-OLD-LEAK-1', after: 'sk-NEW-LEAK-2' }, secret: { changed: true } },
      ip: '192.0.2.5',
      at: Date.now(),
    });
    await Promise.all(pending);
    const e = await entry(a, on('connection.update', 'con_00000000000000000000000q'));
    expect(e.changes).toEqual({ name: { before: 'x', after: 'y' }, api_key: { before: '[redacted]', after: '[redacted]' }, secret: { changed: true } });
    expect(e.ip).toBe('192.0.2.5');
  });
});
