// Teams helpers: invite someone through the real API, accept as a new person, and wait for an audit row.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { type Account, type Caller, api, sessionCookie, uniqueEmail, uniqueIp } from './api';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';
export type Invitation = { id: string; email: string; role: Role; url: string; status: string; expires_at: string; emailed: boolean };

export const tokenOf = (url: string) => decodeURIComponent(url.split('/invite/')[1]!);

export async function invite(as: Caller, role: Role = 'member', email = uniqueEmail(role)): Promise<Invitation> {
  const res = await api('/api/v1/invitations', { body: { email, role }, as });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Invitation;
}

export const accept = (token: string, extra: Record<string, string> = {}, as: Caller = { ip: uniqueIp() }) =>
  api('/api/v1/invitations/accept', { body: { token, ...extra }, as });

/** A new person in `owner`'s organization with `role`, through an invitation accepted with name and password. */
export async function addMember(owner: Caller, role: Role): Promise<Account> {
  const inv = await invite(owner, role);
  const ip = uniqueIp();
  const res = await accept(tokenOf(inv.url), { name: `New ${role}`, password: 'a long enough password' }, { ip });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { tenant: { id: string; name: string }; csrf_token: string };
  const me = (await (await api('/api/v1/me', { as: { cookie: sessionCookie(res) } })).json()) as { user: Account['user'] };
  return { email: inv.email, password: 'a long enough password', cookie: sessionCookie(res), csrf: body.csrf_token, ip, user: me.user, tenant: body.tenant };
}

/** Waits for the EVENTS consumer to write the audit row of `action` on `targetId`. */
export async function auditRow(tenantId: string, action: string, targetId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare('select * from audit_log where tenant_id = ? and action = ? and target_id = ?').bind(tenantId, action, targetId).first();
    if (row) return row as { actor_id: string; data: string | null; ip: string | null };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no audit row ${action} on ${targetId}`);
}
