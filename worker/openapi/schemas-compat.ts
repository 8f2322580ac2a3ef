// The OpenAI-compatible API's and MCP's answer schemas (worker/schemas/openai.ts, mcp.ts) as component schemas.
import { jsonRpcRequest, jsonRpcResponse } from '../schemas/mcp';
import { chatCompletion, model, modelList, openAiError } from '../schemas/openai';
import { component } from './schemas';

component(
  'ChatCompletion',
  chatCompletion,
  'OpenAI’s chat.completion. With `stream: true` the answer is SSE `data:` lines of chat.completion.chunk objects, then `data: [DONE]`.',
);
component('OpenAIError', openAiError, 'Errors of /v1/* in OpenAI’s shape, so the OpenAI SDKs raise their usual classes.');
component('Model', model);
component('ModelList', modelList);
component('JsonRpcRequest', jsonRpcRequest, 'One JSON-RPC message or a batch: initialize, notifications/initialized, ping, tools/list, tools/call.');
component('JsonRpcResponse', jsonRpcResponse);
