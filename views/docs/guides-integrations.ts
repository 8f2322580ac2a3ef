// The /docs guides about the other ways in: the SDK, the OpenAI-compatible API, MCP and the widget (markdown).
import type { Guide } from './guides';

export const INTEGRATION_GUIDES: Guide[] = [
  {
    id: 'sdk',
    title: 'TypeScript SDK',
    body: `\`@edgent/sdk\` (in \`sdk/\` of the repository) is a typed client with no dependencies beyond \`fetch\`: plain ES modules with type declarations, for Node 20+, Deno, Bun, browsers and Workers.

It is not on a registry yet. Build a tarball in the repository and install it in your project (a git URL does not give a working install: \`dist/\` is built, not committed):

\`\`\`sh
npm ci && cd sdk && npm pack          # in the repository: builds dist/, writes edgent-sdk-0.1.0.tgz
npm install /path/to/edgent/sdk/edgent-sdk-0.1.0.tgz   # in your project
\`\`\`

\`\`\`ts
import { Edgent, EdgentError } from '@edgent/sdk';

const edgent = new Edgent({ apiKey: process.env.EDGENT_API_KEY, baseUrl: 'HOST' });
const agent = await edgent.agents.create({ name: 'Support', model: 'gpt-4o-mini', instructions: 'Be brief.' });
const session = await edgent.sessions.create(agent.id);
for await (const event of edgent.messages.stream(session.id, 'Hello!')) {
  if (event.type === 'message.delta') process.stdout.write(event.data.text);
}
\`\`\`

A stream that drops is re-attached by itself (\`Last-Event-ID\`) and goes on where it stopped. Breaking out of the loop cancels the turn; with \`{ detach: true }\` it keeps running, and \`edgent.messages.resume(session.id, { lastEventId })\` follows it later (each event has its \`id\`).

Errors are \`EdgentError\` with \`status\`, \`code\`, \`details\` and \`requestId\`. 429 and 5xx answers are retried with backoff, honouring \`Retry-After\`.`,
  },
  {
    id: 'openai',
    title: 'OpenAI-compatible API',
    body: `Any OpenAI client works: set its base URL to **HOST/v1**, its key to your Edgent API key, and \`model\` to an agent's slug or id (\`GET /v1/models\` lists them).

\`\`\`js
import OpenAI from 'openai';
const client = new OpenAI({ baseURL: 'HOST/v1', apiKey: process.env.EDGENT_API_KEY });
const r = await client.chat.completions.create({ model: 'hello-world', messages: [{ role: 'user', content: 'Hi!' }] });
console.log(r.choices[0].message.content, r.usage);
\`\`\`

\`\`\`python
from openai import OpenAI
client = OpenAI(base_url="HOST/v1", api_key=os.environ["EDGENT_API_KEY"])
r = client.chat.completions.create(model="hello-world", messages=[{"role": "user", "content": "Hi!"}])
\`\`\`

- **Stateless, like OpenAI**: send the whole conversation each time. Nothing is stored; each call is recorded in usage.
- **The agent applies**: its instructions come first (your system messages follow them), its model, temperature and tools.
- **Your settings for this call** go to the model over the agent's: \`temperature\`, \`top_p\`, \`max_tokens\` or \`max_completion_tokens\` (sent by the name you used), \`stop\` (a string or up to 4), \`seed\`, \`presence_penalty\`, \`frequency_penalty\`, \`parallel_tool_calls\`, \`response_format\` and \`tool_choice\`. Out-of-range values are a 400 naming the \`param\`. Other OpenAI parameters are accepted and ignored. A turn may take several model steps (the agent's tools run between them); this is how your settings apply to them:
  - \`response_format\` (\`text\`, \`json_object\`, \`json_schema\` with \`name\`, \`schema\`, \`strict\`) applies to every step, so the final answer has the format: \`client.chat.completions.parse\` with \`zodResponseFormat\`, the AI SDK's \`generateObject\` and LangChain's \`withStructuredOutput\` work. With \`json_object\` some message (or the agent's instructions) must say "JSON", as OpenAI requires.
  - \`tool_choice: "none"\`: no tool is called, neither yours nor the agent's, on any step (the model still sees their definitions, so a conversation with earlier tool calls stays valid everywhere). \`"auto"\` (the default): the model chooses.
  - \`"required"\` or \`{"type": "function", "function": {"name": …}}\` (one of your tools or one of the agent's) forces the **first** step only; later steps are \`auto\`, so after the agent's own tool ran the model can answer in words (forcing every step would never end). A forced call of your tool comes back as \`tool_calls\`; a forced call of the agent's tool runs on our side. Naming a tool that is neither is a 400; \`required\` with no tools at all too.
  - \`max_tokens\` caps each step; when the last one hits it, \`finish_reason\` is \`"length"\`. \`stop\`, \`seed\` and the penalties apply to every step, \`temperature\` replaces the agent's.
- **Streaming**: \`stream: true\`; \`stream_options: {include_usage: true}\` adds a final usage chunk. The response starts once the model provider accepts the request (or with the first output), so a provider that refuses it, cannot be reached or sends nothing in time is an HTTP error, as without streaming; a failure after that ends the stream with an error object after the text already sent (the OpenAI clients raise it as \`APIError\`).
- **Your tools**: tools you send are offered to the model beside the agent's. When it calls one of yours, the answer has \`tool_calls\` and \`finish_reason: "tool_calls"\`; run them and send the results back as \`tool\` messages, as with OpenAI. The agent's own tools run on our side and never appear. Tool names must not clash with the agent's.
- **Errors** come in OpenAI's shape \`{"error":{"message","type","param","code"}}\`: an unknown model is 404 \`model_not_found\`, a bad key 401 \`invalid_api_key\`, limits 429 \`rate_limit_exceeded\`. When the model provider fails and our own retries (3 attempts) give up: still rate limiting → 429 with its \`Retry-After\`; an error or an unreachable server → 502 \`upstream_error\`; no answer in time → 504 \`upstream_timeout\`. The OpenAI clients retry these by themselves (\`maxRetries\`).
- Only text content (no images or audio).`,
  },
  {
    id: 'responses',
    title: 'Responses API',
    body: `OpenAI's Responses API (\`client.responses.create\`, the default of the Vercel AI SDK's \`openai(model)\` and of LangChain's \`useResponsesApi\`) works at **HOST/v1** with the same key and \`model\` as chat completions.

\`\`\`js
const r = await client.responses.create({ model: 'hello-world', input: 'My name is Ada.' });
console.log(r.output_text);
const next = await client.responses.create({ model: 'hello-world', previous_response_id: r.id, input: 'What is my name?' });
for await (const e of await client.responses.create({ model: 'hello-world', input: 'Hi!', stream: true })) {
  if (e.type === 'response.output_text.delta') process.stdout.write(e.delta);
}
\`\`\`

- **Input**: text, or \`message\` items (roles user, system, developer, assistant; text or \`input_text\`/\`output_text\` parts), \`function_call\` and \`function_call_output\` items, and \`item_reference\` items naming output items of your stored responses (the Vercel AI SDK sends those). Other item and part types (images, files, reasoning) are refused with a 400 naming the \`param\`. \`instructions\` are added to the agent's own for that response only; so are system and developer items of a stored conversation (they are not kept in it).
- **Stored by default**: a response is a turn of an ordinary session (metadata \`via: "responses"\`), listed with the agent's conversations in the app. Its id names that session, so \`GET /v1/responses/{id}\`, \`…/input_items\` and \`previous_response_id\` need no lookup. \`DELETE /v1/responses/{id}\` forgets the Response; the conversation stays until you delete its session.
- **previous_response_id**: from the conversation's latest response, the new one is appended to it. From an earlier response, a new conversation is forked with the history up to that response (its metadata has \`parent_session_id\`); the original is left as it was. Two responses cannot run at once in one conversation (409).
- **\`store: false\`**: stateless like chat completions; send the whole conversation as items. Nothing is kept and GET answers 404.
- **Your function tools** (\`{type: "function", name, description, parameters}\`) are offered beside the agent's. Calls to them end the response with \`function_call\` items; send \`function_call_output\` items with the same \`call_id\` and \`previous_response_id\` to go on. The agent's own tools run on our side and never appear.
- **Streaming**: typed events with \`sequence_number\` — \`response.created\`, \`response.in_progress\`, then per output item \`response.output_item.added\`, \`response.content_part.added\`, \`response.output_text.delta\`… \`.done\` (function calls: \`response.function_call_arguments.delta\`/\`.done\`), and \`response.completed\` with \`usage\`. A failure before the model provider starts answering answers with an HTTP error in OpenAI's shape; one after that ends the stream with \`response.failed\` (the text so far was sent); a cut answer ends with \`response.incomplete\`.
- **Settings** work as in chat completions (see its guide for how they combine with the agent's tools): \`temperature\` and \`top_p\` over the agent's, \`max_output_tokens\` caps each model step (a cut answer is \`status: "incomplete"\` with \`incomplete_details.reason: "max_output_tokens"\`), \`tool_choice\` (\`none\`, \`auto\`, \`required\`, \`{type: "function", name}\`) and \`text.format\` (\`json_object\`, \`json_schema\` with \`name\` and \`schema\`). A provider's 429 before the first event answers 429 with its \`Retry-After\`.`,
  },
  {
    id: 'mcp',
    title: 'MCP',
    body: `HOST/mcp is an MCP server (Streamable HTTP, JSON answers, no session). Each of your agents is a tool named \`ask_<slug>\` that takes \`{message, session_id?}\` and answers with the agent's reply and a \`session_id\`: pass it back to continue the same conversation.

A client configuration (the format Claude Desktop, Cursor and others read):

\`\`\`json
{
  "mcpServers": {
    "edgent": { "url": "HOST/mcp", "headers": { "Authorization": "Bearer edg_…" } }
  }
}
\`\`\`

With the MCP TypeScript SDK:

\`\`\`ts
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
const transport = new StreamableHTTPClientTransport(new URL('HOST/mcp'), { requestInit: { headers: { Authorization: 'Bearer edg_…' } } });
const client = new Client({ name: 'my-app', version: '1.0.0' });
await client.connect(transport);
const r = await client.callTool({ name: 'ask_hello-world', arguments: { message: 'Hi!' } });
\`\`\`

Each agent is also a **prompt** named by its slug: \`prompts/get\` answers its instructions, with the agent's declared \`{{variables}}\` as optional arguments (their defaults fill the rest).

From a terminal, with the MCP Inspector's CLI:

\`\`\`sh
npx @modelcontextprotocol/inspector --cli HOST/mcp --header "Authorization: Bearer edg_…" --method tools/list
npx @modelcontextprotocol/inspector --cli HOST/mcp --header "Authorization: Bearer edg_…" \\
  --method tools/call --tool-name ask_hello-world --tool-arg message=Hello
npx @modelcontextprotocol/inspector --cli HOST/mcp --header "Authorization: Bearer edg_…" \\
  --method prompts/get --prompt-name hello-world
\`\`\`

The key needs \`agents:read\` to list tools and prompts, and \`sessions:write\` too to call. A missing scope is answered inside MCP, not as an HTTP error: listing gets the JSON-RPC error \`-32003\` naming the scope, a call gets a tool result with \`isError: true\`. A missing or invalid key is HTTP 401 with \`WWW-Authenticate: Bearer\`. Conversations started over MCP are ordinary sessions (\`metadata.via = "mcp"\`).`,
  },
  {
    id: 'widget',
    title: 'The chat widget',
    body: `Put an agent on any website with one tag. Create an embed key for the agent (in the app under the agent's **Embed** page, or \`POST /api/v1/agents/{id}/embed-keys\` \`{allowed_origins: ["https://www.example.com"]}\`), then add:

\`\`\`html
<script src="HOST/widget.js" data-agent="pk_…" async></script>
\`\`\`

Only the allowed origins may use the key: the browser's \`Origin\` is checked on every request. Visitors never see an API key: each conversation gets a short-lived visitor token. Visitors are limited in conversations per network and messages per minute, and see only the agent's text, never tool activity.

- **Inline** instead of a launcher: \`data-target="#element"\` puts the chat inside that element. On phones the panel is full screen.
- **Options** (data attributes, over the key's settings): \`data-title\`, \`data-greeting\`, \`data-prompts\` (a JSON array or \`a|b\`), \`data-color\`, \`data-position\` (\`right\` or \`left\`), \`data-theme\` (\`light\`, \`dark\` or \`auto\`), \`data-avatar\`, \`data-lang\` (\`en\`, \`fr\`, \`de\`, \`es\`; default the page's \`lang\`), \`data-strings\` (JSON overriding any UI string), \`data-open="true"\`.
- **Styling**: the CSS custom properties \`--edgent-accent\`, \`--edgent-font\`, \`--edgent-radius\` and \`--edgent-z\` on \`edgent-chat\`. Nothing else of the page's CSS reaches it (Shadow DOM), and its styles need no \`'unsafe-inline'\`; a page CSP must allow HOST in \`script-src\` and \`connect-src\`.
- **JavaScript**: \`Edgent.open()\`, \`close()\`, \`send(text)\`, \`reset()\` and \`Edgent.on('message' | 'open' | 'close' | 'ready' | 'error', fn)\`, also dispatched as \`edgent:<name>\` events on \`window\`.
- **Returning visitors** resume their conversation: the widget keeps it in \`localStorage\`, and an expired visitor token can be exchanged for a fresh one for 7 days.
- **Limits**: 20 new conversations per network per 10 minutes, 10 messages per conversation per minute and 60 per network per minute; over them the answer is 429 with \`Retry-After\`. Revoking or changing a key takes effect within 5 seconds.

The widget's own API, if you build your own client: \`GET HOST/embed/v1/{public_key}/config\`, \`POST …/sessions\` → \`{session_id, token, expires_at}\`, \`GET\` and \`POST …/sessions/{id}/messages\` (the POST streams \`message.delta\`, \`message.completed\` and \`error\` events), \`POST …/sessions/{id}/token\` to refresh a token. Every request, preflight included, must come from an allowed origin.`,
  },
];
