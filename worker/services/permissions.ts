// Roles and API key scopes: what a caller may do. Write scopes imply read; viewers never write.
import type { Auth, Role } from '../env';
import { AppError } from '../errors';

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
] as const;
export type Scope = (typeof SCOPES)[number];
export const ALL_SCOPES = '*';

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

function keyHasScope(scopes: string[], scope: Scope): boolean {
  if (scopes.includes(ALL_SCOPES) || scopes.includes(scope)) return true;
  return scope.endsWith(':read') && scopes.includes(scope.replace(/:read$/, ':write'));
}

/** Throws 403 unless the caller's role and (for API keys) scopes allow `scope`. */
export function assertCan(auth: Auth, scope: Scope): void {
  if (scope.endsWith(':write') && !roleAtLeast(auth.role, 'member')) {
    throw new AppError('forbidden', `Your role (${auth.role}) cannot make changes`);
  }
  if (auth.kind === 'api_key' && !keyHasScope(auth.scopes, scope)) {
    throw new AppError('insufficient_scope', `This API key lacks the "${scope}" scope`, [{ path: 'scope', message: scope }]);
  }
}

/** Scopes a caller may grant to a new key: never more than it has itself. */
export function grantableScopes(auth: Auth, wanted: string[]): string[] | null {
  if (auth.kind === 'session') return wanted;
  return wanted.every((s) => (s === ALL_SCOPES ? auth.scopes.includes(ALL_SCOPES) : keyHasScope(auth.scopes, s as Scope))) ? wanted : null;
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
