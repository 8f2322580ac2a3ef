// Pieces of the dashboard: the live stats row (polled), the getting-started checklist and the agents table.
import type { Child } from 'hono/jsx';
import type { Sparks } from '../../../worker/services/analytics-pages';
import { fmtCount } from '../../lib/format';
import { Sparkline } from '../charts/sparkline';
import { Icon } from '../ui/icon';
import { AGENT_STATUS, StatusBadge } from '../ui/status-badge';
import { When } from '../ui/when';

export type DashboardStats = {
  agents: number;
  ready: number;
  conversationsToday: number;
  inputTokens: number;
  outputTokens: number;
  turns: number;
  errors: number;
};

/** A card; with `href` its label links to the Analytics page, with `spark` a 7-day sparkline sits under it. */
function Stat(props: { label: string; value: string; detail: Child; tone?: 'error'; href?: string; spark?: { values: number[]; label: string } }) {
  return (
    <div class={props.tone ? `card stat stat-${props.tone}` : 'card stat'}>
      <p class="stat-label">{props.href ? <a href={props.href}>{props.label}</a> : props.label}</p>
      <p class="stat-value">{props.value}</p>
      <p class="stat-detail">{props.detail}</p>
      {props.spark && (
        <a class="stat-link" href="/app/analytics" title="Last 7 days">
          <Sparkline values={props.spark.values} label={props.spark.label} tone={props.tone} />
        </a>
      )}
    </div>
  );
}

const sparkLabel = (what: string, values: number[]) => `${what}, last 7 days (oldest first): ${values.map((v) => fmtCount(v)).join(', ')}`;

/** Refreshes itself every 15 s (htmx polling; the fragment route answers the same markup). */
export function StatsRow(props: { stats: DashboardStats; sparks?: Sparks | null }) {
  const s = props.stats;
  const k = props.sparks;
  const a = k ? '/app/analytics?range=24h' : undefined;
  return (
    <section class="stat-grid" id="dashboard-stats" aria-label="Last 24 hours" hx-get="/app/stats" hx-trigger="every 15s" hx-swap="outerHTML">
      <Stat label="Agents" value={fmtCount(s.agents)} detail={`${s.ready} ready to chat`} />
      <Stat
        label="Conversations today"
        value={fmtCount(s.conversationsToday)}
        detail="Started since 00:00 UTC"
        href={a}
        spark={k ? { values: k.conversations, label: sparkLabel('Conversations per day', k.conversations) } : undefined}
      />
      <Stat
        label="Tokens · 24 h"
        value={fmtCount(s.inputTokens + s.outputTokens)}
        href={a}
        spark={k ? { values: k.tokens, label: sparkLabel('Tokens per day', k.tokens) } : undefined}
        detail={`${fmtCount(s.inputTokens)} in · ${fmtCount(s.outputTokens)} out · ${fmtCount(s.turns)} repl${s.turns === 1 ? 'y' : 'ies'}`}
      />
      <Stat
        label="Errors · 24 h"
        value={fmtCount(s.errors)}
        href={a}
        spark={k ? { values: k.errors, label: sparkLabel('Errors per day', k.errors) } : undefined}
        tone={s.errors ? 'error' : undefined}
        detail={s.errors ? <a href="/app/logs">See what failed</a> : 'No failed replies'}
      />
    </section>
  );
}

export type ChecklistStep = { title: string; text: string; href: string; cta: string; done: boolean };

export function Checklist(props: { steps: ChecklistStep[] }) {
  const done = props.steps.filter((s) => s.done).length;
  return (
    <section class="card checklist" aria-labelledby="getting-started">
      <div class="section-head">
        <h2 class="section-title" id="getting-started">
          Getting started
        </h2>
        <p class="muted">
          {done} of {props.steps.length} done · three steps to your first useful agent.
        </p>
      </div>
      <ol class="steps" role="list">
        {props.steps.map((step, i) => (
          <li class={step.done ? 'step is-done' : 'step'}>
            <span class="step-number" aria-hidden="true">
              {step.done ? <Icon name="check" size={14} /> : i + 1}
            </span>
            <div class="step-text">
              <h3 class="step-title">
                {step.title}
                <span class="sr-only">{step.done ? ' (done)' : ' (not done yet)'}</span>
              </h3>
              <p class="muted">{step.text}</p>
            </div>
            <a class={`btn ${step.done ? 'btn-ghost' : 'btn-secondary'} btn-sm step-cta`} href={step.href}>
              {step.cta}
              <span class="sr-only">: {step.title}</span>
              <Icon name="arrow" />
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}

export type AgentLine = {
  id: string;
  name: string;
  model: string;
  status: string;
  conversationsToday: number;
  tokens: number;
  errors: number;
  lastAt: number | null;
};

export function AgentOverviewTable(props: { agents: AgentLine[] }) {
  return (
    <div class="table-wrap card">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col" class="num hide-sm">
              Conversations today
            </th>
            <th scope="col" class="num hide-sm">
              Tokens · 24 h
            </th>
            <th scope="col" class="num hide-sm">
              Errors · 24 h
            </th>
            <th scope="col" class="hide-sm">
              Last reply
            </th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.agents.map((a) => {
            const st = AGENT_STATUS[a.status] ?? AGENT_STATUS.ready!;
            return (
              <tr>
                <th scope="row" class="agent-cell">
                  <a class="row-link" href={`/app/agents/${encodeURIComponent(a.id)}`}>
                    {a.name}
                  </a>
                  <code class="agent-cell-meta">{a.model}</code>
                </th>
                <td>
                  <StatusBadge tone={st.tone} label={st.label} title={st.title} />
                </td>
                <td class="num hide-sm">{fmtCount(a.conversationsToday)}</td>
                <td class="num hide-sm">{fmtCount(a.tokens)}</td>
                <td class={a.errors ? 'num hide-sm text-danger' : 'num hide-sm'}>{fmtCount(a.errors)}</td>
                <td class="nowrap muted hide-sm">{a.lastAt ? <When ms={a.lastAt} ago /> : 'Never'}</td>
                <td class="actions">
                  <a class="btn btn-secondary btn-sm" href={`/app/agents/${encodeURIComponent(a.id)}/chat`}>
                    <Icon name="chat" />
                    Chat<span class="sr-only"> with {a.name}</span>
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
