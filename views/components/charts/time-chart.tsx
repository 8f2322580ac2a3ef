// A server-rendered SVG time chart (bars, stacked bars or lines, several series), with readable axes, a legend, an
// optional mark per version change, a spoken summary (role="img" + <title>/<desc>) and the same figures as a table
// under it (charts.js reads that table for its hover tooltip). Colours are CSS classes over CSS variables
// (charts.css), so dark mode follows the app's.
import type { Child } from 'hono/jsx';
import { axisLabel, fmtBucket, fmtValue, timeTicks, valueTicks, type ChartUnit, type Interval } from './chart-scale';

export type ChartSeries = {
  name: string;
  /** One value per bucket; null = nothing to measure (a rate with no turns): a gap in a line, "—" in the table. */
  values: (number | null)[];
  /** The grey "Other" series (the keys beyond the top ones). */
  other?: boolean;
};
/** A moment to mark on the chart (a new agent version). */
export type ChartMark = { at: number; label: string };

export type TimeChartProps = {
  id: string;
  title: string;
  kind: 'bars' | 'lines';
  unit: ChartUnit;
  interval: Interval;
  buckets: number[];
  series: ChartSeries[];
  /** Bars only: series stack (a grouped count); otherwise they stand side by side. */
  stacked?: boolean;
  marks?: ChartMark[];
  /** Under the title (e.g. "No price" for cost). */
  note?: Child;
  /** The empty state's words when no series has a value above zero. */
  empty?: string;
  /** Adds a "Total" row to the table (counts and money). */
  totals?: boolean;
};

