// GET /app/billing (owners): the plan and its status, the period and renewal or cancellation date, usage against each
// limit as bars (unlimited said so), the plans with Upgrade (→ Stripe Checkout) or Manage billing (→ the Customer
// Portal), and the invoices. Plain forms: works without JavaScript. Everything shown is escaped by JSX.
import { Alert } from '../components/ui/alert';
import { Csrf } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { StatusBadge } from '../components/ui/status-badge';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import { LIMIT_LABELS, PLANS, PLAN_IDS, type LimitKey, type Limits, type PlanId } from '../../worker/billing/plans';
import type { BillingAnswer, InvoiceJson } from '../../worker/schemas/billing';
import { chatFileCap } from '../../worker/knowledge/chat-file-settings';

export type BillingPageState = { notice?: string | null; error?: string | null };
export type BillingPageProps = {
  base: LayoutBase;
  overview: BillingAnswer;
  /** Plans with a price configured (others cannot be bought here). */
  sold: PlanId[];
  hasCustomer: boolean;
  /** Each plan's limits on this installation (the operator's PLAN_LIMITS over the defaults); default: the code's. */
  planLimits?: Record<PlanId, Limits>;
  /** null: Stripe could not be asked (the page still shows the rest). */
  invoices: InvoiceJson[] | null;
  state?: BillingPageState;
};

/** Fixed notice codes after a redirect (nothing from the URL is shown). */
const NOTICES: Record<string, { tone: 'success' | 'info'; text: string }> = {
  success: { tone: 'success', text: 'Thank you! The payment went through; your new plan shows here as soon as Stripe confirms it (a few seconds).' },
  canceled: { tone: 'info', text: 'Checkout was canceled: nothing was charged.' },
};

const USAGE_KEYS: (keyof BillingAnswer['limits'] & LimitKey)[] = ['messages', 'tokens', 'workflow_runs', 'code_tool_minutes', 'agents', 'seats', 'embed_keys'];
const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const num = (n: number) => n.toLocaleString('en-US');
const numText = num;
const MB = 1024 * 1024;
/** Stored bytes as people read them: MB below a gigabyte, GB above. */
const size = (n: number) => (n >= 1024 * MB ? `${(n / 1024 / MB).toFixed(n % (1024 * MB) ? 1 : 0)} GB` : `${num(Math.round((n / MB) * 10) / 10)} MB`);
/** The knowledge rows of the usage section: what is stored now (not counted per period). */
const KNOWLEDGE_ROWS = [
  { k: 'knowledge_bases', label: 'Knowledge bases', show: num },
  { k: 'knowledge_documents', label: 'Knowledge documents', show: num },
  { k: 'knowledge_bytes', label: 'Knowledge storage', show: size },
] as const;
const money = (cents: number, currency: string) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: /^[a-z]{3}$/i.test(currency) ? currency.toUpperCase() : 'USD' });
/** Only web links from Stripe become hrefs. */
const safeUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null);

function statusBadge(o: BillingAnswer) {
  if (o.grace_until) return <StatusBadge tone="warn" label="Payment failed" />;
  switch (o.status) {
    case 'active':
      return <StatusBadge tone={o.cancel_at_period_end ? 'warn' : 'ok'} label={o.cancel_at_period_end ? 'Cancels at period end' : 'Active'} />;
    case 'trialing':
      return <StatusBadge tone="ok" label="Trial" />;
    case 'none':
      return <StatusBadge tone="neutral" label="No subscription" />;
    case 'past_due':
      return <StatusBadge tone="error" label="Past due" />;
    default:
      return <StatusBadge tone="neutral" label={o.status.replace(/_/g, ' ')} />;
  }
}

function UsageRow(props: { k: LimitKey; used: number; limit: number | null; label?: string; show?: (n: number) => string }) {
  const { used, limit } = props;
  const num = props.show ?? numText;
  // The section says "this period": each row names only what it counts (short enough to keep its figures beside it).
  const label = props.label ?? LIMIT_LABELS[props.k].replace(/ this period$/, '');
  const pct = limit === null ? 0 : limit === 0 ? (used > 0 ? 100 : 0) : (used / limit) * 100;
  const tone = limit === null ? 'ok' : pct >= 100 ? 'spent' : pct >= 80 ? 'warn' : 'ok';
  return (
    <li class="billing-usage-row">
      <div class="billing-usage-head">
        <span class="billing-usage-label">{label}</span>
        <span class="billing-usage-figures">{limit === null ? `${num(used)} · Unlimited` : `${num(used)} of ${num(limit)}`}</span>
      </div>
      {limit === null ? (
        <p class="billing-unlimited">Unlimited on this plan</p>
      ) : (
        <svg
          class={`budget-bar budget-bar-${tone}`}
          viewBox="0 0 100 10"
          preserveAspectRatio="none"
          role="img"
          aria-label={`${label}: ${Math.floor(pct)} % of the limit used`}
        >
          <rect class="budget-bar-track" x="0" y="0" width="100" height="10" rx="2" />
          <rect class="budget-bar-fill" x="0" y="0" width={Math.min(100, Math.max(0, pct)).toFixed(2)} height="10" rx="2" />
        </svg>
      )}
    </li>
  );
}

