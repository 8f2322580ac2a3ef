// Billing (API.md "Billing"): the organization's plan, its period, usage against each limit.
import { z } from 'zod';
import { LIMIT_KEYS, PLAN_IDS } from '../billing/plans';

const counts = z.object({
  messages: z.number().int(),
  tokens: z.number().int(),
  workflow_runs: z.number().int(),
  seats: z.number().int(),
  agents: z.number().int(),
  /** Beyond API.md's keys: live embed keys. */
  embed_keys: z.number().int(),
  /**
   * Wall time of code-tool runs this period in minutes (each run rounded up to the second; two decimals), counted by
   * the organization's usage meter.
   */
  code_tool_minutes: z.number(),
});
/** A limit of null is unlimited. */
const limits = z.object({
  messages: z.number().int().nullable(),
  tokens: z.number().int().nullable(),
  workflow_runs: z.number().int().nullable(),
  seats: z.number().int().nullable(),
  agents: z.number().int().nullable(),
  embed_keys: z.number().int().nullable(),
  code_tool_minutes: z.number().int().nullable(),
});

/** GET /api/v1/billing. */
export const billingAnswer = z.object({
  plan: z.enum(PLAN_IDS),
  /** `none` (never subscribed, or billing off), or the Stripe subscription's status: active, past_due, canceled, … */
  status: z.string(),
  /** When the period ends (ISO 8601): the subscription's, or the calendar month's on Free. */
  current_period_end: z.string(),
  usage: counts,
  limits,
  /** Beyond API.md's fields: whether billing is configured at all, the period's start, a cancellation at its end,
   * and, after a failed payment, until when the paid plan is kept. */
  billing_enabled: z.boolean(),
  current_period_start: z.string(),
  cancel_at_period_end: z.boolean(),
  grace_until: z.string().nullable(),
  /**
   * Knowledge bases (issue 19): what the organization holds and its plan's limits (null: unlimited). Bytes are of the
   * stored originals; `knowledge_file_bytes` is the largest file (or fetched page) one document may be.
   */
  /** Files in chat: the largest file one message may carry on this plan (the agent's own setting may be lower). */
  chat_file_bytes: z.number().int(),
  knowledge: z.object({
    usage: z.object({ knowledge_bases: z.number().int(), knowledge_documents: z.number().int(), knowledge_bytes: z.number().int() }),
    limits: z.object({
      knowledge_bases: z.number().int().nullable(),
      knowledge_documents: z.number().int().nullable(),
      knowledge_bytes: z.number().int().nullable(),
      knowledge_file_bytes: z.number().int(),
    }),
  }),
});
export type BillingAnswer = z.infer<typeof billingAnswer>;

/** PUT /operator/v1/tenants/:tenant_id/limits: an organization's own limits (null lifts one; `limits: null` clears). */
export const customLimitsInput = z.object({
  limits: z.partialRecord(z.enum(LIMIT_KEYS), z.number().int().min(0).nullable()).nullable(),
});

/** POST /api/v1/billing/checkout: the plan to buy (`free` is never sold). */
export const checkoutInput = z.object({ plan: z.enum(PLAN_IDS) });
/** POST /api/v1/billing/checkout and /portal: where to send the person (Stripe's hosted page). */
export const billingRedirect = z.object({ url: z.string() });

/** One invoice as GET /api/v1/billing/invoices lists it (amounts in the currency's smallest unit, as Stripe's). */
export const invoiceJson = z.object({
  id: z.string(),
  number: z.string().nullable(),
  /** Stripe's: draft, open, paid, uncollectible, void. */
  status: z.string().nullable(),
  currency: z.string(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  created: z.string(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  hosted_invoice_url: z.string().nullable(),
  invoice_pdf: z.string().nullable(),
});
export type InvoiceJson = z.infer<typeof invoiceJson>;
export const invoiceList = z.object({ data: z.array(invoiceJson), next_cursor: z.null() });
