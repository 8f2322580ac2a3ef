// Who the audit log should name for this request.
import type { Context } from 'hono';
import type { Actor } from '../db/tenant-db';
import type { AppEnv } from '../env';
import { clientIp } from './client-ip';

export function actorOf(c: Context<AppEnv>): Actor {
  const auth = c.var.auth;
  return auth.kind === 'api_key'
    ? { type: 'api_key', id: auth.keyId, ip: clientIp(c), userId: auth.userId }
    : { type: 'user', id: auth.userId, ip: clientIp(c), userId: auth.userId };
}
