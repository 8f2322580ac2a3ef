// Usage events for tests of the EVENTS consumer and what reads its rows (analytics, billing, quotas, rollups): one
// turn's event with plain defaults, and delivery of a batch through the worker's real queue() handler.
import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../../worker/index';
import type { UsageEvent } from '../../../worker/queues/usage-events';

/** One completed turn of `agentId` at `at` (1,000 input and 500 output tokens on gpt-4o-mini, priced); `over` wins. */
export function usageEvent(tenantId: string, agentId: string, at: number, over: Partial<UsageEvent> = {}): UsageEvent {
  return {
    type: 'turn',
    tenant_id: tenantId,
    agent_id: agentId,
    agent_version: 1,
    session_id: 'ses_none',
    turn_id: `trn_${crypto.randomUUID()}`,
    model: 'gpt-4o-mini',
    input_tokens: 1000,
    output_tokens: 500,
    latency_ms: 800,
    ttft_ms: 200,
    steps: 1,
    status: 'completed',
    error_code: null,
    source: 'api',
    api_key_id: null,
    workflow_id: null,
    new_conversation: false,
    cost_usd: 0.00045,
    tools: [],
    title: '',
    message_count: 2,
    at,
    ...over,
  };
}

/** A queue batch of `bodies` on the EVENTS queue (fresh message ids). */
export const eventBatch = (bodies: unknown[]) =>
  createMessageBatch(
    'edgent-events',
    bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })),
  );

/** Delivers `bodies` through the worker's queue() handler and waits for everything it started; the batch, to inspect. */
export async function deliver(bodies: readonly (UsageEvent | Record<string, unknown>)[]) {
  const batch = eventBatch([...bodies]);
  const ctx = createExecutionContext();
  await worker.queue!(batch as never, env as never, ctx);
  await waitOnExecutionContext(ctx);
  return batch;
}
