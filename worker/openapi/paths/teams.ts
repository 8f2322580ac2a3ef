// OpenAPI entries of worker/routes/api/members.ts, invitations.ts and organizations.ts (API.md, Teams and access).
import { changeRoleSchema } from '../../services/members';
import { createOrganizationSchema, switchSchema } from '../../services/memberships';
import { acceptInvitationSchema, createInvitationSchema } from '../../services/invitations';
import { routeDocs } from '../registry';

const userId = { user_id: 'The member’s user id (`usr_…`)' };
const invitationId = { id: 'The invitation id (`inv_…`)' };

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/members',
    operationId: 'listMembers',
    tag: 'Teams',
    scopes: ['members:read'],
    summary: 'List the organization’s members, oldest first',
    responses: { 200: { description: 'Every member', schema: 'MemberList' } },
  },
  {
    method: 'patch',
    path: '/api/v1/members/{user_id}',
    operationId: 'changeMemberRole',
    tag: 'Teams',
    scopes: ['members:write'],
    params: userId,
    body: changeRoleSchema,
    summary: 'Change a member’s role',
    description:
      'Admins and owners. Only an owner may change an owner’s role or make someone an owner. The last owner cannot be demoted (409). The new role applies at once on this server and within 5 seconds everywhere.',
    responses: { 200: { description: 'The member with the new role', schema: 'Member' } },
    errors: [404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/members/{user_id}',
    operationId: 'removeMember',
    tag: 'Teams',
    scopes: ['members:read'],
    params: userId,
    summary: 'Remove a member, or leave (your own user id)',
    description:
      'Removing someone else needs `members:write` (admins and owners; only an owner removes an owner). Anyone signed in may leave with their own user id; their browser session moves to another organization of theirs, or ends. The last owner cannot leave or be removed (409). The person’s sessions in this organization and their API keys in it are revoked at once.',
    responses: { 204: { description: 'Removed' } },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/invitations',
    operationId: 'createInvitation',
    tag: 'Teams',
    scopes: ['members:write'],
    body: createInvitationSchema,
    summary: 'Invite someone by email with a role',
    description:
      'The `url` works once, for 7 days, and is in this answer only (only its hash is stored); it is also emailed when the server has an email sender (`emailed`). Admins may invite up to admin; only an owner invites owners. A member or an email with a pending invitation gets 409.',
    responses: { 201: { description: 'The invitation and its link', schema: 'InvitationCreated' } },
    errors: [402, 409],
  },
  {
    method: 'get',
    path: '/api/v1/invitations',
    operationId: 'listInvitations',
    tag: 'Teams',
    scopes: ['members:read'],
    summary: 'Open invitations (pending or expired), newest first; never their links',
    responses: { 200: { description: 'Open invitations', schema: 'InvitationList' } },
  },
  {
    method: 'delete',
    path: '/api/v1/invitations/{id}',
    operationId: 'revokeInvitation',
    tag: 'Teams',
    scopes: ['members:write'],
    params: invitationId,
    summary: 'Revoke an invitation (its link answers 410)',
    responses: { 204: { description: 'Revoked' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/invitations/{id}/resend',
    operationId: 'resendInvitation',
    tag: 'Teams',
    scopes: ['members:write'],
    params: invitationId,
    summary: 'A new link for an open invitation (7 more days); the previous link stops working',
    responses: { 200: { description: 'The invitation and its new link', schema: 'InvitationCreated' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/invitations/accept',
    operationId: 'acceptInvitation',
    tag: 'Teams',
    auth: 'none',
    body: acceptInvitationSchema,
    summary: 'Accept an invitation',
    description:
      'The token is the last segment of the invitation link. Signed in (browser session with X-CSRF-Token, as the invited email): you join and your session moves to the organization. Signed out: send `name` and `password` to create the account (the email is the invitation’s; an existing account must sign in first, 409); the answer sets the session cookie and carries `csrf_token`. A used, expired, revoked or replaced link gets 410 `gone`.',
    responses: { 200: { description: 'Joined', schema: 'InvitationAccepted', headers: { 'Set-Cookie': 'The session cookie (new account only)' } } },
    errors: [402, 403, 409, 410, 429],
  },
  {
    method: 'post',
    path: '/api/v1/auth/switch',
    operationId: 'switchOrganization',
    tag: 'Teams',
    body: switchSchema,
    summary: 'Move the browser session to another of your organizations',
    description:
      'Browser sessions only (an API key stays bound to its organization: 403). Not a member of that organization → 404. The CSRF token stays the same.',
    responses: { 200: { description: 'Now acting in that organization', schema: 'AuthResult' } },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/api/v1/organizations',
    operationId: 'createOrganization',
    tag: 'Teams',
    body: createOrganizationSchema,
    summary: 'Create an organization (you are its owner); the session moves to it',
    description: 'Browser sessions only (403 for an API key). It starts with the Hello World agent, like a sign-up.',
    responses: { 201: { description: 'The new organization, where the session now acts', schema: 'AuthResult' } },
    errors: [403, 429],
  },
]);
