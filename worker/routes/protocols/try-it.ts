// The listing's anonymous try-it chat API (issue 18, mkt-community): /marketplace/:slug/try/api/* — the share link's
// visitor API in shape (routes/protocols/share.ts), so the detail page runs the widget itself against it. No account,
// no cookie: each conversation is opened by a signed visitor token bound to the listing AND its published version
// (claims k = `try:<listing id>:<version>`). The listing is resolved per request (published only): unpublishing or an
// operator's removal stops try-it at once. Same-origin only: the page is ours. Per-route middleware only (this app
// shares the /marketplace prefix with nothing else, but the rule of the marketplace files holds).
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { accountsStore } from '../../db/accounts-store';
import type { AppEnv } from '../../env';
import { notFound } from '../../errors';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import type { WidgetConfigJson } from '../../schemas/embed';
import { forVisitor } from '../../services/budget-check';
import { visitorHistory, visitorStream, withRunningTurn } from '../../services/embed-chat';
import { EMBED_LIMITS, checkIpMessageLimit, countIpMessage, enforceSessionLimit, rateLimited } from '../../services/embed-limits';
import { type TryListing, countDailyMessage, dailyCap, startTryConversation, tryListing } from '../../services/try-it';
import { SSE_HEADERS } from '../../services/turn-policy';
import { attachTurn, conversationAgentId, conversationMessages, hitConversationLimit, runningTurn, streamTurn } from '../../services/turns';
import { VISITOR_MAX_CHARS, visitorMessageSchema } from './embed';
import { type VisitorBinding, visitorConversation, visitorToken } from './visitor-access';

export type TryEnv = {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { listing: TryListing; origin: string };
};

function tryGuard(): MiddlewareHandler<TryEnv> {
  return async function tryGuard(c, next) {
    const listing = await tryListing(c.env, c.req.param('slug') ?? '');
    if (!listing) throw notFound('Listing');
    c.header('Cache-Control', 'no-store');
    c.set('listing', listing);
    c.set('origin', new URL(c.req.url).origin);
    await next();
  };
}

const binding = (c: Context<TryEnv>): VisitorBinding => ({
  key: c.var.listing.linkId,
  agentId: c.var.listing.agentId,
  tenantId: c.var.listing.tenantId,
  origin: c.var.origin,
});
const visitor = (c: Context<TryEnv>, opts?: { allowExpired?: boolean }) =>
  visitorConversation(c.env, binding(c), c.req.param('id') ?? '', c.req.header('authorization'), opts);

const guard = tryGuard();

export const tryItRoutes = new Hono<TryEnv>()
  .get('/:slug/try/api/config', guard, (c) => {
    const perVisitor = EMBED_LIMITS.messagesPerVisitor.max;
    return c.json({
      agent: { name: c.var.listing.title },
      greeting: `Try ${c.var.listing.title} for free — up to ${perVisitor} messages a minute, ${dailyCap(c.env)} a day for everyone.`,
      suggested_prompts: [],
      theme: {},
      attachments: null, // a try-it visitor sends text only
    } satisfies WidgetConfigJson);
  })
  .post('/:slug/try/api/sessions', guard, async (c) => {
    await enforceSessionLimit(accountsStore(c.env), clientIp(c));
    const session = await startTryConversation(c.env, c.var.listing);
    return c.json(await visitorToken(c.env, binding(c), session.id), 201);
  })
  .post('/:slug/try/api/sessions/:id/token', guard, async (c) => {
    const { id, target } = await visitor(c, { allowExpired: true });
    if (!(await conversationAgentId(target))) throw notFound('Session');
    return c.json(await visitorToken(c.env, binding(c), id));
  })
  .get('/:slug/try/api/sessions/:id/messages', guard, async (c) => {
    const { target } = await visitor(c);
    const [messages, running] = await Promise.all([conversationMessages(target), runningTurn(target)]);
    return c.json({ data: visitorHistory(withRunningTurn(messages, running)) });
  })
  .get('/:slug/try/api/sessions/:id/stream', guard, async (c) => {
    const { target } = await visitor(c);
    const last = (c.req.header('last-event-id') ?? c.req.query('last_event_id'))?.trim() || null;
    const stream = await attachTurn(target, last);
    return stream ? c.body(visitorStream(stream), 200, SSE_HEADERS) : c.body(null, 204);
  })
  .post('/:slug/try/api/sessions/:id/messages', guard, async (c) => {
    const { target } = await visitor(c);
    const input = await jsonBody(c, visitorMessageSchema);
    const ip = clientIp(c);
    checkIpMessageLimit(ip);
    const { max, windowMs } = EMBED_LIMITS.messagesPerVisitor;
    const allowed = await hitConversationLimit(target, 'visitor-messages', max, windowMs);
    if (!allowed.ok) throw rateLimited(allowed.retryAfterS, 'messages');
    await countDailyMessage(c.env, c.var.listing.id);
    const stream = await streamTurn(target, input.content, { maxChars: VISITOR_MAX_CHARS, tag: { source: 'marketplace', apiKeyId: null } }).catch(forVisitor);
    c.executionCtx.waitUntil(countIpMessage(accountsStore(c.env), ip));
    return c.body(visitorStream(stream), 200, SSE_HEADERS);
  });
