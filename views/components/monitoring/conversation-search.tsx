// Conversation search on the Logs page: words in questions or answers, an agent and a feedback filter; results link
// to the conversation at the matching message, with the passage (escaped, matches in <mark>).
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { EmptyState } from '../ui/empty-state';
import { When } from '../ui/when';

export type ConversationQuery = { q: string; agent: string; feedback: string };
export type ConversationHit = {
  id: string;
  title: string;
  agent: string;
  lastActivityAt: number;
  match?: { messageId: string; role: string; snippet: string };
};

export const FEEDBACK_OPTIONS = [
  ['', 'Any or none'],
  ['up', 'Thumbs up'],
  ['down', 'Thumbs down'],
  ['any', 'Rated'],
  ['none', 'Not rated'],
] as const;

const anchor = (id: string) => `#msg-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function ConversationResults(props: { hits: ConversationHit[]; next: string | null; query: string; searched: boolean }) {
  return (
    <div id="conversation-results">
      {!props.searched ? null : props.hits.length ? (
        <ul class="card list" role="list">
          {props.hits.map((h) => (
            <li class="log-row">
              <div class="log-main">
                <a class="row-link" href={`/app/sessions/${encodeURIComponent(h.id)}${h.match ? anchor(h.match.messageId) : ''}`}>
                  {h.title}
                </a>
                <span class="muted nowrap">
                  {h.agent} · <When ms={h.lastActivityAt} ago />
                </span>
              </div>
              {h.match && (
                <p class="log-text search-snippet">
                  <span class="sr-only">{h.match.role === 'user' ? 'Question' : 'Answer'}: </span>
                  {raw(h.match.snippet)}
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState icon="search" title="No conversations match" description="Search looks through the messages of the last 30 days." />
      )}
      {props.next && (
        <p class="pager">
          <a class="btn btn-secondary btn-sm" href={`/app/logs${props.query}&cursor=${encodeURIComponent(props.next)}#conversations`}>
            More conversations
          </a>
        </p>
      )}
    </div>
  );
}

export function ConversationSearch(props: { filters: ConversationQuery; agents: { id: string; name: string }[]; children: Child }) {
  const f = props.filters;
  return (
    <section aria-labelledby="conversations" class="stack">
      <h2 class="section-title" id="conversations">
        Conversations
      </h2>
      <form
        class="toolbar"
        method="get"
        action="/app/logs#conversations"
        hx-get="/app/logs/conversations"
        hx-trigger="submit, change"
        hx-target="#conversation-results"
        hx-swap="outerHTML"
        hx-sync="this:replace"
        role="search"
        aria-label="Search conversations"
      >
        <label class="toolbar-field">
          <span>Search messages</span>
          <input class="input" type="search" name="q" value={f.q} maxlength={200} placeholder="Words in questions or answers" />
        </label>
        <label class="toolbar-field">
          <span>Agent</span>
          <select class="input" name="agent">
            <option value="">All agents</option>
            {props.agents.map((a) => (
              <option value={a.id} selected={f.agent === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label class="toolbar-field">
          <span>Feedback</span>
          <select class="input" name="feedback">
            {FEEDBACK_OPTIONS.map(([v, label]) => (
              <option value={v} selected={f.feedback === v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button class="btn btn-secondary" type="submit">
          Search
        </button>
      </form>
      {props.children}
    </section>
  );
}
