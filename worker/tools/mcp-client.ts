/**
 * A minimal MCP client over Streamable HTTP (JSON-RPC over POST), for MCP tools, their discovery and connection
 * tests: initialize + notifications/initialized, then tools/list or tools/call. Answers may come as
 * application/json or as a text/event-stream; the Mcp-Session-Id the server assigns is sent back on every request.
 * Every request goes through the SSRF guard with the connection's credential.
 */
import type { Bindings } from '../env';
import type { ConnectionRef } from '../llm/snapshot';
import { outboundFetch, readLimited } from '../lib/outbound';
import { applyConnectionAuth } from './connection-auth';

export const MCP_PROTOCOL_VERSION = '2025-06-18';
const MAX_BYTES = 4 * 1024 * 1024;

export type McpTool = { name: string; title?: string; description?: string; inputSchema?: Record<string, unknown> };
export type McpContent = { type: string; text?: string; mimeType?: string; uri?: string; resource?: { uri?: string; text?: string } };
export type McpCallResult = { content?: McpContent[]; structuredContent?: unknown; isError?: boolean };

/** `auth`: credentials refused; `protocol`: the URL does not speak MCP; `rpc`: the server answered an error. */
export class McpError extends Error {
  override name = 'McpError';
  constructor(
    readonly code: 'auth' | 'http' | 'protocol' | 'rpc',
    message: string,
  ) {
    super(message);
  }
}

type Target = {
  url: string;
  conn: Pick<ConnectionRef, 'authType' | 'authMeta'>;
  secret: string | null;
  env: Pick<Bindings, 'ALLOW_PRIVATE_NETWORK'>;
  signal?: AbortSignal;
  timeoutMs?: number;
};
// `result` is whatever the server sent; each caller checks the fields it uses.
type RpcMessage = { jsonrpc: '2.0'; id?: number | string; method?: string; params?: unknown; result?: any; error?: { code: number; message: string } };

export class McpClient {
  private sessionId: string | null = null;
  private protocol: string | null = null;
  private nextId = 1;
  /** Strings to remove from anything shown: the credential and its encodings. */
  readonly redactions: string[] = [];
  serverInfo: { name?: string; version?: string } = {};

  constructor(private readonly t: Target) {}

