// A share link's visitor API (/s/:token/api/…), the widget's visitor API in shape (routes/protocols/embed.ts), so the
// hosted page /s/:token runs the widget itself: no account, no cookie; each conversation is opened by a signed
// visitor token bound to this link (a rotated link's tokens open nothing). Same-origin only: the page is ours.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { accountsStore } from '../../db/accounts-store';
import type { AppEnv } from '../../env';
import { notFound } from '../../errors';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import { messageBody } from '../../lib/message-body';
import { readChatFile } from '../../services/chat-files';
import { downloadChatFile } from '../../services/chat-file-download';
import { offeredFiles } from '../../knowledge/chat-file-settings';
import type { WidgetConfigJson } from '../../schemas/embed';
import { visitorHistory, visitorStream, withRunningTurn } from '../../services/embed-chat';
import { EMBED_LIMITS, checkIpMessageLimit, countIpMessage, enforceSessionLimit, rateLimited } from '../../services/embed-limits';
import { type SharedAgent, sharedAgent, startSharedConversation } from '../../services/share-links';
import { SSE_HEADERS } from '../../services/turn-policy';
import { forVisitor } from '../../services/budget-check';
import { rateAsVisitor, visitorRatings } from '../../services/visitor-feedback';
import { feedbackInput } from '../../schemas/analytics';
import { attachTurn, conversationAgentId, conversationMessages, hitConversationLimit, runningTurn, streamTurn } from '../../services/turns';
import { VISITOR_MAX_CHARS, visitorMessageSchema } from './embed';
import { type VisitorBinding, visitorConversation, visitorToken } from './visitor-access';

export type ShareEnv = {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { shared: SharedAgent & { linkId: string }; origin: string };
};

/** Resolves the link (per-isolate cache, no D1 when warm); an unknown, rotated or unshared link is 404. */
function shareGuard(): MiddlewareHandler<ShareEnv> {
  return async function shareGuard(c, next) {
    const shared = await sharedAgent(c.env, c.req.param('token') ?? '');
    if (!shared) throw notFound('Share link');
    c.header('Cache-Control', 'no-store');
    c.set('shared', shared);
    c.set('origin', new URL(c.req.url).origin);
    await next();
  };
}

const binding = (c: Context<ShareEnv>): VisitorBinding => ({
  key: c.var.shared.linkId,
  agentId: c.var.shared.agentId,
  tenantId: c.var.shared.tenantId,
  origin: c.var.origin,
});
const visitor = (c: Context<ShareEnv>, opts?: { allowExpired?: boolean }) =>
  visitorConversation(c.env, binding(c), c.req.param('id') ?? '', c.req.header('authorization'), opts);

export const shareRoutes = new Hono<ShareEnv>()
  .use('/:token/api/*', shareGuard())
  .get('/:token/api/config', (c) => {
    const { name, attachments } = c.var.shared;
    return c.json({ agent: { name }, greeting: null, suggested_prompts: [], theme: {}, attachments: offeredFiles(attachments) } satisfies WidgetConfigJson);
  })
  .post('/:token/api/sessions', async (c) => {
    // New conversations per IP share the widget's budget (embed-limits.ts).
    await enforceSessionLimit(accountsStore(c.env), clientIp(c));
    const session = await startSharedConversation(c.env, c.var.shared, clientIp(c));
    return c.json(await visitorToken(c.env, binding(c), session.id), 201);
  })
  .post('/:token/api/sessions/:id/token', async (c) => {
    const { id, target } = await visitor(c, { allowExpired: true });
    if (!(await conversationAgentId(target))) throw notFound('Session');
    return c.json(await visitorToken(c.env, binding(c), id));
  })
  .get('/:token/api/sessions/:id/messages', async (c) => {
    const { target } = await visitor(c);
    const [messages, running] = await Promise.all([conversationMessages(target), runningTurn(target)]);
    return c.json({ data: await visitorRatings(target, visitorHistory(withRunningTurn(messages, running))) });
  })
  // The original of a file attached in this visitor's own conversation (the token opens only that one).
  .get('/:token/api/sessions/:id/files/:file_id', async (c) => {
    const { target } = await visitor(c);
    const file = await downloadChatFile(target, c.req.param('file_id'));
    return c.body(file.body, 200, file.headers);
  })
  .get('/:token/api/sessions/:id/stream', async (c) => {
    const { target } = await visitor(c);
    const last = (c.req.header('last-event-id') ?? c.req.query('last_event_id'))?.trim() || null;
    const stream = await attachTurn(target, last);
    return stream ? c.body(visitorStream(stream), 200, SSE_HEADERS) : c.body(null, 204);
  })
  .post('/:token/api/sessions/:id/messages', async (c) => {
    const { target } = await visitor(c);
    const { input, file } = await messageBody(c, visitorMessageSchema);
    const ip = clientIp(c);
    checkIpMessageLimit(ip);
    const { max, windowMs } = EMBED_LIMITS.messagesPerVisitor;
    const allowed = await hitConversationLimit(target, 'visitor-messages', max, windowMs);
    if (!allowed.ok) throw rateLimited(allowed.retryAfterS, 'messages');
    const attached = file ? { file: await readChatFile(target, file) } : {};
    const stream = await streamTurn(target, input.content, {
      maxChars: VISITOR_MAX_CHARS,
      tag: { source: 'share_link', apiKeyId: null },
      ...attached,
    }).catch(forVisitor);
    c.executionCtx.waitUntil(countIpMessage(accountsStore(c.env), ip));
    return c.body(visitorStream(stream), 200, SSE_HEADERS);
  })
  .post('/:token/api/sessions/:id/messages/:message_id/feedback', async (c) => {
    const { target } = await visitor(c);
    await rateAsVisitor(target, c.req.param('message_id'), await jsonBody(c, feedbackInput), 'share_link');
    return c.body(null, 204);
  })
  .delete('/:token/api/sessions/:id/messages/:message_id/feedback', async (c) => {
    const { target } = await visitor(c);
    await rateAsVisitor(target, c.req.param('message_id'), null, 'share_link');
    return c.body(null, 204);
  });
