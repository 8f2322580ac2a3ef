// The route × role matrix, generated from the app's own route table (app.routes): every route declares its
// permission with permit() (worker/services/permissions.ts), and each of the four roles of one organization calls
// each route. A role the permission table refuses gets 403 naming the permission (JSON for the API, an error page
// for pages); a role it allows never gets 403. A route added later is covered without anyone listing it: only a
// route with no role check at all (NO_PERMISSION, with its reason) or a new path parameter (VALUES) needs a line.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/app';
import type { Role } from '../../worker/env';
import { PERMISSIONS, ROLES, SCOPES, permissionsOf, roleCan, type Action } from '../../worker/services/permissions';
import { startRun } from '../../worker/services/workflow-runs';
import {
  type Account,
  type Agent,
  BASE,
  type Caller,
  type Connection,
  type EmbedKey,
  type Session,
  type Tool,
  createAgent,
  createConnection,
  createEmbedKey,
  createSession,
  createTool,
  login,
  post,
  signup,
} from './helpers';
import { SELF } from 'cloudflare:test';

/** Routes that check no role, each with the reason (public, the caller's own account, or another credential). */
const NO_PERMISSION: Record<string, string> = {
  'GET /healthz': 'public liveness probe',
  'GET /api/v1/openapi.json': 'public API description',
  'GET /docs': 'public documentation',
  'GET /assets/*': 'static files',
  'GET /favicon.svg': 'static file',
  'GET /widget.js': 'public widget script',
  'GET /': 'landing page',
  'GET /signup': 'public form',
  'POST /signup': 'public form',
  'GET /login': 'public form',
  'POST /login': 'public form',
  'GET /forgot-password': 'public form',
  'POST /forgot-password': 'public form',
  'GET /reset-password': 'public form; the one-time token is the credential',
  'POST /reset-password': 'public form; the one-time token is the credential',
  'GET /auth/oidc/start': 'public: starts single sign-on at the operator’s provider',
  'GET /auth/oidc/callback': 'public: state, the browser cookie and the verified ID token are the credential',
  'POST /api/v1/auth/signup': 'creates an account',
  'POST /api/v1/auth/login': 'exchanges a password for a session',
  'POST /api/v1/auth/logout': 'ends the caller’s own session, whatever the role',
  'POST /api/v1/auth/password-reset': 'public: asks for a reset link',
  'POST /api/v1/auth/password-reset/confirm': 'public: the one-time token is the credential',
  'GET /api/v1/me': 'the caller’s own account and organization, whatever the role',
  'POST /logout': 'ends the caller’s own session',
  'POST /mcp': 'MCP checks each JSON-RPC method with the same table and refuses inside JSON-RPC (mcp-server.test.ts)',
  'GET /mcp': 'answers 405',
  'DELETE /mcp': 'answers 405',
  'OPTIONS /embed/v1/:pk/*': 'widget CORS preflight; the public key is the credential',
  'GET /embed/v1/:pk/config': 'widget: the public key, locked to its origins, is the credential',
  'POST /embed/v1/:pk/sessions': 'widget: the public key, locked to its origins, is the credential',
  'POST /embed/v1/:pk/sessions/:id/token': 'widget: the visitor token is the credential',
  'GET /embed/v1/:pk/sessions/:id/messages': 'widget: the visitor token is the credential',
  'POST /embed/v1/:pk/sessions/:id/messages': 'widget: the visitor token is the credential',
  'GET /embed/v1/:pk/sessions/:id/stream': 'widget: the visitor token is the credential',
  'GET /embed/v1/:pk/sessions/:id/files/:file_id': 'widget: the visitor token is the credential',
  'POST /embed/v1/:pk/sessions/:id/messages/:message_id/feedback': 'widget: the visitor token is the credential',
  'DELETE /embed/v1/:pk/sessions/:id/messages/:message_id/feedback': 'widget: the visitor token is the credential',
  'POST /api/v1/invitations/accept': 'the single-use invitation token is the credential; the role comes with the invitation',
  'GET /invite/:token': 'the invitation page; the single-use token is the credential',
  'POST /invite/:token': 'accepts the invitation; the single-use token is the credential',
  'POST /api/v1/auth/switch': 'moves the caller’s own session to another organization of theirs (membership checked)',
  'POST /api/v1/organizations': 'creates a new organization owned by the caller, whatever their role here',
  'POST /app/switch': 'the switcher form: the caller’s own session (membership checked)',
  'GET /app/organizations/new': 'the form to create an organization of one’s own',
  'POST /app/organizations': 'creates a new organization owned by the caller, whatever their role here',
  'GET /s/:token': 'share-link page: the link of an agent shared by link is the credential',
  'GET /s/:token/api/config': 'share link: the link is the credential',
  'POST /s/:token/api/sessions': 'share link: the link is the credential',
  'POST /s/:token/api/sessions/:id/token': 'share link: the visitor token is the credential',
  'GET /s/:token/api/sessions/:id/messages': 'share link: the visitor token is the credential',
  'POST /s/:token/api/sessions/:id/messages': 'share link: the visitor token is the credential',
  'GET /s/:token/api/sessions/:id/stream': 'share link: the visitor token is the credential',
  'GET /s/:token/api/sessions/:id/files/:file_id': 'share link: the visitor token is the credential',
  'POST /s/:token/api/sessions/:id/messages/:message_id/feedback': 'share link: the visitor token is the credential',
  'DELETE /s/:token/api/sessions/:id/messages/:message_id/feedback': 'share link: the visitor token is the credential',
  'GET /approvals/:token': 'signed approval link: the HMAC-signed, expiring token is the credential',
  'POST /approvals/:token': 'signed approval link: the HMAC-signed, expiring token is the credential',
  'POST /hooks/workflows/:trigger_id': 'workflow webhook: the HMAC signature with the trigger’s secret is the credential',
  'POST /webhooks/stripe': 'Stripe webhook: the Stripe-Signature over the raw body is the credential',
  'GET /api/v1/marketplace/listings': 'public marketplace catalogue',
  'GET /api/v1/marketplace/listings/:slug': 'public marketplace catalogue',
  'GET /api/v1/marketplace/categories': 'public marketplace catalogue',
  'GET /api/v1/marketplace/listings/:slug/reviews': 'public: a published listing’s reviews',
  'POST /api/v1/marketplace/listings/:slug/reports': 'anyone may report a listing (rate-limited per IP)',
  'GET /marketplace/:slug/try/api/config': 'try-it: a published listing is public',
  'POST /marketplace/:slug/try/api/sessions': 'try-it: a published listing is public (rate-limited)',
  'POST /marketplace/:slug/try/api/sessions/:id/token': 'try-it: the visitor token is the credential',
  'GET /marketplace/:slug/try/api/sessions/:id/messages': 'try-it: the visitor token is the credential',
  'GET /marketplace/:slug/try/api/sessions/:id/stream': 'try-it: the visitor token is the credential',
  'POST /marketplace/:slug/try/api/sessions/:id/messages': 'try-it: the visitor token is the credential',
  'GET /marketplace': 'public marketplace page',
  'GET /marketplace/': 'public marketplace page',
  'GET /marketplace/:slug': 'public listing page',
  'GET /creators/:slug': 'public creator page',
  'GET /sitemap.xml': 'public sitemap',
  'GET /robots.txt': 'public robots file',
};

