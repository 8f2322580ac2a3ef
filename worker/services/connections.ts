// Connection domain logic: shape rules per kind and auth type, secret handling through the envelope, the API shape.
import { z } from 'zod';
import { secretHint } from '../crypto/hint';
import { deleteSecret, openSecret, sealSecret, type SecretEndpoint, type SecretsEnv } from '../crypto/envelope';
import { newId } from '../db/ids';
import type { ConnectionRow, ConnectionValues } from '../db/repos/connections';
import type { TenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { diffFields } from '../lib/audit-diff';
import type { PageParams } from '../db/page';
import { AppError, type ErrorDetail, notFound } from '../errors';
import { iso } from '../lib/iso';
import type { ConnectionJson } from '../schemas/connections';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const KINDS = ['openai', 'openai_compatible', 'http', 'mcp'] as const;
const AUTH_TYPES = ['bearer', 'header', 'query', 'basic', 'none'] as const;
type Kind = (typeof KINDS)[number];
type AuthType = (typeof AUTH_TYPES)[number];
type AuthMeta = ConnectionRow['authMeta'];

function httpUrlProblem(s: string): string | null {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'Use an absolute http or https URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Use an absolute http or https URL';
  if (u.username || u.password) return 'Put credentials in auth, not in the URL';
  return null;
}

const baseUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine((s, ctx) => {
    const problem = httpUrlProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Header names that would break or hijack the request if a credential were put there. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'cookie']);

const auth = {
  type: z.enum(AUTH_TYPES),
  // Secrets end up in headers: no control characters (header injection), no length that could not be a credential.
  secret: z
    .string()
    .min(1, 'Enter the secret')
    .max(8000)
    .regex(/^[^\x00-\x1f\x7f]*$/, 'The secret must not contain line breaks or control characters'),
  header_name: z
    .string()
    .max(100)
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'Use a valid HTTP header name')
    .refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()), 'This header cannot carry a credential'),
  param_name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.~\-[\]]+$/, 'Use letters, digits and _ . ~ - [ ]'),
  username: z
    .string()
    .min(1, 'Enter the username')
    .max(200)
    .regex(/^[^:\x00-\x1f\x7f]*$/, 'The username must not contain ":" or control characters'),
};
const name = z.string().trim().min(1, 'Name the connection').max(100);
/** Kind-specific settings: `health_path` is what POST /connections/:id/test requests for an http connection. */
const config = z.strictObject({
  health_path: z
    .string()
    .trim()
    .max(500)
    .regex(/^\/[^\s]*$/, 'Use a path starting with /, e.g. /health')
    .optional(),
});

export const createConnectionSchema = z.strictObject({
  name,
  kind: z.enum(KINDS),
  base_url: baseUrl.optional(),
  config: config.optional(),
  auth: z.strictObject({
    ...auth,
    secret: auth.secret.optional(),
    header_name: auth.header_name.optional(),
    param_name: auth.param_name.optional(),
    username: auth.username.optional(),
  }),
});

/** `auth.type` defaults to the stored one; an omitted `auth.secret` keeps the stored secret. */
export const updateConnectionSchema = z.strictObject({
  name: name.optional(),
  kind: z.enum(KINDS).optional(),
  base_url: baseUrl.nullable().optional(),
  config: config.optional(),
  auth: z.strictObject(auth).partial().optional(),
});

type AuthInput = { type?: AuthType; secret?: string; header_name?: string; param_name?: string; username?: string };
type Shape = { kind: Kind; baseUrl: string | null; authType: AuthType; authMeta: AuthMeta };

const META_FOR: Record<AuthType, (keyof AuthMeta)[]> = { bearer: [], header: ['header_name'], query: ['param_name'], basic: ['username'], none: [] };

