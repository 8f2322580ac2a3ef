// The caller's IP as Cloudflare reports it (used for rate limits and the audit log).
import type { Context } from 'hono';

export function clientIp(c: Context): string | null {
  return c.req.header('cf-connecting-ip') ?? null;
}
