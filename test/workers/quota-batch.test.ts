// Turns far from every limit are counted by the EVENTS consumer, one meter call per tenant per batch (issue 17,
// throughput: worker/services/meter-batch.ts), instead of one meter call per turn on the way out. What must stay
// true: each turn counted exactly once whichever path brings it and however often a batch is delivered; near a hard
// limit or under a blocking budget the turn goes to the meter directly (strict limits stay strict); a turn of a
// closed period does not count in the new one; another tenant's counts are untouched.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { BUDGET_CHECK, meterDirectly, meterState, reloadQuota, turnQueued } from '../../worker/services/budget-check';
import { deliver, usageEvent } from './helpers/usage-events';
import { BASE, type Account, api, createAgent, createSession, post, signup } from './helpers';
import { SELF } from 'cloudflare:test';

const OPERATOR = { authorization: `Bearer ${(env as unknown as { OPERATOR_TOKEN: string }).OPERATOR_TOKEN}`, 'content-type': 'application/json' };
const meter = (tenantId: string) => env.BUDGET_METER.get(env.BUDGET_METER.idFromName(tenantId));
const used = async (tenantId: string) => (await meter(tenantId).state()).quota.used;

async function setLimits(a: Account, limits: Record<string, number | null>) {
  const r = await SELF.fetch(`${BASE}/operator/v1/tenants/${a.tenant.id}/limits`, { method: 'PUT', headers: OPERATOR, body: JSON.stringify({ limits }) });
  expect(r.status).toBe(200);
}

describe('turns counted by the EVENTS consumer', () => {
  it('counts each turn once: a batch delivered twice, and a turn the meter already counted directly, add nothing', async () => {
    const a = await signup('Batch Co');
    const other = await signup('Other Co');
    const before = await used(a.tenant.id);
    const otherBefore = await used(other.tenant.id);
    const now = Date.now();
    const turns = [0, 1, 2].map((i) => usageEvent(a.tenant.id, 'agt_x', now + i, { metered: false, input_tokens: 100 * (i + 1), output_tokens: 10 }));
    await deliver(turns);
    const after = await used(a.tenant.id);
    expect(after.messages - before.messages).toBe(3);
    expect(after.tokens - before.tokens).toBe(100 + 200 + 300 + 30);
    // Redelivered (a retried batch): nothing more.
    await deliver(turns);
    expect((await used(a.tenant.id)).messages).toBe(after.messages);
    // A turn recorded on its way out (direct path, with its id), then seen again by the consumer: counted once.
    const direct = usageEvent(a.tenant.id, 'agt_x', now, { input_tokens: 5, output_tokens: 5 });
    await meter(a.tenant.id).record('agt_x', 0, Date.now(), { tokens: 10, id: direct.turn_id });
    await deliver([{ ...direct, metered: false }]);
    expect((await used(a.tenant.id)).messages).toBe(after.messages + 1);
    // Events without `metered: false` were counted when they ended: the consumer leaves them alone.
    await deliver([usageEvent(a.tenant.id, 'agt_x', now)]);
    expect((await used(a.tenant.id)).messages).toBe(after.messages + 1);
    expect((await used(other.tenant.id)).messages).toBe(otherBefore.messages);
  });

  it('adds the cost to the month’s spend, and does not count a turn of a period already closed', async () => {
    const a = await signup('Spend Co');
    const before = await meter(a.tenant.id).state();
    await deliver([
      usageEvent(a.tenant.id, 'agt_y', Date.now(), { metered: false, cost_usd: 0.25 }),
      usageEvent(a.tenant.id, 'agt_y', before.quota.periodStart - 60_000, { metered: false, cost_usd: 0.5 }),
    ]);
    const s = await meter(a.tenant.id).state();
    expect(s.quota.used.messages - before.quota.used.messages).toBe(1);
    expect(s.tenantSpent - before.tenantSpent).toBeCloseTo(0.25, 9);
    expect(s.agentSpent.agt_y).toBeCloseTo(0.25, 9);
  });

  it('a real turn far from its limits is left to the consumer and counted within moments', async () => {
    const a = await signup('Chat Co');
    const agent = await createAgent(a, { name: 'Counter', model: 'edgent-test' });
    const session = await createSession(a, agent.id);
    const before = (await used(a.tenant.id)).messages;
    expect((await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: 'hello', stream: false }, as: a })).status).toBe(200);
    expect((await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: 'again', stream: false }, as: a })).status).toBe(200);
    await vi.waitFor(async () => expect((await used(a.tenant.id)).messages - before).toBe(2), { timeout: 15_000, interval: 100 });
  });
});

describe('which turns go to the meter directly', () => {
  it('far from every limit: the consumer; within the headroom of a hard limit, under a blocking budget or without a copy: directly', async () => {
    const a = await signup('Route Co');
    const agent = await createAgent(a, { name: 'R', model: 'edgent-test' });
    expect(meterDirectly(`ten_${crypto.randomUUID()}`, agent.id)).toBe(true); // no copy of that tenant's state in this isolate
    await meterState(env as never, a.tenant.id);
    expect(meterDirectly(a.tenant.id, agent.id)).toBe(false); // Free plan, 1,000 messages, none used
    // 300 messages: 100 away is the headroom; turns still on their way through the queue count as pending.
    await setLimits(a, { messages: 300 });
    await reloadQuota(env as never, a.tenant.id);
    expect(meterDirectly(a.tenant.id, agent.id)).toBe(false);
    for (let i = 0; i < 200 - BUDGET_CHECK.QUEUE_HEADROOM + 100; i++) turnQueued(a.tenant.id);
    expect(meterDirectly(a.tenant.id, agent.id)).toBe(true);
    // A blocking budget: spend must be exact before the next turn.
    const b = await signup('Budget Co');
    const bAgent = await createAgent(b, { name: 'B', model: 'edgent-test' });
    await meterState(env as never, b.tenant.id);
    expect(meterDirectly(b.tenant.id, bAgent.id)).toBe(false);
    await post(b, '/api/v1/budgets', { scope: 'tenant', limit_usd: 5, action: 'block' });
    expect(meterDirectly(b.tenant.id, bAgent.id)).toBe(true);
  });
});
