// The security matrix, generated from the app's own route table (app.routes): every protected route refuses a caller
// without a credential (401, or the login page for HTML pages), an API key lacking the route's scope (403) and another
// tenant's resource id (404). A route added later is covered here without anyone listing it: only a public route
// (PUBLIC, with its reason) or a new kind of path parameter (PARAMS) needs a line, and the test says which.
import { SELF, env, runInDurableObject } from 'cloudflare:test';
import { SessionStore } from '../../durable-objects/session-store';
import { newId } from '../../worker/db/ids';
import { chatOriginalKey } from '../../worker/services/chat-originals';
import { sessionStub } from '../../worker/services/session-stub';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/app';
import { SCOPES } from '../../worker/services/permissions';
import { startRun } from '../../worker/services/workflow-runs';
import { seedListing } from './helpers/marketplace';
import {
  type Account,
  type Agent,
  BASE,
  type Caller,
  type Connection,
  type EmbedKey,
  type Session,
  type Tool,
  api,
  createAgent,
  createConnection,
  createEmbedKey,
  createSession,
  createTool,
  expectError,
  post,
  signup,
} from './helpers';

/** Routes anyone may call, each with the reason it needs no credential. */
const PUBLIC: Record<string, string> = {
  'GET /healthz': 'liveness probe for the platform',
  'GET /api/v1/openapi.json': 'the published API description',
  'GET /docs': 'the public API documentation',
  'GET /assets/*': 'static files for the pages',
  'GET /favicon.svg': 'static file',
  'GET /widget.js': 'the embeddable widget script, loaded by any site',
  'POST /api/v1/auth/signup': 'creates the account and its first credential',
  'POST /api/v1/auth/login': 'exchanges a password for a session',
  'GET /': 'the landing page',
  'GET /signup': 'the sign-up form',
  'POST /signup': 'the sign-up form posts here',
  'GET /login': 'the login form',
  'POST /login': 'the login form posts here',
  'POST /api/v1/auth/password-reset': 'asks for a reset link by email; answers 202 whether or not the account exists',
  'POST /api/v1/auth/password-reset/confirm': 'the one-time reset token is the credential',
  'GET /forgot-password': 'the forgot-password form',
  'POST /forgot-password': 'the forgot-password form posts here',
  'GET /reset-password': 'the new-password form; the one-time token in the link is the credential',
  'POST /reset-password': 'the new-password form posts here, with its one-time token',
  'GET /auth/oidc/start': 'starts single sign-on: sends the browser to the operator’s OpenID provider',
  'GET /auth/oidc/callback': 'the provider’s redirect back; state, the browser cookie and the verified ID token are the credential',
  'OPTIONS /embed/v1/:pk/*': 'CORS preflight for the widget, answered only for the key’s allowed origins',
  'GET /embed/v1/:pk/config': 'what the widget shows; the public key is the credential, locked to allowed origins',
  'POST /embed/v1/:pk/sessions': 'a visitor starts a conversation with the public key, locked to allowed origins',
  'POST /api/v1/invitations/accept': 'the single-use invitation token is the credential (a new person has no account yet)',
  'GET /invite/:token': 'the invitation page; the single-use token in the link is the credential',
  'POST /invite/:token': 'accepts the invitation in the link (a new person has no account yet)',
  'GET /s/:token': 'the share-link chat page: the link itself is the credential (an agent shared by link), rate limited',
  'GET /s/:token/api/config': 'what the share-link page shows; the link is the credential',
  'POST /s/:token/api/sessions': 'a share-link visitor starts a conversation; the link is the credential, limited per IP',
  'GET /approvals/:token': 'a signed approval link’s confirmation page: the HMAC-signed, expiring token is the credential',
  'POST /approvals/:token': 'decides the approval step the signed, expiring token names: the token is the credential',
  'POST /hooks/workflows/:trigger_id': 'a workflow webhook: the HMAC signature with the trigger’s secret is the credential, limited per trigger',
  'GET /api/v1/marketplace/listings/:slug/reviews': 'a published listing’s reviews are public (listing-reviews.test.ts)',
  'POST /api/v1/marketplace/listings/:slug/reports': 'anyone may report a listing, limited per IP (listing-reports.test.ts)',
  'GET /marketplace/:slug/try/api/config': 'what the try-it chat shows; a published listing is public (try-it.test.ts)',
  'POST /marketplace/:slug/try/api/sessions': 'a visitor starts a try-it conversation with a published listing, limited per IP (try-it.test.ts)',
  'GET /operator': 'the operator sign-in form (the moderation page needs the operator cookie; operator-pages.test.ts)',
  'POST /operator/login': 'exchanges OPERATOR_TOKEN for the operator cookie (wrong token → 401; operator-pages.test.ts)',
  'POST /operator/logout': 'clears the caller’s own operator cookie',
  'POST /webhooks/stripe':
    'Stripe’s webhook: the Stripe-Signature over the raw body is the credential (bad or missing → 400, as Stripe expects; billing-stripe.test.ts)',
  'GET /api/v1/marketplace/listings': 'the public marketplace catalogue: published listings only (marketplace-search.test.ts)',
  'GET /api/v1/marketplace/listings/:slug': 'a published listing’s public detail, never a paid listing’s instructions (marketplace-api.test.ts)',
  'GET /api/v1/marketplace/categories': 'the marketplace’s categories with counts of published listings',
  'GET /marketplace': 'the public marketplace directory and search (pages-marketplace.test.ts)',
  'GET /marketplace/': 'the public marketplace directory (trailing slash)',
  'GET /marketplace/:slug': 'a published listing’s public page; a signed-in viewer only changes the install panel',
  'GET /creators/:slug': 'a creator’s public profile and published listings',
  'GET /sitemap.xml': 'the public sitemap of the marketplace',
  'GET /robots.txt': 'robots rules pointing to the sitemap',
};

