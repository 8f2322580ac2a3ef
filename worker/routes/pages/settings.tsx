// Settings (/app/settings): rename the organization; members (roles, remove, leave), invitations (invite, resend,
// revoke; a new link is shown once) and one-time reset links; API keys are managed on the Developers page (linked
// from here). Plain forms that work without JavaScript.
import { Hono, type Context } from 'hono';
import { SettingsPage, type SettingsState } from '../../../views/pages/settings-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { recordAudit } from '../../queues/audit-events';
import { activeApiKeyCount } from '../../services/api-keys';
import { createInvitation, createInvitationSchema, listInvitations, resendInvitation, revokeInvitation } from '../../services/invitations';
import { changeMemberRole, getMember, removeMember, roleSchema } from '../../services/members';
import { afterLeaving } from '../../services/memberships';
import { members, renameOrganization, renameSchema } from '../../services/organization';
import { createMemberResetLink, emailConfigured } from '../../services/password-reset';
import { can, permit } from '../../services/permissions';
import { fieldErrors, formBody, layoutBase, text } from './support/page-helpers';

type Status = 200 | 400 | 403 | 409;

async function page(c: Context<AppEnv>, state: Partial<SettingsState> = {}, status: Status = 200) {
  const db = c.var.db;
  const [base, keyCount, people, invitations] = await Promise.all([layoutBase(c), activeApiKeyCount(db), members(db), listInvitations(db)]);
  const full: SettingsState = { notice: c.req.query('notice'), orgName: base.tenant.name, ...state };
  return c.html(
    <SettingsPage
      base={base}
      state={full}
      keyCount={keyCount}
      members={people}
      invitations={invitations}
      canRename={can(c.var.auth, 'settings:write')}
      canManageMembers={can(c.var.auth, 'members:write')}
      canResetPasswords={can(c.var.auth, 'members:write')}
      emailConfigured={emailConfigured(c.env)}
      userId={c.var.auth.userId!}
    />,
    status,
  );
}

/** Refusals and conflicts are shown on the page; anything else (404 included) goes to the error handler. */
function shown(e: unknown): e is AppError & { status: Status } {
  return e instanceof AppError && (e.status === 400 || e.status === 403 || e.status === 409);
}

/** A new invitation link: in this answer only, like a new API key (no redirect, nothing cached). */
function showLink(c: Context<AppEnv>, json: { email: string; url: string; emailed: boolean }) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'same-origin');
  return page(c, { inviteLink: { email: json.email, url: json.url, emailed: json.emailed } });
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
  })
  .post('/settings/members/:id/role', permit('members:write'), async (c) => {
    const target = await getMember(c.var.db, c.req.param('id'));
    try {
      const role = validate(roleSchema, text(await formBody(c), 'role'));
      const r = await changeMemberRole(c.var.db, c.var.auth, target.userId, role);
      if (r.before !== r.after)
        recordAudit(c, {
          action: 'member.role_change',
          resource: { type: 'user', id: target.userId },
          changes: { role: { before: r.before, after: r.after } },
        });
      return c.redirect('/app/settings?notice=role_changed#members', 303);
    } catch (e) {
      if (shown(e)) return page(c, { memberError: e.message }, e.status);
      throw e;
    }
  })
  .post('/settings/members/:id/remove', permit('members:read'), async (c) => {
    try {
      const r = await removeMember(c.var.db, c.var.auth, c.req.param('id'));
      recordAudit(c, {
        action: r.self ? 'member.leave' : 'member.remove',
        resource: { type: 'user', id: r.member.userId },
        changes: { role: { before: r.member.role } },
      });
      if (!r.self) return c.redirect('/app/settings?notice=member_removed#members', 303);
      return c.redirect((await afterLeaving(c.env, c.var.auth)) ? '/app?notice=left' : '/login', 303);
    } catch (e) {
      if (shown(e)) return page(c, { memberError: e.message }, e.status);
      throw e;
    }
  })
  .post('/settings/invitations', permit('members:write'), async (c) => {
    const body = await formBody(c);
    const values = { email: text(body, 'email'), role: text(body, 'role') };
    try {
      const input = validate(createInvitationSchema, values);
      const { json, delivery } = await createInvitation(c.env, c.var.db, c.var.auth, input, new URL(c.req.url).origin);
      if (delivery) c.executionCtx.waitUntil(delivery);
      recordAudit(c, {
        action: 'invitation.create',
        resource: { type: 'invitation', id: json.id },
        changes: { email: { after: json.email }, role: { after: json.role } },
      });
      return showLink(c, json);
    } catch (e) {
      if (!shown(e)) throw e;
      const errors = Object.fromEntries((e.details ?? []).map((d) => [d.path, d.message]));
      return page(c, { inviteValues: values, inviteErrors: errors, inviteError: errors.email || errors.role ? undefined : e.message }, e.status);
    }
  })
  .post('/settings/invitations/:id/resend', permit('members:write'), async (c) => {
    try {
      const { json, delivery } = await resendInvitation(c.env, c.var.db, c.var.auth, c.req.param('id'), new URL(c.req.url).origin);
      if (delivery) c.executionCtx.waitUntil(delivery);
      recordAudit(c, { action: 'invitation.resend', resource: { type: 'invitation', id: json.id } });
      return showLink(c, json);
    } catch (e) {
      if (shown(e)) return page(c, { memberError: e.message }, e.status);
      throw e;
    }
  })
  .post('/settings/invitations/:id/revoke', permit('members:write'), async (c) => {
    try {
      const row = await revokeInvitation(c.var.db, c.var.auth, c.req.param('id'));
      recordAudit(c, { action: 'invitation.revoke', resource: { type: 'invitation', id: row.id }, changes: { email: { before: row.email } } });
      return c.redirect('/app/settings?notice=invitation_revoked#members', 303);
    } catch (e) {
      if (shown(e)) return page(c, { memberError: e.message }, e.status);
      throw e;
    }
  });
