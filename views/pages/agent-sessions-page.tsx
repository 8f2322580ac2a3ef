// GET /app/agents/:id/sessions: the agent's conversations with filters (dates, status, test-panel drafts); the
// results refresh every 10 s and the filters update them in place with the URL pushed (back/forward work).
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { EmptyState } from '../components/ui/empty-state';
import { raw } from 'hono/html';
import { fmtCount } from '../lib/format';
import { StatusBadge } from '../components/ui/status-badge';
import { When } from '../components/ui/when';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type SessionLine = {
  id: string;
  title: string;
  createdAt: number;
  lastActivityAt: number;
  messages: number;
  turns: number;
  tokens: number;
  errors: number;
  status: string;
  draft: boolean;
  via: string | null;
  /** With a search: the best-matching message and its snippet (HTML-escaped, matches in <mark>). */
  match?: { messageId: string; role: string; snippet: string };
};
export type SessionFilters = { from: string; to: string; status: string; tests: boolean; q: string; feedback: string };

export function SessionResults(props: { agentId: string; sessions: SessionLine[]; next: string | null; query: string }) {
  const url = `/app/agents/${encodeURIComponent(props.agentId)}/sessions`;
  return (
    <div id="session-results" hx-get={`${url}${props.query}`} hx-trigger="every 10s" hx-swap="outerHTML">
      {props.sessions.length ? (
        <div class="table-wrap card">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Conversation</th>
                <th scope="col">Status</th>
                <th scope="col" class="num hide-sm">
                  Messages
                </th>
                <th scope="col" class="num hide-sm">
                  Tokens
                </th>
                <th scope="col" class="hide-sm">
                  Last activity
                </th>
              </tr>
            </thead>
            <tbody>
              {props.sessions.map((s) => (
                <tr>
                  <th scope="row" class="agent-cell">
                    <a
                      class="row-link"
                      href={`/app/sessions/${encodeURIComponent(s.id)}${s.match ? `#msg-${s.match.messageId.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''}`}
                    >
                      {s.title}
                    </a>
                    {s.match && (
                      <span class="cell-sub search-snippet">
                        <span class="sr-only">{s.match.role === 'user' ? 'Question' : 'Answer'}: </span>
                        {raw(s.match.snippet)}
                      </span>
                    )}
                    <span class="cell-sub">
                      Started <When ms={s.createdAt} />
                      {s.draft && ' · test panel'}
                      {s.via && ` · via ${s.via}`}
                    </span>
                  </th>
                  <td>
                    {s.errors || s.status === 'error' ? (
                      <StatusBadge tone="error" label={`${s.errors || 1} error${s.errors > 1 ? 's' : ''}`} />
                    ) : (
                      <StatusBadge tone="ok" label="OK" />
                    )}
                  </td>
                  <td class="num hide-sm">{fmtCount(s.messages)}</td>
                  <td class="num hide-sm">{fmtCount(s.tokens)}</td>
                  <td class="nowrap muted hide-sm">
                    <When ms={s.lastActivityAt} ago />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState
          icon="chat"
          title="No conversations match"
          description="Conversations appear here as people chat with the agent through the app, the API or the widget."
          action={
            <a class="btn btn-secondary" href={`/app/agents/${encodeURIComponent(props.agentId)}/chat`}>
              Start a conversation
            </a>
          }
        />
      )}
      {props.next && (
        <p class="pager">
          <a class="btn btn-secondary btn-sm" href={`${url}${props.query}${props.query ? '&' : '?'}cursor=${encodeURIComponent(props.next)}`}>
            Older conversations
          </a>
        </p>
      )}
    </div>
  );
}

export function AgentSessionsPage(props: {
  base: LayoutBase;
  agent: AgentHead;
  filters: SessionFilters;
  results: { sessions: SessionLine[]; next: string | null; query: string };
}) {
  const f = props.filters;
  const url = `/app/agents/${encodeURIComponent(props.agent.id)}/sessions`;
  return (
    <AppLayout title={`${props.agent.name} · Conversations`} {...props.base} active="agents" wide>
      <AgentHeader agent={props.agent} active="sessions" />
      <form
        class="toolbar"
        method="get"
        action={url}
        hx-get={url}
        hx-trigger="submit, change"
        hx-target="#session-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-sync="this:replace"
        aria-label="Filter conversations"
      >
        <label class="toolbar-field">
          <span>Search messages</span>
          <input class="input" type="search" name="q" value={f.q} maxlength={200} placeholder="Words in questions or answers" />
        </label>
        <label class="toolbar-field">
          <span>Feedback</span>
          <select class="input" name="feedback">
            {[
              ['', 'Any or none'],
              ['up', 'Thumbs up'],
              ['down', 'Thumbs down'],
              ['any', 'Rated'],
              ['none', 'Not rated'],
            ].map(([v, label]) => (
              <option value={v} selected={f.feedback === v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="toolbar-field">
          <span>From</span>
          <input class="input" type="date" name="from" value={f.from} />
        </label>
        <label class="toolbar-field">
          <span>To</span>
          <input class="input" type="date" name="to" value={f.to} />
        </label>
        <label class="toolbar-field">
          <span>Status</span>
          <select class="input" name="status">
            <option value="">Any</option>
            <option value="ok" selected={f.status === 'ok'}>
              OK
            </option>
            <option value="error" selected={f.status === 'error'}>
              With errors
            </option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="tests" value="1" checked={f.tests} />
          <span>Include test-panel conversations</span>
        </label>
        <noscript>
          <button class="btn btn-secondary" type="submit">
            Apply
          </button>
        </noscript>
      </form>
      <SessionResults agentId={props.agent.id} {...props.results} />
    </AppLayout>
  );
}