/** Public routes whose credential is a signature of the body (API.md: a bad or missing one is a 401). */
const SIGNED = new Set(['POST /hooks/workflows/:trigger_id']);

/** Routes with a credential of their own (not a tenant's). */
const OPERATOR = /^\/operator\/(v1|listings|reports)\//;

type Kind =
  | 'agent'
  | 'session'
  | 'connection'
  | 'tool'
  | 'apiKey'
  | 'embedKey'
  | 'embedPublicKey'
  | 'shareToken'
  | 'model'
  | 'modelName'
  | 'version'
  | 'turn'
  | 'member'
  | 'response'
  | 'invitation'
  | 'inviteToken'
  | 'workflow'
  | 'trigger'
  | 'run'
  | 'runStep'
  | 'approvalToken'
  | 'budget'
  | 'knowledgeBase'
  | 'knowledgeDocument'
  | 'message'
  | 'chatFile'
  | 'tenant'
  | 'listingSlug'
  | 'listing'
  | 'review'
  | 'report'
  | 'creatorSlug';

/** What a path parameter names, by the segment before it: `agents/:id` is an agent, `versions/:n` a version number. */
const PARAMS: Record<string, Kind> = {
  'agents/:id': 'agent',
  'sessions/:id': 'session',
  'connections/:id': 'connection',
  'tools/:id': 'tool',
  'api-keys/:id': 'apiKey',
  'embed-keys/:key_id': 'embedKey',
  'keys/:key_id': 'embedKey',
  'v1/:pk': 'embedPublicKey',
  'listings/:slug': 'listingSlug',
  'marketplace/:slug': 'listingSlug',
  'creators/:slug': 'creatorSlug',
  's/:token': 'shareToken',
  'models/:model': 'model',
  'model-prices/:model': 'modelName',
  'versions/:n': 'version',
  'turns/:turn': 'turn',
  'members/:id': 'member',
  'members/:user_id': 'member',
  'invitations/:id': 'invitation',
  'invite/:token': 'inviteToken',
  'responses/:id': 'response',
  'workflows/:id': 'workflow',
  'triggers/:trigger_id': 'trigger',
  'workflows/:trigger_id': 'trigger',
  'runs/:id': 'run',
  'steps/:step_id': 'runStep',
  'approvals/:token': 'approvalToken',
  'budgets/:id': 'budget',
  'knowledge-bases/:id': 'knowledgeBase',
  'knowledge/:id': 'knowledgeBase',
  'documents/:doc_id': 'knowledgeDocument',
  'messages/:message_id': 'message',
  'files/:file_id': 'chatFile',
  'tenants/:tenant_id': 'tenant',
  'listings/:id': 'listing',
  'reviews/:review_id': 'review',
  'reports/:id': 'report',
};

