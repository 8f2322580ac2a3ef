// Visitor tokens across the three anonymous chat surfaces, all checked by worker/routes/protocols/visitor-access.ts:
// a token opens only the conversation it was issued for, on the surface that issued it — a widget token opens
// nothing on a share link or a try-it chat, and the other way round, even for the same organization's conversations.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, api, createAgent, createEmbedKey, signup, uniqueIp } from './helpers';
import { seedListing } from './helpers/marketplace';

const SITE = 'https://visitor-access.example';

function call(path: string, v: { token?: string; origin?: string; ip: string }, method = 'GET') {
  const headers: Record<string, string> = { 'cf-connecting-ip': v.ip };
  if (v.token) headers.authorization = `Bearer ${v.token}`;
  if (v.origin) headers.origin = v.origin;
  return SELF.fetch(BASE + path, { method, headers });
}

async function open(base: string, origin?: string) {
  const ip = uniqueIp();
  const res = await call(`${base}/sessions`, { ip, origin }, 'POST');
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as { token: string; session_id: string };
  return { ip, origin, token: body.token, session: body.session_id };
}

describe('visitor tokens (widget, share link, try-it)', () => {
  it('open only their own surface and conversation', async () => {
    const a = await signup('Visitor Access Co');
    const linked = await createAgent(a, { name: 'Linked', visibility: 'link' });
    const { url } = (await (await api(`/api/v1/agents/${linked.id}/share-link`, { as: a })).json()) as { url: string };
    const share = new URL(url).pathname + '/api';
    const widgetAgent = await createAgent(a, { name: 'Widget' });
    const { public_key } = await createEmbedKey(a, widgetAgent.id, { allowed_origins: [SITE] });
    const widget = `/embed/v1/${public_key}`;
    const listing = await seedListing(a, { title: 'Visitor Access Listing' });
    const tryIt = `/marketplace/${listing.slug}/try/api`;

    const surfaces = [
      { base: widget, visit: await open(widget, SITE) },
      { base: share, visit: await open(share) },
      { base: tryIt, visit: await open(tryIt) },
    ];
    // Its own conversation: the history opens (empty), and the token refreshes.
    for (const { base, visit } of surfaces) {
      expect((await call(`${base}/sessions/${visit.session}/messages`, visit)).status).toBe(200);
      const refreshed = await call(`${base}/sessions/${visit.session}/token`, visit, 'POST');
      expect(refreshed.status).toBe(200);
      expect(await refreshed.json()).toMatchObject({ session_id: visit.session, token: expect.any(String), expires_at: expect.any(String) });
    }
    // Every other surface's token, on its own session id or on this surface's: 401.
    for (const here of surfaces) {
      for (const there of surfaces) {
        if (here === there) continue;
        const foreign = { ...there.visit, origin: here.visit.origin };
        expect((await call(`${here.base}/sessions/${there.visit.session}/messages`, foreign)).status).toBe(401);
        expect((await call(`${here.base}/sessions/${here.visit.session}/messages`, foreign)).status).toBe(401);
      }
      // No token, or a token for another conversation of the same surface: 401.
      expect((await call(`${here.base}/sessions/${here.visit.session}/messages`, { ip: here.visit.ip, origin: here.visit.origin })).status).toBe(401);
    }
    const second = await open(share);
    expect((await call(`${share}/sessions/${second.session}/messages`, surfaces[1]!.visit)).status).toBe(401);
  });
});
