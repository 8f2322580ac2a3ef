// The budgets page (/app/budgets) and the budget banner on every app page: plain forms for admins, read-only for the
// rest, escaped names, another tenant's budget is a 404, and the banner at 80 % (red once a blocking budget is spent).
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { recordSpend } from '../../worker/services/budget-check';
import { addPerson } from './helpers/people';
import { type Caller, api, createAgent, expectNotFound, getPage, post, postForm, signup } from './helpers';

type Budget = { id: string; limit_usd: number; action: string };
const budgets = async (a: Caller) => ((await (await api('/api/v1/budgets', { as: a })).json()) as { data: Budget[] }).data;

describe('budgets page', () => {
  it('lets an admin create, change and delete budgets with plain forms, names escaped', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: '<b>Evil & Co</b>' });
    const created = await postForm(a, '/app/budgets', { target: agent.id, limit_usd: '12.50', action: 'block' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/app/budgets?notice=budget_created');
    expect(await postForm(a, '/app/budgets', { target: 'tenant', limit_usd: '100', action: 'alert' })).toMatchObject({ status: 303 });
    const [mine, org] = await budgets(a);
    expect(mine).toMatchObject({ limit_usd: 12.5, action: 'block' });
    expect(org).toMatchObject({ limit_usd: 100, action: 'alert' });

    await recordSpend(env, a.tenant.id, agent.id, 6.25);
    const res = await getPage(a, '/app/budgets?notice=budget_created');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Budget created.');
    expect(html).toContain('&lt;b&gt;Evil &amp; Co&lt;/b&gt;');
    expect(html).not.toContain('<b>Evil');
    expect(html).toContain('$6.25 of $12.50 · 50 %');
    expect(html).toContain('Organization');
    expect(html).toMatch(/class="budget-bar budget-bar-ok"/);
    expect(html).toContain(`action="/app/budgets/${mine!.id}"`);
    expect(html).toContain('New budget');
    // Linked from Settings and from the Analytics page.
    expect(await (await getPage(a, '/app/settings')).text()).toContain('href="/app/budgets"');
    expect(await (await getPage(a, '/app/analytics')).text()).toContain('href="/app/budgets"');

    expect(await postForm(a, `/app/budgets/${mine!.id}`, { limit_usd: '20', action: 'alert' })).toMatchObject({ status: 303 });
    expect((await budgets(a))[0]).toMatchObject({ limit_usd: 20, action: 'alert' });
    expect(await postForm(a, `/app/budgets/${org!.id}/delete`)).toMatchObject({ status: 303 });
    expect((await budgets(a)).map((b) => b.id)).toEqual([mine!.id]);
  });

  it('shows bad input next to its field with 400, and keeps what was typed', async () => {
    const a = await signup();
    const bad = await postForm(a, '/app/budgets', { target: 'tenant', limit_usd: '-3', action: 'block' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="budget-limit-error"/);
    expect(html).toContain('value="-3"');
    const other = await signup();
    const theirs = await createAgent(other);
    const foreign = await postForm(a, '/app/budgets', { target: theirs.id, limit_usd: '5', action: 'block' });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('No such agent');
    const b = await post<Budget>(a, '/api/v1/budgets', { scope: 'tenant', limit_usd: 5, action: 'alert' });
    const edit = await postForm(a, `/app/budgets/${b.id}`, { limit_usd: 'lots', action: 'alert' });
    expect(edit.status).toBe(400);
    expect(await edit.text()).toMatch(new RegExp(`id="${b.id}-limit-error"`));
  });

  it('is read-only for members and viewers; another tenant’s budget is a 404', async () => {
    const a = await signup();
    const b = await post<Budget>(a, '/api/v1/budgets', { scope: 'tenant', limit_usd: 5, action: 'alert' });
    const viewer = await addPerson(a, 'viewer');
    const html = await (await getPage(viewer, '/app/budgets')).text();
    expect(html).toContain('$0.00 of $5.00');
    expect(html).toContain('Only admins and owners can create or change budgets.');
    expect(html).not.toContain(`action="/app/budgets/${b.id}"`);
    expect((await postForm(viewer, '/app/budgets', { target: 'tenant', limit_usd: '1', action: 'alert' })).status).toBe(403);
    expect((await postForm(viewer, `/app/budgets/${b.id}/delete`)).status).toBe(403);
    const stranger = await signup();
    await expectNotFound(await postForm(stranger, `/app/budgets/${b.id}`, { limit_usd: '9', action: 'alert' }));
    await expectNotFound(await postForm(stranger, `/app/budgets/${b.id}/delete`));
    expect((await budgets(a))[0]).toMatchObject({ limit_usd: 5 });
  });
});

describe('budget banner', () => {
  it('appears on app pages at 80 %, turns red when a blocking budget is spent, and links to the budgets page', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Spender' });
    await post(a, '/api/v1/budgets', { scope: 'tenant', limit_usd: 10, action: 'block' });
    await recordSpend(env, a.tenant.id, agent.id, 7);
    expect(await (await getPage(a, '/app')).text()).not.toContain('data-budget-banner');
    await recordSpend(env, a.tenant.id, agent.id, 1.5);
    const warn = await (await getPage(a, '/app/agents')).text();
    expect(warn).toMatch(/class="budget-banner budget-banner-warn"/);
    expect(warn).toContain('The organization’s monthly budget is 85 % used.');
    expect(warn).toContain('href="/app/budgets"');
    await recordSpend(env, a.tenant.id, agent.id, 2);
    const viewer = await addPerson(a, 'viewer');
    const spent = await (await getPage(viewer, '/app/settings')).text();
    expect(spent).toMatch(/class="budget-banner budget-banner-spent"/);
    expect(spent).toContain('new turns are refused');
  });

  it('names a private agent only to those who see every agent', async () => {
    const a = await signup();
    const secret = await createAgent(a, { name: 'Secret project', visibility: 'private' });
    await post(a, '/api/v1/budgets', { scope: 'agent', agent_id: secret.id, limit_usd: 10, action: 'alert' });
    await recordSpend(env, a.tenant.id, secret.id, 9);
    expect(await (await getPage(a, '/app')).text()).toContain('The monthly budget of agent “Secret project” is 90 % used.');
    const member = await addPerson(a, 'member');
    const html = await (await getPage(member, '/app')).text();
    expect(html).toContain('An agent’s monthly budget is 90 % used.');
    expect(html).not.toContain('Secret project');
  });
});