/** A tenant with one of everything, so each parameter kind has a real value. */
type Tenant = {
  account: Account;
  key: string;
  spareKeyId: string;
  agent: Agent;
  session: Session;
  /** An answer of another conversation of the tenant (feedback routes: with `session`, it is 404 for anyone). */
  answer: string;
  /** A file attached to a message of `session` (the download routes). */
  file: string;
  connection: Connection;
  tool: Tool;
  embedKey: EmbedKey;
  visitor: { session: string; token: string };
  /** A share link (its agent is shared by link) and a visitor's conversation on it. */
  share: { token: string; visitor: { session: string; token: string } };
  /** A stored response of the Responses API (its id names the tenant's session). */
  response: string;
  invitation: string;
  workflow: string;
  trigger: string;
  /** A finished workflow run (one transform step `a`). */
  run: string;
  budget: string;
  knowledgeBase: string;
  /** A document (pasted text) of that base. */
  knowledgeDocument: string;
  /** A published marketplace listing of the tenant's and a try-it visitor's conversation with it. */
  listing: { id: string; slug: string };
  tryVisitor: { session: string; token: string };
};

/** `owned`: the value belongs to one tenant, so another tenant's value must answer 404. */
const KINDS: Record<Kind, { owned: boolean; value: (t: Tenant) => string }> = {
  agent: { owned: true, value: (t) => t.agent.id },
  session: { owned: true, value: (t) => t.session.id },
  connection: { owned: true, value: (t) => t.connection.id },
  tool: { owned: true, value: (t) => t.tool.id },
  apiKey: { owned: true, value: (t) => t.spareKeyId },
  embedKey: { owned: true, value: (t) => t.embedKey.id },
  model: { owned: true, value: (t) => t.agent.id },
  // A model's name in the price list is no tenant's resource (each organization has its own price for it).
  modelName: { owned: false, value: () => encodeURIComponent('@cf/meta/llama-3.1-8b-instruct') },
  // The widget's routes: the public key is public; the visitor token is what ties a caller to one conversation.
  embedPublicKey: { owned: false, value: (t) => t.embedKey.public_key },
  // Share links' routes: the link is the credential, the visitor token ties a caller to one conversation.
  shareToken: { owned: false, value: (t) => t.share.token },
  version: { owned: false, value: () => '1' },
  turn: { owned: false, value: () => 'trn_matrix' },
  member: { owned: true, value: (t) => t.account.user.id },
  response: { owned: true, value: (t) => t.response },
  invitation: { owned: true, value: (t) => t.invitation },
  // The invitation page's token: a made-up one answers 410 (the single-use token is the credential).
  inviteToken: { owned: false, value: () => 'matrix-not-a-real-invitation-token' },
  workflow: { owned: true, value: (t) => t.workflow },
  trigger: { owned: true, value: (t) => t.trigger },
  run: { owned: true, value: (t) => t.run },
  runStep: { owned: false, value: () => 'a' },
  // A forged approval link answers 404 (the signed token is the credential).
  approvalToken: { owned: false, value: () => 'bWF0cml4.00' },
  creatorSlug: { owned: false, value: () => 'matrix-no-such-creator' },
  budget: { owned: true, value: (t) => t.budget },
  knowledgeBase: { owned: true, value: (t) => t.knowledgeBase },
  knowledgeDocument: { owned: true, value: (t) => t.knowledgeDocument },
  // Only operator routes name an organization by id (their token is no tenant's credential).
  tenant: { owned: true, value: (t) => t.account.tenant.id },
  message: { owned: true, value: (t) => t.answer },
  // A file attached to a message of `session` (its original kept in R2): another tenant's is 404.
  chatFile: { owned: true, value: (t) => t.file },
  // Published listings are public by nature (slug pages, try-it); operator routes name a listing by id.
  listingSlug: { owned: false, value: (t) => t.listing.slug },
  listing: { owned: false, value: (t) => t.listing.id },
  review: { owned: false, value: () => 'rev_000000000000000000000000' },
  report: { owned: false, value: () => 'rpt_000000000000000000000000' },
};

