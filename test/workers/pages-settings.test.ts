// Settings (routes/pages/settings.tsx): rename the organization, create an API key shown once (and working), revoke
// it, the members list, role checks and tenant isolation.
import { describe, expect, it } from 'vitest';
import { api, getPage, postForm, signup } from './helpers';

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

  it('creates an API key, shows it once, and the key works; the list never shows it again', async () => {
    const a = await signup();
    const res = await postForm(a, '/app/settings/api-keys', { name: 'Backend', access: 'read' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const key = /id="new-key" readonly="" value="(edg_[^"]+)"/.exec(html)?.[1];
    expect(key).toBeTruthy();
    expect((await api('/api/v1/agents', { as: { key } })).status).toBe(200);
    expect((await api('/api/v1/agents', { body: { name: 'x', model: 'y' }, as: { key } })).status).toBe(403); // read-only
    const again = await (await getPage(a, '/app/settings')).text();
    expect(again).toContain('Backend');
    expect(again).not.toContain(key!);
    expect(again).toContain('Read-only');
  });

  it('revokes a key, which stops working at once', async () => {
    const a = await signup();
    const html = await (await postForm(a, '/app/settings/api-keys', { name: 'Temp', access: 'full' })).text();
    const key = /value="(edg_[^"]+)"/.exec(html)![1]!;
    const id = /\/app\/settings\/api-keys\/(key_[0-9a-z]+)\/revoke/.exec(html)![1]!;
    const res = await postForm(a, `/app/settings/api-keys/${id}/revoke`);
    expect(res.status).toBe(303);
    expect((await api('/api/v1/agents', { as: { key } })).status).toBe(401);
  });

  it('lists the members', async () => {
    const a = await signup('Members Co', { name: 'Grace Hopper' });
    const html = await (await getPage(a, '/app/settings')).text();
    expect(html).toContain('Grace Hopper');
    expect(html).toContain(a.email);
    expect(html).toContain('owner');
  });

  it("cannot revoke another tenant's key (404) and never lists it", async () => {
    const a = await signup();
    const b = await signup();
    const html = await (await postForm(a, '/app/settings/api-keys', { name: 'Backend of tenant A', access: 'full' })).text();
    const id = /\/app\/settings\/api-keys\/(key_[0-9a-z]+)\/revoke/.exec(html)![1]!;
    expect((await postForm(b, `/app/settings/api-keys/${id}/revoke`)).status).toBe(404);
    expect(await (await getPage(b, '/app/settings')).text()).not.toContain('Backend of tenant A');
  });
});
