// Faults in the EVENTS queue consumer (worker/queues/consumer.ts): a batch whose D1 write throws is retried, not
// lost and not half-written; a redelivered batch writes each turn once; malformed messages are dropped, not looped.
import { createExecutionContext, env, getQueueResult } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { handleQueue } from '../../worker/queues/consumer';
import type { UsageEvent } from '../../worker/queues/usage-events';
import { api, signup } from './helpers';
import { eventBatch, usageEvent } from './helpers/usage-events';

async function conversation() {
  const owner = await signup('Queue Faults');
  const agent = await (
    await api('/api/v1/agents', { method: 'POST', as: owner, body: { name: 'Q', instructions: 'Hi', model: 'edgent-test' } })
  ).json<{ id: string }>();
  const session = await (await api(`/api/v1/agents/${agent.id}/sessions`, { method: 'POST', as: owner, body: {} })).json<{ id: string }>();
  return { tenantId: owner.tenant.id, agentId: agent.id, sessionId: session.id };
}

const usage = (c: { tenantId: string; agentId: string; sessionId: string }, turn: string): UsageEvent =>
  usageEvent(c.tenantId, c.agentId, Date.now(), {
    session_id: c.sessionId,
    turn_id: turn,
    model: 'edgent-test',
    input_tokens: 5,
    output_tokens: 7,
    latency_ms: 30,
    ttft_ms: 10,
    cost_usd: undefined,
    tools: undefined,
    title: 'hello',
  });

const rows = (sessionId: string) =>
  env.DB.prepare('select turn_id from usage_events where session_id = ? order by turn_id').bind(sessionId).all<{ turn_id: string }>();
const batchOf = eventBatch;

describe('EVENTS queue consumer under faults', () => {
  it('retries the whole batch when the database write throws, and writes nothing half-way', async () => {
    const c = await conversation();
    const batch = batchOf([usage(c, 'turn_a'), usage(c, 'turn_b')]);
    const ctx = createExecutionContext();
    // A D1 binding that fails every statement, as during an outage.
    const broken = {
      prepare: () => {
        throw new Error('D1_ERROR: database unavailable');
      },
      batch: async () => {
        throw new Error('D1_ERROR: database unavailable');
      },
    } as unknown as D1Database;
    await handleQueue(batch, { ...env, DB: broken }, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(batch.messages.map((m) => m.id).sort());
    expect(result.explicitAcks).toEqual([]);
    expect((await rows(c.sessionId)).results).toEqual([]);
  });

  it('writes each turn once when the same batch is delivered again (at-least-once delivery)', async () => {
    const c = await conversation();
    const bodies = [usage(c, 'turn_a'), usage(c, 'turn_b')];
    for (let delivery = 0; delivery < 3; delivery++) {
      const batch = batchOf(bodies);
      const ctx = createExecutionContext();
      await handleQueue(batch, env, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.retryMessages).toEqual([]);
      expect(result.explicitAcks.length).toBe(2);
    }
    expect((await rows(c.sessionId)).results.map((r) => r.turn_id)).toEqual(['turn_a', 'turn_b']);
  });

  it('acknowledges malformed messages so they do not loop, and still writes the good ones', async () => {
    const c = await conversation();
    const batch = batchOf([{ type: 'nonsense' }, 'not an object', usage(c, 'turn_ok')]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks.length).toBe(3);
    expect((await rows(c.sessionId)).results.map((r) => r.turn_id)).toEqual(['turn_ok']);
  });
});
