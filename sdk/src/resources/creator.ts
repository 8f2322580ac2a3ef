// Selling paid listings (issue 18 §5): Stripe Connect onboarding and earnings. Owners only (an API key made by an
// owner, with the `*` scope). Amounts in cents.
import type { Transport } from '../client.js';
import type { BillingRedirect, CreatorConnect, CreatorEarnings } from '../types.js';

export class Creator {
  constructor(private readonly t: Transport) {}

  /**
   * Payouts: with no argument, the Stripe Connect onboarding state (`status`: none, pending, active, restricted);
   * `{start: true}` creates the account (once) and answers an onboarding `url` on Stripe to send the person to.
   */
  connect(): Promise<CreatorConnect>;
  connect(options: { start: true }): Promise<BillingRedirect>;
  connect(options?: { start?: boolean }): Promise<CreatorConnect | BillingRedirect> {
    if (options?.start) return this.t.json('POST', '/api/v1/creator/connect', { body: {} });
    return this.t.json('GET', '/api/v1/creator/connect');
  }
  /** Earnings from paid listings: totals (gross, fee, net), this month, per listing, the latest payments. */
  earnings(): Promise<CreatorEarnings> {
    return this.t.json('GET', '/api/v1/creator/earnings');
  }
}
