// API keys (API.md, Accounts): create (the key is shown once), list (never the key), revoke (401 at once).
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { AppError, notFound } from '../errors';
import { actorOf } from '../lib/actor';
import { jsonBody } from '../lib/validate';
import { pageParams, toPage } from '../db/page';
import type { ApiKeyRow } from '../db/tenant-db';
import { requireAuth } from '../middleware/auth';
import { forgetAuth } from '../middleware/auth-cache';
import { newApiKey } from '../services/credentials';
import { ALL_SCOPES, SCOPES, assertCan, grantableScopes } from '../services/permissions';

const createSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the key').max(100),
  scopes: z
    .array(z.enum([ALL_SCOPES, ...SCOPES]))
    .min(1)
    .max(SCOPES.length + 1)
    .default([ALL_SCOPES]),
  expires_in_days: z.number().int().min(1).max(3650).optional(),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const keyJson = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  created_at: iso(k.createdAt),
  last_used_at: iso(k.lastUsedAt),
  expires_at: iso(k.expiresAt),
});

export const apiKeyRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', async (c) => {
    assertCan(c.var.auth, 'api_keys:write');
    const input = await jsonBody(c, createSchema);
    const scopes = grantableScopes(c.var.auth, [...new Set(input.scopes)]);
    if (!scopes) throw new AppError('insufficient_scope', 'A key cannot grant scopes its creator lacks', [{ path: 'scopes', message: 'exceed this key' }]);
    const { key, prefix, hash } = await newApiKey();
    const expiresAt = input.expires_in_days ? Date.now() + input.expires_in_days * 86_400_000 : null;
    const row = await c.var.db.apiKeys.create({ name: input.name, prefix, keyHash: hash, scopes, expiresAt }, actorOf(c));
    return c.json({ ...keyJson(row), key }, 201);
  })
  .get('/', async (c) => {
    assertCan(c.var.auth, 'api_keys:read');
    const page = pageParams(c.req.query());
    return c.json(toPage(await c.var.db.apiKeys.list(page), page.limit, (k) => k.id, keyJson));
  })
  .delete('/:id', async (c) => {
    assertCan(c.var.auth, 'api_keys:write');
    if (!(await c.var.db.apiKeys.revoke(c.req.param('id'), actorOf(c)))) throw notFound('API key');
    forgetAuth({ keyId: c.req.param('id') });
    return c.body(null, 204);
  });
