// The plan-quota notice on every app page, for owners and admins, while a monthly limit of the plan is at 80 % or more
// (red once a hard limit is reached), linking to the billing page. Dismissible for the browser session with JavaScript
// (views/static/assets/banners.js, shared with the budget banner); without it, it simply stays. Styled like the budget banner.
import type { QuotaBannerInfo } from '../../../worker/services/quota';
import { Icon } from '../ui/icon';

export function QuotaBanner(props: { info?: QuotaBannerInfo | null }) {
  const info = props.info;
  if (!info) return null;
  return (
    <>
      <link rel="stylesheet" href="/assets/budgets.css" />
      <div class={`budget-banner budget-banner-${info.level}`} role="status" data-quota-banner={info.key} data-dismiss-key={`edgent.quota-banner.${info.key}`}>
        <Icon name="alert" size={16} />
        <p>
          {info.text} <a href="/app/billing">Upgrade or see usage</a>
        </p>
        <button type="button" class="budget-banner-close" aria-label="Dismiss for this session" hidden>
          ×
        </button>
      </div>
      <script src="/assets/banners.js" defer></script>
    </>
  );
}
