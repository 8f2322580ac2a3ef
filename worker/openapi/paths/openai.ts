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
      'Your settings go to the model over the agent’s, for this call only: `response_format` on every model step (the final answer has the format); `tool_choice` `none` for every tool (yours and the agent’s), `required` or a named function (yours or the agent’s) on the first step only, then `auto`;',
      '`max_tokens`/`max_completion_tokens` cap each step (`finish_reason: "length"` when the last one hit it); `temperature`, `top_p`, `stop`, `seed` and the penalties apply to every step. Other OpenAI parameters are ignored.',
      'With `stream: true`, SSE chunks then `data: [DONE]`; `stream_options.include_usage` adds a usage chunk. The stream starts with the first output: a model failure before it is an HTTP error (429 with `Retry-After`, 502, 504) like without streaming; after it, an error object ends the stream.',
    ].join(' '),
    responses: { 200: { description: 'The completion (or its SSE chunks)', schema: 'ChatCompletion', sse: true } },
    errors: [400, 404, 502, 504],
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
