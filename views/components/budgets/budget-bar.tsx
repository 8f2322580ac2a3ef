// A budget's progress: spent / limit as a bar with marks at the alert thresholds (50, 80, 100 %). SVG attributes,
// not inline styles, so the strict CSP holds.
import { BUDGET_THRESHOLDS } from '../../../worker/schemas/analytics';

export function BudgetBar(props: { spent: number; limit: number; label: string }) {
  const pct = props.limit > 0 ? (props.spent / props.limit) * 100 : 0;
  const tone = pct >= 100 ? 'spent' : pct >= 80 ? 'warn' : 'ok';
  const width = Math.min(100, Math.max(0, pct));
  return (
    <svg
      class={`budget-bar budget-bar-${tone}`}
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${props.label}: ${Math.floor(pct)} % of the limit spent`}
    >
      <rect class="budget-bar-track" x="0" y="0" width="100" height="10" rx="2" />
      <rect class="budget-bar-fill" x="0" y="0" width={width.toFixed(2)} height="10" rx="2" />
      {BUDGET_THRESHOLDS.filter((t) => t < 100).map((t) => (
        <line class="budget-bar-mark" x1={String(t)} x2={String(t)} y1="0" y2="10" />
      ))}
    </svg>
  );
}
