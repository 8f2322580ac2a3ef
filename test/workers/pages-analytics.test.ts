// Analytics pages (routes/pages/analytics.tsx): /app/analytics and the agent's Analytics tab: range and grouping in
// the URL, an htmx fragment, bad parameters as a friendly 400 (never a 500), a viewer reads without write controls,
// another tenant's agent is a 404, names are escaped, and the dashboard cards link here with their sparklines.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../worker/env';
import { type Account, type Agent, api, createAgent, expectNotFound, getPage, login, postForm, signup } from './helpers';

let owner: Account;
let other: Account;
let agent: Agent;
let viewer: Account;

async function join(tenantId: string, role: Role): Promise<Account> {
  const person = await signup(`Analytics ${role}`);
  await env.DB.prepare('UPDATE memberships SET tenant_id = ?, role = ? WHERE user_id = ?').bind(tenantId, role, person.user.id).run();
  return { ...person, ...(await login(person)) } as Account;
}

beforeAll(async () => {
  owner = await signup('Analytics org');
  other = await signup('Other org');
  agent = await createAgent(owner, { name: 'Desk <img src=x onerror=alert(1)> & co' });
  viewer = await join(owner.tenant.id, 'viewer');
});

const html = async (who: Account, path: string, status = 200, htmx = false) => {
  const res = await getPage(who, path, { htmx });
  expect(res.status, path).toBe(status);
  return res.text();
};

/** The part of a page the analytics route renders (the layout has the user menu's sign-out form). */
const body = (page: string) => page.slice(page.indexOf('id="analytics-body"'));

