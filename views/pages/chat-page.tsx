// GET /app/agents/:id/chat[?session=ses_…]: chat with an agent: its conversations, the transcript and the composer.
// Without ?session it opens the newest conversation; with none yet, the composer starts one with the first message
// (POST /app/agents/:id/chat/messages, which answers the same stream, preceded by <StartedParts>).
//
// Streaming protocol. POST /app/sessions/:id/messages (form fields `content`, `_csrf`) is sent by htmx with the
// header `HX-Request: true` (and `Accept: text/html, text/event-stream` from hx-sse); without that header it is a
// plain form post: answer 303 back to the page. For htmx, answer `text/event-stream` whose messages are all
// UNNAMED (no `event:` line): hx-sse swaps only unnamed messages; a named one is just dispatched as a DOM event.
// Frame each with `sseMessage(html)` (one `data:` line per line of HTML). The form has hx-target="#chat-log"
// hx-swap="beforeend"; every message but the first carries its own targets as <hx-partial> elements. In order:
//
//   when              HTML (component)                          element changed               swap
//   start (once)      <ChatStreamStart userMessage assistantId> #chat-log (the form's target)  beforeend
//   message.delta     <hx-partial> with the escaped text        #stream-<A>                   beforeend
//   tool.call         <hx-partial>: text so far as markdown,    #stream-<A>                   outerHTML
//                     the running step, a fresh #stream-<A>
//   tool.result       two <hx-partial>s: outcome and result     #step-<A>-<C>-state, -result  outerHTML
//   message.completed <hx-partial> with the final markdown      #stream-<A>                   outerHTML
//   error             <hx-partial>: text so far + alert         #stream-<A>                   outerHTML
//                     (code "cancelled": text so far + "Stopped")
//
// <A> is the assistant id given to ChatStreamStart and <C> the tool call id, both through domId(). Every row after
// the first is `<ChatStreamEvent assistantId event segment>`, where `segment` is the text streamed since the start
// or the last tool.call (append each delta after rendering it; reset to '' after a tool.call). Errors before the
// stream (validation, a reply already running) may answer plain text/html at any status: htmx 4 swaps it too,
// so an <Alert> fragment lands at the end of #chat-log. After the last event the stream sends a loader that
// refreshes the conversation list (#chat-side) from GET /app/sessions/:id/sidebar. Stop: the stop form posts to /app/sessions/:id/cancel
// with hx-swap="none" (answer 204 to htmx, 303 otherwise); the stream then ends with its `error` (cancelled).
// Re-attaching: every event's message also replaces the bubble's hidden #cursor-<A> (data-event-id = the event's
// SSE id). A stream that ends without its last event (or a page drawn mid-answer, whose bubble has an empty cursor)
// is continued by chat.js from GET /app/sessions/:id/stream?assistant=<A>&last_event_id=<id>: the same messages
// after that id (204 when there are none).
import { AgentTabs } from '../components/agents/agent-header';
import { Alert } from '../components/ui/alert';
import { ChatComposer, type OfferedFiles } from '../components/chat/chat-composer';
import { ChatTranscript } from '../components/chat/chat-message';
import type { FeedbackJson } from '../../worker/db/tenant-db';
import { PendingReply } from '../components/chat/chat-stream';
import { ChatSessionList, NewChatForm, type ChatSessionSummary } from '../components/chat/chat-session-list';
import { Icon } from '../components/ui/icon';
import { AppLayout, type Grants, type LayoutBase, type LayoutUser } from '../layouts/app-layout';
import type { MessageJson } from '../../worker/llm/events';

export type { ChatSessionSummary };
export { ChatMessage } from '../components/chat/chat-message';
export { ChatStreamEvent, ChatStreamStart, sseMessage } from '../components/chat/chat-stream';

