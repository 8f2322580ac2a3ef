// Dev tool: renders every page with sample data (including hostile strings) to static HTML for screenshots.
// Usage: node_modules/.bin/esbuild scripts/render-views.tsx --bundle --platform=node --format=esm \
//          --outfile=/tmp/render-views.mjs && node /tmp/render-views.mjs [/tmp/edgent-views]
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Child } from 'hono/jsx';
import type { MessageJson } from '../worker/llm/events';
import { AgentsPage, type AgentRowView } from '../views/pages/agents-page';
import { ChatPage, type ChatSessionSummary } from '../views/pages/chat-page';
import { DashboardPage } from '../views/pages/dashboard-page';
import { ErrorPage } from '../views/pages/error-page';
import { LoginPage } from '../views/pages/login-page';
import { SignupPage } from '../views/pages/signup-page';

const out = process.argv[2] ?? '/tmp/edgent-views';
const evil = '<img src=x onerror=alert(1)>';
const user = { name: evil, email: 'ada@example.com' };
const base = { user, tenant: { id: 'ten_1', name: 'Acme Robotics' }, role: 'owner', csrfToken: 'csrf"><script>x</script>' };
const agents: AgentRowView[] = [
  {
    id: 'agt_hello',
    name: 'Hello World',
    description: 'A friendly starter agent that answers questions and shows how tools work.',
    model: 'gpt-4o-mini',
    connection: 'Platform default',
    tools: 1,
    runtime: 'edge',
    version: 1,
    status: 'ready',
    updatedAt: Date.parse('2026-04-20T09:12:00Z'),
  },
  {
    id: 'agt_support',
    name: 'Support triage',
    description: 'Reads new tickets, tags them and drafts a first reply for the team to review before sending.',
    model: 'llama-3.1-70b-instruct',
    connection: 'Groq',
    tools: 3,
    runtime: 'edge',
    version: 7,
    status: 'failing',
    updatedAt: Date.parse('2026-05-02T15:40:00Z'),
  },
  {
    id: 'agt_x"y',
    name: evil,
    description: null,
    model: 'gpt-4.1',
    connection: 'Platform default',
    tools: 0,
    runtime: 'container',
    version: 3,
    status: 'needs_model',
    updatedAt: 0,
  },
];
const layout = { user, tenant: base.tenant, role: base.role, csrfToken: base.csrfToken };
const stats = { agents: 3, ready: 1, conversationsToday: 12, inputTokens: 48_200, outputTokens: 9_800, turns: 57, errors: 2 };
const lines = agents.map((a) => ({
  id: a.id,
  name: a.name,
  model: a.model,
  status: a.status,
  conversationsToday: 4,
  tokens: 12_000,
  errors: a.status === 'failing' ? 2 : 0,
  lastAt: a.updatedAt || null,
}));

const at = '2026-05-02T15:40:00.000Z';
const msg = (id: string, role: MessageJson['role'], content: string, extra: Partial<MessageJson> = {}): MessageJson => ({
  id,
  role,
  content,
  status: 'completed',
  created_at: at,
  ...extra,
});
const answer = [
  'Here is how to **stream** a reply from a Worker, step by step:',
  '',
  '1. Open a `TransformStream`.',
  '2. Write each token as an SSE `data:` line.',
  '3. Return the readable side with `text/event-stream`.',
  '',
  '```ts',
  'export default {',
  '  async fetch(req: Request): Promise<Response> {',
  '    const { readable, writable } = new TransformStream();',
  "    const writer = writable.getWriter(); // <script>alert('not run')</script>",
  '    return new Response(readable, { headers: { "content-type": "text/event-stream" } });',
  '  },',
  '};',
  '```',
  '',
  '> Tip: set `cache-control: no-cache` so proxies do not buffer the stream.',
  '',
  '### Links',
  '- Docs: https://developers.cloudflare.com/workers/',
  '- [Not a link](javascript:alert(1)) and <img src=x onerror=alert(1)> stay text.',
].join('\n');
const messages: MessageJson[] = [
  msg('msg_1', 'user', 'What is the weather in Lisbon? Then show me how to stream from a Worker.\nThanks!'),
  msg('msg_2', 'assistant', 'Let me check the weather first.', {
    tool_calls: [
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Lisbon","units":"metric"}' },
      { id: 'call_2', name: 'http_fetch', arguments: '{"url":"https://example.com/<script>"}' },
    ],
  }),
  msg('msg_3', 'tool', '{"temp_c":21,"conditions":"sunny","wind_kph":12}', { tool_call_id: 'call_1', name: 'get_weather', ok: true }),
  msg('msg_4', 'tool', 'Error: upstream answered 503 Service Unavailable', { tool_call_id: 'call_2', name: 'http_fetch', ok: false }),
  msg('msg_5', 'assistant', `It is 21 °C and sunny in Lisbon.\n\n${answer}`),
  msg('msg_6', 'user', `${evil} <script>alert("xss")</script> [x](javascript:alert(1)) **not bold for users**`),
  msg('msg_7', 'assistant', `You wrote ${evil} – shown as text, never run.`, { status: 'cancelled' }),
];
const sessions: ChatSessionSummary[] = [
  { id: 'ses_1', title: 'Weather and streaming', last_activity_at: at, message_count: 7 },
  { id: 'ses_2', title: null, last_activity_at: '2026-05-01 10:00:00', message_count: 0 },
  { id: 'ses_3', title: `A very long conversation title that keeps going ${evil}`, last_activity_at: '2026-04-20 09:12:00', message_count: 1 },
];
const chatAgent = {
  id: 'agt_hello',
  name: 'Hello World',
  description: 'A friendly starter agent that answers questions and shows how tools work.',
  model: 'gpt-4o-mini',
};

