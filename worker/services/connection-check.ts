// POST /api/v1/connections/:id/test: a real request through the SSRF guard with the stored credential (the model
// list for OpenAI-style, a health request for http, initialize + tools/list for MCP), reported as {ok, latency_ms,
// message} with a reason a user can act on. The secret never appears in the message.
import { openSecret, type SecretsEnv } from '../crypto/envelope';
import type { ConnectionRow, TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { OutboundError, outboundFetch, readLimited } from '../lib/outbound';
import type { ConnectionTestJson } from '../schemas/connections';
import { applyConnectionAuth, joinUrl, redactAll } from '../tools/connection-auth';
import { McpClient, McpError } from '../tools/mcp-client';
import { getConnection } from './connections';

export type CheckResult = ConnectionTestJson;
const TIMEOUT_MS = 10_000;

const OUTBOUND_REASON: Record<OutboundError['code'], (m: string) => string> = {
  blocked: (m) => m,
  bad_url: (m) => `The base URL is not usable: ${m}`,
  timeout: () => `No answer within ${TIMEOUT_MS / 1000} seconds: the server is down, slow, or behind a firewall`,
  too_large: (m) => `The answer was too large: ${m}`,
  redirects: (m) => `Too many redirects: ${m}. Check the base URL`,
  tls: (m) => `${m}. Check that the server has a valid certificate, or the URL scheme (http/https)`,
  dns: (m) => `${m}. Check the host in the base URL`,
  unreachable: (m) => `${m}. Check the base URL and that the server is running`,
};

async function get(env: Bindings, conn: ConnectionRow, secret: string | null, url: string) {
  const target = new URL(url);
  const headers = new Headers({ accept: 'application/json' });
  const redactions = applyConnectionAuth(conn, secret, target, headers);
  const res = await outboundFetch(env, { timeoutMs: TIMEOUT_MS })(target, { headers });
  return { res, redactions };
}

/** Cloudflare's own answers when the origin's TLS fails (525 handshake, 526 invalid certificate). */
const tlsStatus = (status: number) =>
  status === 525 || status === 526 ? `The TLS (https) handshake with the server failed (HTTP ${status}): check its certificate` : null;

/** GET {base_url}/models: the model ids, or why there are none (the reason never holds the secret). */
async function modelIds(env: Bindings, conn: ConnectionRow, secret: string | null): Promise<{ ids: string[] | null; problem: string; redactions: string[] }> {
  const { res, redactions } = await get(env, conn, secret, joinUrl(conn.baseUrl!, 'models'));
  const fail = (problem: string) => ({ ids: null, problem, redactions });
  const tls = tlsStatus(res.status);
  if (tls) return fail(tls);
  if (res.status === 401 || res.status === 403) return fail(`The API key was rejected (HTTP ${res.status})`);
  if (res.status === 404) return fail('The server answered 404 for /models: check the base URL (OpenAI-compatible URLs usually end in /v1)');
  if (!res.ok) return fail(`The server answered HTTP ${res.status} for /models`);
  let models: unknown;
  try {
    models = (JSON.parse((await readLimited(res, 1024 * 1024)).text) as { data?: unknown }).data;
  } catch {}
  if (!Array.isArray(models)) return fail('The server answered, but not with an OpenAI-style model list: check the kind and the base URL');
  return { ids: models.map((m) => (m as { id?: unknown })?.id).filter((x): x is string => typeof x === 'string'), problem: '', redactions };
}

async function checkOpenAi(env: Bindings, conn: ConnectionRow, secret: string | null): Promise<[boolean, string, string[], string[]?]> {
  const { ids, problem, redactions } = await modelIds(env, conn, secret);
  if (!ids) return [false, problem, redactions];
  return [
    true,
    `Connected: ${ids.length} model${ids.length === 1 ? '' : 's'} available${ids.length ? ` (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})` : ''}`,
    redactions,
    ids,
  ];
}

