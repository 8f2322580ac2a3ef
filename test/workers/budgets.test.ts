// Budgets API (API.md, Analytics, cost and feedback): create, list with this month's spend, read, change, delete;
// validation, audit entries, two tenants and the role matrix.
import { describe, expect, it } from 'vitest';
import { addPerson, keyOf } from './helpers/people';
import { type Account, api, apiKey, auditRow, createAgent, expectError, post, signup } from './helpers';
import { recordSpend } from '../../worker/services/budget-check';
import { env } from 'cloudflare:test';

type Budget = {
  id: string;
  scope: string;
  agent_id: string | null;
  limit_usd: number;
  action: string;
  spent_usd: number;
  reached_pct: number;
  period_start: string;
};

const create = (a: Account, body: Record<string, unknown>) => post<Budget>(a, '/api/v1/budgets', body);

describe('budgets API', () => {
  it('creates organization and agent budgets, lists them with this month’s spend, changes and deletes them', async () => {
    const a = await signup('Budget Co');
    const agent = await createAgent(a, { name: 'Spender' });
    const org = await create(a, { scope: 'tenant', limit_usd: 10, action: 'block' });
    const per = await create(a, { scope: 'agent', agent_id: agent.id, limit_usd: 2, action: 'alert' });
    expect(org).toMatchObject({ scope: 'tenant', agent_id: null, period: 'month', limit_usd: 10, action: 'block', spent_usd: 0, reached_pct: 0 });
    expect(org.id).toMatch(/^bud_/);
    const now = new Date();
    expect(org.period_start).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString());
    expect(per).toMatchObject({ scope: 'agent', agent_id: agent.id, limit_usd: 2, action: 'alert' });

    await recordSpend(env, a.tenant.id, agent.id, 1.7);
    const list = (await (await api('/api/v1/budgets', { as: a })).json()) as { data: Budget[]; next_cursor: null };
    expect(list.next_cursor).toBeNull();
    expect(list.data.map((b) => [b.id, b.spent_usd, b.reached_pct])).toEqual([
      [org.id, 1.7, 0],
      [per.id, 1.7, 80],
    ]);

    const patched = await api(`/api/v1/budgets/${org.id}`, { method: 'PATCH', body: { limit_usd: 3 }, as: a });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id: org.id, limit_usd: 3, action: 'block', spent_usd: 1.7, reached_pct: 50 });
    expect(await (await api(`/api/v1/budgets/${per.id}`, { as: a })).json()).toMatchObject({ id: per.id, spent_usd: 1.7 });

    expect((await api(`/api/v1/budgets/${per.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/budgets/${per.id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/budgets/${per.id}`, { method: 'DELETE', as: a }), 404, 'not_found');

    const created = await auditRow(a.tenant.id, 'budget.create', org.id);
    expect(created.actor_id).toBe(a.user.id);
    expect(JSON.parse((await auditRow(a.tenant.id, 'budget.update', org.id)).data!)).toMatchObject({ changes: { limit_usd: { before: 10, after: 3 } } });
    expect(JSON.parse((await auditRow(a.tenant.id, 'budget.delete', per.id)).data!)).toMatchObject({ changes: { agent_id: { before: agent.id } } });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const a = await signup();
    const other = await signup();
    const theirs = await createAgent(other);
    const cases: [Record<string, unknown>, string][] = [
      [{ scope: 'agent', limit_usd: 5, action: 'block' }, 'agent_id'],
      [{ scope: 'tenant', agent_id: theirs.id, limit_usd: 5, action: 'block' }, 'agent_id'],
      [{ scope: 'agent', agent_id: theirs.id, limit_usd: 5, action: 'block' }, 'agent_id'],
      [{ scope: 'agent', agent_id: 'agt_nope', limit_usd: 5, action: 'block' }, 'agent_id'],
      [{ scope: 'tenant', limit_usd: -1, action: 'block' }, 'limit_usd'],
      [{ scope: 'tenant', limit_usd: 0, action: 'block' }, 'limit_usd'],
      [{ scope: 'tenant', limit_usd: 5, action: 'stop' }, 'action'],
      [{ scope: 'team', limit_usd: 5, action: 'alert' }, 'scope'],
      [{ scope: 'tenant', limit_usd: 5, action: 'alert', period: 'week' }, 'period'],
    ];
    for (const [body, path] of cases) {
      const res = await api('/api/v1/budgets', { body, as: a });
      const err = await expectError(res, 400, 'validation_failed');
      expect(JSON.stringify(err), JSON.stringify(body)).toContain(`"path":"${path}"`);
    }
    const b = await create(a, { scope: 'tenant', limit_usd: 5, action: 'alert' });
    await expectError(await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: {}, as: a }), 400, 'validation_failed');
    await expectError(await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: { scope: 'agent' }, as: a }), 400, 'validation_failed');
    await expectError(await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: { limit_usd: 'ten' }, as: a }), 400, 'validation_failed');
  });

  it('keeps tenants apart: another tenant’s budget is a 404 on every route and absent from its list', async () => {
    const a = await signup('Tenant A');
    const b = await signup('Tenant B');
    const mine = await create(a, { scope: 'tenant', limit_usd: 5, action: 'block' });
    await create(b, { scope: 'tenant', limit_usd: 7, action: 'alert' });
    await expectError(await api(`/api/v1/budgets/${mine.id}`, { as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/budgets/${mine.id}`, { method: 'PATCH', body: { limit_usd: 1 }, as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/budgets/${mine.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    const theirs = (await (await api('/api/v1/budgets', { as: b })).json()) as { data: Budget[] };
    expect(theirs.data.map((x) => x.limit_usd)).toEqual([7]);
    expect(await (await api(`/api/v1/budgets/${mine.id}`, { as: a })).json()).toMatchObject({ limit_usd: 5 });
  });

  it('lets everyone read budgets and only admins and owners change them (roles and key scopes)', async () => {
    const owner = await signup();
    const b = await create(owner, { scope: 'tenant', limit_usd: 5, action: 'alert' });
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const p = await addPerson(owner, role);
      expect((await api('/api/v1/budgets', { as: p })).status, role).toBe(200);
      expect((await api(`/api/v1/budgets/${b.id}`, { as: p })).status, role).toBe(200);
      const made = await api('/api/v1/budgets', { body: { scope: 'tenant', limit_usd: 1, action: 'alert' }, as: p });
      const patched = await api(`/api/v1/budgets/${b.id}`, { method: 'PATCH', body: { limit_usd: 6 }, as: p });
      if (role === 'admin') {
        expect(made.status).toBe(201);
        expect(patched.status).toBe(200);
      } else {
        await expectError(made, 403, 'forbidden');
        await expectError(patched, 403, 'forbidden');
        await expectError(await api(`/api/v1/budgets/${b.id}`, { method: 'DELETE', as: p }), 403, 'forbidden');
      }
    }
    const viewerKey = await keyOf(owner, await addPerson(owner, 'viewer'));
    expect((await api('/api/v1/budgets', { as: { key: viewerKey } })).status).toBe(200);
    const readOnly = await apiKey(owner, ['analytics:read']);
    expect((await api('/api/v1/budgets', { as: { key: readOnly } })).status).toBe(200);
    await expectError(
      await api('/api/v1/budgets', { body: { scope: 'tenant', limit_usd: 1, action: 'alert' }, as: { key: readOnly } }),
      403,
      'insufficient_scope',
    );
    const writer = await apiKey(owner, ['analytics:write']);
    expect((await api('/api/v1/budgets', { body: { scope: 'tenant', limit_usd: 1, action: 'alert' }, as: { key: writer } })).status).toBe(201);
    const agentsOnly = await apiKey(owner, ['agents:read']);
    await expectError(await api('/api/v1/budgets', { as: { key: agentsOnly } }), 403, 'insufficient_scope');
  });
});
