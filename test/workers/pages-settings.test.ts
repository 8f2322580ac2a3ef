// Settings (routes/pages/settings.tsx): rename the organization, the link to API keys (managed on the Developers
// page), the members list. Password-reset links for members are tested in password-reset.test.ts.
import { describe, expect, it } from 'vitest';
import { api, apiKey, getPage, postForm, signup } from './helpers';

describe('settings page', () => {
  it('renames the organization', async () => {
    const a = await signup('Old Name');
    const res = await postForm(a, '/app/settings/organization', { name: 'New Name <b>' });
    expect(res.status).toBe(303);
    const html = await (await getPage(a, res.headers.get('location')!)).text();
    expect(html).toContain('Organization renamed.');
    expect(html).toContain('value="New Name &lt;b&gt;"');
    expect(((await (await api('/api/v1/me', { as: a })).json()) as any).tenant.name).toBe('New Name <b>');
  });

  it('shows an empty name as a field error', async () => {
    const a = await signup('Keep Me');
    const res = await postForm(a, '/app/settings/organization', { name: '   ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="org-name-error"[^>]*>.*Name your organization/s);
  });

  it('manages no API keys itself: it counts them and links to the Developers page', async () => {
    const a = await signup();
    const none = await (await getPage(a, '/app/settings')).text();
    expect(none).toContain('No API keys yet.');
    expect(none).toContain('href="/app/developers"');
    expect(none).not.toContain('action="/app/settings/api-keys"');
    await apiKey(a);
    await apiKey(a);
    expect(await (await getPage(a, '/app/settings')).text()).toContain('2 active API keys.');
    // The old form endpoint is gone.
    expect((await postForm(a, '/app/settings/api-keys', { name: 'Backend', access: 'read' })).status).toBe(404);
  });

  it('lists the members', async () => {
    const a = await signup('Members Co', { name: 'Grace Hopper' });
    const html = await (await getPage(a, '/app/settings')).text();
    expect(html).toContain('Grace Hopper');
    expect(html).toContain(a.email);
    expect(html).toContain('owner');
  });
});
