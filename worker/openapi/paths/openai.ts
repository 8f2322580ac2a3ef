// OpenAPI entries of worker/routes/protocols/openai.ts (the OpenAI-compatible API).
import { chatCompletionSchema } from '../../openai-compat/schema';
import { routeDocs } from '../registry';

export const docs = routeDocs([
  {
    method: 'post',
    path: '/v1/chat/completions',
    operationId: 'createChatCompletion',
    tag: 'OpenAI-compatible',
    auth: 'api_key',
    scopes: ['agents:read', 'sessions:write'],
    body: chatCompletionSchema,
    summary: 'Chat with an agent as with an OpenAI model',
    description: [
      '`model` is an agent id or slug. Stateless like OpenAI: send the whole conversation each time. The agent’s instructions come first and its own tools run server-side;',
      'the tools you send are offered to the model, and its calls to them come back as `tool_calls` with `finish_reason: "tool_calls"`. Only text content.',
      'Sampling parameters (temperature, max_tokens…) are accepted and ignored: the agent’s settings apply. With `stream: true`, SSE chunks then `data: [DONE]`; `stream_options.include_usage` adds a usage chunk.',
    ].join(' '),
    responses: { 200: { description: 'The completion (or its SSE chunks)', schema: 'ChatCompletion', sse: true } },
    errors: [404, 502, 504],
  },
  {
    method: 'get',
    path: '/v1/models',
    operationId: 'listModels',
    tag: 'OpenAI-compatible',
    auth: 'api_key',
    scopes: ['agents:read'],
    summary: 'The organization’s agents as models (id = slug)',
    responses: { 200: { description: 'The models', schema: 'ModelList' } },
  },
  {
    method: 'get',
    path: '/v1/models/{model}',
    operationId: 'getModel',
    tag: 'OpenAI-compatible',
    auth: 'api_key',
    scopes: ['agents:read'],
    params: { model: 'An agent id or slug' },
    summary: 'One agent as a model',
    responses: { 200: { description: 'The model', schema: 'Model' } },
    errors: [404],
  },
]);
