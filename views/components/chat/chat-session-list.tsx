// An agent's conversations, newest first. A <details> so it folds above the chat on small screens (chat.js closes
// it there; without JavaScript it simply stays open); on wide screens it is a sidebar and cannot be folded.
import { DateTime } from '../ui/date-time';
import { Icon } from '../ui/icon';

export type ChatSessionSummary = { id: string; title: string | null; last_activity_at: string; message_count: number };

export const sessionHref = (agentId: string, sessionId: string) => `/app/agents/${encodeURIComponent(agentId)}/chat?session=${encodeURIComponent(sessionId)}`;

export const sessionTitle = (s: { title: string | null }) => s.title?.trim() || 'New conversation';

export function NewChatForm(props: { agentId: string; csrfToken: string; variant?: 'primary' | 'secondary'; label?: string }) {
  return (
    <form class="chat-new" method="post" action={`/app/agents/${encodeURIComponent(props.agentId)}/chat/sessions`}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button type="submit" class={`btn btn-${props.variant ?? 'secondary'}`}>
        <Icon name="plus" />
        {props.label ?? 'New conversation'}
      </button>
    </form>
  );
}

/** `total`: how many conversations the agent has (the list shows the newest; the rest are on its Conversations page). */
export function ChatSessionList(props: { agentId: string; sessions: ChatSessionSummary[]; currentId?: string; total?: number }) {
  const current = props.sessions.find((s) => s.id === props.currentId);
  const total = Math.max(props.total ?? 0, props.sessions.length);
  return (
    <details class="chat-sessions" id="chat-sessions" open>
      <summary class="chat-sessions-toggle">
        <Icon name="chat" />
        <span class="chat-sessions-toggle-text">{current ? sessionTitle(current) : 'Conversations'}</span>
        <span class="badge">{total}</span>
      </summary>
      <nav class="chat-sessions-nav" aria-label="Conversations">
        <h2 class="chat-sessions-heading">Conversations</h2>
        {props.sessions.length > 0 ? (
          <ul class="chat-session-list" role="list">
            {props.sessions.map((s) => (
              <li>
                <a class="chat-session" href={sessionHref(props.agentId, s.id)} aria-current={s.id === props.currentId ? 'page' : undefined}>
                  <span class="chat-session-title">{sessionTitle(s)}</span>
                  <span class="chat-session-meta">
                    <DateTime value={s.last_activity_at} /> · {s.message_count} {s.message_count === 1 ? 'message' : 'messages'}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="chat-sessions-empty">No conversations yet.</p>
        )}
        {total > props.sessions.length && (
          <p class="chat-sessions-more">
            <a href={`/app/agents/${encodeURIComponent(props.agentId)}/sessions`}>All {total} conversations</a>
          </p>
        )}
      </nav>
    </details>
  );
}