export const W = 480;
export const H = 200;
const M = { left: 54, right: 10, top: 12, bottom: 24 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const n2 = (n: number) => Math.round(n * 10) / 10;
/** The class of series i: s0…s5 take the palette, "Other" is grey. */
const cls = (s: ChartSeries, i: number) => (s.other ? 'so' : `s${i % 6}`);

function summary(p: TimeChartProps, max: number, scale: number): string {
  const first = p.buckets[0]!;
  const last = p.buckets[p.buckets.length - 1]!;
  const span = `${fmtBucket(first, p.interval)} to ${fmtBucket(last, p.interval)} (UTC)`;
  const parts = p.series.map((s) => {
    const vals = s.values.filter((v): v is number => v !== null);
    if (!vals.length) return `${s.name}: no data`;
    if (p.totals)
      return `${s.name}: total ${fmtValue(
        vals.reduce((a, b) => a + b, 0),
        p.unit,
        scale,
      )}`;
    return `${s.name}: from ${fmtValue(Math.min(...vals), p.unit, scale)} to ${fmtValue(Math.max(...vals), p.unit, scale)}`;
  });
  return `${p.title}, per ${p.interval}, ${span}. ${parts.join('; ')}. Peak ${fmtValue(max, p.unit, scale)}.`;
}

/** The largest value drawn: the highest stack for stacked bars, else the highest single value. */
function maxOf(p: TimeChartProps): number {
  let max = 0;
  p.buckets.forEach((_, i) => {
    const vals = p.series.map((s) => s.values[i] ?? 0);
    max = Math.max(max, p.kind === 'bars' && p.stacked ? vals.reduce((a, b) => a + b, 0) : Math.max(0, ...vals));
  });
  return max;
}

export function TimeChart(p: TimeChartProps) {
  const max = maxOf(p);
  // Bars need a value above zero; a line has data wherever it has a value (a 0% error rate is a finding).
  const hasData = p.buckets.length > 0 && p.series.some((s) => s.values.some((v) => v !== null && (p.kind === 'lines' || v > 0)));
  const ticks = valueTicks(max, p.unit);
  const top = ticks[ticks.length - 1]!;
  const scale = p.unit === 'usd' ? top : max;
  const n = p.buckets.length;
  const slot = n ? PW / n : PW;
  const x = (i: number) => M.left + slot * i + slot / 2;
  const y = (v: number) => M.top + PH - (top > 0 ? (v / top) * PH : 0);
  const titleId = `${p.id}-title`;
  const descId = `${p.id}-desc`;

  return (
    <figure class="card chart" id={p.id} aria-labelledby={`${p.id}-h`}>
      <figcaption class="chart-head">
        <h3 class="chart-title" id={`${p.id}-h`}>
          {p.title}
        </h3>
        {p.note && <p class="chart-note">{p.note}</p>}
      </figcaption>
      {hasData ? (
        <>
          <svg
            class={`chart-svg chart-${p.kind}`}
            viewBox={`0 0 ${W} ${H}`}
            role="img"
            aria-labelledby={`${titleId} ${descId}`}
            data-x0={M.left}
            data-pw={PW}
            data-n={n}
          >
            <title id={titleId}>{p.title}</title>
            <desc id={descId}>{summary(p, max, scale)}</desc>
            <g class="chart-grid" aria-hidden="true">
              {ticks.map((t) => (
                <>
                  <line x1={M.left} x2={W - M.right} y1={n2(y(t))} y2={n2(y(t))} />
                  <text class="chart-ylabel" x={M.left - 6} y={n2(y(t)) + 4} text-anchor="end">
                    {fmtValue(t, p.unit, scale)}
                  </text>
                </>
              ))}
              {timeTicks(p.buckets, p.interval).map((i) => (
                <text class="chart-xlabel" x={n2(Math.min(Math.max(x(i), M.left + 18), W - M.right - 18))} y={H - 6} text-anchor="middle">
                  {axisLabel(p.buckets[i]!, p.interval)}
                </text>
              ))}
            </g>
            <g class="chart-data" aria-hidden="true">
              {p.kind === 'bars' ? <Bars p={p} slot={slot} x={x} y={y} /> : <Lines p={p} x={x} y={y} />}
            </g>
            {p.marks?.length ? (
              <g class="chart-marks" aria-hidden="true">
                {p.marks.map((m) => {
                  const i = p.buckets.findIndex((b, k) => m.at >= b && (k === n - 1 || m.at < p.buckets[k + 1]!));
                  if (i < 0) return null;
                  const mx = n2(x(i) - slot / 2);
                  return (
                    <>
                      <line x1={mx} x2={mx} y1={M.top} y2={M.top + PH} />
                      <text x={mx + 3} y={M.top + 9}>
                        {m.label}
                      </text>
                    </>
                  );
                })}
              </g>
            ) : null}
            <rect class="chart-hit" x={M.left} y={M.top} width={PW} height={PH} />
          </svg>
          {p.series.length > 1 && (
            <ul class="chart-legend" role="list">
              {p.series.map((s, i) => (
                <li>
                  <span class={`swatch ${cls(s, i)}`} aria-hidden="true"></span>
                  {s.name}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p class="chart-empty">{p.empty ?? 'Nothing in this range yet.'}</p>
      )}
      {hasData && <ChartTable {...p} scale={scale} />}
    </figure>
  );
}

function Bars(props: { p: TimeChartProps; slot: number; x: (i: number) => number; y: (v: number) => number }) {
  const { p, slot, x, y } = props;
  const base = y(0);
  const side = !p.stacked && p.series.length > 1;
  const bw = Math.max(1, slot * 0.72);
  const each = side ? bw / p.series.length : bw;
  return (
    <>
      {p.series.map((s, si) => {
        const rects = s.values.map((v, i) => {
          if (!v || v <= 0) return null;
          const below = p.stacked ? p.series.slice(0, si).reduce((a, o) => a + (o.values[i] ?? 0), 0) : 0;
          const y1 = y(below + v);
          const y0 = y(below);
          const left = x(i) - bw / 2 + (side ? each * si : 0);
          return <rect x={n2(left)} y={n2(y1)} width={n2(Math.max(0.8, each - (side ? 0.5 : 0)))} height={n2(Math.max(0.8, y0 - y1))} />;
        });
        return <g class={`bar ${cls(s, si)}`}>{rects}</g>;
      })}
      <line class="chart-base" x1={M.left} x2={W - M.right} y1={n2(base)} y2={n2(base)} />
    </>
  );
}

function Lines(props: { p: TimeChartProps; x: (i: number) => number; y: (v: number) => number }) {
  const { p, x, y } = props;
  return (
    <>
      {p.series.map((s, si) => {
        const runs: [number, number][][] = [];
        let run: [number, number][] = [];
        s.values.forEach((v, i) => {
          if (v === null) {
            if (run.length) runs.push(run);
            run = [];
          } else run.push([n2(x(i)), n2(y(v))]);
        });
        if (run.length) runs.push(run);
        const d = runs.map((r) => r.map(([px, py], k) => `${k ? 'L' : 'M'}${px} ${py}`).join('')).join('');
        const area =
          p.series.length === 1
            ? runs.map((r) => `M${r[0]![0]} ${n2(y(0))}${r.map(([px, py]) => `L${px} ${py}`).join('')}L${r[r.length - 1]![0]} ${n2(y(0))}Z`).join('')
            : '';
        return (
          <g class={`line ${cls(s, si)}`}>
            {area && <path class="area" d={area} />}
            <path d={d} />
            {runs
              .filter((r) => r.length === 1)
              .map((r) => (
                <circle cx={r[0]![0]} cy={r[0]![1]} r="2.5" />
              ))}
          </g>
        );
      })}
    </>
  );
}

/** The accessible equivalent: every bucket × series, in a table that opens under the chart. */
function ChartTable(p: TimeChartProps & { scale: number }) {
  const total = (s: ChartSeries) => s.values.reduce<number>((a, v) => a + (v ?? 0), 0);
  return (
    <details class="chart-table">
      <summary>Table</summary>
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">
            {p.title} per {p.interval} (UTC)
          </caption>
          <thead>
            <tr>
              <th scope="col">{p.interval === 'day' ? 'Day' : 'Hour'}</th>
              {p.series.map((s) => (
                <th scope="col" class="num">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.buckets.map((b, i) => (
              <tr>
                <th scope="row">
                  <time datetime={new Date(b).toISOString()}>{fmtBucket(b, p.interval)}</time>
                </th>
                {p.series.map((s) => (
                  <td class="num">{fmtValue(s.values[i] ?? (p.kind === 'bars' ? 0 : null), p.unit, p.scale)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          {p.totals && (
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                {p.series.map((s) => (
                  <td class="num">{fmtValue(total(s), p.unit, p.scale)}</td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </details>
  );
}
