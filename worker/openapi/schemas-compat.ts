// Response shapes of the OpenAI-compatible API and MCP as OpenAPI component schemas (OpenAI's and JSON-RPC's own).
import { z } from 'zod';
import { component } from './schemas';

const usage = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() });
const toolCall = z.object({ id: z.string(), type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }) });

component(
  'ChatCompletion',
  z.object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string().describe('The agent id or slug you sent'),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), refusal: z.null(), tool_calls: z.array(toolCall).optional() }),
        logprobs: z.null(),
        finish_reason: z.enum(['stop', 'tool_calls']),
      }),
    ),
    usage,
  }),
  'OpenAI’s chat.completion. With `stream: true` the answer is SSE `data:` lines of chat.completion.chunk objects, then `data: [DONE]`.',
);
component(
  'OpenAIError',
  z.object({ error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }) }),
  'Errors of /v1/* in OpenAI’s shape, so the OpenAI SDKs raise their usual classes.',
);
const model = component(
  'Model',
  z.object({ id: z.string().describe('The agent’s slug: pass it as `model`'), object: z.literal('model'), created: z.number().int(), owned_by: z.string(), agent_id: z.string(), name: z.string(), description: z.string().nullable(), version: z.number().int() }),
);
component('ModelList', z.object({ object: z.literal('list'), data: z.array(model) }));

const id = z.union([z.string(), z.number()]);
const rpcRequest = z.object({ jsonrpc: z.literal('2.0'), id: id.optional().describe('Absent for notifications'), method: z.string(), params: z.record(z.string(), z.unknown()).optional() });
component('JsonRpcRequest', z.union([rpcRequest, z.array(rpcRequest)]), 'One JSON-RPC message or a batch: initialize, notifications/initialized, ping, tools/list, tools/call.');
const rpcResponse = z.object({ jsonrpc: z.literal('2.0'), id: id.nullable(), result: z.unknown().optional(), error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional() });
component('JsonRpcResponse', z.union([rpcResponse, z.array(rpcResponse)]));
