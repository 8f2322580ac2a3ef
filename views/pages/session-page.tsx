// GET /app/sessions/:id: one conversation: the transcript beside its trace timeline (each model and tool call with
// durations, tokens and errors). While it changes, the live region refreshes every 5 s (204 when nothing is new).
import type { MessageJson } from '../../worker/llm/events';
import type { TurnTrace } from '../../worker/services/monitoring';
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { ChatTranscript } from '../components/chat/chat-message';
import { StatusBadge } from '../components/ui/status-badge';
import { TraceTimeline } from '../components/monitoring/trace-timeline';
import { When } from '../components/ui/when';
import { fmtCount } from '../lib/format';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type SessionView = {
  id: string;
  title: string;
  createdAt: number;
  lastActivityAt: number;
  version: number;
  draft: boolean;
  via: string | null;
  status: string;
};
export type SessionLive = {
  messages: MessageJson[];
  turns: TurnTrace[];
  totals: { turns: number; inputTokens: number; outputTokens: number; errors: number };
  version: string;
};

export function SessionLiveRegion(props: { sessionId: string; live: SessionLive }) {
  const { live } = props;
  const t = live.totals;
  return (
    <div
      class="session-live"
      id="session-live"
      hx-get={`/app/sessions/${encodeURIComponent(props.sessionId)}/live?v=${encodeURIComponent(live.version)}`}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
    >
      <dl class="session-stats">
        <div>
          <dt>Replies</dt>
          <dd>{fmtCount(t.turns)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {fmtCount(t.inputTokens)} in · {fmtCount(t.outputTokens)} out
          </dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd class={t.errors ? 'text-danger' : undefined}>{fmtCount(t.errors)}</dd>
        </div>
      </dl>
      <div class="session-grid">
        <section class="card session-transcript" aria-labelledby="transcript-title">
          <h2 class="section-title" id="transcript-title">
            Transcript
          </h2>
          <div class="chat-log">
            {live.messages.length ? <ChatTranscript messages={live.messages} sessionId={props.sessionId} /> : <p class="muted">No messages yet.</p>}
          </div>
        </section>
        <section class="card session-trace" aria-labelledby="trace-title">
          <h2 class="section-title" id="trace-title">
            Trace
          </h2>
          <TraceTimeline turns={live.turns} />
        </section>
      </div>
    </div>
  );
}

export function SessionPage(props: { base: LayoutBase; agent: AgentHead; session: SessionView; live: SessionLive }) {
  const s = props.session;
  const agentUrl = `/app/agents/${encodeURIComponent(props.agent.id)}`;
  return (
    <AppLayout title={`${s.title} · ${props.agent.name}`} {...props.base} active="agents" wide>
      <AgentHeader agent={props.agent} active="sessions" crumb={<a href={`${agentUrl}/sessions`}>Conversations</a>} />
      <div class="session-head">
        <h2 class="session-title">{s.title}</h2>
        <p class="session-meta">
          {s.status === 'error' ? <StatusBadge tone="error" label="Had errors" /> : <StatusBadge tone="ok" label="OK" />}
          <span>
            Started <When ms={s.createdAt} />
          </span>
          <span>
            Last activity <When ms={s.lastActivityAt} ago />
          </span>
          <span class="badge">{s.draft ? `Test of a draft (based on v${s.version})` : `Version ${s.version}`}</span>
          {s.via && <span class="badge">via {s.via}</span>}
          {!s.draft && <a href={`${agentUrl}/chat?session=${encodeURIComponent(s.id)}`}>Continue in chat</a>}
        </p>
      </div>
      <SessionLiveRegion sessionId={s.id} live={props.live} />
    </AppLayout>
  );
}
