// Triggers starting real runs on the engine: a signed webhook (inputs merged over the trigger's, Idempotency-Key, bad
// inputs), a schedule fired by the Scheduler (trigger schedule, idempotent per due time), and the workflows as MCP
// tools (listed with their input schema, called with trigger mcp, scopes).
import { SELF, env } from 'cloudflare:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it, vi } from 'vitest';
import { fireSchedule } from '../../worker/services/schedule-runs';
import { schedulerOf } from '../../worker/services/scheduler-client';
import { type Caller, BASE, api, apiKey, expectError, signup } from './helpers';
import { seedWorkflow } from './helpers/workflow-seed';
import { hook, sign, webhookTrigger } from './helpers/webhooks';

async function runOf(as: Caller, id: string, until?: string) {
  let run: any;
  await vi.waitFor(
    async () => {
      const res = await api(`/api/v1/runs/${id}`, { as });
      expect(res.status).toBe(200);
      run = await res.json();
      if (until) expect(run.status).toBe(until);
    },
    { timeout: 10_000, interval: 50 },
  );
  return run;
}

describe('webhook runs', () => {
  it('starts a run with the body merged over the trigger’s inputs and answers 202 {run_id}', async () => {
    const a = await signup('Hook runs');
    const { wf, trigger } = await webhookTrigger(a, { topic: 'default', extra: 'from the trigger' });
    const body = JSON.stringify({ topic: 'hello' });
    const res = await hook(trigger.url, body, { 'x-edgent-signature': await sign(trigger.secret, body) });
    expect(res.status).toBe(202);
    const { run_id } = (await res.json()) as { run_id: string };
    expect(run_id).toMatch(/^run_/);
    const run = await runOf(a, run_id, 'succeeded');
    expect(run).toMatchObject({
      workflow_id: wf.id,
      trigger: { kind: 'webhook', id: trigger.id },
      inputs: { topic: 'hello', extra: 'from the trigger' },
      output: { topic: 'hello', extra: 'from the trigger' },
    });
    // An empty body runs with the trigger's own inputs.
    const empty = await hook(trigger.url, '', { 'x-edgent-signature': await sign(trigger.secret, '') });
    expect(empty.status).toBe(202);
    expect((await runOf(a, ((await empty.json()) as any).run_id, 'succeeded')).inputs).toEqual({ topic: 'default', extra: 'from the trigger' });
  });

  it('answers the same run for a retried delivery with the same Idempotency-Key', async () => {
    const a = await signup('Hook idempotency');
    const { trigger } = await webhookTrigger(a);
    const body = JSON.stringify({ topic: 'once' });
    const headers = { 'x-edgent-signature': await sign(trigger.secret, body), 'idempotency-key': 'delivery-42' };
    const first = (await (await hook(trigger.url, body, headers)).json()) as any;
    const again = (await (await hook(trigger.url, body, headers)).json()) as any;
    expect(again.run_id).toBe(first.run_id);
    const other = (await (await hook(trigger.url, body, { ...headers, 'idempotency-key': 'delivery-43' })).json()) as any;
    expect(other.run_id).not.toBe(first.run_id);
    const none = (await (await hook(trigger.url, body, { 'x-edgent-signature': headers['x-edgent-signature'] })).json()) as any;
    expect([first.run_id, other.run_id]).not.toContain(none.run_id);
  });

  it('refuses inputs the workflow does not accept with 400 naming them, starting nothing', async () => {
    const a = await signup('Hook inputs');
    const { trigger } = await webhookTrigger(a);
    for (const body of ['{}', '{"topic": 5}']) {
      const err = await expectError(await hook(trigger.url, body, { 'x-edgent-signature': await sign(trigger.secret, body) }), 400, 'validation_failed');
      expect(err.details?.[0]?.path).toBe('inputs.topic');
    }
  });
});

