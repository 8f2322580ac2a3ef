// Sessions API (API.md, Sessions): conversations, their messages (JSON or SSE), trace and cancel. Message routes go
// straight to the session's Durable Object: no D1 query beyond authentication.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { AppError, type ErrorCode, notFound } from '../../errors';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { pageParams, toPage } from '../../db/page';
import { isId } from '../../db/ids';
import { requireAuth } from '../../middleware/auth';
import { getChatSession, sessionJson } from '../../services/chat-sessions';
import { assertCan } from '../../services/permissions';
import { isSessionId, sessionStub } from '../../services/session-stub';

export const sendMessageSchema = z.strictObject({
  content: z.string().trim().min(1, 'Write a message').max(32_000, 'Keep a message under 32,000 characters'),
  stream: z.boolean().optional(),
});

/** Turn errors in the JSON mode: the provider's failures are 502/504, configuration problems 400. */
const TURN_ERROR: Record<string, ErrorCode> = {
  no_provider: 'bad_request',
  missing_variable: 'bad_request',
  upstream_bad_request: 'upstream_error',
  upstream_auth: 'upstream_error',
  upstream_rate_limited: 'upstream_error',
  upstream_error: 'upstream_error',
  upstream_interrupted: 'upstream_error',
  upstream_unreachable: 'upstream_error',
  upstream_timeout: 'upstream_timeout',
  cancelled: 'conflict',
};

function stub(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  if (!isSessionId(id)) throw notFound('Session');
  return sessionStub(c.env, c.var.auth.tenantId, id);
}

export const sessionRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', async (c) => {
    assertCan(c.var.auth, 'sessions:read');
    const page = pageParams(c.req.query());
    const agentId = c.req.query('agent_id');
    if (agentId !== undefined && !isId('agent', agentId)) throw new AppError('validation_failed', 'Invalid agent_id', [{ path: 'agent_id', message: 'is not an agent id' }]);
    return c.json(toPage(await c.var.db.sessions.list(page, agentId), page.limit, (s) => s.id, sessionJson));
  })
  .get('/:id', async (c) => {
    assertCan(c.var.auth, 'sessions:read');
    return c.json(sessionJson(await getChatSession(c.var.db, c.req.param('id'))));
  })
  .delete('/:id', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const s = await getChatSession(c.var.db, c.req.param('id'));
    await c.var.db.sessions.remove(s.id, actorOf(c));
    await stub(c).destroy();
    return c.body(null, 204);
  })
  .get('/:id/messages', async (c) => {
    assertCan(c.var.auth, 'sessions:read');
    const messages = await stub(c).messages();
    if (!messages) throw notFound('Session');
    return c.json({ data: messages, next_cursor: null });
  })
  .get('/:id/trace', async (c) => {
    assertCan(c.var.auth, 'sessions:read');
    const steps = await stub(c).traceSteps();
    if (!steps) throw notFound('Session');
    return c.json({ data: steps });
  })
  .post('/:id/cancel', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const s = stub(c);
    if (!(await s.snapshot())) throw notFound('Session');
    return c.json({ cancelled: await s.cancel() });
  })
  .post('/:id/messages', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const input = await jsonBody(c, sendMessageSchema);
    const s = stub(c);
    const wantsStream = input.stream ?? (c.req.header('accept') ?? '').includes('text/event-stream');
    if (wantsStream) {
      const r = await s.chatStream(input.content);
      if (!(r instanceof ReadableStream)) throw new AppError(r.code, r.message);
      return c.body(r, 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
    }
    const r = await s.chatJson(input.content);
    if (!r.ok) throw new AppError(r.code, r.message);
    const o = r.outcome;
    if (o.error && o.error.code !== 'max_steps') throw new AppError(TURN_ERROR[o.error.code] ?? 'upstream_error', o.error.message, [{ path: 'turn', message: o.error.code }]);
    return c.json({ message: o.message, usage: o.usage, steps: o.steps, status: o.status });
  });
