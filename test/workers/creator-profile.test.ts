// The creator profile API (worker/routes/api/creator.ts, services/creator-profiles.ts): GET/PATCH
// /api/v1/creator/profile — made from the organization's name, slug unique across the marketplace (409), https
// websites only, admins change it (listings:write), audit, and each organization sees only its own.
import { describe, expect, it } from 'vitest';
import { api, apiKey, auditRow, expectError, signup } from './helpers';

describe('creator profile', () => {
  it('is made from the organization name, then changed; slug clashes → 409; http websites → 400', async () => {
    const a = await signup('Profile Makers');
    const b = await signup('Profile Makers');
    const pa = (await (await api('/api/v1/creator/profile', { as: a })).json()) as any;
    const pb = (await (await api('/api/v1/creator/profile', { as: b })).json()) as any;
    expect(pa).toMatchObject({ display_name: 'Profile Makers', bio: null, website: null });
    expect(pa.slug).toMatch(/^profile-makers/);
    expect(pb.slug).not.toBe(pa.slug);
    expect(pa.url).toBe(`http://edgent.test/creators/${pa.slug}`);
    const slug = `pm-${crypto.randomUUID().slice(0, 8)}`;
    const res = await api('/api/v1/creator/profile', {
      method: 'PATCH',
      body: { slug, display_name: 'PM Studio', bio: 'We build <b>agents</b>.', website: 'https://pm.example.com' },
      as: a,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug, display_name: 'PM Studio', bio: 'We build <b>agents</b>.', website: 'https://pm.example.com' });
    await auditRow(a.tenant.id, 'creator.profile_update', a.tenant.id);
    const taken = await expectError(await api('/api/v1/creator/profile', { method: 'PATCH', body: { slug }, as: b }), 409, 'conflict');
    expect(taken.details).toEqual([{ path: 'slug', message: 'is taken' }]);
    const bad = await expectError(await api('/api/v1/creator/profile', { method: 'PATCH', body: { website: 'http://pm.example.com', slug: 'X' }, as: b }), 400);
    expect(bad.details!.map((d) => d.path).sort()).toEqual(['slug', 'website']);
    expect(await (await api('/api/v1/creator/profile', { method: 'PATCH', body: { website: '' }, as: a })).json()).toMatchObject({ website: null });
    // Each organization reads and changes only its own.
    expect(await (await api('/api/v1/creator/profile', { as: b })).json()).toMatchObject({ slug: pb.slug, display_name: 'Profile Makers' });
  });

  it('needs listings:write to change (keys), agents:read to read', async () => {
    const a = await signup('Scoped Profile');
    const reader = await apiKey(a, ['agents:read']);
    expect((await api('/api/v1/creator/profile', { as: { key: reader } })).status).toBe(200);
    await expectError(await api('/api/v1/creator/profile', { method: 'PATCH', body: { bio: 'x' }, as: { key: reader } }), 403);
    const writer = await apiKey(a, ['listings:write']);
    expect((await api('/api/v1/creator/profile', { method: 'PATCH', body: { bio: 'x' }, as: { key: writer } })).status).toBe(200);
    await expectError(await api('/api/v1/creator/profile'), 401);
  });
});
