// Axis arithmetic and value formats for the server-rendered charts: "nice" value ticks, time ticks that fit the
// width, and the number formats of each unit (counts, tokens, USD with sensible decimals, milliseconds, percent).

export type ChartUnit = 'count' | 'usd' | 'ms' | 'pct';
export type Interval = 'hour' | 'day';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');
const monthDay = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const hourMin = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** A step of 1, 2, 2.5 or 5 × 10^k at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * mag;
}

/** Value ticks from 0 to a nice maximum covering `max` (about `count` steps); counts never get fractional ticks. */
export function valueTicks(max: number, unit: ChartUnit, count = 4): number[] {
  if (unit === 'pct') return [0, 0.25, 0.5, 0.75, 1];
  if (!(max > 0)) return unit === 'usd' ? [0, 0.01] : [0, 1];
  let step = niceStep(max / count);
  if (unit === 'count' && step < 1) step = 1;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 1e-9 || ticks.length < 2; i++) ticks.push(round(i * step));
  if (ticks[ticks.length - 1]! < max) ticks.push(round(ticks.length * step));
  return ticks;
}

const round = (n: number) => Number(n.toPrecision(12));

/** Decimals a USD amount needs to be read at this magnitude: $1,234 · $12.50 · $0.042 · $0.0031. */
export function usdDecimals(max: number): number {
  const m = Math.abs(max);
  if (m >= 100) return 0;
  if (m >= 0.1) return 2;
  if (m >= 0.01) return 3;
  if (m === 0) return 2;
  return Math.min(6, -Math.floor(Math.log10(m)) + 1);
}

export function fmtUsd(n: number, decimals = usdDecimals(n)): string {
  return `$${n.toLocaleString('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
}

/** A duration for an axis or a table: "850 ms", "1.5 s", "12 s". */
export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? round1(s) : Math.round(s)} s`;
}
const round1 = (n: number) => (Math.round(n * 10) / 10).toString();

/** A value in its unit; `scale` is the largest value shown beside it (for the USD decimals). */
export function fmtValue(n: number | null, unit: ChartUnit, scale = n ?? 0): string {
  if (n === null || Number.isNaN(n)) return '—';
  if (unit === 'usd') return fmtUsd(n, usdDecimals(scale));
  if (unit === 'ms') return fmtDuration(n);
  if (unit === 'pct') return `${Math.round(n * 1000) / 10}%`;
  return Math.abs(n) < 10_000 ? whole.format(round(n)) : compact.format(n);
}

/** A bucket's name in tables and tooltips: "Nov 30" for days, "Nov 30, 14:00" for hours (UTC). */
export function fmtBucket(ms: number, interval: Interval): string {
  const d = new Date(ms);
  return interval === 'day' ? monthDay.format(d) : `${monthDay.format(d)}, ${hourMin.format(d)}`;
}

/** A short axis label: days "Nov 30"; hours "14:00", or the date where a day starts. */
export function axisLabel(ms: number, interval: Interval): string {
  const d = new Date(ms);
  if (interval === 'day' || ms % DAY === 0) return monthDay.format(d);
  return hourMin.format(d);
}

/**
 * Which bucket indexes get an x-axis label: at most `max`, evenly spaced on round steps (every 1, 2, 3, 6, 12 h
 * or 1, 2, 7, 14, 30 days), aligned so hour labels fall on round hours and the first day labels start the range.
 */
export function timeTicks(buckets: number[], interval: Interval, max = 6): number[] {
  if (buckets.length === 0) return [];
  const steps = interval === 'hour' ? [1, 2, 3, 6, 12, 24, 48, 72, 168] : [1, 2, 7, 14, 30, 60, 90];
  const step = steps.find((s) => Math.ceil(buckets.length / s) <= max) ?? Math.ceil(buckets.length / max);
  const unit = interval === 'hour' ? HOUR : DAY;
  const out: number[] = [];
  buckets.forEach((b, i) => {
    const n = Math.round(b / unit);
    if (interval === 'hour' ? n % step === 0 : i % step === 0) out.push(i);
  });
  return out.length ? out : [0];
}