  async initialize(): Promise<void> {
    const r = await this.request('initialize', { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'edgent', version: '1.0.0' } });
    if (!r || typeof r.protocolVersion !== 'string')
      throw new McpError('protocol', 'The server answered initialize without a protocol version: it does not look like an MCP server');
    this.protocol = r.protocolVersion;
    this.serverInfo = r.serverInfo ?? {};
    await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, false);
  }

  /** Every tool the server lists, following pagination (at most 10 pages). */
  async listTools(): Promise<McpTool[]> {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await this.request('tools/list', cursor ? { cursor } : {});
      if (!Array.isArray(r?.tools)) throw new McpError('protocol', 'The server answered tools/list without a tool list');
      tools.push(...r.tools.filter((t: McpTool) => t && typeof t.name === 'string'));
      cursor = typeof r.nextCursor === 'string' && r.nextCursor ? r.nextCursor : undefined;
      if (!cursor) break;
    }
    return tools;
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<McpCallResult> {
    return ((await this.request('tools/call', { name, arguments: args })) ?? {}) as McpCallResult;
  }

  /** Ends the server's session (best effort, never throws). */
  async close(): Promise<void> {
    if (!this.sessionId) return;
    try {
      const res = await this.send('DELETE', null, 3000);
      await res.body?.cancel().catch(() => {});
    } catch {}
  }

  private async request(method: string, params: Record<string, unknown>): Promise<any> {
    const id = this.nextId++;
    const msg = await this.post({ jsonrpc: '2.0', id, method, params }, true, id);
    if (msg?.error) throw new McpError('rpc', `The MCP server answered ${method} with error ${msg.error.code}: ${String(msg.error.message).slice(0, 300)}`);
    return msg?.result;
  }

  private async send(method: 'POST' | 'DELETE', body: unknown, timeoutMs = this.t.timeoutMs ?? 30_000): Promise<Response> {
    const url = new URL(this.t.url);
    const headers = new Headers({ accept: 'application/json, text/event-stream' });
    if (body !== null) headers.set('content-type', 'application/json');
    if (this.sessionId) headers.set('mcp-session-id', this.sessionId);
    if (this.protocol) headers.set('mcp-protocol-version', this.protocol);
    for (const r of applyConnectionAuth(this.t.conn, this.t.secret, url, headers)) if (!this.redactions.includes(r)) this.redactions.push(r);
    const fetcher = outboundFetch(this.t.env, { timeoutMs, maxBytes: MAX_BYTES });
    return fetcher(url, { method, headers, body: body === null ? null : JSON.stringify(body), signal: this.t.signal });
  }

  private async post(body: RpcMessage, expectAnswer: boolean, id?: number): Promise<RpcMessage | null> {
    const res = await this.send('POST', body);
    const sid = res.headers.get('mcp-session-id');
    if (sid && /^[\x21-\x7e]{1,200}$/.test(sid)) this.sessionId = sid;
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => {});
      throw new McpError('auth', `The MCP server refused the credentials (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const { text } = await readLimited(res, 500);
      throw new McpError(
        res.status === 404 || res.status === 405 || res.status === 406 ? 'protocol' : 'http',
        `The MCP server answered HTTP ${res.status}${text ? `: ${text.trim().slice(0, 300)}` : ''}`,
      );
    }
    if (!expectAnswer) {
      await res.body?.cancel().catch(() => {});
      return null;
    }
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    if (type.includes('text/event-stream')) return readSseAnswer(res, id!);
    if (type.includes('json')) {
      const { text } = await readLimited(res, MAX_BYTES);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new McpError('protocol', 'The MCP server answered with invalid JSON');
      }
      const found = (Array.isArray(parsed) ? parsed : [parsed]).find((m: RpcMessage) => m && m.id === id && ('result' in m || 'error' in m));
      if (!found) throw new McpError('protocol', 'The MCP server answered without a JSON-RPC response to the request');
      return found as RpcMessage;
    }
    await res.body?.cancel().catch(() => {});
    throw new McpError('protocol', `The URL answered ${type || 'no content type'}, not MCP (application/json or text/event-stream)`);
  }
}

/** Reads SSE events until the JSON-RPC response with `id` arrives (server notifications in between are skipped). */
async function readSseAnswer(res: Response, id: number): Promise<RpcMessage> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) buffer += value.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1 || (done && buffer.trim())) {
        const event = end === -1 ? buffer : buffer.slice(0, end);
        buffer = end === -1 ? '' : buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).replace(/^ /, ''))
          .join('\n');
        if (!data) continue;
        let msg: RpcMessage;
        try {
          msg = JSON.parse(data) as RpcMessage;
        } catch {
          continue;
        }
        if (msg.id === id && ('result' in msg || 'error' in msg)) return msg;
      }
      if (done) throw new McpError('protocol', 'The MCP server closed the event stream without answering');
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}

/** The text a model sees from a tools/call result. */
export function mcpResultText(r: McpCallResult): string {
  const parts = (r.content ?? []).map((c) => {
    if (c.type === 'text') return c.text ?? '';
    if (c.type === 'resource') return c.resource?.text ?? `[resource ${c.resource?.uri ?? ''}]`;
    if (c.type === 'resource_link') return `[link ${c.uri ?? ''}]`;
    return `[${c.type}${c.mimeType ? ` ${c.mimeType}` : ''} omitted]`;
  });
  if (!parts.length && r.structuredContent !== undefined) return JSON.stringify(r.structuredContent);
  return parts.join('\n') || '(no content)';
}
