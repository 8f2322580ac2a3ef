// The audit log page (/app/settings/audit): admins and owners only (the nav hides it otherwise), filters, escaped
// content, each entry's before/after, older pages and a CSV link that keeps the filters.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../worker/db/ids';
import { type Account, api, createAgent, getPage, signup } from './helpers';
import { addPerson } from './helpers/people';

const page = async (a: Account, query = '') => {
  const res = await getPage(a, `/app/settings/audit${query}`);
  return { status: res.status, html: await res.text() };
};

describe('audit log page', () => {
  it('shows an owner the entries, escaped, with before/after, filters and a CSV link that keeps them', async () => {
    const a = await signup('Page Org', { name: 'Olive <b>Owner</b>' });
    const agent = await createAgent(a, { name: '<img src=x onerror=alert(1)>' });
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'New <script>alert(2)</script> rules' }, as: a });
    await vi.waitFor(async () => expect((await page(a, '?action=agent.update')).html).toContain(agent.id), { timeout: 10_000, interval: 200 });

    // The nav links it on every page, those that build their layout by hand included.
    for (const path of ['/app', '/app/developers', `/app/agents/${agent.id}/chat`, `/app/agents/${agent.id}/embed`])
      expect(await (await getPage(a, path)).text(), path).toContain('href="/app/settings/audit"');
    const { status, html } = await page(a);
    expect(status).toBe(200);
    expect(html).toContain('agent.create');
    expect(html).toContain('organization.create');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).not.toContain('<b>Owner</b>');
    expect(html).toContain('Olive &lt;b&gt;Owner&lt;/b&gt;');
    expect(html).toMatch(/<details class="disclosure audit-details">/);

    const filtered = await page(a, '?action=agent.update&resource_type=agent&since=2020-01-01');
    expect(filtered.html).toContain('agent.update');
    expect(filtered.html).not.toContain('organization.create');
    expect(filtered.html).toContain('New &lt;script&gt;alert(2)&lt;/script&gt; rules');
    expect(filtered.html).toContain('href="/api/v1/audit-log?action=agent.update&amp;resource_type=agent&amp;since=2020-01-01&amp;format=csv"');
    const csv = await api('/api/v1/audit-log?action=agent.update&resource_type=agent&since=2020-01-01&format=csv', { as: a });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(2);

    // The person filter lists the members.
    expect(html).toContain(`<option value="${a.user.id}">`);
    const mine = await page(a, `?actor=${a.user.id}`);
    expect(mine.html).toContain(`<option value="${a.user.id}" selected="">`);
  });

  it('answers a bad filter with its message (400), and pages older entries', async () => {
    const a = await signup();
    const bad = await page(a, '?since=not-a-date');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('since must be a date');
    const now = Date.now();
    const stmts = Array.from({ length: 55 }, (_, i) =>
      env.DB.prepare(
        "insert into audit_log (id, tenant_id, actor_type, actor_id, action, target_type, target_id, created_at) values (?, ?, 'user', ?, 'tool.update', 'tool', ?, ?)",
      ).bind(newId('audit', now - 60_000 - i), a.tenant.id, a.user.id, `tol_seeded${String(i).padStart(14, '0')}`, now - 60_000 - i),
    );
    await env.DB.batch(stmts);
    const first = await page(a, '?action=tool.update');
    expect(first.html.match(/tool\.update<\/code>/g)).toHaveLength(50);
    const older = /href="(\/app\/settings\/audit\?action=tool\.update&amp;cursor=[^"]+)"/.exec(first.html)![1]!.replace(/&amp;/g, '&');
    const second = await page(a, older.replace('/app/settings/audit', ''));
    expect(second.html.match(/tool\.update<\/code>/g)).toHaveLength(5);
    expect(second.html).not.toContain('Older entries');
  });

  it('is hidden from members and viewers (403, no nav link) and shows one tenant only its own entries', async () => {
    const a = await signup();
    for (const role of ['member', 'viewer'] as const) {
      const who = await addPerson(a, role, null);
      expect((await page(who)).status).toBe(403);
      expect(await (await getPage(who, '/app')).text()).not.toContain('/app/settings/audit');
    }
    const admin = await addPerson(a, 'admin', null);
    expect((await page(admin)).status).toBe(200);
    const b = await signup();
    const agent = await createAgent(a, { name: 'Only in A' });
    await vi.waitFor(async () => expect((await page(a)).html).toContain(agent.id), { timeout: 10_000, interval: 200 });
    const seen = (await page(b)).html;
    expect(seen).not.toContain(agent.id);
    expect(seen).not.toContain(a.user.id);
  });
});