/** Operator routes have a credential of their own, outside any organization. */
const OPERATOR = /^\/operator(\/|$)/;

type Org = {
  owner: Account;
  target: string;
  invitation: string;
  agent: Agent;
  session: Session;
  connection: Connection;
  tool: Tool;
  embedKey: EmbedKey;
  spareKeyId: string;
  workflow: string;
  trigger: string;
  /** A finished workflow run (one transform step `a`). */
  run: string;
  budget: string;
  knowledgeBase: string;
  knowledgeDocument: string;
};

/** The value for each kind of path parameter (by the segment before it), from the organization's resources. */
const VALUES: Record<string, (o: Org, callerId: string) => string> = {
  'agents/:id': (o) => o.agent.id,
  'sessions/:id': (o) => o.session.id,
  'connections/:id': (o) => o.connection.id,
  'tools/:id': (o) => o.tool.id,
  'api-keys/:id': (o) => o.spareKeyId,
  'embed-keys/:key_id': (o) => o.embedKey.id,
  'keys/:key_id': (o) => o.embedKey.id,
  'v1/:pk': (o) => o.embedKey.public_key,
  'models/:model': (o) => o.agent.id,
  'model-prices/:model': () => encodeURIComponent('@cf/meta/llama-3.1-8b-instruct'),
  'versions/:n': () => '1',
  'turns/:turn': () => 'trn_matrix',
  // An answer id the conversation does not hold: the role check comes first (403), then 404.
  'messages/:message_id': () => 'msg_000000000000000000000000',
  // A file id the conversation does not hold: the role check comes first (403), then 404.
  'files/:file_id': () => 'fil_000000000000000000000000',
  // Someone every role may act on (a viewer who is not one of the callers).
  'members/:id': (o) => o.target,
  'members/:user_id': (o) => o.target,
  'invitations/:id': (o) => o.invitation,
  'responses/:id': (o) => o.session.id,
  'workflows/:id': (o) => o.workflow,
  'triggers/:trigger_id': (o) => o.trigger,
  'runs/:id': (o) => o.run,
  'steps/:step_id': () => 'a',
  'budgets/:id': (o) => o.budget,
  'knowledge-bases/:id': (o) => o.knowledgeBase,
  'knowledge/:id': (o) => o.knowledgeBase,
  'documents/:doc_id': (o) => o.knowledgeDocument,
  // Marketplace routes name a listing by its public slug (none here: the permission is checked first) and a review.
  'listings/:slug': () => 'matrix-no-such-listing',
  'marketplace/:slug': () => 'matrix-no-such-listing',
  'reviews/:review_id': () => 'rev_000000000000000000000000',
};

