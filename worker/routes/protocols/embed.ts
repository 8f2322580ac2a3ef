// The widget's visitor API (/embed/v1/:pk/…): JSON and SSE only, behind embedGuard (origin lock + CORS). Visitors
// hold a signed token per conversation, never an API key. Messages reach the session's Durable Object with no D1
// query when the key cache is warm (rate limits: services/embed-limits.ts).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { accountsStore } from '../../db/accounts-store';
import { tenantDb } from '../../db/tenant-db';
import { notFound } from '../../errors';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import { messageBody } from '../../lib/message-body';
import { readChatFile } from '../../services/chat-files';
import { downloadChatFile } from '../../services/chat-file-download';
import { offeredFiles } from '../../knowledge/chat-file-settings';
import { type EmbedEnv, embedGuard } from '../../middleware/embed-guard';
import type { WidgetConfigJson } from '../../schemas/embed';
import { getAgent } from '../../services/agents';
import { createChatSession } from '../../services/chat-sessions';
import { visitorHistory, visitorStream, withRunningTurn } from '../../services/embed-chat';
import { EMBED_LIMITS, checkIpMessageLimit, countIpMessage, enforceSessionLimit, rateLimited } from '../../services/embed-limits';
import { SSE_HEADERS } from '../../services/turn-policy';
import { forVisitor } from '../../services/budget-check';
import { rateAsVisitor, visitorRatings } from '../../services/visitor-feedback';
import { feedbackInput } from '../../schemas/analytics';
import { attachTurn, conversationAgentId, conversationMessages, hitConversationLimit, runningTurn, streamTurn } from '../../services/turns';
import { type VisitorBinding, visitorConversation, visitorToken } from './visitor-access';

/** The widget's own, lower message limit (the turn service caps every surface at MAX_MESSAGE_CHARS). */
export const VISITOR_MAX_CHARS = 4000;
export const visitorMessageSchema = z.strictObject({
  content: z.string().trim().min(1, 'Write a message').max(VISITOR_MAX_CHARS, 'Keep a message under 4,000 characters'),
});

/** Visitor tokens here are bound to the embed key, its agent, the page's origin and the session (visitor-access.ts). */
const binding = (c: Context<EmbedEnv>): VisitorBinding => ({
  key: c.var.embed.key.id,
  agentId: c.var.embed.key.agentId,
  tenantId: c.var.embed.key.tenantId,
  origin: c.var.embed.origin,
});
const visitor = (c: Context<EmbedEnv>, opts?: { allowExpired?: boolean }) =>
  visitorConversation(c.env, binding(c), c.req.param('id') ?? '', c.req.header('authorization'), opts);

export const embedRoutes = new Hono<EmbedEnv>()
  .use('/:pk/*', embedGuard())
  .options('/:pk/*', (c) => c.body(null, 204)) // answered by embedGuard; here so the route exists
  .get('/:pk/config', (c) => {
    const { key } = c.var.embed;
    const s = key.settings;
    c.header('Cache-Control', 'no-cache');
    return c.json({
      agent: { name: key.agentName },
      greeting: s.greeting ?? null,
      suggested_prompts: s.suggested_prompts ?? [],
      theme: s.theme ?? {},
      attachments: offeredFiles(key.agentAttachments),
    } satisfies WidgetConfigJson);
  })
  .post('/:pk/sessions', async (c) => {
    const { key, origin } = c.var.embed;
    await enforceSessionLimit(accountsStore(c.env), clientIp(c));
    // No tenant quota system exists yet; when plans land, their check belongs here and before each message.
    const db = tenantDb(c.env, key.tenantId);
    const agent = await getAgent(db, key.agentId);
    const metadata = { via: 'widget', embed_key_id: key.id, origin };
    const session = await createChatSession(c.env, db, agent, { metadata }, { type: 'system', id: null, ip: clientIp(c) });
    return c.json(await visitorToken(c.env, binding(c), session.id), 201);
  })
  .post('/:pk/sessions/:id/token', async (c) => {
    const { id, target } = await visitor(c, { allowExpired: true });
    if (!(await conversationAgentId(target))) throw notFound('Session');
    return c.json(await visitorToken(c.env, binding(c), id));
  })
  .get('/:pk/sessions/:id/messages', async (c) => {
    const { target } = await visitor(c);
    const [messages, running] = await Promise.all([conversationMessages(target), runningTurn(target)]);
    return c.json({ data: await visitorRatings(target, visitorHistory(withRunningTurn(messages, running))) });
  })
  // Re-attaching to a reply (after a dropped stream, or a page reloaded mid-answer): the events after Last-Event-ID
  // (or ?last_event_id=; the whole turn without one), then live ones; 204 when there is nothing to send.
  // The original of a file attached in this visitor's own conversation (the token opens only that one).
  .get('/:pk/sessions/:id/files/:file_id', async (c) => {
    const { target } = await visitor(c);
    const file = await downloadChatFile(target, c.req.param('file_id'));
    return c.body(file.body, 200, file.headers);
  })
  .get('/:pk/sessions/:id/stream', async (c) => {
    const { target } = await visitor(c);
    const last = (c.req.header('last-event-id') ?? c.req.query('last_event_id'))?.trim() || null;
    const stream = await attachTurn(target, last);
    return stream ? c.body(visitorStream(stream), 200, SSE_HEADERS) : c.body(null, 204);
  })
  .post('/:pk/sessions/:id/messages', async (c) => {
    const { target } = await visitor(c);
    const { input, file } = await messageBody(c, visitorMessageSchema);
    const ip = clientIp(c);
    checkIpMessageLimit(ip);
    const { max, windowMs } = EMBED_LIMITS.messagesPerVisitor;
    const allowed = await hitConversationLimit(target, 'visitor-messages', max, windowMs);
    if (!allowed.ok) throw rateLimited(allowed.retryAfterS, 'messages');
    const attached = file ? { file: await readChatFile(target, file) } : {};
    const stream = await streamTurn(target, input.content, { maxChars: VISITOR_MAX_CHARS, tag: { source: 'widget', apiKeyId: null }, ...attached }).catch(
      forVisitor,
    );
    c.executionCtx.waitUntil(countIpMessage(accountsStore(c.env), ip));
    return c.body(visitorStream(stream), 200, SSE_HEADERS);
  })
  .post('/:pk/sessions/:id/messages/:message_id/feedback', async (c) => {
    const { target } = await visitor(c);
    await rateAsVisitor(target, c.req.param('message_id'), await jsonBody(c, feedbackInput), 'widget');
    return c.body(null, 204);
  })
  .delete('/:pk/sessions/:id/messages/:message_id/feedback', async (c) => {
    const { target } = await visitor(c);
    await rateAsVisitor(target, c.req.param('message_id'), null, 'widget');
    return c.body(null, 204);
  });
