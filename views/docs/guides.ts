// The /docs guides about the native API (markdown, rendered by views/lib/markdown.ts; HOST becomes the origin).
import { ERROR_STATUS_TEXT, errorCodesByStatus } from '../../worker/schemas/errors';
import { SCOPES } from '../../worker/services/permissions';

export type Guide = { id: string; title: string; body: string };

/** The error codes by status, from the code table (worker/errors.ts). */
const ERROR_LIST = errorCodesByStatus()
  .map(({ status, codes }) => `- **${status}** ${codes.map((c) => `\`${c}\``).join(', ')}: ${ERROR_STATUS_TEXT[status] ?? 'an error'}.`)
  .join('\n');

export const NATIVE_GUIDES: Guide[] = [
  {
    id: 'quickstart',
    title: 'Quickstart with curl',
    body: `Sign up at HOST/signup, open **Developers** in the app and create an API key (it is shown once). Every call sends it as a Bearer token:

\`\`\`sh
export EDGENT=HOST
export KEY=edg_…   # your API key
curl -s $EDGENT/api/v1/agents -H "authorization: Bearer $KEY"
\`\`\`

Your organization starts with a **Hello World** agent. Create your own (\`model\` is the provider's model name; \`connection_id\` picks one of your model connections, else the platform default is used):

\`\`\`sh
AGENT=$(curl -s $EDGENT/api/v1/agents -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"name":"Support","instructions":"You answer questions about {{product}}.","model":"gpt-4o-mini","variables":{"product":"Acme"},"tool_ids":["tol_current_time"]}' \\
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
\`\`\`

Then talk to it: open a session (a conversation) and send a message.

\`\`\`sh
SES=$(curl -s $EDGENT/api/v1/agents/$AGENT/sessions -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
curl -s $EDGENT/api/v1/sessions/$SES/messages -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"content":"Hi!"}'
\`\`\`

The answer is \`{message, usage, steps, status}\`. The reference below lists every route; the machine-readable document is HOST/api/v1/openapi.json.`,
  },
  {
    id: 'sessions',
    title: 'Sessions and streaming',
    body: `A **session** is one conversation with one agent. It keeps the agent version it started with (changing the agent affects new sessions), its messages and a trace of every step.

- \`POST /api/v1/agents/{id}/sessions\` \`{variables?, metadata?}\` starts one; \`variables\` override the agent's defaults in its instructions.
- \`POST /api/v1/sessions/{id}/messages\` \`{content}\` runs a turn: the model, the tools it calls, the model again… up to the agent's \`max_steps\`.
- \`GET /api/v1/sessions/{id}/messages\` is the history, \`GET …/trace\` the steps (tokens, time to first token, tool arguments and results, secrets redacted).

Add \`"stream": true\` (or \`Accept: text/event-stream\`) to get the reply as it is written, as Server-Sent Events:

\`\`\`sh
curl -N $EDGENT/api/v1/sessions/$SES/messages -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"content":"What time is it in Tokyo?","stream":true}'
\`\`\`

\`\`\`
event: message.delta
data: {"text":"Let me check"}

event: tool.call
data: {"id":"call_1","name":"current_time","arguments":"{\\"timezone\\":\\"Asia/Tokyo\\"}"}

event: tool.result
data: {"id":"call_1","name":"current_time","ok":true,"output":"…"}

event: message.completed
data: {"message":{…},"usage":{"input_tokens":120,"output_tokens":31}}
\`\`\`

**Failures.** When the model provider fails before it starts answering (it refused the request, could not be reached or sent nothing in time; after two retries of our own), the answer is that HTTP status instead of a stream, so your client's retry logic works: **429** with \`Retry-After\` when the provider rate-limits, **502** \`upstream_error\`, **504** \`upstream_timeout\`, **400** when the agent cannot run (\`no_provider\`, \`missing_variable\`); the error's \`details\` name the turn's own code (\`[{"path":"turn","message":"upstream_auth"}]\`). Once the provider answers, the stream starts (its headers go out while the first token is on its way): a failure after that is an \`error {code, message, retry_after?}\` event, after the text that came before it. **One turn at a time**: a message sent while a reply is being generated gets 409; stop it with \`POST /api/v1/sessions/{id}/cancel\` (closing the stream does not stop it).

**Streams that resume.** Every event has an \`id:\` (\`<turn>-<event>\`). The turn keeps running when your connection drops: \`GET /api/v1/sessions/{id}/stream\` with the header \`Last-Event-ID: <last id you got>\` (or \`?last_event_id=\`) sends the events you missed, then the live ones, and ends after \`message.completed\` or \`error\`. With no turn running and nothing missed it answers 204. The chat page and the widget re-attach by themselves after a dropped connection or a reload mid-answer; the widget's visitor API has the same route, \`GET /embed/v1/{pk}/sessions/{id}/stream\`. Model failures before anything was streamed (429, 5xx, timeouts) are retried twice before you see them.

**Files in chat.** An agent may accept a file with a message: its \`attachments\` setting \`{enabled, types, max_bytes}\` (types among \`txt md html pdf docx csv json\`, at most 10 MB) is **off by default**, for the chat page, the widget, share links and the API alike, because a file's text stays in the conversation's context and widget visitors are anonymous; turn it on in the builder ("Files in chat") or with PATCH. Then send the same fields as \`multipart/form-data\` with one \`file\` (\`content\` may be empty):

\`\`\`sh
curl $EDGENT/api/v1/sessions/$SES/messages -H "authorization: Bearer $KEY" -F content='What changed in this report?' -F file=@report.pdf
\`\`\`

In the builder's **test panel** the paperclip follows the draft as you edit it: check "Accept files" and the types, and you can attach a file to a test message before saving; the draft's setting is checked, not the saved one's.

The file is parsed (the knowledge bases' parsers) and its text goes to the model inside your message, after your text, fenced as \`<file name=… type=… bytes=…>\` with a note that it is data, not instructions; text longer than half the model's context is cut (\`truncated: true\`). The stored message keeps \`file: {id, name, content_type, bytes, truncated}\` and the text the model saw, so later turns and the transcript have it. Refusals: **415** when the agent takes no files or not this type (the message names the types it takes), **413** over the size limit, **400** with the parser's reason when the file cannot be read (damaged, encrypted, no text). The widget's \`GET /embed/v1/{pk}/config\` says what it may attach (\`attachments: {types, max_bytes}\` or null).

**The original is kept.** The bytes you attached are stored as they were (object storage, R2) while the file is parsed, under the organization and the conversation; the message's \`file.id\` (\`fil_…\`) names them. Download them with \`GET /api/v1/sessions/{id}/files/{file_id}\` (the \`sessions:read\` scope), or click the file's chip on the chat page:

\`\`\`sh
curl -OJ $EDGENT/api/v1/sessions/$SES/files/$FILE -H "authorization: Bearer $KEY"
\`\`\`

The answer is always a download (\`Content-Disposition: attachment\`, \`X-Content-Type-Options: nosniff\`, a sandboxing CSP); text, CSV, JSON, PDF and DOCX keep their type, anything else (HTML too) comes as \`application/octet-stream\`, so a file never runs in the app's origin. A widget or share-link visitor may download the files of their own conversation only (\`GET /embed/v1/{pk}/sessions/{id}/files/{file_id}\`, \`GET /s/{token}/api/sessions/{id}/files/{file_id}\`, with their visitor token). Files sent before originals were kept have no \`id\` and nothing to download. If storing an original fails, the message still goes through, without an \`id\`. A message refused before its turn starts (a 409 while a reply is written, a quota) keeps nothing. Deleting the conversation, or the agent (which ends its conversations), deletes its originals.

**Code tools see the files.** For an agent with \`runtime: "container"\` and a code tool (\`run_python\`, \`run_javascript\`, \`run_shell\`), every file of the conversation is in the run's working directory at \`uploads/<name>\` (a second file of the same name is \`uploads/<name> (2).<ext>\`), and the model is told so with the file. A run gets up to 12 MB of them, newest first; the tool's answer names any left out (\`uploads_note\`). They are inputs, never returned as produced files.

**How large.** The largest file is the lowest of the agent's \`max_bytes\`, your plan's \`chat_file_bytes\` (Free 5 MB, Pro and Team 10 MB; shown on **Billing** and in \`GET /api/v1/billing\` as \`chat_file_bytes\`) and the platform's 10 MB. A 413 names the one that applies: "your Free plan accepts files up to 5 MB" when it is the plan's, "this agent accepts files up to …" when it is the agent's. The check reads the plan from the same cached state as the message quota: it adds no database query to a message.`,
  },
  {
    id: 'tools',
    title: 'Tools',
    body: `An agent's \`tool_ids\` decide what it may call. \`GET /api/v1/tools\` lists the built-in tools first (\`tol_current_time\`, \`tol_fetch_url\`, \`tol_calculator\`, \`tol_call_agent\`; and \`tol_run_python\`, \`tol_run_javascript\`, \`tol_run_shell\` for agents with \`runtime: "container"\`), then yours.

- **HTTP tools** call one endpoint: \`{"kind":"http","name":"get_weather","description":"…","parameters":{JSON Schema},"config":{"method":"GET","url":"/weather/{city}","query":["units"]},"connection_id":"con_…"}\`. The connection holds the base URL and the credential (sent only to its own origin).
- **Import an OpenAPI spec**: \`POST /api/v1/tools/import/openapi\` \`{spec, connection_id?, prefix?, operations?}\` makes one http tool per operation.
- **MCP servers**: create a connection of kind \`mcp\`, then \`POST /api/v1/connections/{id}/tools\` to import its tools; or put the connection id itself in \`tool_ids\` to attach all of them.
- **Knowledge**: list your knowledge bases in the agent's \`knowledge_base_ids\` and it gets the built-in \`search_knowledge\` tool (\`{query, top_k?}\`: numbered passages with their document, title and position). With \`knowledge_retrieval: "always"\` passages for the user's message are also retrieved before every turn and given to the model. Document text is data, never instructions: the system prompt says so and passages are quoted as data. An answer that used passages carries \`citations: [{n, knowledge_base_id, document_id, title, position, text}]\` (the model cites them as [n]); the stream sends \`message.citations\` after each retrieval, and the trace has a \`retrieval\` step (query, bases, passages with scores, duration).

Calls to private or internal addresses are refused (SSRF guard); answers are capped in size and time.`,
  },
  {
    id: 'audit',
    title: 'Audit log',
    body: `Admins and owners can read what changed in their organization and who changed it: **Audit log** in the app (filters, each entry's before and after, **Export CSV**), or \`GET /api/v1/audit-log\` (an API key needs the \`audit:read\` scope).

**What is recorded**, each with who did it (a person, or an API key and its name), when, from which IP, and the configuration fields before and after:

- agents: create, update (the fields that changed and the new version), restore a version, delete; tools: create (by hand, OpenAPI import or MCP discovery), update, delete; connections: create, update (name, kind, base URL, auth type and its header, parameter or user name), delete;
- API keys (name, scopes), embed keys (name, allowed origins, widget settings), the organization's name, members, roles, invitations and sharing;
- password-reset links made by an admin, password resets, sign-ins (\`auth.login\`), logouts, and failed sign-ins (\`auth.login_failed\`): a wrong password for an existing account is recorded in each of that person's organizations, with the IP; an unknown email records nothing.

**What never is**: a secret, a password, an API key, a session or reset token, an invitation or share link. A changed connection secret is only \`{"secret":{"changed":true}}\`.

\`\`\`sh
curl -s "$EDGENT/api/v1/audit-log?action=agent.&since=2026-05-01" -H "authorization: Bearer $KEY"
curl -s "$EDGENT/api/v1/audit-log?actor=usr_…" -H "authorization: Bearer $KEY" -H 'accept: text/csv' > audit.csv
\`\`\`

Filters: \`actor\` (a user or API key id), \`action\` (exact, or a prefix ending with a dot: \`agent.\`), \`resource_type\`, \`since\` and \`until\` (a date or an ISO date-time; \`until\` is exclusive, a bare date includes its day); pages of up to 100 (\`next_cursor\`), newest first. A bad filter is a 400 naming it. The CSV has a header row and one row per entry (up to 10,000; \`X-Next-Cursor\` continues); a cell starting with \`=\`, \`+\`, \`-\` or \`@\` gets a leading \`'\` so a spreadsheet does not run it.

Entries are written through a queue, a few seconds after the change (a change never waits for its entry), and kept for a year.`,
  },
  {
    id: 'errors',
    title: 'Errors and limits',
    body: `Errors have one shape, and every response carries \`X-Request-Id\` (quote it to support):

\`\`\`json
{"error":{"code":"validation_failed","message":"The request is not valid","details":[{"path":"name","message":"Name the agent"}]}}
\`\`\`

${ERROR_LIST}

A failed turn's own code (the \`error\` event's \`code\`, or the \`details\` of the HTTP error) says more: \`upstream_rate_limited\` (429), \`no_provider\` (no model connection), \`missing_variable\` (a \`{{variable}}\` of the instructions has no value; the model is not called, and without \`stream\` the answer is **400**), \`upstream_auth\` (the key was refused), \`upstream_unreachable\` (could not connect to the provider's host), \`upstream_timeout\`, \`upstream_interrupted\` (cut mid-answer). A turn that failed before any answer is kept in the conversation as an assistant message with \`status: "failed"\` and its \`error\`.

**Rate limits.** Requests made with API keys are limited per key (600 a minute) and per organization (1,800 a minute). Every answer says where you stand, per the IETF RateLimit headers draft: \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\` (seconds), for the tighter of the two limits. Over it you get **429** with \`Retry-After\`. The SDK waits and retries by itself.

**Scopes.** A key may be limited to scopes (${SCOPES.map((x) => `\`${x}\``).join(', ')}); a write scope includes its read scope, and a key never does more than its maker's role allows (see **Roles and permissions**). Each route in the reference lists the scopes it needs. Keys are made on the **Developers** page or with \`POST /api/v1/api-keys\`, both with the same presets: **Full access** (\`preset: "full"\`, scopes \`["*"]\`), **Read only** (\`"read"\`, every \`:read\` scope) and **Chat only** (\`"chat"\`, \`agents:read\` and \`sessions:write\`), or explicit \`scopes\`.

Revoking a key takes effect within 5 seconds everywhere. The OpenAI-compatible API answers errors in OpenAI's shape instead (see its guide).`,
  },
];
