// Billing (issue 17), first part: the plans' limits in one config, which plan applies to an organization (billing off,
// active, trialing, past due within and after the grace period, canceled), and GET /api/v1/billing: usage this period
// from the real EVENTS consumer's rollups and the organization's rows, owners only, two tenants apart.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PLANS, limitsOf, planOfPrice, priceOf } from '../../worker/billing/plans';
import { apiBaseOptions } from '../../worker/billing/stripe-client';
import type { BillingAccount } from '../../worker/db/repos/billing';
import type { Bindings } from '../../worker/env';
import worker from '../../worker/index';
import type { UsageEvent } from '../../worker/queues/usage-events';
import { GRACE_DAYS, effectivePlan } from '../../worker/services/billing';
import { type Account, BASE, api, apiKey, createAgent, createEmbedKey, expectError, signup } from './helpers';
import { addPerson } from './helpers/people';
import { deliver, usageEvent } from './helpers/usage-events';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 15, 12);
const on = { ...env, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_PRICE_PRO: 'price_pro', STRIPE_PRICE_TEAM: 'price_team' } as unknown as Bindings;
const off = { ...env, STRIPE_SECRET_KEY: undefined } as unknown as Bindings;

const account = (over: Partial<BillingAccount>): BillingAccount => ({
  tenantId: 'ten_x',
  stripeCustomerId: 'cus_1',
  stripeSubscriptionId: 'sub_1',
  plan: 'pro',
  status: 'active',
  priceId: 'price_pro',
  currentPeriodStart: NOW - 10 * DAY,
  currentPeriodEnd: NOW + 20 * DAY,
  cancelAtPeriodEnd: false,
  graceUntil: null,
  customLimits: null,
  stateAt: 0,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

describe('plans and the plan that applies', () => {
  it('has one config: Free is never sold, paid plans name their Stripe price binding, limits grow with the plan', () => {
    expect(PLANS.free.priceBinding).toBeNull();
    expect(priceOf(on, 'pro')).toBe('price_pro');
    expect(priceOf(on, 'free')).toBeNull();
    expect(planOfPrice(on, 'price_team')).toBe('team');
    expect(planOfPrice(on, 'price_other')).toBeNull();
    for (const k of Object.keys(PLANS.free.limits) as (keyof typeof PLANS.free.limits)[]) {
      const [f, p, t] = [PLANS.free.limits[k], PLANS.pro.limits[k], PLANS.team.limits[k]];
      expect(p === null || (f !== null && p > f), k).toBe(true);
      expect(t === null || (p !== null && t >= p), k).toBe(true);
    }
  });

  it('takes the operator’s PLAN_LIMITS over the defaults, and an organization’s custom limits over those', () => {
    const plain = { PLAN_LIMITS: undefined };
    expect(limitsOf(plain, 'free')).toEqual(PLANS.free.limits);
    const op = { PLAN_LIMITS: JSON.stringify({ free: { agents: 10, seats: null, bogus: 3, messages: -1 }, pro: { messages: 5 }, gold: { agents: 1 } }) };
    expect(limitsOf(op, 'free')).toEqual({ ...PLANS.free.limits, agents: 10, seats: null });
    expect(limitsOf(op, 'pro')).toEqual({ ...PLANS.pro.limits, messages: 5 });
    expect(limitsOf(op, 'free', { agents: 2 })).toEqual({ ...PLANS.free.limits, agents: 2, seats: null });
    // Not JSON: the defaults (never a failed request).
    expect(limitsOf({ PLAN_LIMITS: '{oops' }, 'team')).toEqual(PLANS.team.limits);
    const grace = effectivePlan({ ...on, ...plain } as Bindings, account({ customLimits: { messages: 7 } }), NOW);
    expect(grace.limits).toEqual({ ...PLANS.pro.limits, messages: 7 });
  });

  it('gives Free without billing configured, whatever the account row says', () => {
    const p = effectivePlan(off, account({}), NOW);
    expect(p.plan).toBe('free');
    expect(p.limits).toEqual(limitsOf(off, 'free'));
    expect([p.periodStart, p.periodEnd]).toEqual([Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)]);
  });

  it('follows the subscription: active and trialing pay, past due keeps the plan through the grace period, then Free', () => {
    expect(effectivePlan(on, null, NOW)).toMatchObject({ plan: 'free', status: 'none' });
    expect(effectivePlan(on, account({}), NOW)).toMatchObject({ plan: 'pro', periodStart: NOW - 10 * DAY, periodEnd: NOW + 20 * DAY, inGrace: false });
    expect(effectivePlan(on, account({ status: 'trialing', plan: 'team' }), NOW)).toMatchObject({ plan: 'team', limits: limitsOf(on, 'team') });
    const grace = account({ status: 'past_due', graceUntil: NOW + GRACE_DAYS * DAY });
    expect(effectivePlan(on, grace, NOW)).toMatchObject({ plan: 'pro', inGrace: true });
    expect(effectivePlan(on, grace, NOW + GRACE_DAYS * DAY + 1)).toMatchObject({ plan: 'free', status: 'past_due', inGrace: false });
    expect(effectivePlan(on, account({ status: 'canceled' }), NOW)).toMatchObject({ plan: 'free', status: 'canceled' });
    expect(effectivePlan(on, account({ status: 'unpaid' }), NOW).plan).toBe('free');
    // A period long past (webhooks late): the calendar month counts until the next period arrives.
    const stale = effectivePlan(on, account({ currentPeriodStart: NOW - 60 * DAY, currentPeriodEnd: NOW - 30 * DAY }), NOW);
    expect([stale.plan, stale.periodStart]).toEqual(['pro', Date.UTC(2026, 10, 1)]);
  });

  it('points the SDK at STRIPE_API_BASE by host, port and protocol', () => {
    expect(apiBaseOptions(undefined)).toEqual({});
    expect(apiBaseOptions('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(apiBaseOptions('https://stripe.internal')).toEqual({ host: 'stripe.internal', port: 443, protocol: 'https' });
    expect(() => apiBaseOptions('not a url')).toThrow(/STRIPE_API_BASE/);
  });
});

const turn = (tenantId: string, agentId: string, at: number, tokens: number): UsageEvent =>
  usageEvent(tenantId, agentId, at, { input_tokens: tokens, output_tokens: 10, latency_ms: 500, ttft_ms: 100, cost_usd: null });

type Billing = {
  plan: string;
  status: string;
  current_period_start: string;
  current_period_end: string;
  usage: Record<string, number>;
  limits: Record<string, number | null>;
  billing_enabled: boolean;
  cancel_at_period_end: boolean;
  grace_until: string | null;
};
const billing = async (a: Account) => {
  const res = await api('/api/v1/billing', { as: a });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as Billing;
};

describe('GET /api/v1/billing', () => {
  it('shows the Free plan before any subscription, and this month’s usage against each limit', async () => {
    const a = await signup('Billing Usage');
    const agent = await createAgent(a, { name: 'Counter' });
    await createEmbedKey(a, agent.id);
    await addPerson(a, 'member');
    const now = Date.now();
    const lastMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1) - DAY;
    await deliver([
      turn(a.tenant.id, agent.id, now - 60_000, 100),
      turn(a.tenant.id, agent.id, now - 30_000, 200),
      turn(a.tenant.id, agent.id, lastMonth, 5000),
    ]);
    const b = await billing(a);
    const month = new Date(now);
    expect(b).toMatchObject({
      plan: 'free',
      status: 'none',
      billing_enabled: true,
      cancel_at_period_end: false,
      grace_until: null,
      current_period_start: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1)).toISOString(),
      current_period_end: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1)).toISOString(),
    });
    // Two turns this month (last month's is not counted); Hello World + Counter; owner + member; one embed key.
    expect(b.usage).toEqual({ messages: 2, tokens: 320, workflow_runs: 0, seats: 2, agents: 2, embed_keys: 1, code_tool_minutes: 0 });
    // The limits as this installation sets them (the tests' PLAN_LIMITS lifts Free's: vitest.config.ts).
    const free = limitsOf(off, 'free');
    const shown = {
      messages: free.messages,
      tokens: free.tokens,
      workflow_runs: free.workflow_runs,
      seats: free.seats,
      agents: free.agents,
      embed_keys: free.embed_keys,
      code_tool_minutes: free.code_tool_minutes,
    };
    expect(b.limits).toEqual(shown);
    // An operator's custom limits for this organization show at once.
    await env.DB.prepare('insert into billing_accounts (tenant_id, custom_limits, created_at, updated_at) values (?, ?, 0, 0)')
      .bind(a.tenant.id, JSON.stringify({ agents: 4, messages: 50 }))
      .run();
    expect((await billing(a)).limits).toEqual({ ...shown, agents: 4, messages: 50 });
  });

  it('is for owners only: admins and below get 403, an API key needs the * scope', async () => {
    const a = await signup('Billing Roles');
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const p = await addPerson(a, role);
      await expectError(await api('/api/v1/billing', { as: p }), 403, 'forbidden');
    }
    await expectError(await api('/api/v1/billing', { as: { key: await apiKey(a, ['analytics:read']) } }), 403);
    expect((await api('/api/v1/billing', { as: { key: await apiKey(a, ['*']) } })).status).toBe(200);
    expect((await api('/api/v1/billing')).status).toBe(401);
  });

  it('keeps two organizations apart', async () => {
    const a = await signup('Billing Tenant A');
    const b = await signup('Billing Tenant B');
    const agent = await createAgent(a, { name: 'Busy' });
    await deliver([turn(a.tenant.id, agent.id, Date.now() - 1000, 50)]);
    expect((await billing(a)).usage.messages).toBe(1);
    expect((await billing(b)).usage).toEqual({ messages: 0, tokens: 0, workflow_runs: 0, seats: 1, agents: 1, embed_keys: 0, code_tool_minutes: 0 });
  });
});

