// The /docs guide "Supported clients": each client library the compatibility suite (test/workers/compat/) drives
// unchanged, the exact version it pins, and what it covers. test/node/supported-clients.test.ts keeps the versions
// equal to package.json's.
import type { Guide } from './guides';

/** One row per library: its npm name, the version tested and what the suite covers. */
export const SUPPORTED_CLIENTS: { name: string; version: string; covers: string }[] = [
  {
    name: 'openai',
    version: '7.57.0',
    covers:
      'Chat Completions: `create`, streaming (`stream()`, usage chunk, text before a mid-stream failure), the caller’s tools (`runTools` round trip, streamed tool calls), `chat.completions.parse` with `zodResponseFormat`, `tool_choice`, `max_completion_tokens`, `stop`, `models.list`. Responses API: `responses.create` (`instructions`), streamed typed events and `responses.stream`, `previous_response_id`, function calls and their outputs (arguments streamed), `responses.parse` with `zodTextFormat`, `tool_choice`, `max_output_tokens`, `responses.retrieve`; errors as `NotFoundError` 404, `AuthenticationError` 401, `PermissionDeniedError` 403, `RateLimitError` 429 (an upstream 429, streamed or not)',
  },
  {
    name: 'ai',
    version: '7.0.173',
    covers:
      '`generateText`, `streamText` (text before a mid-stream failure), tools the SDK executes in the caller (multi-step, `stopWhen`), `toolChoice`, `generateObject` and `Output.object`, errors as `APICallError` with the status (an upstream 429 retried by the SDK)',
  },
  { name: '@ai-sdk/openai-compatible', version: '3.0.92', covers: '`createOpenAICompatible({ baseURL: HOST/v1 })`: everything listed for `ai`' },
  {
    name: '@ai-sdk/openai',
    version: '4.0.118',
    covers:
      '`createOpenAI({ baseURL: HOST/v1 })`: `openai(model)` (the Responses API, the default) with `generateText`, `streamText`, tools, `toolChoice`, `generateObject` and `previousResponseId`; `openai.chat(model)` (Chat Completions) with `generateText`, `streamText`, tools and `generateObject`',
  },
  {
    name: '@langchain/openai',
    version: '1.6.0',
    covers:
      '`ChatOpenAI`: `invoke` (usage metadata), `stream`, `bindTools` with the tool run by the caller (plain and streamed), `withStructuredOutput` (JSON schema and function calling); the same with `useResponsesApi: true`',
  },
  { name: '@langchain/core', version: '1.4.0', covers: 'messages and `tool()` for `@langchain/openai`' },
  {
    name: '@modelcontextprotocol/sdk',
    version: '1.32.2',
    covers:
      '`Client` + `StreamableHTTPClientTransport` with the key in a header: initialize, `tools/list`, `tools/call` continuing a conversation, `prompts/list` and `prompts/get`, a missing scope as `McpError` −32003',
  },
  { name: 'openapi-typescript', version: '7.13.0', covers: 'types generated from HOST/api/v1/openapi.json (every path and operation)' },
  {
    name: 'openapi-fetch',
    version: '0.17.0',
    covers:
      'with those types: create a connection and an agent, start a session, send a message (JSON and streamed), read the history, call `/v1/chat/completions` and `/v1/responses`, typed errors (a model’s 429 before the first token included)',
  },
];

const LIST = SUPPORTED_CLIENTS.map((c) => `- **\`${c.name}\` ${c.version}**: ${c.covers}.`).join('\n');

export const CLIENTS_GUIDE: Guide = {
  id: 'clients',
  title: 'Supported clients',
  body: `These client libraries are tested against Edgent unchanged, at the exact versions below, on every run of the test suite: each one's only setting is its base URL (**HOST/v1** for the OpenAI-style libraries, **HOST/mcp** for MCP, **HOST** for the generated client) and an Edgent API key. Other versions and other OpenAI-compatible clients usually work as well; these are the ones we check.

${LIST}

With the Vercel AI SDK:

\`\`\`ts
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';
const edgent = createOpenAICompatible({ name: 'edgent', baseURL: 'HOST/v1', apiKey: process.env.EDGENT_API_KEY });
const { text } = await generateText({ model: edgent('hello-world'), prompt: 'Hi!' });
\`\`\`

With LangChain:

\`\`\`ts
import { ChatOpenAI } from '@langchain/openai';
const model = new ChatOpenAI({ model: 'hello-world', apiKey: process.env.EDGENT_API_KEY, configuration: { baseURL: 'HOST/v1' } });
const answer = await model.invoke('Hi!');
\`\`\`

A client generated from the OpenAPI document:

\`\`\`sh
npx openapi-typescript HOST/api/v1/openapi.json -o edgent.d.ts
\`\`\`

\`\`\`ts
import createClient from 'openapi-fetch';
import type { paths } from './edgent';
const api = createClient<paths>({ baseUrl: 'HOST', headers: { authorization: \`Bearer \${process.env.EDGENT_API_KEY}\` } });
const { data: session } = await api.POST('/api/v1/agents/{id}/sessions', { params: { path: { id: 'agt_…' } }, body: {} });
\`\`\``,
};