/** Cross-field rules, all reported at once; `hasSecret` says whether a secret is sent or already stored. */
function checkShape(s: Shape, hasSecret: boolean, given: AuthInput): void {
  const details: ErrorDetail[] = [];
  if (!s.baseUrl && s.kind !== 'openai') details.push({ path: 'base_url', message: `A ${s.kind} connection needs a base_url` });
  for (const field of ['header_name', 'param_name', 'username'] as const) {
    const needed = META_FOR[s.authType].includes(field);
    if (needed && !s.authMeta[field]) details.push({ path: `auth.${field}`, message: `Auth type ${s.authType} needs ${field}` });
    if (!needed && given[field] !== undefined)
      details.push({
        path: `auth.${field}`,
        message: `Only used with auth type ${field === 'header_name' ? 'header' : field === 'param_name' ? 'query' : 'basic'}`,
      });
  }
  if (s.authType === 'none' && given.secret !== undefined) details.push({ path: 'auth.secret', message: 'Auth type none takes no secret' });
  if (s.authType !== 'none' && !hasSecret) details.push({ path: 'auth.secret', message: `Auth type ${s.authType} needs a secret` });
  if (details.length) throw new AppError('validation_failed', 'The connection is not valid', details);
}

/** What is sealed with the secret: the runtime sends the secret only to this endpoint (crypto/envelope.ts). */
const endpointOf = (s: Shape): SecretEndpoint => ({ baseUrl: s.baseUrl, authType: s.authType, authMeta: s.authMeta });

/** What the audit log compares: configuration only; the secret (and its hint) never appear, only that it changed. */
const AUDITED: Record<string, (r: ConnectionValues) => unknown> = {
  name: (r) => r.name,
  kind: (r) => r.kind,
  base_url: (r) => r.baseUrl,
  auth_type: (r) => r.authType,
  'auth.header_name': (r) => r.authMeta.header_name,
  'auth.param_name': (r) => r.authMeta.param_name,
  'auth.username': (r) => r.authMeta.username,
  config: (r) => r.config,
};

const pickMeta = (type: AuthType, from: AuthMeta): AuthMeta => Object.fromEntries(META_FOR[type].filter((f) => from[f]).map((f) => [f, from[f]]));

export async function createConnection(db: TenantDb, env: SecretsEnv, input: z.infer<typeof createConnectionSchema>, actor: Actor): Promise<ConnectionRow> {
  const { secret, type, ...meta } = input.auth;
  const shape: Shape = {
    kind: input.kind,
    baseUrl: input.base_url ?? (input.kind === 'openai' ? OPENAI_DEFAULT_BASE_URL : null),
    authType: type,
    authMeta: pickMeta(type, meta),
  };
  checkShape(shape, secret !== undefined, input.auth);
  const id = newId('connection');
  // Seal first: a row never exists without its secret. A failed insert leaves only ciphertext, removed below.
  if (type !== 'none') await sealSecret(env, db.tenantId, id, secret!, endpointOf(shape));
  const values: ConnectionValues = { name: input.name, ...shape, authHint: type === 'none' ? null : secretHint(secret!), config: input.config ?? {} };
  try {
    const row = await db.connections.create(id, values);
    actor.audit({
      action: 'connection.create',
      resource: { type: 'connection', id },
      changes: { ...diffFields(AUDITED, null, row), ...(type !== 'none' ? { secret: { changed: true } } : {}) },
    });
    return row;
  } catch (e) {
    await deleteSecret(env, db.tenantId, id).catch(() => {});
    throw e;
  }
}

export async function getConnection(db: TenantDb, id: string): Promise<ConnectionRow> {
  const row = await db.connections.get(id);
  if (!row) throw notFound('Connection');
  return row;
}