/** Valid bodies for routes that check their input before looking up the id (a 400 tells nothing of tenancy). */
const BODIES: Record<string, unknown> = {
  'POST /api/v1/agents/:id/embed-keys': { allowed_origins: ['https://shop.example.com'] },
  'POST /api/v1/sessions/:id/messages': { content: 'hello' },
  'POST /api/v1/sessions/:id/messages/:message_id/feedback': { rating: 'up' },
  'PATCH /api/v1/members/:user_id': { role: 'viewer' },
  'POST /api/v1/workflows/:id/triggers': { kind: 'webhook' },
  'POST /api/v1/runs/:id/steps/:step_id/approve': { approved: true },
  'POST /api/v1/runs/:id/rerun': { from_step: 'a' },
  'PATCH /api/v1/budgets/:id': { limit_usd: 5 },
  'POST /api/v1/knowledge-bases': { name: 'Matrix knowledge' },
  'PATCH /api/v1/knowledge-bases/:id': { description: 'Changed by the matrix' },
  'POST /api/v1/knowledge-bases/:id/query': { query: 'handbook' },
  'POST /api/v1/knowledge-bases/:id/documents': { title: 'Matrix document', text: 'Added by the matrix.' },
  'PUT /api/v1/model-prices/:model': { input_per_mtok_usd: 1, output_per_mtok_usd: 2 },
  'POST /api/v1/agents/:id/listing': { title: 'Matrix listing', tagline: 'A listing of the matrix', description: 'It is.', category: 'productivity' },
};

const SITE = 'https://shop.example.com';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const PARAM_RE = /:(\w+)(\{[^}]*\})?/g;

type Route = { method: string; path: string; name: string };

/** Every route the app serves; `ALL …/*` entries are middleware (app.use), not routes. */
const ROUTES: Route[] = [
  ...new Map(app.routes.filter((r) => r.method !== 'ALL' || !r.path.endsWith('*')).map((r) => [`${r.method} ${r.path}`, r])).values(),
].map((r) => ({
  method: r.method,
  path: r.path,
  name: `${r.method} ${r.path}`,
}));

/** The parameters of a path, each with its kind, or the reason the path cannot be built. */
function paramsOf(path: string): { name: string; key: string; kind: Kind | undefined }[] {
  return [...path.matchAll(PARAM_RE)].map((m) => {
    const before = path.slice(0, m.index).split('/').filter(Boolean).at(-1) ?? '';
    const key = `${before}/:${m[1]}`;
    return { name: m[0], key, kind: PARAMS[key] };
  });
}

/** The path with each parameter filled from `pick(kind)`. */
function build(path: string, pick: (kind: Kind, index: number) => string): string {
  let i = 0;
  return path.replace(PARAM_RE, (_m, name: string, _re, offset: number) => {
    const before = path.slice(0, offset).split('/').filter(Boolean).at(-1) ?? '';
    return pick(PARAMS[`${before}/:${name}`]!, i++);
  });
}

// The published document says how each API route is authenticated and which scopes it needs.
type Operation = { security: Record<string, string[]>[]; 'x-scopes'?: string[] };
const documentRes = await SELF.fetch(`${BASE}/api/v1/openapi.json`);
const DOC = (await documentRes.json()) as { paths: Record<string, Record<string, Operation>> };
const operationOf = (r: Route): Operation | undefined => DOC.paths[r.path.replace(PARAM_RE, '{$1}').replace(/(.)\/$/, '$1')]?.[r.method.toLowerCase()];

type Class =
  { kind: 'public'; reason: string } | { kind: 'api'; apiKeyOnly: boolean; scopes: string[] } | { kind: 'visitor' } | { kind: 'operator' } | { kind: 'page' };

/** How a route is guarded: public (PUBLIC), documented API (by its `security`), operator, else an HTML page. */
function classify(r: Route): Class {
  if (PUBLIC[r.name]) return { kind: 'public', reason: PUBLIC[r.name]! };
  if (OPERATOR.test(r.path)) return { kind: 'operator' };
  const op = operationOf(r);
  if (!op) return { kind: 'page' };
  const schemes = op.security.flatMap((s) => Object.keys(s));
  if (schemes.includes('visitorToken')) return { kind: 'visitor' };
  return { kind: 'api', apiKeyOnly: !schemes.includes('cookieAuth'), scopes: op['x-scopes'] ?? [] };
}

