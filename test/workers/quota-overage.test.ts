// Soft limits and overage (issue 17 §2): on Pro, messages beyond the plan's allowance keep working (never refused) and
// the EVENTS consumer reports each turn to Stripe's meter (the fixture's /_control/meter_events), once per turn even
// when the same batch is redelivered through the worker's real queue() handler; Free organizations send nothing.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import worker from '../../worker/index';
import type { UsageEvent } from '../../worker/queues/usage-events';
import { billingChanged } from '../../worker/services/quota';
import { type Account, api, createAgent, createSession, signup } from './helpers';
import { deliver, usageEvent } from './helpers/usage-events';

const STRIPE = inject('stripeApiUrl');
type Sent = { event_name: string; identifier: string; payload: { stripe_customer_id: string; value: string } };
const meterEvents = async (customer: string): Promise<Sent[]> =>
  ((await (await fetch(`${STRIPE}/_control/meter_events`)).json()) as { data: Sent[] }).data.filter((e) => e.payload.stripe_customer_id === customer);

async function proOrg(messages: number): Promise<{ a: Account; customer: string }> {
  const a = await signup('Pro Co');
  const customer = `cus_q${crypto.randomUUID().replace(/-/g, '').slice(0, 14)}`;
  const now = Date.now();
  await env.DB.prepare(
    `insert into billing_accounts (tenant_id, stripe_customer_id, stripe_subscription_id, plan, status, price_id, current_period_start, current_period_end, custom_limits, created_at, updated_at)
     values (?, ?, ?, 'pro', 'active', 'price_pro_test', ?, ?, ?, ?, ?)`,
  )
    .bind(a.tenant.id, customer, `sub_${customer}`, now - 86_400_000, now + 20 * 86_400_000, JSON.stringify({ messages }), now, now)
    .run();
  await billingChanged(env, a.tenant.id);
  return { a, customer };
}

const turn = (tenantId: string, i: number): UsageEvent =>
  usageEvent(tenantId, 'agt_overage', Date.now() - 1000, {
    session_id: 'ses_overage',
    turn_id: `trn_overage_${i}_${crypto.randomUUID()}`,
    model: 'edgent-test',
    input_tokens: 10,
    output_tokens: 5,
    latency_ms: 100,
    ttft_ms: 20,
    new_conversation: i === 0,
    cost_usd: null,
    title: 'overage',
  });

describe('a soft limit (Pro messages)', () => {
  it('never refuses past the allowance', async () => {
    const { a } = await proOrg(1);
    const agent = await createAgent(a, { name: 'Busy', model: 'edgent-test' });
    const session = await createSession(a, agent.id);
    for (let i = 0; i < 3; i++) expect((await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: `p${i}` }, as: a })).status).toBe(200);
    const billing = (await (await api('/api/v1/billing', { as: a })).json()) as { plan: string };
    expect(billing.plan).toBe('pro');
  });

  it('reports each turn to the Stripe meter once, even when the batch is redelivered; Free sends nothing', async () => {
    const { a, customer } = await proOrg(1);
    const free = await signup('Free Co');
    const turns = [0, 1, 2].map((i) => turn(a.tenant.id, i));
    const batch = await deliver([...turns, turn(free.tenant.id, 9), turns[0]!]);
    expect(batch.messages.length).toBe(5);
    let sent = await meterEvents(customer);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({ event_name: 'edgent_messages', payload: { stripe_customer_id: customer, value: '1' } });
    expect(new Set(sent.map((e) => e.identifier))).toEqual(new Set(turns.map((t) => `edgent_${t.turn_id}`)));
    // The same batch again (a redelivery): Stripe answers 400 for identifiers it has seen, which counts as done.
    await deliver([...turns, turn(free.tenant.id, 9)]);
    sent = await meterEvents(customer);
    expect(sent).toHaveLength(3);
  });
});
