// JSON-RPC 2.0 as MCP uses it: message shapes, error codes, and the response builders the MCP server answers with.
export type JsonRpcId = string | number;
export type JsonRpcRequest = { jsonrpc: '2.0'; id?: JsonRpcId; method: string; params?: Record<string, unknown> };
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId | null; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId | null; error: { code: number; message: string; data?: unknown } };

export const RPC = { parseError: -32700, invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602, internalError: -32603 } as const;
/** Server-defined (the -32000 to -32099 range): the API key lacks a scope; `data` names it. */
export const RPC_FORBIDDEN = -32003;

/** A JSON-RPC error raised while handling a request; the server answers it as the request's error. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const rpcResult = (id: JsonRpcId, result: unknown): JsonRpcResponse => ({ jsonrpc: '2.0', id, result });
export const rpcError = (id: JsonRpcId | null, code: number, message: string, data?: unknown): JsonRpcResponse => ({
  jsonrpc: '2.0',
  id,
  error: { code, message, ...(data === undefined ? {} : { data }) },
});

/** A request or notification (responses and other shapes are not). */
export function isRequest(m: unknown): m is JsonRpcRequest {
  const r = m as Partial<JsonRpcRequest> | null;
  const idOk = r?.id === undefined || typeof r.id === 'string' || (typeof r.id === 'number' && Number.isFinite(r.id));
  const paramsOk = r?.params === undefined || (typeof r.params === 'object' && r.params !== null && !Array.isArray(r.params));
  return !!r && typeof r === 'object' && r.jsonrpc === '2.0' && typeof r.method === 'string' && idOk && paramsOk;
}

/** A response the client sends us (to a server request we never make): accepted and ignored. */
export function isResponse(m: unknown): boolean {
  const r = m as Record<string, unknown> | null;
  return !!r && typeof r === 'object' && r.jsonrpc === '2.0' && 'id' in r && ('result' in r || 'error' in r) && !('method' in r);
}
