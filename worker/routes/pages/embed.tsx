// The Embed page (/app/agents/:id/embed): embed keys, widget settings, snippet and live preview. Plain form posts
// (303 back to the page); a form with errors is shown again with them, keeping what was typed.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { EmbedPage, type EmbedFormErrors, type EmbedFormValues, embedHref } from '../../../views/pages/embed-page';
import type { AgentRow, EmbedKeyRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { getAgent } from '../../services/agents';
import {
  allowRefusedOrigin,
  createEmbedKey,
  createEmbedKeySchema,
  embedKeyJson,
  getEmbedKey,
  listEmbedKeys,
  refusedOrigins,
  revokeEmbedKey,
  updateEmbedKey,
  updateEmbedKeySchema,
} from '../../services/embed-keys';
import { identity } from '../../services/identity';
import { assertCan, can, grants, permit } from '../../services/permissions';

const BLANK: EmbedFormValues = {
  name: 'Website',
  allowed_origins: '',
  title: '',
  greeting: '',
  suggested_prompts: '',
  color: '#4f46e5',
  position: 'right',
  mode: 'light',
  avatar_url: '',
};

const valuesOf = (k: EmbedKeyRow): EmbedFormValues => {
  const t = k.settings.theme ?? {};
  return {
    name: k.name,
    allowed_origins: k.allowedOrigins.join('\n'),
    title: t.title ?? '',
    greeting: k.settings.greeting ?? '',
    suggested_prompts: (k.settings.suggested_prompts ?? []).join('\n'),
    color: t.color ?? BLANK.color,
    position: t.position ?? 'right',
    mode: t.mode ?? 'light',
    avatar_url: t.avatar_url ?? '',
  };
};

async function readForm(c: Context<AppEnv>): Promise<EmbedFormValues> {
  const body = await c.req.parseBody();
  const field = (k: keyof EmbedFormValues) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return Object.fromEntries(Object.keys(BLANK).map((k) => [k, field(k as keyof EmbedFormValues)])) as EmbedFormValues;
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const toInput = (v: EmbedFormValues, full: boolean) => ({
  name: v.name,
  allowed_origins: lines(v.allowed_origins),
  ...(full
    ? {
        greeting: v.greeting,
        suggested_prompts: lines(v.suggested_prompts),
        theme: { title: v.title, color: v.color, position: v.position, mode: v.mode, avatar_url: v.avatar_url },
      }
    : {}),
});

/** zod issues as one message per form field (`theme.color` → color, `allowed_origins.2` → allowed_origins). */
function errorsOf(error: z.ZodError): EmbedFormErrors {
  const out: Record<string, string> = {};
  for (const i of error.issues) out[String(i.path[0] === 'theme' ? i.path[1] : (i.path[0] ?? 'form'))] ??= i.message;
  return out;
}

async function render(
  c: Context<AppEnv>,
  agent: AgentRow,
  keyId: string | undefined,
  state: { current?: { values: EmbedFormValues; errors: EmbedFormErrors }; create?: { values: EmbedFormValues; errors: EmbedFormErrors } } = {},
  status: 200 | 400 = 200,
) {
  const db = c.var.db;
  const [who, keys] = await Promise.all([identity(db, c.var.auth.userId!), listEmbedKeys(db, agent.id)]);
  const row = keyId ? keys.find((k) => k.id === keyId) : keys[0];
  if (keyId && !row) throw new AppError('not_found', 'Embed key not found');
  const refused = row ? await refusedOrigins(db, agent.id, row.id) : [];
  const allowed = c.req.query('allowed');
  return c.html(
    <EmbedPage
      user={{ name: who.user.name, email: who.user.email }}
      tenant={{ id: who.tenant.id, name: who.tenant.name }}
      role={c.var.auth.role}
      canEdit={can(c.var.auth, 'agents:write')}
      can={grants(c.var.auth)}
      csrfToken={c.var.auth.kind === 'session' ? c.var.auth.csrfToken : ''}
      agent={{ id: agent.id, name: agent.name }}
      platform={new URL(c.req.url).origin}
      keys={keys.map(embedKeyJson)}
      current={row ? { key: embedKeyJson(row), ...(state.current ?? { values: valuesOf(row), errors: {} }) } : null}
      create={state.create ?? { values: BLANK, errors: {} }}
      saved={c.req.query('saved') === '1'}
      allowed={allowed && row?.allowedOrigins.includes(allowed) ? allowed : undefined}
      refused={refused}
    />,
    status,
  );
}

/** Mounted inside appPages (routes/pages/app.tsx), whose middleware already requires a signed-in session. */
export const embedPages = new Hono<AppEnv>()
  .get('/agents/:id/embed', permit('agents:read'), async (c) => render(c, await getAgent(c.var.db, c.req.param('id')), c.req.query('key')))
  .post('/agents/:id/embed/keys', permit('agents:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const values = await readForm(c);
    const parsed = createEmbedKeySchema.safeParse(toInput(values, false));
    if (!parsed.success) return render(c, agent, undefined, { create: { values, errors: errorsOf(parsed.error) } }, 400);
    try {
      const key = await createEmbedKey(c.var.db, agent.id, parsed.data, actorOf(c), c.env);
      return c.redirect(embedHref(agent.id, key.id), 303);
    } catch (e) {
      // A plan limit: the form says so (with the upgrade link) instead of an error page.
      if (e instanceof AppError && e.code === 'quota_exceeded') return render(c, agent, undefined, { create: { values, errors: { name: e.message } } }, 400);
      throw e;
    }
  })
  .post('/agents/:id/embed/keys/:key_id', permit('agents:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const key = await getEmbedKey(c.var.db, agent.id, c.req.param('key_id'));
    const values = await readForm(c);
    const parsed = updateEmbedKeySchema.safeParse(toInput(values, true));
    if (!parsed.success) return render(c, agent, key.id, { current: { values, errors: errorsOf(parsed.error) } }, 400);
    await updateEmbedKey(c.var.db, agent.id, key.id, parsed.data, actorOf(c));
    return c.redirect(`${embedHref(agent.id, key.id)}&saved=1`, 303);
  })
  .post('/agents/:id/embed/keys/:key_id/allow-origin', permit('agents:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const body = await c.req.parseBody();
    const origin = await allowRefusedOrigin(c.var.db, agent.id, c.req.param('key_id'), typeof body.origin === 'string' ? body.origin : '', actorOf(c));
    return c.redirect(`${embedHref(agent.id, c.req.param('key_id'))}&allowed=${encodeURIComponent(origin)}`, 303);
  })
  .post('/agents/:id/embed/keys/:key_id/revoke', permit('agents:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    await revokeEmbedKey(c.var.db, agent.id, c.req.param('key_id'), actorOf(c));
    return c.redirect(embedHref(agent.id), 303);
  });
