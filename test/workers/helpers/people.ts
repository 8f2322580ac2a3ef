// A second person in an organization, made by SQL (a user row and a membership) and signed in through the real login.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { hashPassword } from '../../../worker/crypto/password';
import { type Account, api, sessionCookie, uniqueEmail, uniqueIp } from './api';

/** `name`: the person's display name (null: none, so lists show the email). */
export async function addPerson(owner: Account, role: 'admin' | 'member' | 'viewer', name: string | null = `The ${role}`): Promise<Account> {
  const id = `usr_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const email = uniqueEmail(role);
  const password = 'person password 123';
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare('insert into users (id, email, name, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?)').bind(
      id,
      email,
      name,
      await hashPassword(password),
      now,
      now,
    ),
    env.DB.prepare('insert into memberships (id, tenant_id, user_id, role, created_at) values (?, ?, ?, ?, ?)').bind(
      `mem_${id}`,
      owner.tenant.id,
      id,
      role,
      now,
    ),
  ]);
  const ip = uniqueIp();
  const res = await api('/api/v1/auth/login', { body: { email, password }, as: { ip } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrf_token: string; user: Account['user']; tenant: Account['tenant'] };
  return { email, password, ip, cookie: sessionCookie(res), csrf: body.csrf_token, user: body.user, tenant: body.tenant };
}

/** An API key that acts as `person` (keys are made by admins; this one is then handed to the person by SQL). */
export async function keyOf(owner: Account, person: Account): Promise<string> {
  const res = await api('/api/v1/api-keys', { body: { name: 'person key' }, as: owner });
  expect(res.status).toBe(201);
  const { id, key } = (await res.json()) as { id: string; key: string };
  await env.DB.prepare('update api_keys set created_by = ? where id = ?').bind(person.user.id, id).run();
  return key;
}
