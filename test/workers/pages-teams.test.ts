// Teams pages: Settings → Members (invite, link shown once, roles, remove, hidden controls for members and viewers),
// the invitation page (/invite/:token) in each of its states, the organization switcher and "Create organization".
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, BASE, addMember, api, expectNotFound, getPage, invite, postForm, sessionCookie, signup, tokenOf, uniqueEmail } from './helpers';

const linkIn = (html: string) => /value="(http:\/\/edgent\.test\/invite\/[^"]+)"/.exec(html)?.[1];
const invitePage = (token: string, cookie?: string) =>
  SELF.fetch(`${BASE}/invite/${encodeURIComponent(token)}`, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
const postInvite = (token: string, fields: Record<string, string>, cookie?: string) =>
  SELF.fetch(`${BASE}/invite/${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '203.0.113.61', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('Settings → Members', () => {
  it('an owner invites from the form: the link is shown once, never again', async () => {
    const owner = await signup('Form Co');
    const page = await (await getPage(owner, '/app/settings')).text();
    expect(page).not.toContain('coming soon');
    expect(page).toContain('action="/app/settings/invitations"');
    const email = uniqueEmail('formed');
    const res = await postForm(owner, '/app/settings/invitations', { email, role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const url = linkIn(html);
    expect(url).toBeTruthy();
    expect(html).toContain('data-copy="invite-link"');
    expect(html).toContain(`Invitation for ${email}`);
    const later = await (await getPage(owner, '/app/settings')).text();
    expect(later).toContain(email);
    expect(later).not.toContain(tokenOf(url!));
    // A second invitation for the same email is shown as a field error.
    const again = await postForm(owner, '/app/settings/invitations', { email, role: 'member' });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/id="invite-email-error"[^>]*>.*already invited/s);
  });

  it('resend shows a new link; revoke kills it', async () => {
    const owner = await signup();
    const inv = await invite(owner);
    const res = await postForm(owner, `/app/settings/invitations/${inv.id}/resend`);
    expect(res.status).toBe(200);
    const url = linkIn(await res.text())!;
    expect(url).not.toBe(inv.url);
    expect((await invitePage(tokenOf(inv.url))).status).toBe(410);
    const revoked = await postForm(owner, `/app/settings/invitations/${inv.id}/revoke`);
    expect(revoked.status).toBe(303);
    const gone = await invitePage(tokenOf(url));
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('This invitation was revoked');
  });

  it('changes a role and removes a member from the forms', async () => {
    const owner = await signup();
    const m = await addMember(owner, 'viewer');
    const html = await (await getPage(owner, '/app/settings')).text();
    expect(html).toContain(`action="/app/settings/members/${m.user.id}/role"`);
    const changed = await postForm(owner, `/app/settings/members/${m.user.id}/role`, { role: 'member' });
    expect(changed.status).toBe(303);
    expect(((await (await api('/api/v1/me', { as: m })).json()) as { role: string }).role).toBe('member');
    // The last owner stays: demoting yourself is refused on the page.
    const self = await postForm(owner, `/app/settings/members/${owner.user.id}/role`, { role: 'admin' });
    expect(self.status).toBe(409);
    expect(await self.text()).toContain('The last owner cannot be demoted');
    expect((await postForm(owner, `/app/settings/members/${m.user.id}/remove`)).status).toBe(303);
    expect((await getPage(m, '/app')).status).toBe(302);
  });

  it('members and viewers see the list without the controls, and may leave', async () => {
    const owner = await signup();
    const viewer = await addMember(owner, 'viewer');
    const html = await (await getPage(viewer, '/app/settings')).text();
    expect(html).toContain(owner.email);
    expect(html).not.toContain('action="/app/settings/invitations"');
    expect(html).not.toContain('/role"');
    expect(html).toContain('Only admins and owners can invite people');
    expect(html).toContain(`action="/app/settings/members/${viewer.user.id}/remove"`);
    expect((await postForm(viewer, '/app/settings/invitations', { email: uniqueEmail(), role: 'viewer' })).status).toBe(403);
    const left = await postForm(viewer, `/app/settings/members/${viewer.user.id}/remove`);
    expect(left.status).toBe(303);
    expect(left.headers.get('location')).toBe('/login');
  });

  it('another organization’s member or invitation is a 404 page', async () => {
    const a = await signup();
    const b = await signup();
    const inv = await invite(a);
    await expectNotFound(await postForm(b, `/app/settings/invitations/${inv.id}/revoke`));
    await expectNotFound(await postForm(b, `/app/settings/members/${a.user.id}/role`, { role: 'viewer' }));
  });
});

describe('the invitation page', () => {
  it('a new person: name and password, then lands in the app of that organization; the link is then used (410)', async () => {
    const owner = await signup('Landing <Org>');
    const inv = await invite(owner, 'member');
    const page = await invitePage(tokenOf(inv.url));
    expect(page.status).toBe(200);
    // same-origin, not no-referrer: the link never goes to another site, and the form's POST keeps its Origin.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    const html = await page.text();
    expect(html).toContain('Join Landing &lt;Org&gt;');
    expect(html).toContain(`value="${inv.email}"`);
    const missing = await postInvite(tokenOf(inv.url), { name: 'Ada' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/id="field-password-error"[^>]*>.*Choose a password/s);
    const res = await postInvite(tokenOf(inv.url), { name: 'Ada', password: 'a long enough password' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app?notice=joined');
    const app = await getPage({ cookie: sessionCookie(res) } as Account, '/app?notice=joined');
    const appHtml = await app.text();
    expect(appHtml).toContain('Landing &lt;Org&gt;');
    expect(appHtml).toContain('You joined the organization');
    const used = await invitePage(tokenOf(inv.url));
    expect(used.status).toBe(410);
    expect(await used.text()).toContain('already been used');
  });

  it('signed in as the invited person: one Join button; signed out with an account: sign in and come back', async () => {
    const person = await signup('Their Own');
    const owner = await signup('Inviting Org');
    const inv = await invite(owner, 'viewer', person.email);
    const out = await (await invitePage(tokenOf(inv.url))).text();
    expect(out).toContain(`href="/login?next=${encodeURIComponent(`/invite/${encodeURIComponent(tokenOf(inv.url))}`)}"`);
    const signedIn = await (await invitePage(tokenOf(inv.url), person.cookie)).text();
    expect(signedIn).toContain('Join Inviting Org as viewer');
    // Without the CSRF field the form is refused.
    expect((await postInvite(tokenOf(inv.url), {}, person.cookie)).status).toBe(403);
    const res = await postInvite(tokenOf(inv.url), { _csrf: person.csrf }, person.cookie);
    expect(res.status).toBe(303);
    expect(await (await getPage(person, '/app')).text()).toContain('Inviting Org');
  });

  it('someone else signed in is told whose invitation it is', async () => {
    const owner = await signup();
    const stranger = await signup();
    const inv = await invite(owner);
    const html = await (await invitePage(tokenOf(inv.url), stranger.cookie)).text();
    expect(html).toContain(`This invitation is for ${inv.email}, but you are signed in as ${stranger.email}`);
  });
});

describe('several organizations in the app', () => {
  it('the user menu lists the organizations; switching and creating move the session', async () => {
    const person = await signup('Alpha <One>');
    const created = await postForm(person, '/app/organizations', { name: 'Beta' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/app?notice=org_created');
    const html = await (await getPage(person, '/app')).text();
    expect(html).toContain('Alpha &lt;One&gt;');
    expect(html).toMatch(/aria-current="true"[^]*Beta/);
    expect(html).toContain('href="/app/organizations/new"');
    const me = (await (await api('/api/v1/me', { as: person })).json()) as { tenant: { name: string } };
    expect(me.tenant.name).toBe('Beta');
    const sw = await postForm(person, '/app/switch', { tenant_id: person.tenant.id });
    expect(sw.status).toBe(303);
    expect(((await (await api('/api/v1/me', { as: person })).json()) as { tenant: { id: string } }).tenant.id).toBe(person.tenant.id);
    const stranger = await signup();
    expect((await postForm(person, '/app/switch', { tenant_id: stranger.tenant.id })).status).toBe(404);
    const empty = await postForm(person, '/app/organizations', { name: ' ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Name your organization');
  });
});

describe('the Teams guide', () => {
  it('is in /docs: invitations, members, switching organizations', async () => {
    const html = await (await SELF.fetch(`${BASE}/docs`)).text();
    expect(html).toContain('id="teams"');
    expect(html).toContain('/api/v1/invitations/{id}/resend');
    expect(html).toContain('/api/v1/auth/switch');
  });
});
