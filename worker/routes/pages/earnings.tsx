// The creator's earnings page and Connect onboarding (issue 18 §5, mkt-paid); mounted at /app before appPages, so
// each route carries its own middleware (never `.use`). Owners (billing:read / billing:write); others get the
// friendly 403 page. The form posts here and is redirected to Stripe's hosted onboarding (no JavaScript needed).
import { Hono, type Context } from 'hono';
import { EarningsPage, type EarningsPageState } from '../../../views/pages/earnings-page';
import { billingEnabled } from '../../billing/plans';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { requirePageSession } from '../../middleware/auth';
import { CONTENT_SECURITY_POLICY } from '../../middleware/security-headers';
import { connectState, earnings, startConnect } from '../../services/creator-payouts';
import { permit } from '../../services/permissions';
import { layoutBase } from './support/page-helpers';

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/** The form's redirect goes to Stripe's hosted onboarding: this page's CSP allows it (as the billing page does). */
function stripeFormCsp(c: Context<AppEnv>): string {
  let hosts = 'https://connect.stripe.com';
  try {
    if (c.env.STRIPE_API_BASE) hosts = new URL(c.env.STRIPE_API_BASE).origin;
  } catch {
    /* a malformed base: Stripe's own host */
  }
  return CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${hosts}`);
}

async function page(c: Context<AppEnv>, state: EarningsPageState = {}, status: 200 | 409 | 502 = 200) {
  const [base, connect, e] = await Promise.all([layoutBase(c), connectState(c.env, c.var.db), earnings(c.var.db)]);
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', stripeFormCsp(c));
  c.header('X-Frame-Options', 'DENY');
  const q = c.req.query('connect');
  const notice = q === 'return' || q === 'refresh' ? q : null;
  return c.html(<EarningsPage base={base} connect={connect} earnings={e} billingEnabled={billingEnabled(c.env)} state={{ notice, ...state }} />, status);
}

export const earningsPages = new Hono<AppEnv>()
  .get('/earnings', requirePageSession(), permit('billing:read'), (c) => page(c))
  .post('/earnings/connect', requirePageSession(), permit('billing:write'), async (c) => {
    try {
      const { url } = await startConnect(c.env, c.var.db, { origin: origin(c) });
      return c.redirect(url, 303);
    } catch (e) {
      if (!(e instanceof AppError) || ![409, 502].includes(e.status)) throw e;
      return page(c, { error: e.message }, e.status as 409 | 502);
    }
  });
