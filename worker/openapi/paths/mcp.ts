// OpenAPI entries of worker/routes/protocols/mcp.ts (MCP over Streamable HTTP) and worker/routes/api/health.ts.
import { z } from 'zod';
import { routeDocs } from '../registry';

export const docs = routeDocs([
  {
    method: 'post',
    path: '/mcp',
    operationId: 'mcp',
    tag: 'MCP',
    auth: 'api_key',
    body: 'JsonRpcRequest',
    bodyDescription: 'JSON-RPC 2.0 (MCP revisions 2024-11-05 to 2025-11-25)',
    summary: 'MCP (Streamable HTTP, stateless, JSON answers)',
    description:
      'The organization’s agents are tools `ask_<slug>` taking `{message, session_id?}`; a call answers with the reply as text and the `session_id` that continues the conversation. They are also prompts named by their slug (prompts/list, prompts/get): the instructions, with the agent’s declared `{{variables}}` as optional arguments. Scopes are checked per method and refused inside JSON-RPC, never with HTTP 403: tools/list, prompts/list and prompts/get need `agents:read` (else the error `-32003` with `data: {code: "insufficient_scope", scope}`); tools/call needs `agents:read` and `sessions:write` (else a tool result with `isError: true` naming the scope). initialize and ping need none. A missing or invalid key answers 401 with `WWW-Authenticate: Bearer`. Notifications answer 202 without a body.',
    responses: { 200: { description: 'The JSON-RPC response(s)', schema: 'JsonRpcResponse' }, 202: { description: 'Accepted (notifications only)' } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/mcp',
    operationId: 'mcpStream',
    tag: 'MCP',
    auth: 'api_key',
    summary: 'No server-initiated stream: 405',
    responses: { 405: { description: 'Not offered', headers: { Allow: 'POST' } } },
  },
  {
    method: 'delete',
    path: '/mcp',
    operationId: 'mcpEndSession',
    tag: 'MCP',
    auth: 'api_key',
    summary: 'No sessions to end: 405',
    responses: { 405: { description: 'Not offered', headers: { Allow: 'POST' } } },
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'Service',
    auth: 'none',
    summary: 'Liveness',
    responses: { 200: { description: 'Up', schema: z.object({ ok: z.literal(true) }) } },
  },
]);
