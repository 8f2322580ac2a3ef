// The code_tool_minutes limit (issue 17 §2; worker/tools/code-tools.ts, worker/services/budget-check.ts
// codeToolRefusal/recordCodeTime, durable-objects/budget-meter.ts recordCode): each code-tool run's wall time, rounded up
// to the second, counts in the organization's meter; GET /api/v1/billing and /app/billing show it against the plan's
// limit; once the minutes are used up, a code tool answers the model with the refusal instead of running, the turn still
// completes, and nothing more is counted. Another organization is untouched.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { recordCodeTime } from '../../worker/services/budget-check';
import type { MeterState } from '../../worker/services/quota-state';
import { type Account, BASE, api, createAgent, createSession, getPage, readSse, signup } from './helpers';

const OPERATOR = { authorization: `Bearer ${(env as unknown as { OPERATOR_TOKEN: string }).OPERATOR_TOKEN}`, 'content-type': 'application/json' };

async function setLimits(a: Account, limits: Record<string, number | null>) {
  const r = await SELF.fetch(`${BASE}/operator/v1/tenants/${a.tenant.id}/limits`, { method: 'PUT', headers: OPERATOR, body: JSON.stringify({ limits }) });
  expect(r.status).toBe(200);
}

const meter = (tenantId: string) => env.BUDGET_METER.get(env.BUDGET_METER.idFromName(tenantId));
const codeSeconds = async (tenantId: string) => ((await meter(tenantId).state()) as MeterState).quota.codeSeconds;
const callTool = (name: string, args: Record<string, unknown>) => `[[tool:${name} ${JSON.stringify(args)}]]`;

async function coder(a: Account) {
  const agent = await createAgent(a, { name: 'Coder', runtime: 'container', tool_ids: ['tol_run_python'] });
  return createSession(a, agent.id);
}

async function runPython(a: Account, sessionId: string, code: string) {
  const res = await api(`/api/v1/sessions/${sessionId}/messages`, { body: { content: `Compute. ${callTool('run_python', { code })}`, stream: true }, as: a });
  expect(res.status).toBe(200);
  const events = await readSse(res);
  return { result: events.find((e) => e.event === 'tool.result')!.data, last: events.at(-1)! };
}

type Billing = { usage: { code_tool_minutes: number }; limits: { code_tool_minutes: number | null } };
const billing = async (a: Account) => (await (await api('/api/v1/billing', { as: a })).json()) as Billing;

describe('code_tool_minutes', () => {
  it('counts each run’s wall time rounded up to the second, shows it in the API and on the Billing page, and refuses at the limit', async () => {
    const a = await signup('Code Minutes Co');
    const other = await signup('Other Code Co');
    await setLimits(a, { code_tool_minutes: 1 });
    const s = await coder(a);

    const first = await runPython(a, s.id, 'print(6*7)');
    expect(first.result).toMatchObject({ name: 'run_python', ok: true });
    const after1 = await codeSeconds(a.tenant.id);
    expect(Number.isInteger(after1)).toBe(true);
    expect(after1).toBeGreaterThanOrEqual(1);
    const b1 = await billing(a);
    expect(b1.limits.code_tool_minutes).toBe(1);
    expect(b1.usage.code_tool_minutes).toBe(Math.round((after1 * 100) / 60) / 100);

    const second = await runPython(a, s.id, 'print(1)');
    expect(second.result.ok).toBe(true);
    const after2 = await codeSeconds(a.tenant.id);
    expect(after2).toBeGreaterThanOrEqual(after1 + 1);

    // Up to the limit exactly (60 s): the next code call is refused before it runs, and the turn still answers.
    await recordCodeTime(env, a.tenant.id, (60 - after2) * 1000);
    const refused = await runPython(a, s.id, 'print("should not run")');
    expect(refused.result.ok).toBe(false);
    expect(refused.result.output).toMatch(/code-tool minutes of this billing period are used up/);
    expect(refused.result.output).toContain('/app/billing');
    expect(refused.result.output).not.toContain('should not run');
    expect(refused.last.event).toBe('message.completed');
    expect(await codeSeconds(a.tenant.id)).toBe(60);

    const b2 = await billing(a);
    expect(b2.usage.code_tool_minutes).toBe(1);
    const page = await (await getPage(a, '/app/billing')).text();
    expect(page).toContain('<span class="billing-usage-label">Code-tool minutes</span>');
    expect(page).toContain('1 of 1');
    // The owner's banner says code tools stop (the limit is reached).
    expect(await (await getPage(a, '/app/agents')).text()).toContain('code tools do not run');

    // Another organization: nothing counted, its code runs.
    expect((await billing(other)).usage.code_tool_minutes).toBe(0);
    const theirs = await runPython(other, (await coder(other)).id, 'print(2)');
    expect(theirs.result.ok).toBe(true);
  });

  it('is unlimited when the limit is lifted (null): nothing refuses however much is counted', async () => {
    const a = await signup('Unlimited Code Co');
    await setLimits(a, { code_tool_minutes: null });
    await recordCodeTime(env, a.tenant.id, 10_000 * 60 * 1000);
    const s = await coder(a);
    expect((await runPython(a, s.id, 'print(3)')).result.ok).toBe(true);
    const b = await billing(a);
    expect(b.limits.code_tool_minutes).toBeNull();
    expect(b.usage.code_tool_minutes).toBeGreaterThan(10_000);
  });
});
