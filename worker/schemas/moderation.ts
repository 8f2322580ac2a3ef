// Operator moderation of marketplace listings (issue 18 §4): /operator/v1/listings/:id/remove|restore and the reports queue.
import { z } from 'zod';

export const removeListingInput = z.object({ reason: z.string().trim().min(1).max(500) });
export const resolveReportInput = z.object({ resolution: z.string().trim().min(1).max(500) });
export const moderatedListingJson = z.object({
  id: z.string(),
  slug: z.string(),
  status: z.enum(['published', 'removed']),
  removed_reason: z.string().nullable(),
});
export const reportReceivedJson = z.object({ id: z.string(), status: z.literal('received') });
