// The invitation page (/invite/:token), open to anyone holding the link: shows what the link offers and accepts it,
// signed in (CSRF-checked) or as a new person. The token is in the URL, so it stays out of caches and of Referer
// headers to other sites (`same-origin`: `no-referrer` would make the browser send `Origin: null` with the form).
import { Hono, type Context } from 'hono';
import { InvitePage, type InviteView } from '../../../views/pages/invite-page';
import type { AppEnv, Auth } from '../../env';
import { AppError } from '../../errors';
import { clientIp } from '../../lib/client-ip';
import { optionalAuth } from '../../middleware/auth';
import { writeSessionCookie } from '../../middleware/session-cookie';
import { sendAudit } from '../../queues/audit-events';
import { identity } from '../../services/identity';
import { acceptInvitation, invitationForToken } from '../../services/invitations';
import { tenantDb } from '../../db/tenant-db';
import { formBody, text } from './support/page-helpers';

async function view(c: Context<AppEnv>, token: string, extra: Partial<Extract<InviteView, { kind: 'open' }>> = {}): Promise<InviteView> {
  const found = await invitationForToken(c.env, token);
  if (found.state !== 'open') return { kind: 'gone', message: found.message! };
  const auth = c.get('auth') as Auth | undefined;
  let signedIn = null;
  if (auth?.kind === 'session') {
    const who = await identity(tenantDb(c.env, auth.tenantId), auth.userId);
    signedIn = { email: who.user.email, csrfToken: auth.csrfToken, invited: found.account?.id === auth.userId };
  }
  const inv = found.invitation!;
  return { kind: 'open', token, org: found.tenantName!, role: inv.role, email: inv.email, signedIn, hasAccount: found.hasAccount!, ...extra };
}

function render(c: Context<AppEnv>, v: InviteView, status: 200 | 400 | 403 | 409 | 410 | 429 = 200) {
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
  return c.html(<InvitePage view={v} />, v.kind === 'gone' ? 410 : status);
}

export const invitePages = new Hono<AppEnv>()
  .get('/invite/:token', optionalAuth(), async (c) => render(c, await view(c, c.req.param('token'))))
  .post('/invite/:token', optionalAuth(), async (c) => {
    const token = c.req.param('token');
    const body = await formBody(c);
    const caller = (c.get('auth') as Auth | undefined) ?? null;
    const input = caller ? { token } : { token, name: text(body, 'name').trim() || undefined, password: text(body, 'password') || undefined };
    const ip = clientIp(c);
    try {
      const r = await acceptInvitation(c.env, input, caller, {
        ip,
        userAgent: c.req.header('user-agent') ?? null,
        waitUntil: (p) => c.executionCtx.waitUntil(p),
      });
      if (r.signedIn) writeSessionCookie(c, r.signedIn.token, r.signedIn.expiresAt);
      sendAudit(c.env, (p) => c.executionCtx.waitUntil(p), {
        tenant_id: r.tenantId,
        actor: { type: 'user', id: r.userId },
        action: 'invitation.accept',
        resource: { type: 'invitation', id: r.invitationId },
        changes: { role: { after: r.role } },
        ip,
        at: Date.now(),
      });
      return c.redirect('/app?notice=joined', 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 401) throw e;
      if (e.code === 'gone') return render(c, { kind: 'gone', message: e.message });
      const errors = Object.fromEntries((e.details ?? []).map((d) => [d.path, d.message]));
      const status = e.status as 400 | 403 | 409 | 429;
      return render(c, await view(c, token, { values: { name: input.name }, errors, formError: e.status === 400 ? undefined : e.message }), status);
    }
  });
