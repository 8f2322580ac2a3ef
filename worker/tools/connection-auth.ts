// Puts a connection's credential on an outbound request (bearer, header, query, basic), only for the connection's
// own origin, and says which strings must be redacted from anything shown or stored (the secret and its encodings).
import type { ConnectionRef } from '../llm/snapshot';

/** `base` + `path`, keeping the base's path: `https://x/v1` + `/users` → `https://x/v1/users`. */
export function joinUrl(base: string, path: string): string {
  if (!path) return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function sameOrigin(a: string | URL, b: string | null): boolean {
  if (!b) return false;
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Adds the credential to `url`/`headers`; returns the strings to redact. A null secret adds nothing. */
export function applyConnectionAuth(conn: Pick<ConnectionRef, 'authType' | 'authMeta'>, secret: string | null, url: URL, headers: Headers): string[] {
  if (!secret) return [];
  switch (conn.authType) {
    case 'bearer':
      headers.set('authorization', `Bearer ${secret}`);
      return [secret];
    case 'header':
      if (conn.authMeta.header_name) headers.set(conn.authMeta.header_name, secret);
      return [secret];
    case 'query':
      if (conn.authMeta.param_name) url.searchParams.set(conn.authMeta.param_name, secret);
      return [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
    case 'basic': {
      const token = btoa(String.fromCharCode(...new TextEncoder().encode(`${conn.authMeta.username ?? ''}:${secret}`)));
      headers.set('authorization', `Basic ${token}`);
      return [secret, token];
    }
    default:
      return [];
  }
}

/** Removes every redaction string (longest first) from `text`. */
export function redactAll(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  return out;
}
