// Executing one claimed workflow step attempt (or map element): agent steps through the chat turn service (a new
// conversation per attempt), tool steps through the tool runtime agents use (connections, sealed credentials, SSRF
// guard), routers through a model call that must answer one of the labels, sub-workflows through startRun.
import { openSecret } from '../crypto/envelope';
import { isId } from '../db/ids';
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import type { StepClaim, StepReport } from '../queues/orchestration-message';
import type { ConnectionRef, ToolSpec } from '../llm/snapshot';
import { redactAll } from '../tools/connection-auth';
import { runTool } from '../tools/registry';
import { createChatSession } from './chat-sessions';
import { getTool } from './tools';
import { turnCostUsd } from './prices';
import { DEFAULT_MODEL } from './starter-agent';
import { answerTurn, askAgent, completeStateless } from './turns';
import { MAX_MESSAGE_CHARS } from './turn-policy';

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));
const fail = (code: string, message: string, retryable = true): StepReport => ({ ok: false, error: { code, message }, retryable });

/** Runs the claimed attempt; never throws for a step's own failure (that is a report), only for infrastructure. */
export async function executeStep(env: Bindings, c: StepClaim, deps: { startChild: StartChild }): Promise<StepReport> {
  try {
    switch (c.kind) {
      case 'agent':
        return await agentStep(env, c);
      case 'tool':
        return await toolStep(env, c);
      case 'router':
        return await routerStep(env, c);
      case 'workflow':
        return await deps.startChild(env, c);
    }
  } catch (e) {
    if (e instanceof AppError) return fail(e.code, e.message, e.status >= 500 || e.status === 429);
    throw e;
  }
}

export type StartChild = (env: Bindings, c: StepClaim) => Promise<StepReport>;

/** One turn of the agent in a new conversation (metadata: via workflow, the run and step). */
async function converse(env: Bindings, c: StepClaim, agentId: string, message: string) {
  const db = tenantDb(env, c.tenantId);
  // The tenant's own agent only: another organization's id is simply not found here.
  const agent = isId('agent', agentId) ? await db.agents.get(agentId) : await db.agents.getBySlug(agentId.toLowerCase());
  if (!agent) return { notFound: true as const };
  const metadata = { via: 'workflow', workflow_run_id: c.runId, workflow_step_id: c.stepId, ...(c.itemIndex !== null ? { item_index: c.itemIndex } : {}) };
  const session = await createChatSession(env, db, agent, { metadata }, { type: 'system', id: null });
  const tag = { source: 'workflow' as const, apiKeyId: null, workflowId: c.workflowId };
  const o = await answerTurn({ env, tenantId: c.tenantId, sessionId: session.id }, message.slice(0, MAX_MESSAGE_CHARS), { depth: c.depth, tag });
  // The same cost the turn's usage event carries (tokens × the model's price now: worker/services/prices.ts).
  const cost = await turnCostUsd(env, c.tenantId, agent.model, o.usage);
  return { notFound: false as const, sessionId: session.id, reply: o.message?.content ?? '', usage: o.usage, cost };
}

async function agentStep(env: Bindings, c: StepClaim): Promise<StepReport> {
  const message = text(c.input);
  if (!message.trim()) return fail('invalid_input', 'The agent step has an empty message', false);
  const r = await converse(env, c, c.agentId ?? '', message);
  if (r.notFound) return fail('agent_not_found', `Agent ${c.agentId} not found`, false);
  return { ok: true, output: r.reply, tokens: { input: r.usage.input_tokens, output: r.usage.output_tokens }, cost_usd: r.cost };
}

/** The routes' labels as the model must answer them; the answer is matched without case or punctuation. */
export function pickLabel(answer: string, labels: string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '');
  const a = norm(answer);
  return labels.find((l) => norm(l) === a) ?? labels.find((l) => a.includes(norm(l)) && norm(l).length > 0) ?? null;
}

async function routerStep(env: Bindings, c: StepClaim): Promise<StepReport> {
  const prompt = [
    `Classify the input below. Answer with exactly one of these labels and nothing else: ${c.labels.join(', ')}.`,
    '',
    'Input:',
    text(c.input),
  ].join('\n');
  let reply: string;
  let tokens = { input: 0, output: 0 };
  let cost: number | null;
  if (c.agentId) {
    const r = await converse(env, c, c.agentId, prompt);
    if (r.notFound) return fail('agent_not_found', `Agent ${c.agentId} not found`, false);
    reply = r.reply;
    tokens = { input: r.usage.input_tokens, output: r.usage.output_tokens };
    cost = r.cost;
  } else {
    const r = await defaultModelAnswer(env, c, prompt);
    if (!r.ok) return fail(r.code, r.message, r.code !== 'budget_exceeded' && r.code !== 'quota_exceeded' && r.code !== 'subscription_required');
    reply = r.reply;
    tokens = r.tokens;
    cost = await turnCostUsd(env, c.tenantId, DEFAULT_MODEL, { input_tokens: tokens.input, output_tokens: tokens.output });
  }
  const label = pickLabel(reply, c.labels);
  if (!label)
    return {
      ok: false,
      error: { code: 'invalid_route', message: `The model answered ${JSON.stringify(reply.slice(0, 200))}, not one of ${c.labels.join(', ')}` },
      tokens,
      cost_usd: cost,
    };
  return { ok: true, output: { label }, tokens, cost_usd: cost };
}

