// The developer portal (/app/developers): API keys (a new key is shown in the answer to its creation, once),
// snippets per agent, and the API request log (written by the EVENTS queue consumer; read here from D1).
import { Hono, type Context } from 'hono';
import { agentSnippets } from '../../../views/docs/snippets';
import { DevelopersPage, type DevelopersProps } from '../../../views/pages/developers-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { formValues } from '../../lib/validate';
import { requirePageSession } from '../../middleware/auth';
import { apiKeyJson, createApiKey, createApiKeySchema, revokeApiKey } from '../../services/api-keys';
import { developerPortal } from '../../services/developer-portal';
import { SCOPES, can, permit } from '../../services/permissions';
import { PRESET_NAMES, SCOPE_LABELS, SCOPE_PRESETS } from '../../services/scope-presets';
import { formBody, layoutBase, redirectAfterPost, text, texts } from './support/page-helpers';

const LOG_ROWS = 50;

async function pageProps(c: Context<AppEnv>, extra: Partial<DevelopersProps> = {}): Promise<DevelopersProps> {
  // Everyone who sees agents gets the snippets; the keys and their request log only those the table lets see keys.
  const seesKeys = can(c.var.auth, 'api_keys:read');
  const [base, portal] = await Promise.all([layoutBase(c), developerPortal(c.var.db, c.req.query('agent'), LOG_ROWS)]);
  const { agents, agent, embed } = portal;
  const keys = seesKeys ? portal.keys : [];
  const requests = seesKeys ? portal.requests : [];
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  return {
    ...base,
    keys: keys.map(apiKeyJson),
    presets: PRESET_NAMES.map((id) => ({ id, ...SCOPE_PRESETS[id] })),
    scopes: SCOPES.map((id) => ({ id, label: SCOPE_LABELS[id] })),
    canWrite: can(c.var.auth, 'api_keys:write'),
    seesKeys,
    agents,
    agentId: agent?.id ?? null,
    snippets: agent ? agentSnippets(new URL(c.req.url).origin, agent, embed?.publicKey ?? null) : [],
    requests: requests.map((r) => ({
      at: new Date(r.createdAt).toISOString(),
      method: r.method,
      path: r.path,
      status: r.status,
      latency_ms: r.latencyMs,
      key: keyName.get(r.keyId) ?? 'revoked key',
    })),
    ...extra,
  };
}

export const developerPages = new Hono<AppEnv>()
  .use(requirePageSession())
  .get('/', permit('agents:read'), async (c) => c.html(<DevelopersPage {...await pageProps(c)} />))
  .post('/api-keys', permit('api_keys:write'), async (c) => {
    const body = await formBody(c);
    const days = text(body, 'expires_in_days');
    const scopes = texts(body, 'scopes');
    // A preset radio wins; "custom" (or no choice, with boxes checked) takes the checked scopes.
    const access = text(body, 'access');
    const choice = access && access !== 'custom' ? { preset: access } : access === 'custom' || scopes.length ? { scopes } : {};
    const parsed = formValues(createApiKeySchema, { name: text(body, 'name'), ...choice, ...(days ? { expires_in_days: Number(days) } : {}) });
    if (!parsed.ok) return c.html(<DevelopersPage {...await pageProps(c, { error: Object.values(parsed.errors)[0] })} />, 400);
    try {
      const { row, key } = await createApiKey(c.var.db, c.var.auth, parsed.data, actorOf(c));
      // The key is in this answer only: no redirect, nothing stored that could show it again.
      c.header('Cache-Control', 'no-store');
      return c.html(<DevelopersPage {...await pageProps(c, { created: { name: row.name, key } })} />, 201);
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return c.html(<DevelopersPage {...await pageProps(c, { error: e.message })} />, e.status as 400);
      throw e;
    }
  })
  .post('/api-keys/:id/revoke', permit('api_keys:write'), async (c) => {
    await revokeApiKey(c.var.db, c.var.auth, c.req.param('id'), actorOf(c));
    return redirectAfterPost(c, '/app/developers');
  });
