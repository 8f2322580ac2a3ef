// Billing page (/app/billing, owners; others get the friendly 403 page): the plan, usage, plans and invoices, with
// plain forms that post here and are redirected to Stripe's hosted Checkout or Customer Portal (no JavaScript needed).
import { Hono, type Context } from 'hono';
import { BillingPage, type BillingPageState } from '../../../views/pages/billing-page';
import { PLAN_IDS, isPlanId, limitsOf, priceOf } from '../../billing/plans';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { billingAccountOf, billingOverview, listInvoices, openPortal, startCheckout } from '../../services/billing';
import { CONTENT_SECURITY_POLICY } from '../../middleware/security-headers';
import { permit } from '../../services/permissions';
import { formBody, layoutBase, text } from './support/page-helpers';

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/**
 * The page's forms post here and are redirected to Stripe's hosted pages; browsers apply `form-action` to that
 * redirect too, so this page's CSP also allows Stripe's Checkout and portal hosts (or STRIPE_API_BASE's origin).
 */
function stripeFormCsp(c: Context<AppEnv>): string {
  let hosts = 'https://checkout.stripe.com https://billing.stripe.com';
  try {
    if (c.env.STRIPE_API_BASE) hosts = new URL(c.env.STRIPE_API_BASE).origin;
  } catch {
    /* a malformed base: Stripe's own hosts */
  }
  return CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${hosts}`);
}

async function page(c: Context<AppEnv>, state: BillingPageState = {}, status: 200 | 400 | 409 | 502 = 200) {
  const [base, overview, account] = await Promise.all([layoutBase(c), billingOverview(c.env, c.var.db), billingAccountOf(c.var.db)]);
  const hasCustomer = !!account?.stripeCustomerId;
  const invoices = overview.billing_enabled && hasCustomer ? await listInvoices(c.env, c.var.db).catch(() => null) : [];
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', stripeFormCsp(c));
  c.header('X-Frame-Options', 'DENY');
  const notice = c.req.query('checkout');
  return c.html(
    <BillingPage
      base={base}
      overview={overview}
      sold={PLAN_IDS.filter((id) => !!priceOf(c.env, id))}
      hasCustomer={hasCustomer}
      planLimits={{ free: limitsOf(c.env, 'free'), pro: limitsOf(c.env, 'pro'), team: limitsOf(c.env, 'team') }}
      invoices={invoices}
      state={{ notice: notice === 'success' || notice === 'canceled' ? notice : null, ...state }}
    />,
    status,
  );
}

/** A refused action shown on the page (its status kept), anything else to the error handler. */
function refused(c: Context<AppEnv>, e: unknown) {
  if (!(e instanceof AppError) || ![400, 409, 502].includes(e.status)) throw e;
  return page(c, { error: e.message }, e.status as 400 | 409 | 502);
}

export const billingPages = new Hono<AppEnv>()
  .get('/billing', permit('billing:read'), (c) => page(c))
  .post('/billing/checkout', permit('billing:write'), async (c) => {
    const plan = text(await formBody(c), 'plan') ?? '';
    try {
      if (!isPlanId(plan)) throw new AppError('validation_failed', 'Choose a plan to upgrade to.', [{ path: 'plan', message: 'unknown plan' }]);
      const { url } = await startCheckout(c.env, c.var.db, plan, { tenantId: c.var.auth.tenantId, origin: origin(c) });
      return c.redirect(url, 303);
    } catch (e) {
      return refused(c, e);
    }
  })
  .post('/billing/portal', permit('billing:write'), async (c) => {
    try {
      const { url } = await openPortal(c.env, c.var.db, origin(c));
      return c.redirect(url, 303);
    } catch (e) {
      return refused(c, e);
    }
  });
