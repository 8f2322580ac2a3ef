// Answers about teams: members, invitations, a person's organizations (API.md, "Teams and access").
import { z } from 'zod';
import { membership, role } from './accounts';
import { iso } from './common';

export const member = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  role,
  joined_at: iso,
});
export const memberList = z.object({ data: z.array(member), next_cursor: z.null() });

export const invitation = z.object({
  id: z.string(),
  email: z.string(),
  role,
  status: z.enum(['pending', 'expired']).describe('An expired invitation can be resent'),
  expires_at: iso,
  created_at: iso,
});
export const invitationCreated = invitation.extend({
  url: z.string().describe('The single-use link (7 days), shown this once'),
  emailed: z.boolean().describe('True when the link was also sent by email (the server has an email sender)'),
});
export const invitationList = z.object({ data: z.array(invitation), next_cursor: z.null() });

export const accepted = membership.extend({ csrf_token: z.string().optional().describe('For a new account: the CSRF token of its new session') });

export type MemberJson = z.infer<typeof member>;
export type InvitationJson = z.infer<typeof invitation>;
export type InvitationCreatedJson = z.infer<typeof invitationCreated>;
