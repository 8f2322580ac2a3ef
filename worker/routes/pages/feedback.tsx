// Thumbs on answers from the pages (chat page, builder test panel): POST /app/sessions/:id/messages/:message_id/feedback
// with `rating` up, down or clear (and an optional `comment`). htmx gets the thumbs block back; a plain form post
// goes back to the conversation.
import { Hono } from 'hono';
import { AnswerFeedback } from '../../../views/components/chat/answer-feedback';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { feedbackInput } from '../../schemas/analytics';
import { getChatSession, isDraftSession } from '../../services/chat-sessions';
import { checkAnswer, clearRating, rateAnswer } from '../../services/feedback';
import { permit } from '../../services/permissions';

export const feedbackPages = new Hono<AppEnv>().post('/sessions/:id/messages/:message_id/feedback', permit('sessions:write'), async (c) => {
  const sessionId = c.req.param('id');
  const messageId = c.req.param('message_id');
  const t = { env: c.env, db: c.var.db, sessionId, messageId, viewer: c.var.db.viewer };
  const body = await c.req.parseBody();
  const rating = typeof body.rating === 'string' ? body.rating : '';
  const comment = typeof body.comment === 'string' ? body.comment : undefined;
  let feedback: { rating: 'up' | 'down'; comment: string | null } | null = null;
  if (rating === 'clear') await clearRating(t);
  else if (rating === 'up' || rating === 'down') {
    const input = validate(feedbackInput, { rating, comment });
    const actor = actorOf(c);
    await rateAnswer(t, input, { source: 'app', actorType: actor.type, actorId: actor.id });
    feedback = { rating, comment: input.comment?.trim() || null };
  } else {
    // Whose answer it is first: another tenant's or a hidden one is 404 whatever the form says.
    await checkAnswer(t);
    throw new AppError('validation_failed', 'Choose a rating', [{ path: 'rating', message: 'must be up, down or clear' }]);
  }
  if (c.req.header('hx-request') === 'true') {
    const csrf = c.var.auth.kind === 'session' ? c.var.auth.csrfToken : '';
    return c.html(<AnswerFeedback sessionId={sessionId} messageId={messageId} csrfToken={csrf} feedback={feedback} saved={!!feedback} />);
  }
  const session = await getChatSession(c.var.db, sessionId);
  const back = isDraftSession(session) ? `/app/agents/${session.agentId}` : `/app/agents/${session.agentId}/chat?session=${session.id}#msg-${messageId}`;
  return c.redirect(back, 303);
});
