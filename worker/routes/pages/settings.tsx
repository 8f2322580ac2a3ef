// Settings (/app/settings): rename the organization, create API keys (shown once, in the answer to the post, never
// in a URL) and revoke them, and see the members. Plain forms that work without JavaScript.
import { Hono, type Context } from 'hono';
import { SettingsPage, type SettingsState } from '../../../views/pages/settings-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { createApiKey, createApiKeySchema, revokeApiKey } from '../../services/api-keys';
import { members, renameOrganization, renameSchema } from '../../services/organization';
import { createMemberResetLink, emailConfigured } from '../../services/password-reset';
import { SCOPES, assertCan, roleAtLeast } from '../../services/permissions';
import { fieldErrors, formBody, layoutBase, text } from './support/page-helpers';

async function page(c: Context<AppEnv>, state: Partial<SettingsState> = {}, status: 200 | 400 | 403 = 200) {
  const db = c.var.db;
  const [base, keys, people] = await Promise.all([layoutBase(c), db.apiKeys.list({ limit: 100, cursor: null }), members(db)]);
  const full: SettingsState = { notice: c.req.query('notice'), orgName: base.tenant.name, ...state };
  const admin = roleAtLeast(c.var.auth.role, 'admin');
  return c.html(
    <SettingsPage base={base} state={full} keys={keys.slice(0, 100)} members={people} canRename={admin} canResetPasswords={admin} emailConfigured={emailConfigured(c.env)} />,
    status,
  );
}

const READ_SCOPES = SCOPES.filter((s) => s.endsWith(':read'));

export const settingsPages = new Hono<AppEnv>()
  .get('/settings', (c) => page(c))
  .post('/settings/organization', async (c) => {
    const name = text(await formBody(c), 'name');
    try {
      const input = validate(renameSchema, { name });
      await renameOrganization(c.var.db, c.var.auth.role, input.name, actorOf(c));
      return c.redirect('/app/settings?notice=renamed', 303);
    } catch (e) {
      return page(c, { orgName: name, orgError: fieldErrors(e).errors.name ?? fieldErrors(e).message }, 400);
    }
  })
  .post('/settings/api-keys', async (c) => {
    assertCan(c.var.auth, 'api_keys:write');
    const body = await formBody(c);
    const name = text(body, 'name');
    try {
      const input = validate(createApiKeySchema, { name, scopes: text(body, 'access') === 'read' ? READ_SCOPES : ['*'] });
      const { row, key } = await createApiKey(c.var.db, c.var.auth, input, actorOf(c));
      // The key is in this answer only: no redirect, nothing cached.
      c.header('Cache-Control', 'no-store');
      return page(c, { newKey: { name: row.name, key } });
    } catch (e) {
      const f = fieldErrors(e);
      return page(c, { keyName: name, keyError: f.errors.name ?? f.message }, 400);
    }
  })
  .post('/settings/members/:id/reset-link', async (c) => {
    try {
      const link = await createMemberResetLink(c.env, c.var.db, c.var.auth, c.req.param('id'), actorOf(c), new URL(c.req.url).origin);
      // The link is in this answer only, like a new API key: no redirect, nothing cached.
      c.header('Cache-Control', 'no-store');
      return page(c, { resetLink: { email: link.email, url: link.url } });
    } catch (e) {
      if (e instanceof AppError && (e.status === 400 || e.status === 403)) return page(c, { memberError: e.message }, e.status);
      throw e;
    }
  })
  .post('/settings/api-keys/:id/revoke', async (c) => {
    assertCan(c.var.auth, 'api_keys:write');
    await revokeApiKey(c.var.db, c.req.param('id'), actorOf(c));
    return c.redirect('/app/settings?notice=key_revoked#api-keys', 303);
  });