const PARAM_RE = /:(\w+)(\{[^}]*\})?/g;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const paramKey = (path: string, offset: number, name: string) => `${path.slice(0, offset).split('/').filter(Boolean).at(-1) ?? ''}/:${name}`;

type Route = { method: string; path: string; name: string; permissions: Action[] };

/** Every route the app serves (`ALL …/*` entries are middleware), with the actions its permit() handlers declare. */
const ROUTES: Route[] = (() => {
  const byName = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL' && r.path.endsWith('*')) continue;
    const name = `${r.method} ${r.path}`;
    const route = byName.get(name) ?? { method: r.method, path: r.path, name, permissions: [] };
    for (const a of permissionsOf(r.handler) ?? []) if (!route.permissions.includes(a)) route.permissions.push(a);
    byName.set(name, route);
  }
  return [...byName.values()];
})();

const isPage = (r: Route) => !/^\/(api|v1|operator|embed)\//.test(r.path) && r.path !== '/mcp';

function build(path: string, o: Org, callerId: string): string {
  return path.replace(PARAM_RE, (_m, name: string, _re, offset: number) => VALUES[paramKey(path, offset, name)]!(o, callerId));
}

function coverageProblems(): string[] {
  const problems: string[] = [];
  for (const r of ROUTES) {
    if (OPERATOR.test(r.path)) continue;
    if (!METHODS.includes(r.method)) problems.push(`${r.name}: app.all() routes are not covered; register the methods one by one`);
    if (!r.permissions.length && !NO_PERMISSION[r.name])
      problems.push(`${r.name} declares no permission: add permit('<action>') to the route, or list it in NO_PERMISSION with the reason`);
    if (r.permissions.length && NO_PERMISSION[r.name]) problems.push(`${r.name} declares ${r.permissions.join(', ')} but is listed in NO_PERMISSION`);
    for (const m of r.path.matchAll(PARAM_RE)) {
      const key = paramKey(r.path, m.index!, m[1]!);
      if (!VALUES[key] && r.permissions.length) problems.push(`${r.name}: unknown path parameter "${key}": add it to VALUES in role-matrix.test.ts`);
    }
  }
  for (const name of Object.keys(NO_PERMISSION))
    if (!ROUTES.some((r) => r.name === name)) problems.push(`${name} is in NO_PERMISSION but the app has no such route`);
  return problems;
}

