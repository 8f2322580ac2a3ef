// The dashboard (routes/pages/app.tsx): live numbers, the getting-started checklist that ticks itself off, agents
// with their status, the stats fragment htmx polls, and only the signed-in tenant's data.
import { SELF } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { BASE, api, createAgent, getPage, helloWorld, sessionCookie, signup } from './helpers';

describe('dashboard', () => {
  it('shows the organization, its agents with status and a checklist with nothing done yet', async () => {
    const a = await signup('Dash Co');
    const res = await getPage(a, '/app');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Dash Co');
    expect(html).toContain('Getting started');
    expect(html).toContain('0 of 3 done');
    expect(html).toMatch(/Hello World<\/a>/);
    expect(html).toContain('Ready'); // the operator default serves Hello World in tests
    expect(html).toContain('hx-get="/app/stats"');
    expect(html).toContain('href="/app/connections/new"');
  });

  it('ticks off the steps as the user adds a connection that passes its test, chats with Hello World and builds an agent', async () => {
    const a = await signup();
    const con = await api('/api/v1/connections', {
      body: { name: 'Model', kind: 'openai_compatible', base_url: inject('llmUrl'), auth: { type: 'bearer', secret: 'sk-good-key-123456' } },
      as: a,
    });
    expect(con.status).toBe(201);
    const { id } = (await con.json()) as { id: string };
    expect(await (await getPage(a, '/app')).text()).toContain('0 of 3 done'); // added, not yet tested
    expect(((await (await api(`/api/v1/connections/${id}/test`, { method: 'POST', as: a })).json()) as { ok: boolean }).ok).toBe(true);
    expect(await (await getPage(a, '/app')).text()).toContain('1 of 3 done');
    const hello = await helloWorld(a);
    const s = (await (await api(`/api/v1/agents/${hello.id}/sessions`, { body: {}, as: a })).json()) as { id: string };
    await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'hi' }, as: a });
    await createAgent(a);
    await vi.waitFor(async () => expect(await (await getPage(a, '/app')).text()).not.toContain('Getting started'), { timeout: 10_000, interval: 200 });
    const stats = await (await getPage(a, '/app/stats', { htmx: true })).text();
    expect(stats).toContain('id="dashboard-stats"');
    expect(stats).toMatch(/Conversations today<\/a><\/p><p class="stat-value">1</);
  });

  it('welcomes a new user on the first visit and welcomes them back after signing in again', async () => {
    const a = await signup('Greeting Co', { name: 'Ada Lovelace' });
    const first = await (await getPage(a, '/app')).text();
    expect(first).toContain('Welcome, Ada');
    expect(first).not.toContain('Welcome back');
    const login = await api('/api/v1/auth/login', { body: { email: a.email, password: a.password }, as: { ip: a.ip } });
    expect(login.status).toBe(200);
    const again = await (await getPage({ ...a, cookie: sessionCookie(login) }, '/app')).text();
    expect(again).toContain('Welcome back, Ada');
  });

  it('sends a visitor without a session to the login page', async () => {
    const res = await getPage(null, '/app');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fapp');
  });

  it('sends the whole window to the login page when an htmx request finds the session gone', async () => {
    const res = await SELF.fetch(`${BASE}/app/stats`, {
      headers: { 'hx-request': 'true', 'hx-current-url': `${BASE}/app/logs?period=7d` },
      redirect: 'manual',
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('hx-redirect')).toBe('/login?next=%2Fapp%2Flogs%3Fperiod%3D7d');
  });

  it("never shows another tenant's agents or numbers", async () => {
    const a = await signup('Tenant A');
    const b = await signup('Tenant B');
    await createAgent(a, { name: 'Secret agent of A' });
    const html = await (await getPage(b, '/app')).text();
    expect(html).toContain('Tenant B');
    expect(html).not.toContain('Secret agent of A');
    expect(html).not.toContain('Tenant A');
  });
});