describe('the Analytics page', () => {
  it('is in the nav, shows every chart with its empty state, the range picker and the CSV export', async () => {
    const page = await html(owner, '/app/analytics');
    expect(page).toMatch(/<a class="nav-link" href="\/app\/analytics" aria-current="page">/);
    expect(page).toContain('<link rel="stylesheet" href="/assets/charts.css"/>');
    expect(page).toContain('<script src="/assets/charts.js" defer="">');
    for (const title of ['Conversations per day', 'Turns per day', 'Tokens', 'Cost (USD)', 'Error rate', 'Latency', 'Time to first token', 'Satisfaction'])
      expect(page).toContain(title);
    for (const r of ['24h', '7d', '30d', '90d', 'custom']) expect(page).toContain(`<option value="${r}"`);
    expect(page).toContain('<option value="7d" selected="">');
    expect(page).toMatch(/href="\/api\/v1\/analytics\/usage\?from=[^"]+&amp;interval=day&amp;format=csv" download="">/);
    expect(page).toContain('Performance');
    expect(page).toContain('Optimisation hints');
    expect(page).toContain('No hints');
  });

  it('keeps its state in the URL: hours for 24 h, grouping, custom days; htmx gets the body alone', async () => {
    const day = await html(owner, '/app/analytics?range=24h&group=source');
    expect(day).toContain('Conversations per hour, by source');
    expect(day).toContain('<option value="source" selected="">');
    expect(day).toMatch(/interval=hour&amp;group_by=source&amp;format=csv/);
    const custom = await html(owner, '/app/analytics?from=2026-01-01&to=2026-01-31');
    expect(custom).toContain('<option value="custom" selected="">');
    expect(custom).toContain('value="2026-01-01"');
    expect(custom).toContain('2026-01-01 to 2026-01-31');
    expect(custom).toContain('from=2026-01-01T00%3A00%3A00.000Z&amp;to=2026-02-01T00%3A00%3A00.000Z');
    // Picking "Custom dates" before any date starts from the last 7 days, with the date fields filled in.
    const picked = await html(owner, '/app/analytics?range=custom', 200, true);
    expect(picked).toMatch(/id="analytics-from" type="date" name="from" value="\d{4}-\d{2}-\d{2}"/);
    const fragment = await html(owner, '/app/analytics?range=90d', 200, true);
    expect(fragment.startsWith('<div id="analytics-body">')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('hx-push-url="true"');
  });

  it('answers bad parameters with a friendly 400 that says what to fix, never a 500', async () => {
    const cases: [string, string][] = [
      ['range=forever', 'Pick a range'],
      ['group=planet', 'Group by one of'],
      ['range=custom&from=yesterday&to=2026-01-02', 'Give the first day as a date'],
      ['from=2026-02-01&to=2026-01-01', 'The last day comes before the first'],
      ['from=2020-01-01&to=2026-01-01', 'at most 400 days'],
      ['from=2026-13-45&to=2026-13-46', 'Give the first day'],
      ['range=%00&group=%FF', 'Pick a range'],
    ];
    for (const [q, message] of cases) {
      const page = await html(owner, `/app/analytics?${q}`, 400);
      expect(page, q).toContain(message);
      expect(page).toContain('role="alert"');
      expect(page).not.toContain('id="chart-turns"');
    }
    const evil = await html(owner, `/app/analytics?range=custom&from=${encodeURIComponent('"><script>alert(1)</script>')}&to=x`, 400);
    expect(evil).not.toContain('<script>alert(1)</script>');
    expect((await getPage(owner, '/app/analytics?range=forever', { htmx: true })).status).toBe(400);
  });

  it('lets a viewer read it, with no form that changes anything', async () => {
    const page = await html(viewer, '/app/analytics');
    expect(page).toContain('id="chart-turns"');
    expect(body(page)).not.toMatch(/method="post"/i);
    expect(body(page)).not.toContain('_csrf');
  });

  it('needs a session: the login page otherwise', async () => {
    const res = await getPage(null, '/app/analytics');
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toContain('/login');
  });
});

describe('the agent’s Analytics tab', () => {
  it('sits among the agent’s tabs, escapes the name and offers every grouping but the agent', async () => {
    const page = await html(owner, `/app/agents/${agent.id}/analytics`);
    expect(page).toContain(`<a class="tab" href="/app/agents/${agent.id}/analytics" aria-current="page">Analytics</a>`);
    expect(page).not.toContain('<img src=x onerror=alert(1)>');
    expect(page).toContain('Desk &lt;img src=x onerror=alert(1)&gt; &amp; co');
    expect(page).toContain('Satisfaction per version');
    expect(page).toContain(`agent_id=${agent.id}`);
    expect(page).not.toContain('<option value="agent"');
    expect(await html(owner, `/app/agents/${agent.id}`)).toContain(`href="/app/agents/${agent.id}/analytics"`);
    expect(await html(owner, `/app/agents/${agent.id}/analytics?group=agent`, 400)).toContain('Group by one of: model, api key, source, workflow');
  });

  it('is a 404 page for another tenant’s agent and for a made-up id', async () => {
    await expectNotFound(await getPage(other, `/app/agents/${agent.id}/analytics`));
    await expectNotFound(await getPage(owner, '/app/agents/agt_doesnotexist/analytics'));
  });

  it('is readable by a viewer', async () => {
    const page = await html(viewer, `/app/agents/${agent.id}/analytics?range=30d&group=model`);
    expect(page).toContain('by model');
    expect(body(page)).not.toMatch(/method="post"/i);
  });
});

describe('the dashboard', () => {
  it('links its cards to the Analytics page and draws a 7-day sparkline in each', async () => {
    const page = await html(owner, '/app');
    expect(page).toContain('<a href="/app/analytics?range=24h">Conversations today</a>');
    expect(page).toContain('<a href="/app/analytics?range=24h">Tokens · 24 h</a>');
    expect(page.match(/class="sparkline[^"]*"/g)).toHaveLength(3);
    expect(page).toMatch(/aria-label="Conversations per day, last 7 days \(oldest first\): (\d+, ){6}\d+"/);
    const stats = await html(owner, '/app/stats', 200, true);
    expect(stats.match(/class="sparkline[^"]*"/g)).toHaveLength(3);
  });
});

describe('model prices', () => {
  it('lists defaults, lets an admin set a price and reset it, audited, and answers bad input with the fields to fix', async () => {
    const page = await html(owner, '/app/analytics/prices?model=my-local%3Cmodel%3E');
    expect(page).toContain('<code>gpt-4o-mini</code>');
    expect(page).toContain('value="my-local&lt;model&gt;"');
    expect(page).toContain('action="/app/analytics/prices"');
    expect(await html(owner, '/app/analytics')).toContain('href="/app/analytics/prices"');

    const bad = await postForm(owner, '/app/analytics/prices', { model: 'my-model', input: '', output: '-1' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml.match(/Give a price from 0 to 10,000 USD per million tokens\./g)).toHaveLength(2);
    expect(badHtml).toContain('value="my-model"');

    const saved = await postForm(owner, '/app/analytics/prices', { model: 'my-model', input: '0.5', output: '1.25' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/app/analytics/prices?saved=my-model');
    const after = await html(owner, '/app/analytics/prices?saved=my-model');
    expect(after).toContain('Price saved for <code>my-model</code>');
    expect(after).toMatch(/<code>my-model<\/code><\/th><td class="num">\$0\.50<\/td><td class="num">\$1\.25<\/td><td><span class="badge">Your price<\/span>/);
    const api1 = (await (await api('/api/v1/model-prices', { as: owner })).json()) as { data: { model: string; source: string }[] };
    expect(api1.data.find((p) => p.model === 'my-model')?.source).toBe('override');

    expect((await postForm(owner, '/app/analytics/prices/reset', { model: 'my-model' })).status).toBe(303);
    expect(await html(owner, '/app/analytics/prices')).not.toContain('<code>my-model</code>');
    expect((await postForm(owner, '/app/analytics/prices/reset', { model: 'my-model' })).status).toBe(400);
  });

  it('shows a viewer the prices without a form, refuses the viewer’s post, and keeps prices per tenant', async () => {
    expect((await postForm(owner, '/app/analytics/prices', { model: 'tenant-a-model', input: '1', output: '2' })).status).toBe(303);
    const page = await html(viewer, '/app/analytics/prices');
    expect(page).toContain('<code>tenant-a-model</code>');
    expect(page).not.toContain('action="/app/analytics/prices"');
    expect(page).not.toContain('/app/analytics/prices/reset');
    expect((await postForm(viewer, '/app/analytics/prices', { model: 'x', input: '1', output: '1' })).status).toBe(403);
    expect(await html(other, '/app/analytics/prices')).not.toContain('tenant-a-model');
  });
});
