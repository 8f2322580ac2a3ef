// Thumbs from widget and share-link visitors: the visitor token already opened the conversation (routes/protocols),
// so the rating goes to its answers with the platform's view; a visitor may rate 30 times a minute per conversation.
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import type { FeedbackRating } from '../schemas/analytics';
import { rateLimited } from './embed-limits';
import { clearRating, rateAnswer, withFeedback } from './feedback';
import { hitConversationLimit } from './turns';

export const VISITOR_FEEDBACK_LIMIT = { max: 30, windowMs: 60_000 };

type VisitorTarget = { env: Bindings; tenantId: string; sessionId: string };

/** Rates (`input`) or clears (null) an answer of the visitor's conversation; 429 past the limit. */
export async function rateAsVisitor(
  t: VisitorTarget,
  messageId: string,
  input: { rating: FeedbackRating; comment?: string } | null,
  source: 'widget' | 'share_link',
): Promise<void> {
  const { max, windowMs } = VISITOR_FEEDBACK_LIMIT;
  const allowed = await hitConversationLimit(t, 'visitor-feedback', max, windowMs);
  if (!allowed.ok) throw rateLimited(allowed.retryAfterS, 'ratings');
  const target = { env: t.env, db: tenantDb(t.env, t.tenantId), sessionId: t.sessionId, messageId };
  if (input) await rateAnswer(target, input, { source, actorType: 'visitor', actorId: null });
  else await clearRating(target);
}

/** The visitor's history with each answer's rating (`feedback`: 'up' | 'down' | null), one D1 query. */
export async function visitorRatings<M extends { id: string; role: 'user' | 'assistant' | 'tool' }>(t: VisitorTarget, messages: M[]) {
  const rated = await withFeedback(tenantDb(t.env, t.tenantId), t.sessionId, messages);
  return rated.map(({ feedback, ...m }) => (m.role === 'assistant' ? { ...m, feedback: feedback?.rating ?? null } : m));
}
