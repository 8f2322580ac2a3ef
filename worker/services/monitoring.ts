// Monitoring reads for the app pages: the dashboard overview, an agent's conversations, one conversation with its
// trace grouped by turn, and the error log. D1 holds the index and usage; messages and traces come from the DO.
import type { TraceStep } from '../../durable-objects/session-store';
import type { AgentRow, ChatSessionRow, SessionFilter, TenantDb, UsageRow, UsageStats } from '../db/tenant-db';
import type { Bindings } from '../env';
import type { MessageJson } from '../llm/events';
import { getChatSession } from './chat-sessions';
import { sessionStub } from './session-stub';

export const DAY_MS = 86_400_000;
const EMPTY: UsageStats = { turns: 0, inputTokens: 0, outputTokens: 0, errors: 0, lastAt: null };

/** Whether the platform itself offers a model (operator key or base URL, or Workers AI for `@cf/` models). */
export const platformModel = (env: Bindings, model = '') => !!(env.OPENAI_API_KEY || env.OPENAI_BASE_URL || (env.AI && model.startsWith('@cf/')));

/** Whether the operator configured any default model endpoint ("Platform default" is then a real choice). */
export const platformDefault = (env: Bindings) => !!(env.OPENAI_API_KEY || env.OPENAI_BASE_URL || env.AI);

export type AgentStatus = 'ready' | 'needs_model' | 'failing';
export type AgentOverview = { agent: AgentRow; status: AgentStatus; day: UsageStats; conversationsToday: number };

export function agentStatus(env: Bindings, agent: AgentRow, day: UsageStats): AgentStatus {
  if (!agent.connectionId && !platformModel(env, agent.model)) return 'needs_model';
  return day.errors > 0 && day.errors >= day.turns / 2 ? 'failing' : 'ready';
}

const startOfDay = (now: number) => now - (now % DAY_MS);

/** How many agents the dashboard's agent table shows (newest first; "View all" leads to the Agents page). */
export const DASHBOARD_AGENTS = 20;

/** The agents the platform cannot answer for: no connection, and no platform model for theirs. */
function needsModelFilter(env: Bindings) {
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) return null;
  return { connectionId: null, ...(env.AI ? { modelNotPrefixed: '@cf/' } : {}) };
}

/** Agent counts over the whole organization: all, and ready (neither needing a model nor failing today). */
async function agentCounts(env: Bindings, db: TenantDb, byAgent: Map<string, UsageStats>) {
  const needsModel = needsModelFilter(env);
  const failingIds = [...byAgent].filter(([, day]) => day.errors > 0 && day.errors >= day.turns / 2).map(([id]) => id);
  const [total, withoutModel, failingRows] = await Promise.all([db.agents.count(), needsModel ? db.agents.count(needsModel) : 0, db.agents.byIds(failingIds)]);
  const failing = failingRows.filter((a) => agentStatus(env, a, byAgent.get(a.id) ?? EMPTY) === 'failing').length;
  return { total, ready: total - withoutModel - failing };
}

/** Everything the dashboard shows, in one round of parallel queries (counts are counted by D1, not from a page). */
export async function overview(env: Bindings, db: TenantDb, now = Date.now()) {
  const since = now - DAY_MS;
  const today = { from: startOfDay(now) };
  const [agentRows, modelConnectionPassed, totals, byAgent, conversationsToday, todayByAgent, recentErrors, hello] = await Promise.all([
    db.agents.list({ limit: DASHBOARD_AGENTS, cursor: null }),
    db.connections.modelConnectionPassed(),
    db.usage.totals(since),
    db.usage.byAgent(since),
    db.sessions.count(today),
    db.sessions.countByAgent(today),
    db.usage.errors({ since, limit: 5 }),
    db.agents.getBySlug('hello-world'),
  ]);
  const agents: AgentOverview[] = agentRows.slice(0, DASHBOARD_AGENTS).map((agent) => {
    const day = byAgent.get(agent.id) ?? EMPTY;
    return { agent, status: agentStatus(env, agent, day), day, conversationsToday: todayByAgent.get(agent.id) ?? 0 };
  });
  const errorAgentIds = [...new Set(recentErrors.map((e) => e.agentId))];
  const [counts, chatted, errorAgents] = await Promise.all([
    agentCounts(env, db, byAgent),
    hello ? db.usage.anyForAgent(hello.id) : true,
    db.agents.byIds(errorAgentIds),
  ]);
  const names = new Map(errorAgents.map((a) => [a.id, a.name]));
  const checklist = {
    // Done only once a model connection passed its test: one that merely exists may not work.
    connection: modelConnectionPassed,
    chatted,
    ownAgent: counts.total > (hello ? 1 : 0),
  };
  return {
    agents,
    agentCounts: counts,
    totals,
    conversationsToday,
    recentErrors: recentErrors.slice(0, 5),
    agentName: (id: string) => names.get(id) ?? 'Deleted agent',
    checklist,
    hello: hello ?? null,
  };
}

