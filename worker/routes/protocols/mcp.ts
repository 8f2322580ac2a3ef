// MCP over Streamable HTTP at /mcp (API.md, "Every agent, four ways"): POST carries JSON-RPC and is answered with
// JSON (no SSE, no Mcp-Session-Id: the server is stateless); GET and DELETE answer 405 as the spec allows. A Bearer
// API key is required (401 with WWW-Authenticate without one); missing scopes are answered inside JSON-RPC (server.ts).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { loneSurrogatePath } from '../../lib/validate';
import { type JsonRpcResponse, RPC, isRequest, isResponse, rpcError } from '../../mcp/json-rpc';
import { PROTOCOL_VERSIONS, handleMessage } from '../../mcp/server';
import { requireApiKey } from '../../middleware/api-key';

const MAX_BATCH = 20;
const idOf = (m: unknown) => {
  const id = (m as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
};
const notAllowed = { Allow: 'POST' };

export const mcpRoutes = new Hono<AppEnv>()
  .use(requireApiKey())
  .post('/', async (c) => {
    const version = c.req.header('mcp-protocol-version');
    if (version && !PROTOCOL_VERSIONS.includes(version)) {
      return c.json(rpcError(null, RPC.invalidRequest, `Unsupported MCP-Protocol-Version ${version}; supported: ${PROTOCOL_VERSIONS.join(', ')}`), 400);
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json(rpcError(null, RPC.parseError, 'Parse error: the body is not JSON'), 400);
    }
    const bad = loneSurrogatePath(body);
    if (bad) return c.json(rpcError(null, RPC.invalidRequest, `Invalid text at ${bad}: a lone UTF-16 surrogate is not Unicode text`), 400);
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.length || messages.length > MAX_BATCH) return c.json(rpcError(null, RPC.invalidRequest, `Send 1 to ${MAX_BATCH} messages`), 400);
    const ctx = { env: c.env, db: c.var.db, auth: c.var.auth, actor: actorOf(c), waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p) };
    const answers = await Promise.all(
      messages.map((m): Promise<JsonRpcResponse | null> | JsonRpcResponse | null => {
        if (isResponse(m)) return null;
        if (!isRequest(m)) return rpcError(idOf(m), RPC.invalidRequest, 'Invalid JSON-RPC request');
        return handleMessage(m, ctx);
      }),
    );
    const out = answers.filter((a): a is JsonRpcResponse => a !== null);
    if (!out.length) return c.body(null, 202);
    return c.json(Array.isArray(body) ? out : out[0]);
  })
  .get('/', (c) => c.body(null, 405, notAllowed))
  .delete('/', (c) => c.body(null, 405, notAllowed));
