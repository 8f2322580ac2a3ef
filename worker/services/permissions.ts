// The one permission table: which role may do what, and which API-key scope an action needs. Every API route and
// every page asks it (through `permit()` on the route, or `can()` to hide what a role cannot do); nothing else
// compares roles. Roles rank owner > admin > member > viewer (API.md, "Teams and access").
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Auth, Role } from '../env';
import { AppError } from '../errors';

/** API-key scopes: the actions a key may be limited to. Write scopes imply read. */
export const SCOPES = [
  'agents:read',
  'agents:write',
  'sessions:read',
  'sessions:write',
  'connections:read',
  'connections:write',
  'tools:read',
  'tools:write',
  'api_keys:read',
  'api_keys:write',
  'members:read',
  'members:write',
  'audit:read',
  'workflows:read',
  'workflows:write',
  'runs:read',
  'runs:write',
  'analytics:read',
  'analytics:write',
  'listings:write',
  'reviews:write',
  'knowledge:read',
  'knowledge:write',
] as const;
export type Scope = (typeof SCOPES)[number];
export const ALL_SCOPES = '*';

/**
 * Role → actions: the lowest role allowed each action. viewer = read and chat; member = agents, tools,
 * connections, workflows and their runs; admin = members, keys, settings, audit; owner = billing and the organization.
 * Actions that are not scopes (settings, billing, organization) need a key with `*`.
 */
export const PERMISSIONS = {
  'agents:read': 'viewer',
  'agents:write': 'member',
  'sessions:read': 'viewer',
  'sessions:write': 'viewer',
  'connections:read': 'viewer',
  'connections:write': 'member',
  'tools:read': 'viewer',
  'tools:write': 'member',
  'api_keys:read': 'admin',
  'api_keys:write': 'admin',
  'members:read': 'viewer',
  'members:write': 'admin',
  'audit:read': 'admin',
  /** Workflows: members build them; running, cancelling, retrying and deciding approvals is runs:write. */
  'workflows:read': 'viewer',
  'workflows:write': 'member',
  'runs:read': 'viewer',
  'runs:write': 'member',
  /** Analytics, cost and feedback: everyone reads the figures; admins set model prices and budgets. */
  'analytics:read': 'viewer',
  'analytics:write': 'admin',
  /**
   * Marketplace: admins publish, change and unpublish the organization's listings (and its creator profile);
   * members review what the organization installed (installing is agents:write: it creates an agent).
   */
  'listings:write': 'admin',
  'reviews:write': 'member',
  /** Knowledge bases: everyone searches them and reads what they hold; members add, change and delete documents and bases. */
  'knowledge:read': 'viewer',
  'knowledge:write': 'member',
  'settings:write': 'admin',
  /** Billing: the owner sees the plan, usage against limits and invoices, and changes the plan. */
  'billing:read': 'owner',
  'billing:write': 'owner',
  'organization:delete': 'owner',
} as const satisfies Record<Scope | string, Role>;
export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** The role table alone: may `role` do `action`? */
export function roleCan(role: Role, action: Action): boolean {
  return roleAtLeast(role, PERMISSIONS[action]);
}

function keyHasScope(scopes: string[], scope: string): boolean {
  if (scopes.includes(ALL_SCOPES) || scopes.includes(scope)) return true;
  return scope.endsWith(':read') && scopes.includes(scope.replace(/:read$/, ':write'));
}

/** Why `auth` may not do `action`, or null when it may. */
export function refusalOf(auth: Auth, action: Action): AppError | null {
  if (!roleCan(auth.role, action)) {
    const min = PERMISSIONS[action];
    return new AppError(
      'forbidden',
      `Your role (${auth.role}) does not have the "${action}" permission; it needs ${min}${min === 'owner' ? '' : ' or above'}`,
      [{ path: 'permission', message: action }],
    );
  }
  if (auth.kind === 'api_key' && !keyHasScope(auth.scopes, action)) {
    return new AppError('insufficient_scope', `This API key lacks the "${action}" scope`, [{ path: 'scope', message: action }]);
  }
  return null;
}

/** May the caller do `action`? (Pages use it to hide or disable what the role cannot do.) */
export function can(auth: Auth, action: Action): boolean {
  return refusalOf(auth, action) === null;
}

/** Every action with whether the caller may do it (what pages hide or disable). */
export function grants(auth: Auth): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(auth, a)])) as Record<Action, boolean>;
}

/** Throws 403 naming the permission unless the caller's role (and, for API keys, scopes) allow `action`. */
export function assertCan(auth: Auth, action: Action): void {
  const refusal = refusalOf(auth, action);
  if (refusal) throw refusal;
}

export type Permit = MiddlewareHandler<AppEnv> & { permissions: readonly Action[] };

/**
 * Route middleware: the route needs every action listed. The actions stay on the function, so the route × role
 * matrix test reads each route's permission from `app.routes` (test/workers/role-matrix.test.ts).
 */
export function permit(...actions: Action[]): Permit {
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    for (const a of actions) assertCan(c.var.auth, a);
    await next();
  };
  return Object.assign(mw, { permissions: actions });
}

/** The permissions a route handler declares (see permit), or undefined for a plain handler. */
export function permissionsOf(handler: unknown): readonly Action[] | undefined {
  return (handler as Partial<Permit> | null)?.permissions;
}

/** Scopes a caller may grant to a new key: never more than it has itself. */
export function grantableScopes(auth: Auth, wanted: string[]): string[] | null {
  if (auth.kind === 'session') return wanted;
  return wanted.every((s) => (s === ALL_SCOPES ? auth.scopes.includes(ALL_SCOPES) : keyHasScope(auth.scopes, s))) ? wanted : null;
}

/** Roles ranked above `role` (whose keys a key of `role` may not see or manage). */
export const rolesAbove = (role: Role): Role[] => (Object.keys(RANK) as Role[]).filter((r) => RANK[r] > RANK[role]);

/**
 * Every scope string a key holding `scopes` covers (a write scope covers its read scope); null for `*` (all).
 * A key may only see and manage keys whose scopes all fall in this set.
 */
export function coveredScopes(scopes: string[]): string[] | null {
  if (scopes.includes(ALL_SCOPES)) return null;
  return SCOPES.filter((s) => keyHasScope(scopes, s));
}