function PlanCard(props: {
  id: PlanId;
  limits: Limits;
  current: PlanId;
  sold: boolean;
  canBuy: boolean;
  hasCustomer: boolean;
  csrf: string;
  enabled: boolean;
}) {
  const plan = PLANS[props.id];
  const isCurrent = props.id === props.current;
  const l = props.limits;
  const lim = (n: number | null, what: string) => (n === null ? `Unlimited ${what}` : `${num(n)} ${what}`);
  return (
    <li class={isCurrent ? 'card billing-plan billing-plan-current' : 'card billing-plan'}>
      <div class="billing-plan-head">
        <h3 class="billing-plan-name">{plan.name}</h3>
        {isCurrent && <StatusBadge tone="ok" label="Current plan" />}
      </div>
      <p class="billing-plan-price">
        <strong>${plan.monthlyUsd}</strong> <span class="muted">/ month</span>
      </p>
      <p class="muted billing-plan-summary">{plan.summary}</p>
      <ul class="billing-plan-limits">
        <li>{lim(l.messages, 'messages a month')}</li>
        <li>{lim(l.agents, 'agents')}</li>
        <li>{lim(l.seats, 'seats')}</li>
        <li>{lim(l.workflow_runs, 'workflow runs a month')}</li>
        <li>{lim(l.code_tool_minutes, 'code-tool minutes a month')}</li>
        <li>
          {lim(l.knowledge_documents, 'knowledge documents')}, {l.knowledge_bytes === null ? 'unlimited storage' : `${size(l.knowledge_bytes)} stored`}
        </li>
        <li>Files in chat up to {size(chatFileCap(l))}</li>
        {plan.overage.messages && <li>Messages beyond the allowance billed per use</li>}
      </ul>
      <div class="billing-plan-action">
        {isCurrent ? null : props.sold && props.canBuy ? (
          <form method="post" action="/app/billing/checkout">
            <Csrf token={props.csrf} />
            <input type="hidden" name="plan" value={props.id} />
            <button class="btn btn-primary btn-block" type="submit">
              Upgrade to {plan.name}
            </button>
          </form>
        ) : props.enabled && props.hasCustomer && !props.canBuy ? (
          <form method="post" action="/app/billing/portal">
            <Csrf token={props.csrf} />
            <button class="btn btn-secondary btn-block" type="submit">
              {props.id === 'free' ? 'Cancel in Manage billing' : `Switch in Manage billing`}
            </button>
          </form>
        ) : null}
      </div>
    </li>
  );
}

