// The /docs guide "Roles and permissions": the permission table itself (worker/services/permissions.ts), rendered,
// so the documentation cannot drift from what the routes enforce.
import { ACTIONS, PERMISSIONS, ROLES, SCOPES, roleCan } from '../../worker/services/permissions';
import type { Guide } from './guides';

const WHAT: Record<(typeof ACTIONS)[number], string> = {
  'agents:read': 'See agents, their versions and embed keys',
  'agents:write': 'Create, change, share, restore and delete agents; manage embed keys',
  'sessions:read': 'Read conversations and their traces',
  'sessions:write': 'Chat: start conversations, send messages, cancel turns',
  'connections:read': 'See connections (never their secrets)',
  'connections:write': 'Add, change, test and delete connections',
  'tools:read': 'See tools',
  'tools:write': 'Create, import, try and delete tools',
  'api_keys:read': 'See API keys and their request log',
  'api_keys:write': 'Create and revoke API keys',
  'members:read': 'See the members of the organization',
  'members:write': 'Invite people, change roles, remove members',
  'audit:read': 'Read and export the audit log',
  'workflows:read': 'See workflows and their versions',
  'workflows:write': 'Create, change, restore and delete workflows and their triggers',
  'runs:read': 'See workflow runs and follow them live',
  'runs:write': 'Start, cancel and retry runs; approve or reject approval steps',
  'analytics:read': 'See analytics: usage, cost, latency, feedback and budgets',
  'analytics:write': 'Set model prices and budgets',
  'listings:write': 'Publish, change and unpublish marketplace listings; the creator profile',
  'reviews:write': 'Review marketplace agents the organization installed',
  'knowledge:read': 'See and search knowledge bases and their documents',
  'knowledge:write': 'Create knowledge bases; add and delete documents',
  'settings:write': 'Rename the organization and change its settings',
  'billing:read': 'See the plan, its usage against the limits, and invoices',
  'billing:write': 'Change the plan and billing details',
  'organization:delete': 'Delete the organization',
};

const TABLE = [
  `| Permission | What it allows | ${ROLES.join(' | ')} |`,
  `|---|---|${ROLES.map(() => '---').join('|')}|`,
  ...ACTIONS.map((a) => `| \`${a}\` | ${WHAT[a]} | ${ROLES.map((r) => (roleCan(r, a) ? '✓' : '—')).join(' | ')} |`),
].join('\n');

export const ROLES_GUIDE: Guide = {
  id: 'roles',
  title: 'Roles and permissions',
  body: `Everyone in an organization has one role: **owner** > **admin** > **member** > **viewer**. Owners can do everything (billing, deleting the organization); admins manage members, API keys and settings; members build agents, tools and connections; viewers read and chat. One table decides every route and every page (a page hides what your role cannot do):

${TABLE}

A refused action answers **403** \`forbidden\` naming the permission: \`{"error":{"code":"forbidden","message":"…","details":[{"path":"permission","message":"agents:write"}]}}\`.

**API keys** act as the person who made them, with that person's current role, narrowed by the key's scopes (${SCOPES.map((s) => `\`${s}\``).join(', ')}; a write scope includes its read scope; \`*\` is every scope). Permissions that are not scopes (settings, billing, the organization) need a \`*\` key. A key lacking a scope answers 403 \`insufficient_scope\`. When its maker leaves the organization, the key stops working.`,
};
