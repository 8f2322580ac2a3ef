// A tiny inline SVG trend line (the dashboard cards: the last 7 days), with its figures spoken as its label.
export function Sparkline(props: { values: number[]; label: string; tone?: 'error' }) {
  const v = props.values;
  if (v.length < 2) return null;
  const w = 120;
  const h = 28;
  const max = Math.max(...v, 0);
  const px = (i: number) => Math.round(((i * (w - 2)) / (v.length - 1) + 1) * 10) / 10;
  const py = (n: number) => Math.round((h - 2 - (max > 0 ? (n / max) * (h - 4) : 0)) * 10) / 10;
  const line = v.map((n, i) => `${i ? 'L' : 'M'}${px(i)} ${py(n)}`).join('');
  return (
    <svg
      class={props.tone ? `sparkline sparkline-${props.tone}` : 'sparkline'}
      viewBox={`0 0 ${w} ${h}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={props.label}
    >
      <path class="area" d={`${line}L${px(v.length - 1)} ${h}L${px(0)} ${h}Z`} />
      <path d={line} />
    </svg>
  );
}