let org: Org;
const callers = {} as Record<Role, Caller & { userId: string }>;

/** Moves a fresh account into the organization with `role` and signs it in there. */
async function join(tenantId: string, role: Role): Promise<Caller & { userId: string }> {
  const person = await signup(`Role ${role}`);
  await env.DB.batch([
    env.DB.prepare('UPDATE memberships SET tenant_id = ?, role = ? WHERE user_id = ?').bind(tenantId, role, person.user.id),
    env.DB.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ?').bind(Date.now(), person.user.id),
  ]);
  return { ...(await login(person)), userId: person.user.id };
}

beforeAll(async () => {
  const owner = await signup('Role matrix');
  const spare = await post<{ id: string }>(owner, '/api/v1/api-keys', { name: 'spare' });
  const agent = await createAgent(owner, { name: 'Matrix agent' });
  const connection = await createConnection(owner);
  org = {
    owner,
    agent,
    session: await createSession(owner, agent.id),
    connection,
    tool: await createTool(owner, { connection_id: connection.id, config: { method: 'GET', url: '/ping' } }),
    embedKey: await createEmbedKey(owner, agent.id, { allowed_origins: ['https://shop.example.com'] }),
    spareKeyId: spare.id,
    workflow: (
      await post<{ id: string }>(owner, '/api/v1/workflows', { name: 'Matrix workflow', definition: { steps: [{ id: 'a', kind: 'transform', value: 1 }] } })
    ).id,
    trigger: '',
    target: '',
    budget: (await post<{ id: string }>(owner, '/api/v1/budgets', { scope: 'tenant', limit_usd: 1000, action: 'alert' })).id,
    knowledgeBase: (await post<{ id: string }>(owner, '/api/v1/knowledge-bases', { name: 'Matrix knowledge' })).id,
    knowledgeDocument: '',
    run: (
      await startRun(env, {
        tenantId: owner.tenant.id,
        workflow: { id: 'wfl_0000000000rolematrix0000', version: 1, definition: { inputs: {}, steps: [{ id: 'a', kind: 'transform', value: 1 }] } },
        inputs: {},
        trigger: { kind: 'test', id: null },
        createdBy: owner.user.id,
      })
    ).id,
    invitation: (await post<{ id: string }>(owner, '/api/v1/invitations', { email: `role-matrix-${crypto.randomUUID()}@example.com`, role: 'viewer' })).id,
  };
  org.trigger = (await post<{ id: string }>(owner, `/api/v1/workflows/${org.workflow}/triggers`, { kind: 'webhook' })).id;
  org.knowledgeDocument = (
    await post<{ id: string }>(owner, `/api/v1/knowledge-bases/${org.knowledgeBase}/documents`, { title: 'Matrix document', text: 'Matrix text.' }, 202)
  ).id;
  callers.owner = { ...owner, userId: owner.user.id };
  for (const role of ['admin', 'member', 'viewer'] as const) callers[role] = await join(owner.tenant.id, role);
  org.target = (await join(owner.tenant.id, 'viewer')).userId;
});

