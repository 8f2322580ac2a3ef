// Calling the Worker as a client does: JSON API calls as a signed-in user or with a key, sign-ups, API keys, and the
// API.md error shape.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';

export const BASE = 'http://edgent.test';
let seq = 0;

/** A distinct client IP per account keeps the per-IP sign-up and login limits out of unrelated tests. */
export const uniqueIp = () => `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

export type Account = {
  email: string;
  password: string;
  cookie: string;
  csrf: string;
  ip: string;
  user: { id: string; email: string };
  tenant: { id: string; name: string };
};

export type Caller = { cookie?: string; csrf?: string; key?: string; ip?: string };

export function uniqueEmail(tag = 'user') {
  seq += 1;
  return `${tag}-${seq}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

export function sessionCookie(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /(edgent_session=[^;]+)/.exec(set);
  if (!m) throw new Error(`no session cookie in: ${set}`);
  return m[1]!;
}

/** Calls the API as `who`: JSON body, cookie + CSRF header, or a Bearer key. */
export async function api(path: string, init: { method?: string; body?: unknown; as?: Caller; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  if (init.as?.cookie) headers.cookie = init.as.cookie;
  if (init.as?.csrf) headers['x-csrf-token'] = init.as.csrf;
  if (init.as?.key) headers.authorization = `Bearer ${init.as.key}`;
  headers['cf-connecting-ip'] ??= init.as?.ip ?? '203.0.113.9';
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return SELF.fetch(BASE + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
}

export async function signup(org = 'Acme Inc', extra: { name?: string } = {}): Promise<Account> {
  const email = uniqueEmail();
  const password = 'correct horse battery';
  const ip = uniqueIp();
  const res = await api('/api/v1/auth/signup', { body: { email, password, organization: org, ...extra }, as: { ip } });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { user: Account['user']; tenant: Account['tenant']; csrf_token: string };
  return { email, password, ip, cookie: sessionCookie(res), csrf: json.csrf_token, user: json.user, tenant: json.tenant };
}

/** Logs `account` in again: a fresh session (e.g. after its role changed), as cookie and CSRF token. */
export async function login(account: Account): Promise<Caller> {
  const res = await api('/api/v1/auth/login', { body: { email: account.email, password: account.password }, as: { ip: account.ip } });
  expect(res.status).toBe(200);
  return { cookie: sessionCookie(res), csrf: ((await res.json()) as { csrf_token: string }).csrf_token, ip: account.ip };
}

/** An API key with the given scopes (all by default), created by `owner`. */
export async function apiKey(owner: Account, scopes?: string[]): Promise<string> {
  const res = await api('/api/v1/api-keys', { body: { name: 'test key', ...(scopes ? { scopes } : {}) }, as: owner });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

/** Asserts the API.md error shape and returns it. */
export async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; details?: { path: string; message: string }[] } };
  expect(body.error.message).toBeTypeOf('string');
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}