describe('PUT /operator/v1/tenants/:tenant_id/limits', () => {
  const operator = { authorization: `Bearer ${(env as unknown as { OPERATOR_TOKEN: string }).OPERATOR_TOKEN}` };
  it('gives one organization its own limits, shown at once, and returns it to its plan’s', async () => {
    const a = await signup('Custom Limits');
    const put = (body: unknown, headers: Record<string, string> = operator) =>
      SELF.fetch(`${BASE}/operator/v1/tenants/${a.tenant.id}/limits`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const res = await put({ limits: { messages: 5, agents: null } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Billing).limits).toMatchObject({ messages: 5, agents: null });
    expect((await billing(a)).limits.messages).toBe(5);
    expect((await put({ limits: null })).status).toBe(200);
    expect((await billing(a)).limits.messages).toBe(limitsOf(env as unknown as Bindings, 'free').messages);
    await expectError(await put({ limits: { messages: -1 } }), 400, 'validation_failed');
    await expectError(await put({ limits: { colour: 3 } }), 400, 'validation_failed');
    await expectError(await put({ limits: {} }, { authorization: 'Bearer nope' }), 401);
    const gone = await SELF.fetch(`${BASE}/operator/v1/tenants/ten_000000000000000000000000/limits`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...operator },
      body: JSON.stringify({ limits: null }),
    });
    await expectError(gone, 404, 'not_found');
  });
});
