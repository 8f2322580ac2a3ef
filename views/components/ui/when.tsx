// A timestamp as <time>: "May 2, 15:40" (UTC) or "5 min ago", with the exact ISO time in the tooltip.
import { fmtAgo, fmtWhen } from '../../lib/format';

export function When(props: { ms: number; ago?: boolean }) {
  const iso = new Date(props.ms).toISOString();
  return (
    <time datetime={iso} title={`${iso.slice(0, 19).replace('T', ' ')} UTC`}>
      {props.ago ? fmtAgo(props.ms) : fmtWhen(props.ms)}
    </time>
  );
}