const pages: Record<string, Child> = {
  signup: <SignupPage values={{}} errors={{}} />,
  'signup-errors': (
    <SignupPage
      values={{ email: 'ada@example', organization: evil, name: 'Ada' }}
      errors={{ email: 'Enter a valid email address.', password: 'Use at least 10 characters.' }}
      formError="We could not create your account. Check the fields below."
    />
  ),
  login: <LoginPage values={{}} errors={{}} next="/app/agents" />,
  'login-error': <LoginPage values={{ email: 'ada@example.com' }} errors={{}} formError="Email or password is incorrect." />,
  home: (
    <DashboardPage
      base={layout}
      stats={stats}
      checklist={{ connection: true, chatted: false, ownAgent: true }}
      helloChatHref="/app/agents/agt_hello/chat"
      agents={lines}
      recentErrors={[{ at: Date.now(), agentName: evil, code: 'upstream_auth', sessionId: 'ses_1' }]}
    />
  ),
  'home-empty': (
    <DashboardPage
      base={{ ...layout, user: { name: null, email: 'solo@example.com' } }}
      stats={{ ...stats, agents: 0, ready: 0 }}
      checklist={{ connection: false, chatted: false, ownAgent: false }}
      helloChatHref="/app/agents"
      agents={[]}
      recentErrors={[]}
    />
  ),
  agents: <AgentsPage base={layout} agents={agents} filters={{ q: '', runtime: '', connection: '' }} connections={[]} />,
  'agents-empty': <AgentsPage base={layout} agents={[]} filters={{ q: '', runtime: '', connection: '' }} connections={[]} />,
  chat: <ChatPage {...base} agent={chatAgent} sessions={sessions} current={{ id: 'ses_1', messages }} providerMissing={false} />,
  'chat-hello': <ChatPage {...base} agent={chatAgent} sessions={sessions} current={{ id: 'ses_2', messages: [] }} providerMissing={false} />,
  'chat-none': <ChatPage {...base} agent={{ ...chatAgent, description: null }} sessions={[]} current={null} providerMissing={false} />,
  'chat-pick': <ChatPage {...base} agent={chatAgent} sessions={sessions} current={null} providerMissing={false} />,
  'chat-no-provider': <ChatPage {...base} agent={chatAgent} sessions={sessions.slice(1, 2)} current={{ id: 'ses_2', messages: [] }} providerMissing />,
  error: <ErrorPage status={404} title="Page not found" message={`No page at ${evil}.`} requestId="req_01J9ZK3V7Q" />,
};

mkdirSync(out, { recursive: true });
cpSync('views/static', out, { recursive: true });
for (const [name, node] of Object.entries(pages)) {
  const html = await String(await (node as { toString(): string | Promise<string> }).toString());
  writeFileSync(join(out, `${name}.html`), html);
  console.log(`${join(out, name)}.html`);
}
