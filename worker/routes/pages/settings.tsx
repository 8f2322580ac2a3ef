// Settings (/app/settings): rename the organization, see the members and make one-time reset links for them; API
// keys are managed on the Developers page (linked from here). Plain forms that work without JavaScript.
import { Hono, type Context } from 'hono';
import { SettingsPage, type SettingsState } from '../../../views/pages/settings-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { activeApiKeyCount } from '../../services/api-keys';
import { members, renameOrganization, renameSchema } from '../../services/organization';
import { createMemberResetLink, emailConfigured } from '../../services/password-reset';
import { can, permit } from '../../services/permissions';
import { fieldErrors, formBody, layoutBase, text } from './support/page-helpers';

async function page(c: Context<AppEnv>, state: Partial<SettingsState> = {}, status: 200 | 400 | 403 = 200) {
  const db = c.var.db;
  const [base, keyCount, people] = await Promise.all([layoutBase(c), activeApiKeyCount(db), members(db)]);
  const full: SettingsState = { notice: c.req.query('notice'), orgName: base.tenant.name, ...state };
  return c.html(
    <SettingsPage
      base={base}
      state={full}
      keyCount={keyCount}
      members={people}
      canRename={can(c.var.auth, 'settings:write')}
      canResetPasswords={can(c.var.auth, 'members:write')}
      emailConfigured={emailConfigured(c.env)}
    />,
    status,
  );
}

export const settingsPages = new Hono<AppEnv>()
  .get('/settings', permit('members:read'), (c) => page(c))
  .post('/settings/organization', permit('settings:write'), async (c) => {
    const name = text(await formBody(c), 'name');
    try {
      const input = validate(renameSchema, { name });
      await renameOrganization(c.var.db, c.var.auth.role, input.name, actorOf(c));
      return c.redirect('/app/settings?notice=renamed', 303);
    } catch (e) {
      return page(c, { orgName: name, orgError: fieldErrors(e).errors.name ?? fieldErrors(e).message }, 400);
    }
  })
  .post('/settings/members/:id/reset-link', permit('members:write'), async (c) => {
    try {
      const link = await createMemberResetLink(c.env, c.var.db, c.var.auth, c.req.param('id'), actorOf(c), new URL(c.req.url).origin);
      // The link is in this answer only, like a new API key: no redirect, nothing cached.
      c.header('Cache-Control', 'no-store');
      return page(c, { resetLink: { email: link.email, url: link.url } });
    } catch (e) {
      if (e instanceof AppError && (e.status === 400 || e.status === 403)) return page(c, { memberError: e.message }, e.status);
      throw e;
    }
  });