describe('scheduled runs', () => {
  it('fires a run with trigger schedule and the trigger’s inputs, once per due time', async () => {
    const a = await signup('Schedule runs');
    const wf = await seedWorkflow(a);
    const res = await api(`/api/v1/workflows/${wf.id}/triggers`, { body: { kind: 'schedule', cron: '*/10 * * * *', inputs: { topic: 'cron' } }, as: a });
    const t = (await res.json()) as { id: string; next_run_at: string };
    const due = Date.parse(t.next_run_at);
    const fired = await schedulerOf(env, a.tenant.id).tick(due + 5_000);
    const result = fired[t.id] as { status: string; runId: string };
    expect(result.status).toBe('fired');
    const run = await runOf(a, result.runId, 'succeeded');
    expect(run).toMatchObject({ workflow_id: wf.id, trigger: { kind: 'schedule', id: t.id }, inputs: { topic: 'cron' }, output: { topic: 'cron' } });
    // The same due time again (an alarm retried after a crash) answers the same run.
    const again = await fireSchedule(env, a.tenant.id, t.id, due, due + 6_000, null);
    expect(again).toEqual({ status: 'fired', runId: result.runId });
    // The runs list shows it under its trigger.
    await vi.waitFor(
      async () => {
        const list = (await (await api(`/api/v1/runs?workflow_id=${wf.id}`, { as: a })).json()) as any;
        expect(list.data.map((r: any) => [r.id, r.trigger.kind])).toContainEqual([result.runId, 'schedule']);
        // The list's rows come through the EVENTS queue, which gathers a batch for up to 2 s.
      },
      { timeout: 15_000, interval: 200 },
    );
  });
});

async function connect(key: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
    fetch: ((url: string | URL, init?: RequestInit) => SELF.fetch(url, init)) as typeof fetch,
  });
  const client = new Client({ name: 'edgent-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('workflows as MCP tools', () => {
  it('lists workflow_<slug> tools with the inputs as schema next to the agents, and runs one with trigger mcp', async () => {
    const a = await signup('MCP workflows');
    const wf = await seedWorkflow(a, undefined, 'Echo Topic');
    const client = await connect(await apiKey(a));
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === `workflow_${wf.slug}`)!;
    expect(tools.map((t) => t.name)).toContain('ask_hello-world');
    expect(tool.inputSchema).toEqual({
      type: 'object',
      properties: { topic: { type: 'string' }, extra: { type: 'string' } },
      required: ['topic'],
      additionalProperties: false,
    });
    const result = (await client.callTool({ name: tool.name, arguments: { topic: 'mcp', extra: 'yes' } })) as any;
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.content[0].text)).toEqual({ topic: 'mcp', extra: 'yes' });
    const runId = result.structuredContent.run_id as string;
    expect(result.content[1].text).toBe(`run_id: ${runId}`);
    expect(await runOf(a, runId)).toMatchObject({ status: 'succeeded', trigger: { kind: 'mcp', id: null } });

    // Bad inputs are a tool error the model can read.
    const bad = (await client.callTool({ name: tool.name, arguments: { topic: 5 } })) as any;
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toContain('inputs.topic');
    await client.close();
  });

  it('lists workflows only for workflows:read, and runs them only with runs:write', async () => {
    const a = await signup('MCP workflow scopes');
    const wf = await seedWorkflow(a);
    const agentsOnly = await connect(await apiKey(a, ['agents:read']));
    expect((await agentsOnly.listTools()).tools.map((t) => t.name)).toEqual(['ask_hello-world']);
    await agentsOnly.close();
    const readOnly = await connect(await apiKey(a, ['workflows:read']));
    expect((await readOnly.listTools()).tools.map((t) => t.name)).toEqual([`workflow_${wf.slug}`]);
    const refused = (await readOnly.callTool({ name: `workflow_${wf.slug}`, arguments: { topic: 'x' } })) as any;
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toContain('"runs:write"');
    await readOnly.close();
    const runner = await connect(await apiKey(a, ['workflows:read', 'runs:write']));
    const ok = (await runner.callTool({ name: `workflow_${wf.slug}`, arguments: { topic: 'x' } })) as any;
    expect(ok.isError).toBeFalsy();
    await expect(runner.callTool({ name: 'workflow_no-such-flow', arguments: {} })).rejects.toThrow(/Unknown tool/);
    await runner.close();
    // Another tenant's workflow is not a tool of this one.
    const b = await signup('MCP other tenant');
    const other = await connect(await apiKey(b));
    await expect(other.callTool({ name: `workflow_${wf.slug}`, arguments: { topic: 'x' } })).rejects.toThrow(/Unknown tool/);
    await other.close();
  });
});
