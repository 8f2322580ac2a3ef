// Signed approval links: a member makes one for a waiting approval step; whoever opens it sees a confirmation page
// (opening decides nothing), and its POST decides. Forged, tampered, expired and already-decided links decide nothing.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { approvalPath } from '../../worker/services/approval-links';
import { BASE, api, expectError, signup } from './helpers';
import { addPerson } from './helpers/people';
import { snap, start, stepOf } from './helpers/runs';

const flow = {
  steps: [
    { id: 'ask', kind: 'approval', message: 'Ship <b>v2</b> to {{inputs.who}}?' },
    { id: 'ship', kind: 'transform', needs: ['ask'], value: 'shipped' },
  ],
};

const form = (path: string, fields: Record<string, string>) =>
  SELF.fetch(BASE + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('signed approval links', () => {
  it('a member makes a link; the page shows the message (escaped) and its POST approves', async () => {
    const owner = await signup('Approval links');
    const run = await start(owner.tenant.id, flow, { who: 'everyone' });
    const viewer = await addPerson(owner, 'viewer');
    await expectError(await api(`/api/v1/runs/${run.id}/steps/ask/approval-link`, { as: viewer, body: {} }), 403, 'forbidden');
    const res = await api(`/api/v1/runs/${run.id}/steps/ask/approval-link`, { as: owner, body: { expires_in_hours: 2 } });
    expect(res.status).toBe(201);
    const link = (await res.json()) as { url: string; expires_at: string };
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(7_000_000);
    const path = new URL(link.url).pathname;

    const page = await SELF.fetch(BASE + path);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Ship &lt;b&gt;v2&lt;/b&gt; to everyone?');
    expect(html).not.toContain('<b>v2</b>');
    // Opening the page decided nothing.
    expect((await snap(owner.tenant.id, run.id)).status).toBe('waiting');

    const decided = await form(path, { decision: 'approve', comment: 'go' });
    expect(decided.status).toBe(200);
    expect(await decided.text()).toContain('Approved');
    const after = await snap(owner.tenant.id, run.id);
    expect(after.status).toBe('succeeded');
    expect(stepOf(after, 'ask').decision).toMatchObject({ approved: true, by: 'approval link', comment: 'go' });
    // Used: the link now says there is nothing to decide, and a second POST changes nothing.
    expect((await SELF.fetch(BASE + path)).status).toBe(409);
    expect((await form(path, { decision: 'reject' })).status).toBe(409);
    expect((await snap(owner.tenant.id, run.id)).status).toBe('succeeded');
  });

  it('rejects through the link; forged, tampered, expired and other-tenant links decide nothing', async () => {
    const owner = await signup('Approval links 2');
    const run = await start(owner.tenant.id, flow, { who: 'x' });
    const claim = { tenantId: owner.tenant.id, runId: run.id, stepId: 'ask', expiresAt: Date.now() + 60_000 };
    const good = await approvalPath(env, claim);
    const [body, mac] = good.slice('/approvals/'.length).split('.');
    const tampered = `/approvals/${body}.${mac!.replace(/^./, (ch) => (ch === '0' ? '1' : '0'))}`;
    const expired = await approvalPath(env, { ...claim, expiresAt: Date.now() - 1 });
    const stranger = await signup('Approval links stranger');
    const otherTenant = await approvalPath(env, { ...claim, tenantId: stranger.tenant.id });
    expect((await form(tampered, { decision: 'approve' })).status).toBe(404);
    expect((await SELF.fetch(BASE + '/approvals/not-a-token')).status).toBe(404);
    expect((await form(expired, { decision: 'approve' })).status).toBe(410);
    expect((await form(otherTenant, { decision: 'approve' })).status).toBe(404);
    expect((await form(good, { decision: 'maybe' })).status).toBe(400);
    expect((await snap(owner.tenant.id, run.id)).status).toBe('waiting');
    const rejected = await form(good, { decision: 'reject', comment: 'not now' });
    expect(rejected.status).toBe(200);
    expect(await rejected.text()).toContain('Rejected');
    const after = await snap(owner.tenant.id, run.id);
    expect(after.status).toBe('failed');
    expect(stepOf(after, 'ask')).toMatchObject({ status: 'failed', error: { code: 'rejected' }, decision: { approved: false, comment: 'not now' } });
    await expectError(await api(`/api/v1/runs/${run.id}/steps/ask/approval-link`, { as: owner, body: {} }), 409, 'conflict');
  });
});
