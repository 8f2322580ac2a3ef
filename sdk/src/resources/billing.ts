// Billing: the organization's plan, its period and usage against each limit, Stripe Checkout and the Customer Portal,
// and invoices. Owners only (an API key made by an owner, with the `*` scope).
import type { Transport } from '../client.js';
import type { BillingOverview, BillingRedirect, Invoice, PaidPlan } from '../types.js';

export class Billing {
  constructor(private readonly t: Transport) {}

  /** The plan that applies now, the period, usage against each limit (`null`: unlimited). */
  get(): Promise<BillingOverview> {
    return this.t.json('GET', '/api/v1/billing');
  }
  /** A Stripe Checkout page for a paid plan: send the person to `url`. 409 while a subscription exists (use `portal`). */
  checkout(plan: PaidPlan): Promise<BillingRedirect> {
    return this.t.json('POST', '/api/v1/billing/checkout', { body: { plan } });
  }
  /** The Stripe Customer Portal (change plan, payment method, cancel, invoices): send the person to `url`. */
  portal(): Promise<BillingRedirect> {
    return this.t.json('POST', '/api/v1/billing/portal', { body: {} });
  }
  /** The organization's invoices, newest first. */
  invoices(): Promise<{ data: Invoice[]; next_cursor: null }> {
    return this.t.json('GET', '/api/v1/billing/invoices');
  }
}