/** Problems that stop the matrix from covering a route; each message says what to add. */
function coverageProblems(): string[] {
  const problems: string[] = [];
  for (const r of ROUTES) {
    if (!METHODS.includes(r.method)) problems.push(`${r.name}: app.all() routes are not covered; register the methods one by one`);
    const c = classify(r);
    const op = operationOf(r);
    for (const p of paramsOf(r.path)) {
      if (!p.kind)
        problems.push(
          `${r.name}: unknown path parameter "${p.key}": add it to PARAMS in test/workers/security-matrix.test.ts (and a KINDS entry if it names a new kind of resource)`,
        );
    }
    if (c.kind === 'public') {
      if (op && op.security.length) problems.push(`${r.name} is listed in PUBLIC but documented with a credential (security): fix one of them`);
      continue;
    }
    if (op && !op.security.length)
      problems.push(
        `${r.name} is documented as public (security: []): add it to PUBLIC in security-matrix.test.ts with the reason, or document its credential`,
      );
    if (r.path.includes('*')) problems.push(`${r.name}: a protected wildcard route cannot be called by the matrix; give it a concrete path`);
    if (c.kind === 'api' && !c.scopes.length && !UNSCOPED[r.name]) {
      problems.push(`${r.name} declares no API key scope: declare \`scopes\` in its OpenAPI entry, or add it to UNSCOPED with the reason any key may call it`);
    }
  }
  for (const name of [...Object.keys(PUBLIC), ...Object.keys(UNSCOPED), ...Object.keys(BODIES)]) {
    if (!ROUTES.some((r) => r.name === name)) problems.push(`${name} is listed in security-matrix.test.ts but the app has no such route: remove the line`);
  }
  return problems;
}

/** API routes any valid key may call, with the reason. */
const UNSCOPED: Record<string, string> = {
  'GET /api/v1/me': 'tells a key who it is, whatever its scopes',
  'POST /api/v1/auth/logout': 'ends the caller’s own session',
  'POST /mcp': 'scopes are checked per JSON-RPC method and refused inside JSON-RPC, not with 403 (mcp-server.test.ts)',
  'GET /mcp': 'answers 405: no stream is offered',
  'DELETE /mcp': 'answers 405: there are no MCP sessions',
  'POST /api/v1/auth/switch': 'moves the caller’s own browser session; API keys are refused (bound to one organization)',
  'POST /api/v1/organizations': 'creates an organization for the signed-in person; API keys are refused',
  'GET /api/v1/billing': 'billing is not a scope: only a `*` key made by an owner may read it (billing.test.ts)',
  'POST /api/v1/billing/checkout': 'billing is not a scope: only a `*` key made by an owner may start Checkout (billing-stripe.test.ts)',
  'POST /api/v1/billing/portal': 'billing is not a scope: only a `*` key made by an owner may open the portal (billing-stripe.test.ts)',
  'GET /api/v1/billing/invoices': 'billing is not a scope: only a `*` key made by an owner may list invoices (billing-stripe.test.ts)',
  'POST /api/v1/creator/connect': 'billing is not a scope: only a `*` key made by an owner may start Connect onboarding (paid-listings.test.ts)',
  'GET /api/v1/creator/connect': 'billing is not a scope: only a `*` key made by an owner may read the payouts state (paid-listings.test.ts)',
  'GET /api/v1/creator/earnings': 'billing is not a scope: only a `*` key made by an owner may read earnings (creator-payouts.test.ts)',
};

let a: Tenant;
let b: Tenant;