function call(r: Route, as: Caller & { userId: string }) {
  const page = isPage(r);
  const body = r.method === 'GET' || r.method === 'OPTIONS' ? undefined : page ? `_csrf=${encodeURIComponent(as.csrf!)}` : '{}';
  const h: Record<string, string> = { 'cf-connecting-ip': '203.0.113.78', cookie: as.cookie! };
  if (body !== undefined) h['content-type'] = page ? 'application/x-www-form-urlencoded' : 'application/json';
  if (page) h.accept = 'text/html';
  else h['x-csrf-token'] = as.csrf!;
  return SELF.fetch(BASE + build(r.path, org, as.userId), { method: r.method, headers: h, body, redirect: 'manual' });
}

const guarded = ROUTES.filter((r) => r.permissions.length && !OPERATOR.test(r.path));
const missing = (r: Route, role: Role) => r.permissions.find((a) => !roleCan(role, a));

describe('the role matrix covers every route', () => {
  it('every route declares its permission or says why it has none', () => {
    expect(coverageProblems()).toEqual([]);
    expect(guarded.length).toBeGreaterThan(80);
  });

  it('the table names a role for every action, and each role can do at least what the one below it can', () => {
    for (const a of Object.keys(PERMISSIONS) as Action[]) expect(ROLES).toContain(PERMISSIONS[a]);
    for (const [hi, lo] of [
      ['owner', 'admin'],
      ['admin', 'member'],
      ['member', 'viewer'],
    ] as const) {
      for (const a of Object.keys(PERMISSIONS) as Action[]) if (roleCan(lo, a)) expect(roleCan(hi, a), `${hi} ${a}`).toBe(true);
    }
  });
});

describe('the published document agrees with the routes', () => {
  it('each API route documents as its scopes exactly the key scopes among the permissions it declares', async () => {
    const doc = (await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { 'x-scopes'?: string[] }>> };
    const problems: string[] = [];
    let compared = 0;
    for (const r of guarded.filter((r) => !isPage(r))) {
      const op = doc.paths[r.path.replace(PARAM_RE, '{$1}').replace(/(.)\/$/, '$1')]?.[r.method.toLowerCase()];
      if (!op) continue; // undocumented routes are the security matrix's concern
      compared += 1;
      const declared = r.permissions.filter((a) => (SCOPES as readonly string[]).includes(a)).sort();
      const documented = [...(op['x-scopes'] ?? [])].sort();
      if (declared.join() !== documented.join()) problems.push(`${r.name}: permit(${declared.join(', ')}) but documented scopes [${documented.join(', ')}]`);
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(40);
  });
});

describe('a role the table refuses → 403 naming the permission', () => {
  const cases = guarded.flatMap((r) => ROLES.filter((role) => missing(r, role)).map((role) => [`${r.name} as ${role}`, r, role] as const));
  it.each(cases)('%s', async (_name, r, role) => {
    const res = await call(r, callers[role]);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(403);
    const action = missing(r, role)!;
    if (isPage(r)) expect(text).toContain(action);
    else {
      const error = (JSON.parse(text) as { error: { code: string; details: { path: string; message: string }[] } }).error;
      expect(error.code).toBe('forbidden');
      expect(error.details).toContainEqual({ path: 'permission', message: action });
    }
  });
});

describe('a role the table allows is never refused', () => {
  // Reads first, then changes, deletions last, so the resources the reads need are still there.
  const order = (r: Route) => (r.method === 'GET' ? 0 : r.method === 'DELETE' ? 2 : 1);
  const cases = [...guarded]
    .sort((x, y) => order(x) - order(y))
    .flatMap((r) => ROLES.filter((role) => !missing(r, role)).map((role) => [`${r.name} as ${role}`, r, role] as const));
  it.each(cases)('%s', async (_name, r, role) => {
    const res = await call(r, callers[role]);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).not.toBe(403);
    expect(res.status, text.slice(0, 300)).toBeLessThan(500);
  });
});
