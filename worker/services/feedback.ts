/**
 * Feedback on answers (API.md "Analytics, cost and feedback"): thumbs up or down, one per answer, from the API, the
 * chat page, the test panel, the widget and share links. The answer is checked with its conversation's object (an
 * assistant message of that conversation, whose agent the caller may see); the rating and the rollup counts are
 * stored together by the feedback repo. Never on the chat path.
 */
import type { AgentViewer, FeedbackJson, RollupTarget, TenantDb } from '../db/tenant-db';
import { isId } from '../db/ids';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { MessageJson } from '../llm/events';
import type { FeedbackRating } from '../schemas/analytics';
import { isSessionId, sessionStub } from './session-stub';

/** Where a rating came from (message_feedback.source). */
export type FeedbackSource = 'api' | 'app' | 'widget' | 'share_link';
export type Rater = { source: FeedbackSource; actorType: string | null; actorId: string | null };
export type FeedbackTarget = { env: Bindings; db: TenantDb; sessionId: string; messageId: string; viewer?: AgentViewer };

const HOUR = 3_600_000;

/** The answer as its conversation's object knows it; 404 for no such conversation or message, 400 for a user's one. */
async function answerOf(t: FeedbackTarget) {
  if (!isSessionId(t.sessionId) || !isId('message', t.messageId)) throw notFound('Message');
  const ref = await sessionStub(t.env, t.db.tenantId, t.sessionId).messageRef(t.messageId, t.viewer);
  if (!ref) throw notFound('Message');
  if (ref.role !== 'assistant')
    throw new AppError('validation_failed', 'Only answers can be rated', [{ path: 'message_id', message: 'is not an assistant message' }]);
  return ref;
}

/** Rates an answer (a new rating replaces the old one). */
export async function rateAnswer(t: FeedbackTarget, input: { rating: FeedbackRating; comment?: string | null }, by: Rater): Promise<void> {
  const ref = await answerOf(t);
  // The answered turn's usage row names the rollup row to count in; until the EVENTS consumer has written it, the
  // rating counts in its own hour under the agent and version.
  const now = Date.now();
  const target: RollupTarget = (await t.db.feedback.turnTarget(ref.turnId)) ?? {
    bucket: now - (now % HOUR),
    agentId: ref.agentId,
    agentVersion: ref.agentVersion,
    model: '',
    apiKeyId: '',
    source: '',
    workflowId: '',
  };
  const comment = input.comment?.trim() || null;
  await t.db.feedback.rate({ messageId: t.messageId, sessionId: t.sessionId, turnId: ref.turnId, rating: input.rating, comment, ...by, target });
}

/** Removes an answer's rating, if any. */
export async function clearRating(t: FeedbackTarget): Promise<void> {
  await answerOf(t);
  await t.db.feedback.clear(t.messageId);
}

/** A conversation's messages with each answer's current rating (one D1 query for the whole list). */
export async function withFeedback<M extends Pick<MessageJson, 'id' | 'role'>>(
  db: TenantDb,
  sessionId: string,
  messages: M[],
): Promise<(M & { feedback?: FeedbackJson | null })[]> {
  if (!messages.some((m) => m.role === 'assistant')) return messages;
  const ratings = await db.feedback.ofSession(sessionId);
  return messages.map((m) => (m.role === 'assistant' ? { ...m, feedback: ratings.get(m.id) ?? null } : m));
}

/** The current rating of each rated answer of a conversation (pages drawing a transcript). */
export function answerRatings(db: TenantDb, sessionId: string): Promise<Map<string, FeedbackJson>> {
  return db.feedback.ofSession(sessionId);
}

/** 404 unless the message is an answer of the conversation the caller may see (forms check this before their input). */
export async function checkAnswer(t: FeedbackTarget): Promise<void> {
  await answerOf(t);
}
