// Performance monitoring on the Analytics pages: the slowest agents, the slowest and most-failing tools, error spikes
// (each linking to the Logs filtered to that agent and time) and the optimisation hints with their figures.
import type { ToolStat } from '../../../worker/services/analytics';
import type { Hint } from '../../../worker/services/analytics-hints';
import { logsPeriodFor, SPIKE, type ErrorSpike, type SlowAgent } from '../../../worker/services/analytics-view';
import { fmtBucket, fmtValue } from '../charts/chart-scale';

const agentTab = (id: string) => `/app/agents/${encodeURIComponent(id)}/analytics`;

function Empty(props: { text: string }) {
  return <p class="muted">{props.text}</p>;
}

export function SlowAgentsTable(props: { agents: SlowAgent[]; query: string }) {
  if (!props.agents.length) return <Empty text="No agent had enough timed turns in this range." />;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col" class="num">
              Turns
            </th>
            <th scope="col" class="num">
              p95
            </th>
            <th scope="col" class="num">
              <abbr title="p95 time to first token">TTFT</abbr>
            </th>
            <th scope="col" class="num">
              Errors
            </th>
          </tr>
        </thead>
        <tbody>
          {props.agents.map((a) => (
            <tr>
              <th scope="row">
                <a href={`${agentTab(a.key)}${props.query}`}>{a.label}</a>
              </th>
              <td class="num">{fmtValue(a.turns, 'count')}</td>
              <td class="num">{fmtValue(a.p95, 'ms')}</td>
              <td class="num">{fmtValue(a.ttft95, 'ms')}</td>
              <td class="num">{fmtValue(a.errorRate, 'pct')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ToolTable(props: { tools: ToolStat[]; mode: 'slow' | 'failing'; agentName?: (id: string) => string | undefined }) {
  if (!props.tools.length) return <Empty text={props.mode === 'slow' ? 'No tool calls in this range.' : 'No tool call failed in this range.'} />;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col" class="num">
              Calls
            </th>
            {props.mode === 'slow' ? (
              <>
                <th scope="col" class="num">
                  p50
                </th>
                <th scope="col" class="num">
                  p95
                </th>
              </>
            ) : (
              <>
                <th scope="col" class="num">
                  Failed
                </th>
                <th scope="col" class="num">
                  Rate
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {props.tools.map((t) => {
            const agent = t.agent_id ? props.agentName?.(t.agent_id) : undefined;
            return (
              <tr>
                <th scope="row">
                  <code>{t.tool_name}</code>
                  {agent && <span class="muted"> · {agent}</span>}
                </th>
                <td class="num">{fmtValue(t.calls, 'count')}</td>
                {props.mode === 'slow' ? (
                  <>
                    <td class="num">{fmtValue(t.latency_ms.p50, 'ms')}</td>
                    <td class="num">{fmtValue(t.latency_ms.p95, 'ms')}</td>
                  </>
                ) : (
                  <>
                    <td class="num">{fmtValue(t.errors, 'count')}</td>
                    <td class="num">{fmtValue(t.calls ? t.errors / t.calls : null, 'pct')}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function SpikesList(props: { spikes: ErrorSpike[]; window: { from: number; to: number }; now: number }) {
  return (
    <>
      <p class="muted">
        Hours of {fmtBucket(props.window.from, 'day')} to {fmtBucket(props.window.to - 1, 'day')} in which an agent failed at least {SPIKE.factor}× its usual
        rate and {SPIKE.jump * 100} points above it (at least {SPIKE.minErrors} errors in {SPIKE.minTurns}+ turns).
      </p>
      {props.spikes.length ? (
        <ul class="card list" role="list">
          {props.spikes.map((s) => (
            <li class="list-row">
              <code class="badge badge-error">{fmtValue(s.rate, 'pct')}</code>
              <span class="list-main">
                {s.label}{' '}
                <span class="muted">
                  · {fmtBucket(s.at, 'hour')} UTC · {s.errors} of {s.turns} turns failed, usually {fmtValue(s.baseline, 'pct')}
                </span>
              </span>
              <a class="link-quiet" href={`/app/logs?period=${logsPeriodFor(s.at, props.now)}&agent=${encodeURIComponent(s.agentId)}`}>
                Logs<span class="sr-only"> of {s.label} around that hour</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty text="No error spikes." />
      )}
    </>
  );
}

export function HintList(props: { hints: Hint[] }) {
  if (!props.hints.length)
    return (
      <Empty text="No hints: there is not enough data yet, or nothing stands out. Hints need enough turns, ratings or tool calls before they say anything." />
    );
  return (
    <ul class="hint-list" role="list">
      {props.hints.map((h) => (
        <li class="card hint" data-hint={h.kind}>
          <p class="hint-title">{h.title}</p>
          <ul class="hint-figures">
            {h.figures.map((f) => (
              <li>{f}</li>
            ))}
          </ul>
          <a class="btn btn-secondary btn-sm" href={h.href}>
            {h.action}
          </a>
        </li>
      ))}
    </ul>
  );
}
