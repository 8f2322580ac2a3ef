// Pieces of the Analytics pages: the range and grouping form (plain GET; htmx swaps the results and pushes the URL),
// the totals row, the chart grid (each chart with its table) and the problems of a bad query.
import type { GroupBy } from '../../../worker/schemas/analytics';
import {
  GROUP_LABELS,
  RANGE_LABELS,
  RANGES,
  rate,
  satisfaction,
  type AnalyticsParams,
  type ChartSpec,
  type ParamProblem,
  type Sums,
} from '../../../worker/services/analytics-view';
import { fmtValue, type Interval } from '../charts/chart-scale';
import { TimeChart, type ChartMark } from '../charts/time-chart';
import { Alert } from '../ui/alert';

export function RangeForm(props: {
  action: string;
  params: AnalyticsParams;
  days: { from: string; to: string };
  groups: readonly GroupBy[];
  problems: ParamProblem[];
}) {
  const p = props.params;
  const bad = (f: ParamProblem['field']) => props.problems.some((x) => x.field === f) || undefined;
  return (
    <form
      class="range-form"
      method="get"
      action={props.action}
      hx-get={props.action}
      hx-trigger="submit, change"
      hx-target="#analytics-body"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-sync="this:replace"
      aria-label="Range and grouping"
    >
      <label class="toolbar-field">
        <span>Range</span>
        <select class="input" id="analytics-range" name="range" aria-invalid={bad('range')}>
          {RANGES.map((r) => (
            <option value={r} selected={p.range === r}>
              {r === 'custom' ? 'Custom dates' : RANGE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      {p.range === 'custom' && (
        <div class="custom-range">
          <label class="toolbar-field">
            <span>From</span>
            <input class="input" id="analytics-from" type="date" name="from" value={p.from || props.days.from} required aria-invalid={bad('from')} />
          </label>
          <label class="toolbar-field">
            <span>To</span>
            <input class="input" id="analytics-to" type="date" name="to" value={p.to || props.days.to} required aria-invalid={bad('to')} />
          </label>
        </div>
      )}
      <label class="toolbar-field">
        <span>Group by</span>
        <select class="input" id="analytics-group" name="group" aria-invalid={bad('group')}>
          <option value="">None</option>
          {props.groups.map((g) => (
            <option value={g} selected={p.group === g}>
              {GROUP_LABELS[g]}
            </option>
          ))}
        </select>
      </label>
      <button class="btn btn-secondary" type="submit">
        Apply
      </button>
    </form>
  );
}

export function ParamProblems(props: { problems: ParamProblem[] }) {
  if (!props.problems.length) return null;
  return (
    <Alert tone="error" title="These figures cannot be shown for that query">
      <ul>
        {props.problems.map((p) => (
          <li>{p.message}</li>
        ))}
      </ul>
    </Alert>
  );
}

function Total(props: { label: string; value: string; detail?: string }) {
  return (
    <div class="card stat">
      <p class="stat-label">{props.label}</p>
      <p class="stat-value">{props.value}</p>
      {props.detail && <p class="stat-detail">{props.detail}</p>}
    </div>
  );
}

/** The range's headline figures. */
export function TotalsRow(props: { totals: Sums; label: string }) {
  const t = props.totals;
  const sat = satisfaction(t);
  const err = rate(t.errors, t.turns);
  return (
    <section class="stat-grid analytics-totals" aria-label={`Totals, ${props.label}`}>
      <Total label="Conversations" value={fmtValue(t.conversations, 'count')} detail={`${fmtValue(t.turns, 'count')} turns`} />
      <Total label="Tokens" value={fmtValue(t.input + t.output, 'count')} detail={`${fmtValue(t.input, 'count')} in · ${fmtValue(t.output, 'count')} out`} />
      <Total
        label="Cost"
        value={fmtValue(t.cost, 'usd')}
        detail={t.unpricedTurns ? `${fmtValue(t.unpricedTurns, 'count')} turns without a price` : 'All turns priced'}
      />
      <Total
        label="Errors · satisfaction"
        value={err === null ? '—' : fmtValue(err, 'pct')}
        detail={sat === null ? 'No feedback yet' : `${fmtValue(sat, 'pct')} thumbs up of ${fmtValue(t.up + t.down, 'count')}`}
      />
    </section>
  );
}

const NOTES = {
  no_price: (
    <>
      Some turns used a model without a price and count as $0. <a href="/app/analytics/prices">Set prices for your models</a>.
    </>
  ),
  percentiles: 'The keys beyond the top five are not drawn: percentiles do not add up across keys.',
};

export function ChartGrid(props: { charts: ChartSpec[]; buckets: number[]; interval: Interval; marks?: ChartMark[] }) {
  return (
    <div class="chart-grid-2">
      {props.charts.map((c) => (
        <TimeChart
          id={`chart-${c.id}`}
          title={c.title}
          kind={c.kind}
          unit={c.unit}
          stacked={c.stacked}
          totals={c.totals}
          interval={props.interval}
          buckets={props.buckets}
          series={c.series}
          empty={c.empty}
          note={c.note ? NOTES[c.note] : undefined}
          marks={props.marks}
        />
      ))}
    </div>
  );
}
