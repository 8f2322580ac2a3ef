// The usage event a turn sends to the EVENTS queue: tokens, latency and session activity, written to D1 in batches.
import type { TurnOutcome } from '../../durable-objects/turn';
import type { AgentSnapshot } from '../llm/snapshot';
import type { UsageSource, UsageTag } from '../schemas/analytics';

export type UsageEvent = {
  type: 'turn';
  tenant_id: string;
  agent_id: string;
  agent_version: number;
  session_id: string;
  turn_id: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  ttft_ms: number | null;
  steps: number;
  status: string;
  error_code: string | null;
  /** Where the turn came from, the API key that called and the workflow it ran for (worker/schemas/analytics.ts). */
  source: UsageSource;
  api_key_id: string | null;
  workflow_id: string | null;
  /** Whether this turn started its conversation (its first turn). */
  new_conversation: boolean;
  /** USD at the model's price when the turn ended (worker/services/prices.ts); null: the model has no price. */
  cost_usd?: number | null;
  /** The turn's tool calls in order (for tool_call_events and tool rollups). */
  tools?: ToolCallEvent[];
  /** A title for the conversation, from its first message; the consumer keeps the first one it sees. */
  title: string;
  message_count: number;
  at: number;
  /**
   * false: the budget meter has not counted this turn (it ended far from every limit) and the EVENTS consumer counts
   * it (worker/services/meter-batch.ts). Absent or true: counted when it ended.
   */
  metered?: boolean;
};

/** One tool call of a turn: its position, tool, duration and, when it failed, a short error code. */
export type ToolCallEvent = { seq: number; name: string; duration_ms: number; ok: boolean; error_code: string | null };

/** A short code for a failed tool call, from its output (tools answer failures in prose). */
export function toolErrorCode(output: string): string {
  if (/^Invalid arguments/i.test(output)) return 'invalid_arguments';
  if (/cancel+ed|interrupted/i.test(output)) return 'cancelled';
  if (/timed? ?out/i.test(output)) return 'timeout';
  if (/misconfigured|no longer exists|has no (MCP )?connection|not available here|no language configured/i.test(output)) return 'misconfigured';
  return 'tool_error';
}

export function toolCallEvents(o: Pick<TurnOutcome, 'steps'>): ToolCallEvent[] {
  const out: ToolCallEvent[] = [];
  for (const st of o.steps) {
    if (st.type !== 'tool') continue;
    out.push({
      seq: out.length,
      name: st.name,
      duration_ms: Math.max(0, Math.round(st.duration_ms)),
      ok: st.ok,
      error_code: st.ok ? null : toolErrorCode(st.output),
    });
  }
  return out;
}

export function usageEvent(
  s: AgentSnapshot,
  content: string,
  o: TurnOutcome,
  messageCount: number,
  tag: UsageTag,
  fresh: boolean,
  costUsd: number | null = null,
): UsageEvent {
  return {
    type: 'turn',
    tenant_id: s.tenantId,
    agent_id: s.agentId,
    agent_version: s.agentVersion,
    session_id: s.sessionId,
    turn_id: o.turnId,
    model: s.model,
    input_tokens: o.usage.input_tokens,
    output_tokens: o.usage.output_tokens,
    latency_ms: o.latencyMs,
    ttft_ms: o.ttftMs,
    steps: o.steps.length,
    status: o.status,
    error_code: o.error?.code ?? null,
    source: tag.source,
    api_key_id: tag.apiKeyId,
    workflow_id: tag.workflowId ?? null,
    new_conversation: fresh,
    cost_usd: costUsd,
    tools: toolCallEvents(o),
    title: content.replace(/\s+/g, ' ').trim().slice(0, 80),
    message_count: messageCount,
    at: Date.now(),
  };
}

export function isUsageEvent(v: unknown): v is UsageEvent {
  const e = v as Partial<UsageEvent> | null;
  return !!e && e.type === 'turn' && typeof e.tenant_id === 'string' && typeof e.session_id === 'string' && typeof e.turn_id === 'string';
}