export function ChatPage(props: {
  user: LayoutUser;
  tenant: { id: string; name: string };
  role: string;
  csrfToken: string;
  memberships?: LayoutBase['memberships'];
  /** The role's grants (the nav shows what needs one). */
  can?: Grants;
  agent: { id: string; name: string; description: string | null; model: string };
  sessions: ChatSessionSummary[];
  /** How many conversations the agent has in all (the sidebar lists the newest). */
  sessionsTotal?: number;
  /**
   * `running`: a reply is still being written; the page shows an empty bubble that re-attaches to it (chat.js).
   * `ratings`: the current rating of each rated answer (thumbs under answers).
   */
  current: { id: string; messages: MessageJson[]; running?: boolean; ratings?: Map<string, FeedbackJson> } | null;
  providerMissing: boolean;
  /** What a person may attach to a message (the agent's `attachments` setting), or null. */
  files?: OfferedFiles;
}) {
  const { agent, current } = props;
  const composerAction = current ? `/app/sessions/${encodeURIComponent(current.id)}/messages` : `/app/agents/${encodeURIComponent(agent.id)}/chat/messages`;
  return (
    <AppLayout
      title={`${agent.name} · Chat`}
      user={props.user}
      tenant={props.tenant}
      role={props.role}
      csrfToken={props.csrfToken}
      memberships={props.memberships}
      can={props.can}
      active="agents"
    >
      <header class="chat-head">
        <span class="agent-avatar" aria-hidden="true">
          <Icon name="agents" />
        </span>
        <div class="chat-head-text">
          <p class="eyebrow">
            <a href="/app/agents">Agents</a> / Chat
          </p>
          <h1 class="chat-title">{agent.name}</h1>
          <p class="chat-head-meta">
            <code class="badge">{agent.model}</code>
            {agent.description && <span class="chat-head-description">{agent.description}</span>}
          </p>
        </div>
        <NewChatForm agentId={agent.id} csrfToken={props.csrfToken} />
      </header>
      <AgentTabs agentId={agent.id} active="chat" />
      {props.providerMissing && (
        <Alert tone="error" title="No model connected">
          This agent has no model to talk to yet. <a href="/app/connections">Add a model connection</a> with your own API key and test it: agents without a
          model use the first connection that passes its test.
        </Alert>
      )}
      <div class="chat-layout">
        {/* The sidebar slot: empty (and hidden) until there is a conversation; refreshed after every reply. */}
        <div class="chat-side" id="chat-side">
          {props.sessions.length > 0 && <ChatSessionList agentId={agent.id} sessions={props.sessions} currentId={current?.id} total={props.sessionsTotal} />}
        </div>
        <section class="chat-panel" aria-label={`Conversation with ${agent.name}`}>
          <div class="chat-log" id="chat-log" role="log">
            <div class="chat-empty">
              <span class="empty-icon" aria-hidden="true">
                <Icon name="chat" size={20} />
              </span>
              <h2 class="empty-title">Say hello</h2>
              <p class="empty-description">{agent.description || `Ask ${agent.name} anything.`} Replies appear as they are written.</p>
            </div>
            {current && (
              <ChatTranscript
                messages={current.messages}
                sessionId={current.id}
                retry={{ action: composerAction, csrfToken: props.csrfToken }}
                feedback={{ sessionId: current.id, csrfToken: props.csrfToken, ratings: current.ratings }}
              />
            )}
            {current?.running && <PendingReply assistantId={`a-${crypto.randomUUID()}`} sessionId={current.id} />}
          </div>
          <ChatComposer
            sessionId={current?.id ?? null}
            agentId={agent.id}
            agentName={agent.name}
            csrfToken={props.csrfToken}
            disabled={props.providerMissing}
            files={props.files}
          />
        </section>
      </div>
      <script src="/assets/vendor/hx-sse.min.js" defer></script>
      <script src="/assets/file-pick.js" defer></script>
      <script src="/assets/chat.js" defer></script>
    </AppLayout>
  );
}
