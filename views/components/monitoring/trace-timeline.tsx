// A conversation's trace as a timeline: one block per turn, one row per model call or tool call with when it ran
// (an SVG bar: geometry attributes, so the strict CSP that forbids style attributes is kept), duration, tokens and
// errors. Tool rows open to show the arguments and the result.
import type { TraceStep } from '../../../durable-objects/session-store';
import type { TurnTrace } from '../../../worker/services/monitoring';
import { fmtCount, fmtMs } from '../../lib/format';
import { Icon } from '../ui/icon';
import { When } from '../ui/when';

const MAX_SHOWN = 4000;
const clip = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}\n… (${s.length - MAX_SHOWN} more characters)` : s);
const pretty = (s: string) => {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
};

function Bar(props: { start: number; duration: number; total: number; failed: boolean; kind: string }) {
  const total = Math.max(props.total, 1);
  const x = Math.min(100, (props.start / total) * 100);
  const w = Math.max(0.8, Math.min(100 - x, (props.duration / total) * 100));
  return (
    <svg class="trace-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="trace-bar-track" x="0" y="0" width="100" height="8" rx="1" />
      <rect class={`trace-bar-fill is-${props.failed ? 'error' : props.kind}`} x={x.toFixed(2)} y="0" width={w.toFixed(2)} height="8" rx="1" />
    </svg>
  );
}

function StepRow(props: { step: TraceStep; offset: number; total: number }) {
  const s = props.step;
  const bar = <Bar start={props.offset} duration={s.duration_ms} total={props.total} failed={!s.ok} kind={s.type} />;
  if (s.type === 'model') {
    return (
      <li class={s.ok ? 'trace-step' : 'trace-step is-failed'}>
        <div class="trace-step-head">
          <span class="trace-kind">
            <Icon name="spark" size={14} />
            <span class="sr-only">Model call</span>
          </span>
          <code class="trace-name">{s.model}</code>
          {bar}
          <span class="trace-dur">{fmtMs(s.duration_ms)}</span>
          <span class={s.ok ? 'chat-step-state is-ok' : 'chat-step-state is-error'}>{s.ok ? 'OK' : 'Failed'}</span>
        </div>
        <p class="trace-meta">
          {fmtCount(s.input_tokens)} in · {fmtCount(s.output_tokens)} out tokens · first token {fmtMs(s.ttft_ms)}
          {s.attempts > 1 && ` · ${s.attempts} attempts`}
          {s.finish_reason && ` · ${s.finish_reason}`}
        </p>
        {s.error && (
          <p class="trace-error">
            <Icon name="alert" size={14} />
            <code>{s.error.code}</code> {s.error.message}
          </p>
        )}
      </li>
    );
  }
  if (s.type === 'retrieval') return <RetrievalRow step={s} bar={bar} />;
  return (
    <li class={s.ok ? 'trace-step' : 'trace-step is-failed'}>
      <details class="trace-tool">
        <summary class="trace-step-head">
          <span class="trace-kind">
            <Icon name="tools" size={14} />
            <span class="sr-only">Tool call</span>
          </span>
          <code class="trace-name">{s.name}</code>
          {bar}
          <span class="trace-dur">{fmtMs(s.duration_ms)}</span>
          <span class={s.ok ? 'chat-step-state is-ok' : 'chat-step-state is-error'}>{s.ok ? 'Done' : 'Error'}</span>
        </summary>
        <div class="trace-tool-body">
          <p class="chat-step-label">Arguments</p>
          <pre class="chat-step-code">
            <code>{clip(pretty(s.arguments)) || '{}'}</code>
          </pre>
          <p class="chat-step-label">{s.ok ? 'Result' : 'Error'}</p>
          <pre class="chat-step-code">
            <code>{clip(pretty(s.output)) || '(empty)'}</code>
          </pre>
        </div>
      </details>
    </li>
  );
}

/** A knowledge retrieval: the query, the bases searched, and each passage returned with its fused score. */
function RetrievalRow(props: { step: Extract<TraceStep, { type: 'retrieval' }>; bar: unknown }) {
  const s = props.step;
  return (
    <li class="trace-step">
      <details class="trace-tool">
        <summary class="trace-step-head">
          <span class="trace-kind">
            <Icon name="search" size={14} />
            <span class="sr-only">Knowledge retrieval</span>
          </span>
          <code class="trace-name">retrieval</code>
          {props.bar}
          <span class="trace-dur">{fmtMs(s.duration_ms)}</span>
          <span class="chat-step-state is-ok">{s.passages.length} found</span>
        </summary>
        <div class="trace-tool-body">
          <p class="trace-meta">
            {s.mode === 'always' ? 'Before the turn' : 'search_knowledge'} · “{s.query}” · {s.knowledge_base_ids.join(', ')}
            {s.degraded && ` · keyword only: ${s.degraded}`}
          </p>
          <ol class="trace-passages">
            {s.passages.map((p) => (
              <li>
                [{p.n}] {p.title || p.document_id} · chunk {p.position} · score {p.score.toFixed(4)}
              </li>
            ))}
          </ol>
        </div>
      </details>
    </li>
  );
}

export function TraceTimeline(props: { turns: TurnTrace[] }) {
  if (!props.turns.length) return <p class="muted">No turns yet: the trace appears after the first reply.</p>;
  return (
    <ol class="trace" role="list">
      {props.turns.map((t, i) => {
        const start = Date.parse(t.startedAt);
        const offsets = t.steps.map((s) => Math.max(0, Date.parse(s.started_at) - start));
        const total = Math.max(t.durationMs, ...t.steps.map((s, j) => offsets[j]! + s.duration_ms));
        return (
          <li class="trace-turn" id={`turn-${t.turnId}`}>
            <div class="trace-turn-head">
              <p class="trace-turn-title">Turn {i + 1}</p>
              <p class="trace-meta">
                <When ms={start} /> · {fmtMs(t.durationMs)} · {fmtCount(t.tokens)} tokens · {t.steps.length} step{t.steps.length === 1 ? '' : 's'}
              </p>
              {t.error && <span class="badge badge-error">{t.error.code}</span>}
            </div>
            <ol class="trace-steps" role="list">
              {t.steps.map((s, j) => (
                <StepRow step={s} offset={offsets[j]!} total={total} />
              ))}
            </ol>
          </li>
        );
      })}
    </ol>
  );
}
