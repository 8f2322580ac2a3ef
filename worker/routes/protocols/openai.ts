// The OpenAI-compatible API (API.md, "Every agent, four ways"): POST /v1/chat/completions with `model` = an agent's
// id or slug, stateless like OpenAI's (the caller sends the whole conversation), and GET /v1/models. Errors are in
// OpenAI's shape (on-error.tsx). A warm request reads no D1: the key and the agent snapshot are cached per isolate.
import { usageTag } from '../../lib/usage-tag';
import { Hono } from 'hono';
import { newId } from '../../db/ids';
import type { AgentRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { jsonBody } from '../../lib/validate';
import { requireApiKey } from '../../middleware/api-key';
import { clientToolsOf, toWireMessages } from '../../openai-compat/messages';
import { chatCallOptions } from '../../openai-compat/params';
import { chatCompletionSchema } from '../../openai-compat/schema';
import { resolveAgent } from '../../services/agent-resolver';
import { allAgents, findAgentByRef } from '../../services/agents';
import { assertCan, permit } from '../../services/permissions';
import { SSE_HEADERS } from '../../services/turn-policy';
import { completeStateless } from '../../services/turns';
import { responseRoutes } from './responses';
import type { ModelJson } from '../../schemas/openai';

const modelJson = (a: AgentRow): ModelJson => ({
  id: a.slug,
  object: 'model',
  created: Math.floor(a.createdAt / 1000),
  owned_by: a.tenantId,
  agent_id: a.id,
  name: a.name,
  description: a.description,
  version: a.version,
});

export const openAiRoutes = new Hono<AppEnv>()
  .use(requireApiKey())
  .route('/responses', responseRoutes)
  .get('/models', permit('agents:read'), async (c) => {
    return c.json({ object: 'list', data: (await allAgents(c.var.db)).map(modelJson) });
  })
  .get('/models/:model', permit('agents:read'), async (c) => {
    const ref = c.req.param('model');
    const agent = await findAgentByRef(c.var.db, ref);
    if (!agent) throw new AppError('not_found', `The model "${ref}" does not exist`, [{ path: 'model', message: 'no such agent' }]);
    return c.json(modelJson(agent));
  })
  .post('/chat/completions', permit('agents:read', 'sessions:write'), async (c) => {
    const input = await jsonBody(c, chatCompletionSchema);
    const messages = toWireMessages(input.messages);
    const { slug: _slug, access: _access, ...agent } = await resolveAgent(c.var.db, input.model, (p) => c.executionCtx.waitUntil(p));
    const clientTools = clientToolsOf(input.tools, agent.tools);
    const options = chatCallOptions(input, {
      toolNames: [...agent.tools.map((t) => t.name), ...clientTools.names],
      texts: [agent.instructions, ...messages.map((m) => m.content ?? '')],
    });
    // Each completion is its own conversation for tools and usage records; nothing of it is stored.
    const sessionId = newId('session');
    const r = await completeStateless(
      c.env,
      { ...agent, sessionId },
      {
        id: `chatcmpl-${sessionId.slice(4)}`,
        created: Math.floor(Date.now() / 1000),
        model: input.model,
        messages,
        clientTools,
        options,
        stream: input.stream === true,
        includeUsage: input.stream_options?.include_usage === true,
      },
      usageTag(c.var.auth, 'openai'),
    );
    if (r instanceof ReadableStream) {
      return c.body(r, 200, SSE_HEADERS);
    }
    // The turn failed before anything was sent (streamed or not): its own status; a 429 says when to retry (the
    // provider's Retry-After, at least a second), as every 429 of the API does.
    if (!r.ok) {
      const wait = r.code === 'rate_limited' ? { 'retry-after': String(Math.max(1, Math.ceil(r.retryAfter ?? 1))) } : undefined;
      throw new AppError(r.code, r.message, undefined, wait);
    }
    return c.json(r.completion);
  });
