// The signed-in marketplace pages (worker/routes/pages/marketplace-app.tsx): the agent's Marketplace page (publish,
// change, new version, unpublish, creator profile — plain forms, errors inline), installing from the install panel's
// form, the setup page's connection mapping and the update review (apply, dismiss); roles and two tenants.
import { describe, expect, it } from 'vitest';
import { api, createAgent, createConnection, createTool, getPage, postForm, signup } from './helpers';

const form = (over: Record<string, string> = {}) => ({
  title: `Page Listed ${crypto.randomUUID().slice(0, 6)}`,
  tagline: 'Published from the page',
  description: 'It **helps** <script>alert(1)</script>',
  category: 'productivity',
  tags: 'pages, forms',
  icon: '🤖',
  screenshots: 'https://img.example.com/a.png',
  example: 'user: hi\nassistant: hello',
  pricing: 'free',
  monthly_usd: '',
  slug: '',
  ...over,
});

describe('the Marketplace page of an agent', () => {
  it('publishes with a plain form, shows status, publishes a new version and unpublishes', async () => {
    const a = await signup('Page Publisher');
    const team = await createAgent(a, { name: 'Team agent' });
    const notPublic = await getPage(a, `/app/agents/${team.id}/listing`);
    expect(notPublic.status).toBe(200);
    expect(await notPublic.text()).toContain('Only public agents can be listed');
    const agent = await createAgent(a, { name: 'Page agent', visibility: 'public' });
    const page = await (await getPage(a, `/app/agents/${agent.id}/listing`)).text();
    expect(page).toContain('Publish');
    expect(page).toContain('href="/app/agents/' + agent.id + '/listing"');
    const bad = await postForm(a, `/app/agents/${agent.id}/listing`, form({ title: 'x', screenshots: 'http://insecure.example.com/a.png' }));
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('field-invalid');
    expect(badHtml).toContain('Must be an https:// URL');
    const f = form();
    const ok = await postForm(a, `/app/agents/${agent.id}/listing`, f);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/app/agents/${agent.id}/listing?notice=published`);
    const listing = (await (await api(`/api/v1/agents/${agent.id}/listing`, { as: a })).json()) as any;
    expect(listing).toMatchObject({
      title: f.title,
      tags: ['pages', 'forms'],
      icon: '🤖',
      example_conversation: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
      ],
    });
    const shown = await (await getPage(a, `/app/agents/${agent.id}/listing?notice=published`)).text();
    expect(shown).toContain('Published in the marketplace.');
    expect(shown).toContain(listing.url);
    expect(shown).not.toContain('<script>alert(1)</script>');
    // Nothing changed → the version form says so inline.
    const same = await postForm(a, `/app/agents/${agent.id}/listing/version`, { notes: 'none' });
    expect(same.status).toBe(409);
    expect(await same.text()).toContain('Nothing to publish');
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'New.' }, as: a });
    expect((await postForm(a, `/app/agents/${agent.id}/listing/version`, { notes: 'Shiny' })).status).toBe(303);
    expect(await (await api(`/api/v1/agents/${agent.id}/listing`, { as: a })).json()).toMatchObject({ version: 2, versions: [{ notes: 'Shiny' }, {}] });
    const saved = await postForm(a, `/app/agents/${agent.id}/listing`, form({ title: f.title, tagline: 'Changed tagline', slug: listing.slug }));
    expect(saved.headers.get('location')).toContain('notice=saved');
    expect((await postForm(a, `/app/agents/${agent.id}/listing/unpublish`, {})).status).toBe(303);
    expect(await (await api(`/api/v1/agents/${agent.id}/listing`, { as: a })).json()).toMatchObject({ status: 'unpublished', tagline: 'Changed tagline' });
    // The creator profile form on the same page.
    const slug = `pp-${crypto.randomUUID().slice(0, 8)}`;
    const prof = await postForm(a, `/app/creator/profile?next=${encodeURIComponent(`/app/agents/${agent.id}/listing`)}`, {
      slug,
      display_name: 'PP',
      bio: 'Hi',
      website: 'ftp://x',
    });
    expect(prof.status).toBe(400);
    expect(await prof.text()).toContain('https://');
    const prof2 = await postForm(a, `/app/creator/profile?next=${encodeURIComponent(`/app/agents/${agent.id}/listing`)}`, {
      slug,
      display_name: 'PP',
      bio: 'Hi',
      website: '',
    });
    expect(prof2.status).toBe(303);
    expect(await (await api('/api/v1/creator/profile', { as: a })).json()).toMatchObject({ slug, display_name: 'PP' });
  });

  it("another organization's agent is 404 on every page and form", async () => {
    const a = await signup('Page Owner');
    const b = await signup('Page Snooper');
    const agent = await createAgent(a, { name: 'Owned', visibility: 'public' });
    expect((await getPage(b, `/app/agents/${agent.id}/listing`)).status).toBe(404);
    expect((await postForm(b, `/app/agents/${agent.id}/listing`, form())).status).toBe(404);
    expect((await postForm(b, `/app/agents/${agent.id}/listing/unpublish`, {})).status).toBe(404);
    expect((await getPage(b, `/app/agents/${agent.id}/setup`)).status).toBe(404);
    expect((await postForm(b, `/app/agents/${agent.id}/setup`, {})).status).toBe(404);
  });
});

describe('installing from the install panel, the setup page and updates', () => {
  it('installs, maps a connection, then reviews and applies an update', async () => {
    const creator = await signup('Page Creator');
    const conn = await createConnection(creator, { name: 'Creator API' });
    const tool = await createTool(creator, { name: 'page_lookup', connection_id: conn.id, config: { method: 'GET', url: '/lookup' } });
    const agent = await createAgent(creator, { name: 'Setup agent', instructions: 'Help.', tool_ids: [tool.id], visibility: 'public' });
    const f = form();
    await postForm(creator, `/app/agents/${agent.id}/listing`, f);
    const listing = (await (await api(`/api/v1/agents/${agent.id}/listing`, { as: creator })).json()) as any;
    const b = await signup('Page Installer');
    const res = await postForm(b, `/app/marketplace/${listing.slug}/install`, {});
    expect(res.status).toBe(303);
    const setup = res.headers.get('location')!;
    expect(setup).toMatch(/^\/app\/agents\/agt_[0-9a-z]+\/setup\?notice=installed$/);
    const installedId = setup.split('/')[3]!;
    const page = await (await getPage(b, setup)).text();
    expect(page).toContain('Installed. Connect your accounts below');
    expect(page).toContain('Creator API');
    expect(page).toContain('No connection of this kind yet');
    const mine = await createConnection(b, { name: 'Installer API' });
    const html = await (await getPage(b, `/app/agents/${installedId}/setup`)).text();
    const toolId = /name="tool_0" value="(tol_[0-9a-z]+)"/.exec(html)![1]!;
    const saved = await postForm(b, `/app/agents/${installedId}/setup`, { tool_0: toolId, map_0: mine.id });
    expect(saved.status).toBe(303);
    expect(((await (await api(`/api/v1/tools/${toolId}`, { as: b })).json()) as any).connection_id).toBe(mine.id);
    expect(await (await getPage(b, `/app/agents/${installedId}/setup`)).text()).toContain('Every tool is connected.');
    // The creator publishes version 2: the setup page offers it, with the diff; dismiss hides it, apply applies it.
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Help.\nBe kind.' }, as: creator });
    await postForm(creator, `/app/agents/${agent.id}/listing/version`, { notes: 'Kinder' });
    const offer = await (await getPage(b, `/app/agents/${installedId}/setup`)).text();
    expect(offer).toContain('Update available (v2)');
    expect(offer).toContain('Be kind.');
    expect(offer).toContain('Kinder');
    const dismissed = await postForm(b, `/app/agents/${installedId}/setup/update/dismiss`, { version: '2' });
    expect(dismissed.status).toBe(303);
    const cookie = dismissed.headers.get('set-cookie')!.split(';')[0]!;
    const hidden = await (await getPage({ ...b, cookie: `${b.cookie}; ${cookie}` }, `/app/agents/${installedId}/setup`)).text();
    expect(hidden).not.toContain('Update available');
    expect((await postForm(b, `/app/agents/${installedId}/setup/update/apply`, {})).status).toBe(303);
    const after = (await (await api(`/api/v1/agents/${installedId}`, { as: b })).json()) as any;
    expect(after.instructions).toBe('Help.\nBe kind.');
    expect(((await (await api(`/api/v1/tools/${toolId}`, { as: b })).json()) as any).connection_id).toBe(mine.id);
    // The installed agent's Marketplace tab points to its setup.
    const tab = await (await getPage(b, `/app/agents/${installedId}/listing`)).text();
    expect(tab, tab.slice(tab.indexOf('<main'), tab.indexOf('<main') + 1500)).toContain(`/app/agents/${installedId}/setup`);
    // An unknown listing → 404; signed out → the login page.
    expect((await postForm(b, '/app/marketplace/no-such-listing/install', {})).status).toBe(404);
  });
});