async function checkHttp(env: Bindings, conn: ConnectionRow, secret: string | null): Promise<[boolean, string, string[]]> {
  const path = typeof conn.config.health_path === 'string' ? conn.config.health_path : '';
  const { res, redactions } = await get(env, conn, secret, path ? joinUrl(conn.baseUrl!, path) : conn.baseUrl!);
  void res.body?.cancel().catch(() => {});
  const what = path || 'the base URL';
  const tls = tlsStatus(res.status);
  if (tls) return [false, tls, redactions];
  if (res.status === 401 || res.status === 403) return [false, `The credentials were rejected (HTTP ${res.status} for ${what})`, redactions];
  if (!res.ok)
    return [false, `The server answered HTTP ${res.status} for ${what}${path ? '' : '; set config.health_path to a URL that answers 200'}`, redactions];
  return [true, `Reachable: HTTP ${res.status} for ${what}`, redactions];
}

async function checkMcp(env: Bindings, conn: ConnectionRow, secret: string | null): Promise<[boolean, string, string[]]> {
  const client = new McpClient({ url: conn.baseUrl!, conn, secret, env, timeoutMs: TIMEOUT_MS });
  try {
    await client.initialize();
    const tools = await client.listTools();
    const server = client.serverInfo.name ? ` to ${client.serverInfo.name}` : '';
    const names = tools
      .slice(0, 5)
      .map((t) => t.name)
      .join(', ');
    return [
      true,
      `Connected${server}: ${tools.length} tool${tools.length === 1 ? '' : 's'}${names ? ` (${names}${tools.length > 5 ? ', …' : ''})` : ''}`,
      client.redactions,
    ];
  } catch (e) {
    if (!(e instanceof McpError)) throw e;
    const msg =
      e.code === 'auth'
        ? `${e.message}: check the token`
        : e.code === 'protocol'
          ? `This URL does not speak MCP over Streamable HTTP: ${e.message}`
          : e.message;
    return [false, msg, client.redactions];
  } finally {
    await client.close();
  }
}

export async function checkConnection(db: TenantDb, env: Bindings & SecretsEnv, id: string): Promise<CheckResult> {
  return (await probeConnection(db, env, await getConnection(db, id))).result;
}

/** The check, plus the model ids an OpenAI-style connection listed when it passed (empty otherwise). */
export async function probeConnection(db: TenantDb, env: Bindings & SecretsEnv, conn: ConnectionRow): Promise<{ result: CheckResult; models: string[] }> {
  const started = Date.now();
  let secret: string | null = null;
  let redactions: string[] = [];
  let ok = false;
  let message: string;
  let models: string[] = [];
  try {
    secret = conn.authType === 'none' ? null : await openSecret(env, db.tenantId, conn.id);
    if (conn.authType !== 'none' && !secret) [ok, message] = [false, 'No secret is stored for this connection: enter it again'];
    else if (!conn.baseUrl) [ok, message] = [false, 'This connection has no base_url'];
    else {
      const check = conn.kind === 'mcp' ? checkMcp : conn.kind === 'http' ? checkHttp : checkOpenAi;
      [ok, message, redactions, models = []] = await check(env, conn, secret);
    }
  } catch (e) {
    message = e instanceof OutboundError ? OUTBOUND_REASON[e.code](e.message) : `The check failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const result = { ok, latency_ms: Date.now() - started, message: redactAll(message, [...redactions, ...(secret ? [secret] : [])]) };
  return { result, models: ok ? models : [] };
}

export type ModelList = { ok: true; models: string[] } | { ok: false; message: string };

/** The models an OpenAI-style connection offers (the agent builder's model picker); other kinds have none. */
export async function listModels(db: TenantDb, env: Bindings & SecretsEnv, id: string): Promise<ModelList> {
  const conn = await getConnection(db, id);
  if (conn.kind !== 'openai' && conn.kind !== 'openai_compatible') return { ok: false, message: `A ${conn.kind} connection does not serve models` };
  let secret: string | null = null;
  try {
    secret = conn.authType === 'none' ? null : await openSecret(env, db.tenantId, conn.id);
    if (conn.authType !== 'none' && !secret) return { ok: false, message: 'No secret is stored for this connection: enter it again' };
    const { ids, problem, redactions } = await modelIds(env, conn, secret);
    return ids ? { ok: true, models: [...new Set(ids)].sort() } : { ok: false, message: redactAll(problem, [...redactions, ...(secret ? [secret] : [])]) };
  } catch (e) {
    const message = e instanceof OutboundError ? OUTBOUND_REASON[e.code](e.message) : `The model list failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, message: redactAll(message, secret ? [secret] : []) };
  }
}
