// Members (API.md, Teams and access): list, change a role, remove; a person may remove themself (leave).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { recordAudit } from '../../queues/audit-events';
import { changeMemberRole, changeRoleSchema, listMembers, memberJson, removeMember } from '../../services/members';
import { afterLeaving } from '../../services/memberships';
import { permit } from '../../services/permissions';

export const memberRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', permit('members:read'), async (c) => c.json({ data: await listMembers(c.var.db), next_cursor: null }))
  .patch('/:user_id', permit('members:write'), async (c) => {
    const input = await jsonBody(c, changeRoleSchema);
    const r = await changeMemberRole(c.var.db, c.var.auth, c.req.param('user_id'), input.role);
    if (r.before !== r.after)
      recordAudit(c, {
        action: 'member.role_change',
        resource: { type: 'user', id: r.member.userId },
        changes: { role: { before: r.before, after: r.after } },
      });
    return c.json(memberJson(r.member));
  })
  // members:read here: anyone may leave; removing someone else is checked (members:write) in the service.
  .delete('/:user_id', permit('members:read'), async (c) => {
    const r = await removeMember(c.var.db, c.var.auth, c.req.param('user_id'));
    recordAudit(c, {
      action: r.self ? 'member.leave' : 'member.remove',
      resource: { type: 'user', id: r.member.userId },
      changes: { role: { before: r.member.role } },
    });
    if (r.self) await afterLeaving(c.env, c.var.auth);
    return c.body(null, 204);
  });
