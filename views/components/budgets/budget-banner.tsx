// The budget notice on every app page while a budget of this month is at 80 % or more (red once spent), linking to
// the budgets page. Dismissible for the browser session with JavaScript (views/static/assets/banners.js, shared with the quota banner); without it, it simply stays.
import type { BudgetBannerInfo } from '../../../worker/services/budgets';
import { Icon } from '../ui/icon';

export function BudgetBanner(props: { info?: BudgetBannerInfo | null }) {
  const info = props.info;
  if (!info) return null;
  return (
    <>
      <link rel="stylesheet" href="/assets/budgets.css" />
      <div
        class={`budget-banner budget-banner-${info.level}`}
        role="status"
        data-budget-banner={info.key}
        data-dismiss-key={`edgent.budget-banner.${info.key}`}
      >
        <Icon name="alert" size={16} />
        <p>
          {info.text} <a href="/app/budgets">See budgets</a>
        </p>
        <button type="button" class="budget-banner-close" aria-label="Dismiss for this session" hidden>
          ×
        </button>
      </div>
      <script src="/assets/banners.js" defer></script>
    </>
  );
}