export function BillingPage(props: BillingPageProps) {
  const { base, overview: o } = props;
  const notice = props.state?.notice ? NOTICES[props.state.notice] : undefined;
  const paid = o.plan !== 'free';
  // One subscription at a time: a new Checkout only when there is none (or it ended); else Manage billing.
  const canBuy = o.billing_enabled && ['none', 'canceled', 'incomplete_expired'].includes(o.status);
  return (
    <AppLayout title="Billing" {...base} active="settings">
      <link rel="stylesheet" href="/assets/budgets.css" />
      <link rel="stylesheet" href="/assets/billing.css" />
      <PageHeader
        eyebrow="Settings"
        title="Billing"
        description="Your plan, this period’s usage against its limits, and invoices. Payments are handled by Stripe."
        actions={
          o.billing_enabled && props.hasCustomer ? (
            <form method="post" action="/app/billing/portal">
              <Csrf token={base.csrfToken} />
              <button class="btn btn-secondary" type="submit">
                <Icon name="settings" />
                Manage billing
              </button>
            </form>
          ) : undefined
        }
      />
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      {props.state?.error && (
        <Alert tone="error" title="That did not work">
          {props.state.error}
        </Alert>
      )}
      {!o.billing_enabled && (
        <Alert tone="info" title="Billing is not configured">
          This Edgent installation has no Stripe account configured, so there is nothing to buy: every organization has the Free plan’s limits (as the operator
          set them).
        </Alert>
      )}
      <section class="card billing-summary" aria-labelledby="plan-title">
        <div class="billing-summary-head">
          <h2 class="section-title" id="plan-title">
            {PLANS[o.plan].name} plan
          </h2>
          {statusBadge(o)}
        </div>
        <dl class="billing-facts">
          <div>
            <dt>This period</dt>
            <dd>
              {day(o.current_period_start)} – {day(o.current_period_end)}
            </dd>
          </div>
          <div>
            <dt>{paid ? (o.cancel_at_period_end ? 'Ends on' : 'Renews on') : 'Usage resets on'}</dt>
            <dd>{day(o.current_period_end)}</dd>
          </div>
          {o.grace_until && (
            <div>
              <dt>Plan kept until</dt>
              <dd>{day(o.grace_until)}</dd>
            </div>
          )}
        </dl>
        {o.grace_until && (
          <p class="billing-warning">
            The last payment failed. Update your payment method in <strong>Manage billing</strong> before {day(o.grace_until)}; after that the Free plan’s
            limits apply until it is paid (nothing is deleted).
          </p>
        )}
        {o.status === 'past_due' && !o.grace_until && !paid && (
          <p class="billing-warning">The last payment failed and the grace period is over: the Free plan’s limits apply until the invoice is paid.</p>
        )}
      </section>

      <section class="card billing-usage" aria-labelledby="usage-title">
        <h2 class="section-title" id="usage-title">
          Usage this period
        </h2>
        <ul class="billing-usage-list" role="list">
          {USAGE_KEYS.map((k) => (
            <UsageRow k={k} used={o.usage[k]} limit={o.limits[k]} />
          ))}
          {KNOWLEDGE_ROWS.map((r) => (
            <UsageRow k={r.k} label={r.label} show={r.show} used={o.knowledge.usage[r.k]} limit={o.knowledge.limits[r.k]} />
          ))}
        </ul>
        <p class="muted billing-file-caps">
          Largest file in chat: {size(o.chat_file_bytes)} · largest knowledge file: {size(o.knowledge.limits.knowledge_file_bytes)}
        </p>
      </section>

      <section aria-labelledby="plans-title" class="billing-plans-section">
        <h2 class="section-title" id="plans-title">
          Plans
        </h2>
        <ul class="billing-plans" role="list">
          {PLAN_IDS.map((id) => (
            <PlanCard
              id={id}
              limits={props.planLimits?.[id] ?? PLANS[id].limits}
              current={o.plan}
              sold={props.sold.includes(id)}
              canBuy={canBuy}
              hasCustomer={props.hasCustomer}
              csrf={base.csrfToken}
              enabled={o.billing_enabled}
            />
          ))}
        </ul>
      </section>

      <p class="muted">
        Selling paid listings on the marketplace? Payouts and earnings are on <a href="/app/earnings">Earnings</a>.
      </p>
      {o.billing_enabled && (
        <section class="card billing-invoices" aria-labelledby="invoices-title">
          <h2 class="section-title" id="invoices-title">
            Invoices
          </h2>
          {props.invoices === null ? (
            <p class="muted">Stripe could not be reached just now, so invoices are not shown. Try again in a moment.</p>
          ) : props.invoices.length === 0 ? (
            <p class="muted">No invoices yet.</p>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Invoice</th>
                    <th scope="col">Period</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span class="sr-only">Links</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {props.invoices.map((i) => {
                    const view = safeUrl(i.hosted_invoice_url);
                    const pdf = safeUrl(i.invoice_pdf);
                    return (
                      <tr>
                        <td data-label="Invoice">{i.number ?? i.id}</td>
                        <td data-label="Period">{i.period_start && i.period_end ? `${day(i.period_start)} – ${day(i.period_end)}` : day(i.created)}</td>
                        <td class="billing-amount" data-label="Amount">
                          {money(i.status === 'paid' ? i.amount_paid : i.amount_due, i.currency)}
                        </td>
                        <td data-label="Status">
                          <StatusBadge
                            tone={i.status === 'paid' ? 'ok' : i.status === 'open' ? 'warn' : 'neutral'}
                            label={i.status === 'open' ? 'Unpaid' : (i.status ?? 'unknown')}
                          />
                        </td>
                        <td class="billing-links">
                          {view && (
                            <a href={view} rel="noopener noreferrer">
                              View
                            </a>
                          )}
                          {pdf && (
                            <a href={pdf} rel="noopener noreferrer">
                              PDF
                            </a>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </AppLayout>
  );
}
