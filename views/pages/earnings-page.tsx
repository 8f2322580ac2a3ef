// GET /app/earnings (owners): selling paid listings — the Stripe Connect payouts state with its button (plain form →
// Stripe's hosted onboarding), totals (gross, the platform's fee, net; all time and this month), earnings per listing
// and the latest payments. No JavaScript needed; everything a creator wrote (listing titles) is escaped by JSX.
import { Alert } from '../components/ui/alert';
import { Csrf } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { StatusBadge } from '../components/ui/status-badge';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { ConnectJson, EarningsJson } from '../../worker/services/creator-payouts';

export type EarningsPageState = { notice?: 'return' | 'refresh' | null; error?: string | null };
export type EarningsPageProps = { base: LayoutBase; connect: ConnectJson; earnings: EarningsJson; billingEnabled: boolean; state?: EarningsPageState };

const money = (cents: number, currency: string) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: /^[a-z]{3}$/i.test(currency) ? currency.toUpperCase() : 'USD' });
const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

function ConnectBadge(props: { status: ConnectJson['status'] }) {
  switch (props.status) {
    case 'active':
      return <StatusBadge tone="ok" label="Payouts active" />;
    case 'pending':
      return <StatusBadge tone="warn" label="Onboarding not finished" />;
    case 'restricted':
      return <StatusBadge tone="error" label="Restricted" />;
    default:
      return <StatusBadge tone="neutral" label="Not set up" />;
  }
}

const CONNECT_TEXT: Record<ConnectJson['status'], string> = {
  none: 'To sell paid listings, connect a Stripe account: Stripe pays your share of each subscription out to your bank.',
  pending: 'Your Stripe account is created but onboarding is not finished. Continue where you left off.',
  active: 'Your Stripe account accepts payments and pays out. Subscribers’ payments are transferred to it automatically.',
  restricted: 'Stripe needs more information before payouts can go on. Open Stripe to provide it.',
};

function Figure(props: { label: string; value: string; hint?: string }) {
  return (
    <div class="earnings-figure">
      <dt>{props.label}</dt>
      <dd>
        <strong>{props.value}</strong>
        {props.hint && <span class="muted"> {props.hint}</span>}
      </dd>
    </div>
  );
}

export function EarningsPage(props: EarningsPageProps) {
  const { base, connect: k, earnings: e } = props;
  const cur = e.currency;
  return (
    <AppLayout title="Earnings" {...base} active="earnings">
      <link rel="stylesheet" href="/assets/billing.css" />
      <link rel="stylesheet" href="/assets/earnings.css" />
      <PageHeader
        eyebrow="Marketplace"
        title="Earnings"
        description={`Payouts for your paid listings. Stripe collects each subscription; the platform keeps ${k.fee_percent} % and transfers the rest to your account.`}
      />
      {props.state?.notice === 'return' && (
        <Alert tone={k.status === 'active' ? 'success' : 'info'}>
          {k.status === 'active'
            ? 'Your Stripe account is connected: you can publish paid listings.'
            : 'Back from Stripe. The status below updates as soon as Stripe confirms it.'}
        </Alert>
      )}
      {props.state?.notice === 'refresh' && <Alert tone="info">The Stripe link expired; start again below.</Alert>}
      {props.state?.error && (
        <Alert tone="error" title="That did not work">
          {props.state.error}
        </Alert>
      )}
      {!props.billingEnabled && (
        <Alert tone="info" title="Payments are not configured">
          This Edgent installation has no Stripe account configured, so listings can only be free.
        </Alert>
      )}

      <section class="card earnings-connect" aria-labelledby="connect-title">
        <div class="billing-summary-head">
          <h2 class="section-title" id="connect-title">
            Payouts
          </h2>
          <ConnectBadge status={k.status} />
        </div>
        <p class="muted earnings-connect-text">{CONNECT_TEXT[k.status]}</p>
        {props.billingEnabled && (
          <form method="post" action="/app/earnings/connect">
            <Csrf token={base.csrfToken} />
            <button class={k.status === 'active' ? 'btn btn-secondary' : 'btn btn-primary'} type="submit">
              <Icon name="arrow" />
              {k.status === 'none' ? 'Set up payouts with Stripe' : k.status === 'active' ? 'Update payout details' : 'Continue on Stripe'}
            </button>
          </form>
        )}
      </section>

      <section class="card earnings-totals" aria-labelledby="totals-title">
        <h2 class="section-title" id="totals-title">
          Totals
        </h2>
        <dl class="earnings-figures">
          <Figure label="Net earned" value={money(e.total_net, cur)} hint={`from ${e.payments_count} payment${e.payments_count === 1 ? '' : 's'}`} />
          <Figure label="Gross" value={money(e.total_gross, cur)} />
          <Figure label="Platform fee" value={money(e.total_fee, cur)} />
          <Figure label="Net this month" value={money(e.this_month.net, cur)} hint={`since ${day(e.this_month.since)}`} />
        </dl>
      </section>

      <section class="card earnings-listings" aria-labelledby="listings-title">
        <h2 class="section-title" id="listings-title">
          By listing
        </h2>
        {e.by_listing.length === 0 ? (
          <p class="muted">No payments yet. Paid listings show here after their first subscriber pays.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Listing</th>
                  <th scope="col" class="earnings-optional">
                    Subscribers
                  </th>
                  <th scope="col" class="num">
                    Gross
                  </th>
                  <th scope="col" class="num earnings-optional">
                    Fee
                  </th>
                  <th scope="col" class="num">
                    Net
                  </th>
                </tr>
              </thead>
              <tbody>
                {e.by_listing.map((l) => (
                  <tr>
                    <td>{l.slug ? <a href={`/marketplace/${encodeURIComponent(l.slug)}`}>{l.title ?? l.listing_id}</a> : (l.title ?? l.listing_id)}</td>
                    <td class="earnings-optional">{l.subscribers}</td>
                    <td class="num">{money(l.gross, cur)}</td>
                    <td class="num earnings-optional">{money(l.fee, cur)}</td>
                    <td class="num">
                      <strong>{money(l.net, cur)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card earnings-payments" aria-labelledby="payments-title">
        <h2 class="section-title" id="payments-title">
          Recent payments
        </h2>
        {e.payments.length === 0 ? (
          <p class="muted">No payments yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Listing</th>
                  <th scope="col" class="num earnings-optional">
                    Amount
                  </th>
                  <th scope="col" class="num earnings-optional">
                    Fee
                  </th>
                  <th scope="col" class="num">
                    Net
                  </th>
                </tr>
              </thead>
              <tbody>
                {e.payments.map((p) => (
                  <tr>
                    <td class="earnings-date">{day(p.paid_at)}</td>
                    <td>{p.listing_title ?? p.listing_id}</td>
                    <td class="num earnings-optional">{money(p.amount, p.currency)}</td>
                    <td class="num earnings-optional">{money(p.fee, p.currency)}</td>
                    <td class="num">{money(p.net, p.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AppLayout>
  );
}
