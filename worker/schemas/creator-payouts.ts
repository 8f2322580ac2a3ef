// Answers of /api/v1/creator/connect and /api/v1/creator/earnings (issue 18 §5). Amounts in cents.
import { z } from 'zod';

export const creatorConnectJson = z.object({
  status: z.enum(['none', 'pending', 'active', 'restricted']),
  /** whether a Stripe Connect account exists (its id is never answered) */
  account: z.boolean(),
  charges_enabled: z.boolean(),
  payouts_enabled: z.boolean(),
  details_submitted: z.boolean(),
  /** the platform's share of each payment, in percent */
  fee_percent: z.number(),
});

const money = { gross: z.number().int(), fee: z.number().int(), net: z.number().int(), payments: z.number().int() };

export const listingPaymentJson = z.object({
  id: z.string(),
  listing_id: z.string(),
  listing_title: z.string().nullable(),
  amount: z.number().int(),
  fee: z.number().int(),
  net: z.number().int(),
  currency: z.string(),
  paid_at: z.string(),
});

export const creatorEarningsJson = z.object({
  currency: z.string(),
  total_gross: z.number().int(),
  total_fee: z.number().int(),
  total_net: z.number().int(),
  payments_count: z.number().int(),
  this_month: z.object({ ...money, since: z.string() }),
  by_listing: z.array(z.object({ ...money, listing_id: z.string(), title: z.string().nullable(), slug: z.string().nullable(), subscribers: z.number().int() })),
  payments: z.array(listingPaymentJson),
});
