// The /docs guide about teams: invitations, members, several organizations (the roles themselves are in the
// "Roles and permissions" guide, guide-roles.ts).
import type { Guide } from './guides';

export const TEAMS_GUIDE: Guide = {
  id: 'teams',
  title: 'Teams',
  body: `An organization has members, each with one role: **owner** (everything, billing, deleting the organization) > **admin** (members, API keys, settings, audit log) > **member** (agents, tools, connections) > **viewer** (read and chat). A refused action answers 403 \`forbidden\` naming the permission in \`details\` (\`[{"path":"permission","message":"members:write"}]\`). An API key acts with its creator's role, narrowed by its scopes. What each role may do is listed in **Roles and permissions**.

**Invitations.** An admin invites by email with a role (admins invite up to admin; only an owner invites owners):

\`\`\`sh
curl -s $EDGENT/api/v1/invitations -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"email":"sam@example.com","role":"member"}'
\`\`\`

The answer's \`url\` works once, for 7 days, and is shown only then (only its hash is stored); when the server has an email sender it is also mailed (\`emailed: true\`). The person opens it: signed in as that email, one click joins; a new person chooses a name and a password; someone with an account signs in first and comes back. A used, expired, revoked or replaced link answers **410** \`gone\` and the page says what to do. \`GET /api/v1/invitations\` lists open invitations (never their links), \`POST /api/v1/invitations/{id}/resend\` makes a new link (the old one stops working), \`DELETE /api/v1/invitations/{id}\` revokes. Inviting a member, or an email with a pending invitation, is 409. Programs can accept with \`POST /api/v1/invitations/accept\` \`{token}\` (signed in) or \`{token, name, password}\` (new account).

**Members.** \`GET /api/v1/members\`, \`PATCH /api/v1/members/{user_id}\` \`{role}\`, \`DELETE /api/v1/members/{user_id}\`. Only an owner changes or removes an owner or makes someone an owner; anyone may leave (\`DELETE\` with their own user id). The last owner cannot leave, be removed or be demoted (409). Removing someone revokes their sessions and API keys in that organization at once. A new role applies at once on the server that made the change, and within 5 seconds everywhere.

**Several organizations.** One person may belong to several. \`GET /api/v1/me\` lists them in \`memberships: [{tenant: {id, name}, role}]\`; \`POST /api/v1/auth/switch\` \`{tenant_id}\` moves the browser session to another one (404 unless you are a member), and \`POST /api/v1/organizations\` \`{name}\` creates one with you as owner (the session moves to it). In the app both are in the user menu. API keys stay bound to the organization they were made in: they cannot switch, and their \`/me\` lists only that one.`,
};
