// The workflow engine through the ORCHESTRATION queue: agent steps (a real chat turn against the LLM fixture),
// tool steps (the agents' tool runtime against the tools fixture), routers (a model picks the branch), parallel
// branches that really overlap, and another organization's agent that a workflow cannot reach at run time.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { createAgent, post, signup } from './helpers';
import { start, stepOf, waitFor } from './helpers/runs';

const API = inject('toolsApiUrl');

describe('workflow engine: queued step kinds', () => {
  it('runs an agent step as a chat turn in its own conversation, with tokens, then a tool step with its output', async () => {
    const owner = await signup('Agent steps');
    const agent = await createAgent(owner, { name: 'Writer', model: 'edgent-test' });
    const conn = await post(owner, '/api/v1/connections', { name: 'Echo', kind: 'http', base_url: `${API}/echo`, auth: { type: 'none' } });
    const tool = await post(owner, '/api/v1/tools', {
      name: 'create_order',
      description: 'Create an order',
      kind: 'http',
      parameters: { type: 'object', properties: { item: { type: 'string' }, note: { type: 'string' } }, required: ['item'] },
      config: { method: 'POST', url: '/orders', body: 'json' },
      connection_id: conn.id,
    });
    const run = await start(
      owner.tenant.id,
      {
        inputs: { topic: { type: 'string', required: true } },
        steps: [
          { id: 'write', kind: 'agent', agent_id: agent.id, input: '[[reply:A poem about {{inputs.topic}}]]' },
          { id: 'order', kind: 'tool', tool_id: tool.id, arguments: { item: '{{inputs.topic}}', note: '{{steps.write.output}}' } },
          { id: 'calc', kind: 'tool', tool_id: 'tol_calculator', arguments: { expression: '6*7' } },
        ],
        output: { poem: '{{steps.write.output}}', sent: '{{steps.order.output.body}}', calc: '{{steps.calc.output}}' },
      },
      { topic: 'tea' },
    );
    expect(['running', 'succeeded']).toContain(run.status);
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed']);
    expect(done.error ?? null).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'write')).toMatchObject({ status: 'succeeded', attempts: 1, output: 'A poem about tea' });
    expect(stepOf(done, 'write').tokens!.input).toBeGreaterThan(0);
    expect(done.tokens.output).toBeGreaterThan(0);
    expect(done.output).toMatchObject({ poem: 'A poem about tea', sent: { item: 'tea', note: 'A poem about tea' } });
    expect(JSON.stringify((done.output as { calc: unknown }).calc)).toContain('42');
    // The agent step's conversation is a real one of the tenant, marked as a workflow's.
    const rows = await env.DB.prepare('select metadata from chat_sessions where tenant_id = ? and agent_id = ?')
      .bind(owner.tenant.id, agent.id)
      .all<{ metadata: string }>();
    expect(rows.results.map((r) => JSON.parse(r.metadata))).toEqual([
      expect.objectContaining({ via: 'workflow', workflow_run_id: run.id, workflow_step_id: 'write' }),
    ]);
  });

  it('a router picks a branch through the agent’s model: the other branch is skipped and the join runs', async () => {
    const owner = await signup('Router');
    const agent = await createAgent(owner, { name: 'Triage', model: 'edgent-test' });
    const run = await start(owner.tenant.id, {
      steps: [
        { id: 'triage', kind: 'router', agent_id: agent.id, input: 'Refund please [[reply:Billing.]]', routes: { billing: ['refund'], support: ['answer'] } },
        { id: 'refund', kind: 'transform', value: 'refunded' },
        { id: 'answer', kind: 'transform', value: 'answered' },
        { id: 'join', kind: 'transform', needs: ['refund', 'answer'], value: '{{steps.refund.output}}{{steps.answer.output}}' },
      ],
    });
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'triage').output).toEqual({ label: 'billing' });
    expect(stepOf(done, 'refund').status).toBe('succeeded');
    expect(stepOf(done, 'answer').status).toBe('skipped');
    expect(done.output).toBe('refunded');
  });

  it('a router without an agent uses the platform default model; an answer outside the labels fails the step', async () => {
    const owner = await signup('Router default');
    const ok = await start(owner.tenant.id, {
      steps: [
        { id: 'r', kind: 'router', input: '[[reply:support]]', routes: { billing: ['b'], support: ['s'] } },
        { id: 'b', kind: 'transform', value: 'b' },
        { id: 's', kind: 'transform', value: 's' },
      ],
    });
    const done = await waitFor(owner.tenant.id, ok.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'b').status).toBe('skipped');
    expect(done.output).toBe('s');
    const bad = await start(owner.tenant.id, {
      steps: [{ id: 'r', kind: 'router', retries: 0, input: '[[reply:sales]]', routes: { billing: [], support: [] } }],
    });
    const failed = await waitFor(owner.tenant.id, bad.id, ['succeeded', 'failed']);
    expect(failed.status).toBe('failed');
    expect(stepOf(failed, 'r').error).toMatchObject({ code: 'invalid_route' });
  });

  it('branches without needs between them run at the same time', async () => {
    const owner = await signup('Parallel');
    const agent = await createAgent(owner, { name: 'Slow', model: 'edgent-test' });
    const run = await start(owner.tenant.id, {
      steps: [
        { id: 'a', kind: 'agent', agent_id: agent.id, input: '[[reply:a a a a]] [[delay:400]]' },
        { id: 'b', kind: 'agent', agent_id: agent.id, input: '[[reply:b b b b]] [[delay:400]]' },
        { id: 'c', kind: 'agent', agent_id: agent.id, input: '[[reply:c c c c]] [[delay:400]]' },
        { id: 'join', kind: 'transform', value: '{{steps.a.output}}{{steps.b.output}}{{steps.c.output}}' },
      ],
    });
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed'], 25_000);
    expect(done.status).toBe('succeeded');
    expect(done.output).toBe('a a a ab b b bc c c c');
    const span = (id: string) => ({ start: Date.parse(stepOf(done, id).started_at!), end: Date.parse(stepOf(done, id).finished_at!) });
    const [a, b, c] = ['a', 'b', 'c'].map(span);
    // Every pair overlaps: each started before the others finished.
    for (const [x, y] of [
      [a, b],
      [a, c],
      [b, c],
    ] as const) {
      expect(x!.start).toBeLessThan(y!.end);
      expect(y!.start).toBeLessThan(x!.end);
    }
    // Together they took less wall time than one after the other would have.
    const total = [a!, b!, c!].reduce((n, x) => n + (x.end - x.start), 0);
    expect(Math.max(a!.end, b!.end, c!.end) - Math.min(a!.start, b!.start, c!.start)).toBeLessThan(total * 0.75);
  });

  it('a workflow cannot reach another organization’s agent or tool at run time', async () => {
    const owner = await signup('Owner org');
    const stranger = await signup('Other org');
    const theirAgent = await createAgent(stranger, { name: 'Theirs', model: 'edgent-test' });
    const theirTool = await post(stranger, '/api/v1/tools', {
      name: 'theirs',
      description: 'd',
      kind: 'http',
      parameters: { type: 'object', properties: {} },
      config: { method: 'GET', url: `${API}/health` },
    });
    const a = await start(owner.tenant.id, { steps: [{ id: 'x', kind: 'agent', agent_id: theirAgent.id, input: 'hello' }] });
    const t = await start(owner.tenant.id, { steps: [{ id: 'x', kind: 'tool', tool_id: theirTool.id }] });
    const ra = await waitFor(owner.tenant.id, a.id, ['succeeded', 'failed']);
    const rt = await waitFor(owner.tenant.id, t.id, ['succeeded', 'failed']);
    expect(ra.status).toBe('failed');
    expect(stepOf(ra, 'x')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'agent_not_found' } });
    expect(rt.status).toBe('failed');
    expect(stepOf(rt, 'x')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'tool_not_found' } });
    const theirs = await env.DB.prepare('select count(*) as n from chat_sessions where agent_id = ?').bind(theirAgent.id).first<{ n: number }>();
    expect(theirs!.n).toBe(0);
  });
});
