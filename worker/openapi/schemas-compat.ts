// The OpenAI-compatible API's and MCP's answer schemas (worker/schemas/openai.ts, mcp.ts) as component schemas.
import { jsonRpcRequest, jsonRpcResponse } from '../schemas/mcp';
import { chatCompletion, model, modelList, openAiError } from '../schemas/openai';
import { inputItemList, responseDeleted, responseObject, responseStreamEvent } from '../schemas/responses';
import { component } from './schemas';

component(
  'ChatCompletion',
  chatCompletion,
  'OpenAI’s chat.completion. With `stream: true` the answer is SSE `data:` lines of chat.completion.chunk objects, then `data: [DONE]`.',
);
component('OpenAIError', openAiError, 'Errors of /v1/* in OpenAI’s shape, so the OpenAI SDKs raise their usual classes.');
component('Model', model);
component('Response', responseObject, 'OpenAI’s Response (the Responses API). `output_text` is not sent: the OpenAI SDKs compute it from `output`.');
component(
  'ResponseStreamEvent',
  responseStreamEvent,
  'One typed SSE event of a streamed response (`event:` is its `type`): created, in_progress, then per output item added → deltas → done, then completed or failed.',
);
component('ResponseInputItemList', inputItemList);
component('ResponseDeleted', responseDeleted);
component('ModelList', modelList);
component('JsonRpcRequest', jsonRpcRequest, 'One JSON-RPC message or a batch: initialize, notifications/initialized, ping, tools/list, tools/call.');
component('JsonRpcResponse', jsonRpcResponse);