/** One page of an agent's conversations with the usage of each. */
export async function agentSessions(db: TenantDb, agentId: string, filter: SessionFilter, page: { limit: number; cursor: string | null }) {
  const rows = await db.sessions.list(page, agentId, filter);
  const shown = rows.slice(0, page.limit);
  const usage = await db.usage.bySession(shown.map((s) => s.id));
  return { rows, sessions: shown.map((s) => ({ session: s, usage: usage.get(s.id) ?? EMPTY })) };
}

export type TurnTrace = {
  turnId: string;
  startedAt: string;
  steps: TraceStep[];
  usage: UsageRow | null;
  durationMs: number;
  tokens: number;
  error: { code: string; message: string } | null;
};

/** Steps grouped by turn, in order, with each turn's usage row (latency and status as the queue recorded them). */
export function groupTurns(steps: TraceStep[], usage: UsageRow[]): TurnTrace[] {
  const turns = new Map<string, TraceStep[]>();
  for (const s of steps) turns.set(s.turn_id, [...(turns.get(s.turn_id) ?? []), s]);
  return [...turns].map(([turnId, list]) => {
    const u = usage.find((x) => x.turnId === turnId) ?? null;
    const failed = list.find((s) => s.type === 'model' && !s.ok);
    const modelError = failed?.type === 'model' ? (failed.error ?? null) : null;
    const tokens = list.reduce((n, s) => n + (s.type === 'model' ? s.input_tokens + s.output_tokens : 0), 0);
    const summed = list.reduce((n, s) => n + s.duration_ms, 0);
    return {
      turnId,
      startedAt: list[0]!.started_at,
      steps: list,
      usage: u,
      durationMs: u?.latencyMs ?? summed,
      tokens,
      error: modelError ?? (u?.errorCode && u.errorCode !== 'cancelled' ? { code: u.errorCode, message: '' } : null),
    };
  });
}

export type SessionDetail = { session: ChatSessionRow; messages: MessageJson[]; turns: TurnTrace[]; totals: UsageStats };

export async function sessionDetail(env: Bindings, db: TenantDb, id: string): Promise<SessionDetail> {
  const session = await getChatSession(db, id);
  const stub = sessionStub(env, db.tenantId, session.id);
  const [messages, steps, usage] = await Promise.all([stub.messages(), stub.traceSteps(), db.usage.forSession(session.id)]);
  const turns = groupTurns(steps ?? [], usage);
  // From the trace, not the usage rows: the trace is written with the turn, usage arrives later through the queue.
  const models = (steps ?? []).flatMap((s) => (s.type === 'model' ? [s] : []));
  const totals: UsageStats = {
    turns: turns.length,
    inputTokens: models.reduce((n, s) => n + s.input_tokens, 0),
    outputTokens: models.reduce((n, s) => n + s.output_tokens, 0),
    errors: turns.filter((t) => t.error).length,
    lastAt: session.lastActivityAt,
  };
  return { session, messages: messages ?? [], turns, totals };
}

/** The error log: failed turns with their agent's name. */
export async function errorLog(db: TenantDb, filter: { since: number; agentId?: string; code?: string; cursor: string | null; limit: number }) {
  const [rows, codes, agents] = await Promise.all([db.usage.errors(filter), db.usage.errorCodes(filter.since), db.agents.names()]);
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return { rows, codes, agents, agentName: (id: string) => names.get(id) ?? 'Deleted agent' };
}

/** What went wrong in one turn, from its trace: the failed model call's message, or the failed tool calls. */
export async function turnProblem(env: Bindings, db: TenantDb, sessionId: string, turnId: string): Promise<string | null> {
  const session = await getChatSession(db, sessionId);
  const steps = (await sessionStub(env, db.tenantId, session.id).traceSteps()) ?? [];
  const turn = steps.filter((s) => s.turn_id === turnId);
  const model = turn.find((s) => s.type === 'model' && !s.ok);
  if (model?.type === 'model' && model.error) return model.error.message;
  const tools = turn.flatMap((s) => (s.type === 'tool' && !s.ok ? [`${s.name}: ${s.output.slice(0, 300)}`] : []));
  return tools.length ? tools.join('\n') : null;
}

/** Usage per agent since `since` (the Agents page's status column). */
export async function usageByAgent(db: TenantDb, since: number): Promise<Map<string, UsageStats>> {
  return db.usage.byAgent(since);
}