export async function updateConnection(
  db: TenantDb,
  env: SecretsEnv,
  id: string,
  patch: z.infer<typeof updateConnectionSchema>,
  actor: Actor,
): Promise<ConnectionRow> {
  const current = await getConnection(db, id);
  const { secret, type: newType, ...metaIn } = patch.auth ?? {};
  const kind = patch.kind ?? current.kind;
  const type = newType ?? current.authType;
  // Same auth type: sent fields amend the stored ones. A new type starts from what was sent.
  const meta = type === current.authType ? { ...current.authMeta, ...metaIn } : metaIn;
  let url = patch.base_url !== undefined ? patch.base_url : current.baseUrl;
  if (!url && kind === 'openai') url = OPENAI_DEFAULT_BASE_URL;
  const shape: Shape = { kind, baseUrl: url, authType: type, authMeta: pickMeta(type, meta) };
  checkShape(shape, secret !== undefined || current.authType !== 'none', patch.auth ?? {});

  // Every update re-seals the secret (new or kept) with the endpoint it now belongs to, so a conversation that
  // snapshotted the old URL cannot send the new secret there, nor the old secret to a new URL it was not meant for.
  if (type !== 'none') {
    const plaintext = secret ?? (await openSecret(env, db.tenantId, id));
    if (plaintext === null)
      throw new AppError('validation_failed', 'The connection is not valid', [{ path: 'auth.secret', message: `Auth type ${type} needs a secret` }]);
    await sealSecret(env, db.tenantId, id, plaintext, endpointOf(shape));
  }
  const authHint = type === 'none' ? null : secret !== undefined ? secretHint(secret) : current.authHint;
  const values: ConnectionValues = { name: patch.name ?? current.name, ...shape, authHint, config: patch.config ?? current.config };
  const row = await db.connections.update(id, values);
  if (!row) {
    await deleteSecret(env, db.tenantId, id); // deleted meanwhile: do not leave the new ciphertext behind
    throw notFound('Connection');
  }
  if (type === 'none' && current.authType !== 'none') await deleteSecret(env, db.tenantId, id);
  const secretChanged = secret !== undefined || (type === 'none') !== (current.authType === 'none');
  const changes = { ...diffFields(AUDITED, current, row), ...(secretChanged ? { secret: { changed: true as const } } : {}) };
  if (Object.keys(changes).length) actor.audit({ action: 'connection.update', resource: { type: 'connection', id }, changes });
  return row;
}

/** Refuses (409) while agents or tools use the connection, unless `force`: they then fall back to the default. */
export async function deleteConnection(db: TenantDb, env: SecretsEnv, id: string, force: boolean, actor: Actor): Promise<void> {
  const current = await getConnection(db, id);
  const used = await db.connections.usage(current.id);
  if ((used.agents || used.tools) && !force) {
    const users = [used.agents && `${used.agents} agent${used.agents > 1 ? 's' : ''}`, used.tools && `${used.tools} tool${used.tools > 1 ? 's' : ''}`]
      .filter(Boolean)
      .join(' and ');
    throw new AppError(
      'conflict',
      `This connection is used by ${users}. Point them at another connection first, or delete with ?force=true: agents then fall back to the platform's default model provider and tools call without credentials.`,
    );
  }
  if (!(await db.connections.remove(current.id))) throw notFound('Connection');
  await deleteSecret(env, db.tenantId, current.id);
  actor.audit({
    action: 'connection.delete',
    resource: { type: 'connection', id: current.id },
    changes: { name: { before: current.name }, kind: { before: current.kind }, ...(force ? { force: { after: true } } : {}) },
  });
}

export type ResolvedConnection = { id: string; kind: Kind; baseUrl: string | null; authType: AuthType; authMeta: AuthMeta; hint: string | null };

/** Metadata the runtime needs to call through a connection (the secret stays sealed: use openSecret at the call). */
export async function resolveConnection(db: TenantDb, _env: SecretsEnv, id: string): Promise<ResolvedConnection | null> {
  const row = await db.connections.get(id);
  if (!row) return null;
  return { id: row.id, kind: row.kind, baseUrl: row.baseUrl, authType: row.authType, authMeta: row.authMeta, hint: row.authHint };
}

export function connectionJson(c: ConnectionRow): ConnectionJson {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    base_url: c.baseUrl,
    auth: { type: c.authType, hint: c.authHint, ...c.authMeta },
    config: c.config,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

/** One page of the tenant's connections, newest first (limit + 1 rows). */
export async function listConnections(db: TenantDb, page: PageParams): Promise<ConnectionRow[]> {
  return db.connections.list(page);
}

/** Every connection of the tenant, newest first (form choices and the Connections page). */
export async function allConnections(db: TenantDb): Promise<ConnectionRow[]> {
  return db.connections.all();
}

/** The connection, or undefined when it is gone (a tool may still name a deleted one). */
export async function findConnection(db: TenantDb, id: string): Promise<ConnectionRow | undefined> {
  return db.connections.get(id);
}

/** Which agents and tools use each of the tenant's connections, by connection id. */
export async function connectionUsers(db: TenantDb) {
  return db.connections.users();
}

/** The agents and tools that use one connection (the delete confirmation). */
export async function connectionUsersOf(db: TenantDb, id: string): Promise<{ agents: { id: string; name: string }[]; tools: { id: string; name: string }[] }> {
  return (await db.connections.users(id)).get(id) ?? { agents: [], tools: [] };
}
