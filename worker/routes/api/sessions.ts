// Sessions API: conversations, their messages (JSON or SSE), re-attaching to a stream, trace, cancel. Turns go through
// the turn service (services/turns.ts) straight to the session's Durable Object: no D1 query beyond authentication.
import { usageTag } from '../../lib/usage-tag';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { jsonBody, validate } from '../../lib/validate';
import { messageBody } from '../../lib/message-body';
import { readChatFile } from '../../services/chat-files';
import { downloadChatFile } from '../../services/chat-file-download';
import { feedbackInput } from '../../schemas/analytics';
import { sessionListQuery } from '../../schemas/sessions';
import { searchSessions } from '../../services/conversation-search';
import { type FeedbackTarget, clearRating, rateAnswer, withFeedback } from '../../services/feedback';
import { pageParams, toPage } from '../../db/page';
import { isId } from '../../db/ids';
import { requireAuth } from '../../middleware/auth';
import { getChatSession, listChatSessions, sessionJson } from '../../services/chat-sessions';
import { assertCan, permit } from '../../services/permissions';
import { MAX_MESSAGE_CHARS, SSE_HEADERS } from '../../services/turn-policy';
import {
  type TurnTarget,
  answerTurn,
  attachTurn,
  cancelTurn,
  conversationMessages,
  conversationTrace,
  deleteConversation,
  streamTurn,
} from '../../services/turns';

export const sendMessageSchema = z.strictObject({
  content: z
    .string()
    .trim()
    .min(1, 'Write a message')
    .max(MAX_MESSAGE_CHARS, `Keep a message under ${MAX_MESSAGE_CHARS.toLocaleString('en-US')} characters`),
  stream: z.boolean().optional(),
});

const feedbackTarget = (c: Context<AppEnv>): FeedbackTarget => ({
  env: c.env,
  db: c.var.db,
  sessionId: c.req.param('id') ?? '',
  messageId: c.req.param('message_id') ?? '',
  viewer: c.var.db.viewer,
});

const target = (c: Context<AppEnv>): TurnTarget => ({ env: c.env, tenantId: c.var.auth.tenantId, sessionId: c.req.param('id') ?? '', viewer: c.var.db.viewer });

export const sessionRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', permit('sessions:read'), async (c) => {
    const page = pageParams(c.req.query());
    const { agent_id: agentId, q, feedback } = validate(sessionListQuery, c.req.query());
    if (agentId !== undefined && !isId('agent', agentId))
      throw new AppError('validation_failed', 'Invalid agent_id', [{ path: 'agent_id', message: 'is not an agent id' }]);
    if (q?.trim()) {
      const found = await searchSessions(c.var.db, page, { q, agentId, feedback });
      return c.json({ data: found.rows.map((r) => ({ ...sessionJson(r.session), match: r.match })), next_cursor: found.next });
    }
    return c.json(toPage(await listChatSessions(c.var.db, page, agentId, { feedback }), page.limit, (s) => s.id, sessionJson));
  })
  .get('/:id', permit('sessions:read'), async (c) => {
    return c.json(sessionJson(await getChatSession(c.var.db, c.req.param('id'))));
  })
  .delete('/:id', permit('sessions:write'), async (c) => {
    await deleteConversation(c.env, c.var.db, c.req.param('id'), actorOf(c));
    return c.body(null, 204);
  })
  .get('/:id/messages', permit('sessions:read'), async (c) => {
    const messages = await conversationMessages(target(c));
    return c.json({ data: await withFeedback(c.var.db, c.req.param('id'), messages), next_cursor: null });
  })
  .post('/:id/messages/:message_id/feedback', permit('sessions:write'), async (c) => {
    const input = await jsonBody(c, feedbackInput);
    const actor = actorOf(c);
    // A browser (session cookie) rating through the API is the app's; a key's is the API's.
    const source = c.var.auth.kind === 'api_key' ? 'api' : 'app';
    await rateAnswer(feedbackTarget(c), input, { source, actorType: actor.type, actorId: actor.id });
    return c.body(null, 204);
  })
  .delete('/:id/messages/:message_id/feedback', permit('sessions:write'), async (c) => {
    await clearRating(feedbackTarget(c));
    return c.body(null, 204);
  })
  // The original of a file attached to a message (its chip's `id`), as an attachment that never runs in our origin.
  .get('/:id/files/:file_id', permit('sessions:read'), async (c) => {
    const file = await downloadChatFile(target(c), c.req.param('file_id'));
    return c.body(file.body, 200, file.headers);
  })
  .get('/:id/trace', permit('sessions:read'), async (c) => {
    return c.json({ data: await conversationTrace(target(c)) });
  })
  .get('/:id/stream', permit('sessions:read'), async (c) => {
    const lastEventId = c.req.header('last-event-id') ?? c.req.query('last_event_id') ?? null;
    const stream = await attachTurn(target(c), lastEventId?.trim() || null);
    return stream ? c.body(stream, 200, SSE_HEADERS) : c.body(null, 204);
  })
  .post('/:id/cancel', permit('sessions:write'), async (c) => {
    return c.json({ cancelled: await cancelTurn(target(c)) });
  })
  .post('/:id/messages', permit('sessions:write'), async (c) => {
    // JSON, or multipart/form-data with a `file` (files in chat, services/chat-files.ts).
    const { input, file } = await messageBody(c, sendMessageSchema);
    const attached = file ? { file: await readChatFile(target(c), file) } : {};
    const wantsStream = input.stream ?? (c.req.header('accept') ?? '').includes('text/event-stream');
    if (wantsStream)
      return c.body(
        await streamTurn(target(c), input.content, { statusBeforeFirstToken: true, tag: usageTag(c.var.auth, 'api'), ...attached }),
        200,
        SSE_HEADERS,
      );
    const o = await answerTurn(target(c), input.content, { tag: usageTag(c.var.auth, 'api'), ...attached });
    return c.json({ message: o.message, usage: o.usage, steps: o.steps, status: o.status });
  });