/** A router without an agent: the organization's default model (the platform's default endpoint), no tools. */
async function defaultModelAnswer(env: Bindings, c: StepClaim, prompt: string) {
  const snapshot = {
    tenantId: c.tenantId,
    sessionId: `workflow-router:${c.runId}`,
    agentId: `workflow-router`,
    agentVersion: 0,
    name: 'Workflow router',
    instructions: 'You route workflow inputs: answer with one label only.',
    model: DEFAULT_MODEL,
    temperature: 0,
    maxSteps: 1,
    runtime: 'edge' as const,
    variables: {},
    connection: null,
    tools: [],
    toolConnections: [],
  };
  const r = await completeStateless(
    env,
    snapshot,
    {
      id: `wfr-${c.runId}-${c.stepId}-${c.attempt}`,
      created: Math.floor(Date.now() / 1000),
      model: DEFAULT_MODEL,
      messages: [{ role: 'user', content: prompt }],
      clientTools: { definitions: [], names: [] },
      stream: false,
      includeUsage: true,
    },
    { source: 'workflow', apiKeyId: null, workflowId: c.workflowId },
  );
  if (r instanceof ReadableStream) return { ok: false as const, code: 'upstream_error', message: 'unexpected stream' };
  if (!r.ok) return { ok: false as const, code: r.code, message: r.message };
  const completion = r.completion as { choices: { message: { content: string | null } }[]; usage?: { prompt_tokens: number; completion_tokens: number } };
  return {
    ok: true as const,
    reply: completion.choices[0]?.message.content ?? '',
    tokens: { input: completion.usage?.prompt_tokens ?? 0, output: completion.usage?.completion_tokens ?? 0 },
  };
}

async function toolStep(env: Bindings, c: StepClaim): Promise<StepReport> {
  const db = tenantDb(env, c.tenantId);
  let t: Awaited<ReturnType<typeof getTool>>;
  try {
    t = await getTool(db, c.toolId ?? '');
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return fail('tool_not_found', `Tool ${c.toolId} not found`, false);
    throw e;
  }
  const spec: ToolSpec =
    'builtin' in t
      ? {
          id: t.builtin.id,
          name: t.builtin.name,
          description: t.builtin.description,
          kind: t.builtin.kind,
          parameters: t.builtin.parameters,
          config: {},
          connectionId: null,
        }
      : {
          id: t.row.id,
          name: t.row.name,
          description: t.row.description,
          kind: t.row.kind,
          parameters: t.row.parameters,
          config: t.row.config,
          connectionId: t.row.connectionId,
        };
  const conn = spec.connectionId ? await db.connections.get(spec.connectionId) : undefined;
  const ref: ConnectionRef | undefined = conn && { id: conn.id, kind: conn.kind, baseUrl: conn.baseUrl, authType: conn.authType, authMeta: conn.authMeta };
  const secrets: string[] = [];
  const sessionId = `workflow:${c.runId}`;
  const result = await runTool([spec], spec.name, JSON.stringify(c.input ?? {}), {
    env,
    tenantId: c.tenantId,
    sessionId,
    agentId: `workflow:${c.workflowId}`,
    runtime: spec.kind === 'code' ? 'container' : 'edge',
    signal: AbortSignal.timeout(c.timeoutMs),
    connection: (id) => (ref && ref.id === id ? ref : undefined),
    secretFor: async (id) => {
      const s = await openSecret(env, c.tenantId, id);
      if (s) secrets.push(s);
      return s;
    },
    depth: c.depth,
    runAgent: (agentRef, message, signal, allowed) =>
      askAgent({ env, tenantId: c.tenantId, sessionId, agentId: `workflow:${c.workflowId}`, depth: c.depth }, agentRef, message, signal, allowed),
  });
  const output = redactAll(result.output, secrets);
  if (!result.ok) return fail('tool_failed', output.slice(0, 2000));
  let parsed: unknown = output;
  try {
    parsed = JSON.parse(output);
  } catch {
    // plain text output stays text
  }
  return { ok: true, output: parsed, cost_usd: null };
}
