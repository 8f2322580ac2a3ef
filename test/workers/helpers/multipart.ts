// Multipart requests (files in chat): a form with text fields and an optional file, posted as a caller, and a
// conversation's messages as the API lists them.
import { SELF } from 'cloudflare:test';
import { type Account, type Caller, BASE, api } from './api';

export type FormFile = { name: string; type?: string; body: string | Uint8Array };

export function form(fields: Record<string, string>, file?: FormFile): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  if (file) f.set('file', new File([file.body], file.name, { type: file.type ?? '' }));
  return f;
}

/** A multipart POST as `who` (cookie + CSRF, a key, or a visitor token): the body's boundary comes from FormData. */
export function postForm(path: string, body: FormData, who: Caller & { token?: string; origin?: string } = {}, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { 'cf-connecting-ip': who.ip ?? '203.0.113.9', ...headers };
  if (who.cookie) h.cookie = who.cookie;
  if (who.csrf) h['x-csrf-token'] = who.csrf;
  if (who.key) h.authorization = `Bearer ${who.key}`;
  if (who.token) h.authorization = `Bearer ${who.token}`;
  if (who.origin) h.origin = who.origin;
  return SELF.fetch(BASE + path, { method: 'POST', headers: h, body, redirect: 'manual' });
}

/** The conversation's messages (GET /api/v1/sessions/:id/messages) as `a`. */
export const messagesOf = async (a: Account, session: string) =>
  ((await (await api(`/api/v1/sessions/${session}/messages`, { as: a })).json()) as any).data as any[];
