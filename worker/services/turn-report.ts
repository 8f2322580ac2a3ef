/**
 * What happens after every turn, wherever it ran (AgentSession.report): its usage event goes to the EVENTS queue for
 * analytics, in this isolate's next window of events (queues/event-outbox.ts: one queue call for every turn that ends
 * within FLUSH_MS). Never on the path to the first token: the session object calls it in waitUntil once the turn ended.
 *
 * Issue 16 extends it in three places, one line each: the turn's cost (prices), the budget meter's spend, and the
 * message text for conversation search.
 */
import type { TurnOutcome } from '../../durable-objects/turn';
import type { Bindings } from '../env';
import type { AgentSnapshot } from '../llm/snapshot';
import { queueEvents } from '../queues/event-outbox';
import { searchEvent } from '../queues/search-events';
import { usageEvent } from '../queues/usage-events';
import type { UsageTag } from '../schemas/analytics';
import { meterDirectly, turnEnded, turnQueued } from './budget-check';
import { turnCostUsd } from './prices';

export type TurnReport = {
  snapshot: AgentSnapshot;
  /** The user's message ('' for stateless turns, whose input is not kept). */
  content: string;
  outcome: TurnOutcome;
  tag: UsageTag;
  /** Whether the turn started its conversation. */
  fresh: boolean;
  messageCount: number;
  /** Whether the conversation is stored (false for stateless completions and store:false responses). */
  stored: boolean;
};

export async function reportTurn(env: Bindings, r: TurnReport): Promise<void> {
  // Budgets and quota: first and synchronous, so the tenant's next check waits for this turn's spend and count
  // (budget-check.ts); the meter counts the turn as one message with its tokens (quota.ts).
  // Far from every blocking limit the turn is counted by the EVENTS consumer in its batch instead (meter-batch.ts).
  const direct = meterDirectly(r.snapshot.tenantId, r.snapshot.agentId);
  const spend = direct ? turnEnded(env, r.snapshot.tenantId, r.snapshot.agentId) : null;
  if (!direct) turnQueued(r.snapshot.tenantId);
  const cost = await turnCostUsd(env, r.snapshot.tenantId, r.snapshot.model, r.outcome.usage);
  // The usage event and, for stored conversations, the messages for conversation search (others keep no text), both
  // in the isolate's current window of events.
  const search = r.stored ? searchEvent(r.snapshot, r.content, r.outcome) : null;
  const usage = usageEvent(r.snapshot, r.content, r.outcome, r.messageCount, r.tag, r.fresh, cost);
  if (!direct) usage.metered = false;
  queueEvents(env.EVENTS, search ? [usage, search] : [usage]);
  await spend?.record(cost, { tokens: r.outcome.usage.input_tokens + r.outcome.usage.output_tokens, id: r.outcome.turnId });
}