async function tenant(org: string): Promise<Tenant> {
  const account = await signup(org);
  const key = await post<{ key: string }>(account, '/api/v1/api-keys', { name: 'matrix' });
  const spare = await post<{ id: string }>(account, '/api/v1/api-keys', { name: 'spare' });
  // Shared by link, so its share-link routes answer too (a team agent's are 409). Listed in the marketplace while
  // public first, so its listing exists (unpublished once it left `public`) and GET …/listing answers.
  const listed = await createAgent(account, { name: `${org} agent`, visibility: 'public' });
  await post(account, `/api/v1/agents/${listed.id}/listing`, {
    title: `${org} listing`,
    tagline: 'A listing of the matrix',
    description: 'It is.',
    category: 'productivity',
  });
  const agent = (await (await api(`/api/v1/agents/${listed.id}`, { method: 'PATCH', body: { visibility: 'link' }, as: account })).json()) as Agent;
  const session = await createSession(account, agent.id);
  // A file on a message of `session`, stored as the turn stores one (its original in R2), without running a turn there.
  const file = newId('chatFile');
  await env.ORIGINALS.put(chatOriginalKey(account.tenant.id, session.id, file), '# Matrix\n\nA file of the matrix.', {
    httpMetadata: { contentType: 'text/markdown' },
  });
  await runInDurableObject(sessionStub(env, account.tenant.id, session.id), (_o, state) => {
    new SessionStore(state.storage.sql).addMessage({
      id: newId('message'),
      turn_id: 'trn_matrix',
      role: 'user',
      content: 'Read this',
      status: 'completed',
      file: { id: file, name: 'matrix.md', content_type: 'text/markdown', bytes: 30, truncated: false, text: 'A file of the matrix.' },
    });
  });
  // The answer is in a conversation of its own, so `session` has no turn (its stream routes answer 204).
  const answered = await createSession(account, agent.id);
  const said = await api(`/api/v1/sessions/${answered.id}/messages`, { body: { content: 'hello' }, as: account });
  const answer = ((await said.json()) as { message: { id: string } }).message.id;
  const connection = await createConnection(account);
  const tool = await createTool(account, { connection_id: connection.id, config: { method: 'GET', url: '/ping' } });
  const embedKey = await createEmbedKey(account, agent.id, { allowed_origins: [SITE] });
  const started = await SELF.fetch(`${BASE}/embed/v1/${embedKey.public_key}/sessions`, { method: 'POST', headers: { origin: SITE } });
  expect(started.status).toBe(201);
  const visit = (await started.json()) as { session_id: string; token: string };
  const created = await SELF.fetch(`${BASE}/v1/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: agent.id, input: 'hello' }),
  });
  expect(created.status).toBe(200);
  const response = ((await created.json()) as { id: string }).id;
  const invitation = await post<{ id: string }>(account, '/api/v1/invitations', { email: `matrix-${crypto.randomUUID()}@example.com`, role: 'member' });
  const link = await (await api(`/api/v1/agents/${agent.id}/share-link`, { as: account })).json();
  const shareToken = new URL((link as { url: string }).url).pathname.slice(3);
  const shareVisit = (await (await SELF.fetch(`${BASE}/s/${shareToken}/api/sessions`, { method: 'POST' })).json()) as { session_id: string; token: string };
  const workflow = await post<{ id: string }>(account, '/api/v1/workflows', {
    name: 'Matrix workflow',
    definition: { steps: [{ id: 'ask', kind: 'agent', agent_id: agent.id, input: 'hello' }] },
  });
  const trigger = await post<{ id: string }>(account, `/api/v1/workflows/${workflow.id}/triggers`, { kind: 'webhook' });
  const run = await startRun(env, {
    tenantId: account.tenant.id,
    workflow: { id: workflow.id, version: 1, definition: { inputs: {}, steps: [{ id: 'a', kind: 'transform', value: 1 }] } },
    inputs: {},
    trigger: { kind: 'test', id: null },
    createdBy: account.user.id,
  });
  const budget = await post<{ id: string }>(account, '/api/v1/budgets', { scope: 'agent', agent_id: agent.id, limit_usd: 1000, action: 'alert' });
  const knowledgeBase = await post<{ id: string }>(account, '/api/v1/knowledge-bases', { name: `${org} handbook` });
  const knowledgeDocument = await post<{ id: string }>(
    account,
    `/api/v1/knowledge-bases/${knowledgeBase.id}/documents`,
    { title: `${org} policy`, text: 'Matrix text.' },
    202,
  );
  const listing = await seedListing(account, { title: `${org} listing` });
  const tried = (await (await SELF.fetch(`${BASE}/marketplace/${listing.slug}/try/api/sessions`, { method: 'POST' })).json()) as {
    session_id: string;
    token: string;
  };
  return {
    account,
    key: key.key,
    spareKeyId: spare.id,
    agent,
    session,
    answer,
    file,
    connection,
    tool,
    embedKey,
    visitor: { session: visit.session_id, token: visit.token },
    share: { token: shareToken, visitor: { session: shareVisit.session_id, token: shareVisit.token } },
    response,
    invitation: invitation.id,
    workflow: workflow.id,
    trigger: trigger.id,
    run: run.id,
    budget: budget.id,
    knowledgeBase: knowledgeBase.id,
    knowledgeDocument: knowledgeDocument.id,
    listing: { id: listing.id, slug: listing.slug },
    tryVisitor: { session: tried.session_id, token: tried.token },
  };
}

beforeAll(async () => {
  [a, b] = await Promise.all([tenant('Matrix A'), tenant('Matrix B')]);
});

/** Calls a route as a client would: JSON for the API, a form for pages, the widget's Origin for /embed/. */
function call(r: Route, path: string, as: Caller & { visitor?: string }, headers: Record<string, string> = {}) {
  // HTML forms for the pages (and the public sign-up and login forms), JSON for the documented API.
  const page = !operationOf(r) && !OPERATOR.test(r.path);
  const body =
    r.method === 'GET' || r.method === 'OPTIONS'
      ? undefined
      : page
        ? as.csrf
          ? `_csrf=${encodeURIComponent(as.csrf)}`
          : ''
        : JSON.stringify(BODIES[r.name] ?? {});
  const h: Record<string, string> = { 'cf-connecting-ip': '203.0.113.77', ...headers };
  if (body !== undefined) h['content-type'] = page ? 'application/x-www-form-urlencoded' : 'application/json';
  if (page) h.accept = 'text/html';
  if (as.cookie) h.cookie = as.cookie;
  if (as.csrf && !page) h['x-csrf-token'] = as.csrf;
  if (as.key) h.authorization = `Bearer ${as.key}`;
  if (as.visitor) h.authorization = `Bearer ${as.visitor}`;
  if (path.startsWith('/embed/')) h.origin = SITE;
  return SELF.fetch(BASE + path, { method: r.method, headers: h, body, redirect: 'manual' });
}

const own = (t: Tenant) => (kind: Kind) => KINDS[kind].value(t);
/** A visitor route's visitor (the widget's, or the share link's) in tenant `t`. */
const visitorOf = (r: Route, t: Tenant) => (r.path.startsWith('/s/') ? t.share.visitor : r.path.startsWith('/marketplace/') ? t.tryVisitor : t.visitor);
/** A visitor route's path for tenant `t`: its public key or link, and `session` (its visitor's conversation by default). */
const widgetPath = (r: Route, t: Tenant, session = visitorOf(r, t).session) => build(r.path, (kind) => (kind === 'session' ? session : KINDS[kind].value(t)));
const by = (kind: Class['kind']) => ROUTES.filter((r) => classify(r).kind === kind);
/** A key with every scope but `scope` (and the write scope that would imply it). */
const scopesWithout = (scope: string) => SCOPES.filter((s) => s !== scope && s !== scope.replace(/:read$/, ':write'));

describe('the matrix covers every route', () => {
  it('knows how to call each route the app serves', () => {
    expect(ROUTES.length).toBeGreaterThan(100);
    expect(coverageProblems()).toEqual([]);
  });
});

describe('without a credential', () => {
  it.each(by('api').map((r) => [r.name, r]))('%s → 401', async (_name, r) => {
    const res = await call(r, build(r.path, own(a)), {});
    await expectError(res, 401);
  });

  it.each(
    by('api')
      .filter((r) => (classify(r) as { apiKeyOnly: boolean }).apiKeyOnly)
      .map((r) => [r.name, r]),
  )('%s → 401 with a browser session only', async (_name, r) => {
    await expectError(await call(r, build(r.path, own(a)), a.account), 401);
  });

  it.each(by('visitor').map((r) => [r.name, r]))('%s → 401 (no visitor token)', async (_name, r) => {
    await expectError(await call(r, widgetPath(r, a), {}), 401);
  });

  it.each(by('operator').map((r) => [r.name, r]))('%s → 401, also with a tenant’s key', async (_name, r) => {
    await expectError(await call(r, r.path, {}), 401);
    await expectError(await call(r, r.path, { key: a.key }), 401);
  });

  it.each(by('page').map((r) => [r.name, r]))('%s → the login page, coming back after', async (_name, r) => {
    const path = build(r.path, own(a));
    const res = await call(r, path, {});
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    const htmx = await call(r, path, {}, { 'hx-request': 'true' });
    expect(htmx.status).toBe(204);
    expect(htmx.headers.get('hx-redirect')).toMatch(/^\/login\?next=/);
  });

  it.each(by('page').map((r) => [r.name, r]))('%s → the login page for an API key too (keys never open pages)', async (_name, r) => {
    const path = build(r.path, own(a));
    const res = await call(r, path, { key: a.key });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it.each(by('public').map((r) => [r.name, r]))('%s is public: answers without one (no 401, no login wall)', async (_name, r) => {
    const res = await call(r, build(r.path, own(a)).replace('*', 'config'), {});
    await res.body?.cancel();
    expect(res.status).toBeLessThan(500);
    // A signed route refuses the unsigned call itself (its signature is the credential), never with a login wall;
    // 404 when an earlier row of the matrix deleted the trigger's workflow.
    if (SIGNED.has(r.name)) expect([401, 404]).toContain(res.status);
    else expect(res.status).not.toBe(401);
    expect(res.headers.get('location') ?? '').not.toMatch(/^\/login\?next=/);
  });
});

describe('with an API key lacking the route’s scope → 403', () => {
  const cases = by('api').flatMap((r) => (classify(r) as { scopes: string[] }).scopes.map((scope) => [`${r.name} without ${scope}`, r, scope] as const));
  const keys = new Map<string, Promise<string>>();
  const keyWithout = (scope: string) => {
    if (!keys.has(scope))
      keys.set(
        scope,
        post<{ key: string }>(a.account, '/api/v1/api-keys', { name: `no ${scope}`, scopes: scopesWithout(scope) }).then((k) => k.key),
      );
    return keys.get(scope)!;
  };

  it.each(cases)('%s', async (_name, r, scope) => {
    const res = await call(r, build(r.path, own(a)), { key: await keyWithout(scope) });
    const error = await expectError(res, 403, 'insufficient_scope');
    expect(error.message).toContain(scope);
  });
});

describe('with another tenant’s resource id → 404', () => {
  // Tenant B calls with its own credential and its own ids, but tenant A's id in one parameter.
  const cases = ROUTES.flatMap((r) => {
    const c = classify(r);
    if (c.kind !== 'api' && c.kind !== 'page') return [];
    return paramsOf(r.path).flatMap((p, i) => (p.kind && KINDS[p.kind].owned ? [[`${r.name}, ${p.key} of another tenant`, r, i] as const] : []));
  });
  const credential = (r: Route): Caller => (classify(r).kind === 'page' ? b.account : { key: b.key });

  it.each(cases)('%s', async (_name, r, index) => {
    const res = await call(
      r,
      build(r.path, (kind, i) => KINDS[kind].value(i === index ? a : b)),
      credential(r),
    );
    const text = await res.text();
    const hint = res.status === 400 ? `${r.name} checks its input before the id: add a valid body for it to BODIES. ` : '';
    expect(res.status, hint + text.slice(0, 300)).toBe(404);
    for (const secret of [a.agent.name, a.account.tenant.name]) expect(text).not.toContain(secret);
  });

  // The same reads with B's own ids succeed, so the 404s above come from tenancy, not from a broken request.
  it.each(cases.filter(([, r]) => r.method === 'GET'))('%s, but its own id is found', async (_name, r) => {
    const res = await call(r, build(r.path, own(b)), credential(r));
    await res.body?.cancel();
    expect(res.status).toBeLessThan(400);
  });
});

describe('the widget’s visitor token opens one conversation only → 401', () => {
  it.each(by('visitor').map((r) => [r.name, r]))('%s with another tenant’s conversation', async (_name, r) => {
    await expectError(await call(r, widgetPath(r, b, visitorOf(r, a).session), { visitor: visitorOf(r, b).token }), 401);
  });

  it.each(by('visitor').map((r) => [r.name, r]))('%s with its own conversation works', async (_name, r) => {
    const res = await call(r, widgetPath(r, b), { visitor: visitorOf(r, b).token });
    await res.body?.cancel();
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(401);
  });
});

describe('afterwards', () => {
  it('left tenant A’s resources as they were', async () => {
    for (const path of [
      `/api/v1/agents/${a.agent.id}`,
      `/api/v1/sessions/${a.session.id}`,
      `/api/v1/connections/${a.connection.id}`,
      `/api/v1/tools/${a.tool.id}`,
      `/api/v1/agents/${a.agent.id}/embed-keys/${a.embedKey.id}`,
    ]) {
      const res = await api(path, { as: { key: a.key } });
      expect(res.status, path).toBe(200);
    }
    const agent = (await (await api(`/api/v1/agents/${a.agent.id}`, { as: { key: a.key } })).json()) as Agent;
    expect(agent).toMatchObject({ name: a.agent.name, version: a.agent.version });
    const keys = (await (await api('/api/v1/api-keys?limit=100', { as: { key: a.key } })).json()) as { data: { id: string }[] };
    expect(keys.data.map((k) => k.id)).toContain(a.spareKeyId);
  });
});
