// JSON-RPC 2.0 messages of the MCP endpoint (worker/mcp/), one or a batch.
import { z } from 'zod';

const id = z.union([z.string(), z.number()]);
const rpcRequest = z.object({
  jsonrpc: z.literal('2.0'),
  id: id.optional().describe('Absent for notifications'),
  method: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});
const rpcResponse = z.object({
  jsonrpc: z.literal('2.0'),
  id: id.nullable(),
  result: z.unknown().optional(),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
});

export const jsonRpcRequest = z.union([rpcRequest, z.array(rpcRequest)]);
export const jsonRpcResponse = z.union([rpcResponse, z.array(rpcResponse)]);
