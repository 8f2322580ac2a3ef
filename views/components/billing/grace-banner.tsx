// The payment notice on every app page an owner sees while the organization's subscription is past due: the paid
// plan is kept until the grace date, then the Free plan's limits apply (nothing is deleted). Links to the Billing page.
import type { GraceBannerInfo } from '../../../worker/services/billing';
import { Icon } from '../ui/icon';

const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

export function GraceBanner(props: { info?: GraceBannerInfo | null }) {
  const info = props.info;
  if (!info) return null;
  return (
    <>
      <link rel="stylesheet" href="/assets/budgets.css" />
      <div class={`budget-banner ${info.lapsed ? 'budget-banner-spent' : 'budget-banner-warn'} billing-banner`} role="status" data-billing-banner="">
        <Icon name="alert" size={16} />
        <p>
          {info.lapsed
            ? `The last payment failed and the grace period ended on ${day(info.until)}: the Free plan’s limits apply until it is paid. Nothing was deleted.`
            : `The last payment failed. Your ${info.planName} plan stays until ${day(info.until)} (UTC); then the Free plan’s limits apply.`}{' '}
          <a href="/app/billing">Update payment details</a>
        </p>
      </div>
    </>
  );
}
