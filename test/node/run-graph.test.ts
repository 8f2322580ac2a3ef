// The run page's graph and timeline without a server: where steps go (saved positions, or layers by longest path),
// which edges are drawn, and that names, outputs and errors are escaped with the status always in words.
import { describe, expect, it } from 'vitest';
import { graphEdges, layoutGraph, NODE_W } from '../../worker/lib/run-graph-layout';
import type { RunJson, WorkflowStep } from '../../worker/schemas/workflows';
import { runViewOf } from '../../worker/services/run-pages';
import { RunLiveParts } from '../../views/pages/run-page';

const t = (id: string, value: unknown, extra: Partial<WorkflowStep> = {}) => ({ id, kind: 'transform', value, ...extra }) as WorkflowStep;

describe('run graph layout', () => {
  it('puts each step one layer after the deepest step it depends on (needs, references, routes)', () => {
    const steps = [
      t('a', 1),
      t('b', '{{steps.a.output}}'),
      t('c', 2, { needs: ['a'] }),
      t('d', '{{steps.b.output}} and {{steps.c.output.x}}'),
      { id: 'pick', kind: 'router', routes: { yes: ['e'] } } as WorkflowStep,
      t('e', 3),
    ];
    const layout = layoutGraph(steps);
    const x = Object.fromEntries(layout.nodes.map((n) => [n.id, n.x]));
    expect(x.a).toBe(x.pick);
    expect(x.b).toBe(x.c);
    expect(x.b).toBeGreaterThan(x.a!);
    expect(x.d).toBeGreaterThan(x.b!);
    expect(x.e).toBeGreaterThan(x.pick!);
    const ys = layout.nodes.filter((n) => n.x === x.b).map((n) => n.y);
    expect(new Set(ys).size).toBe(ys.length);
    expect(graphEdges(steps).map((e) => `${e.from}>${e.to}:${e.kind}`)).toEqual(['a>c:needs', 'a>b:ref', 'b>d:ref', 'c>d:ref', 'pick>e:route']);
    expect(layout.width).toBeGreaterThanOrEqual(x.d! + NODE_W);
  });

  it('uses the positions the builder saved when every step has one, and survives a cycle', () => {
    const placed = layoutGraph([t('a', 1, { position: { x: 300, y: 50 } }), t('b', 2, { position: { x: 100, y: 250 } })]);
    expect(placed.nodes).toEqual([
      { id: 'a', x: 212, y: 12 },
      { id: 'b', x: 12, y: 212 },
    ]);
    const cyclic = layoutGraph([t('a', '{{steps.b.output}}'), t('b', '{{steps.a.output}}')]);
    expect(cyclic.nodes).toHaveLength(2);
  });
});

const run = (steps: RunJson['steps'], status: RunJson['status'] = 'running'): RunJson => ({
  id: 'run_1',
  workflow_id: 'wfl_1',
  workflow_version: 2,
  status,
  trigger: { kind: 'api', id: null },
  parent_run_id: null,
  inputs: {},
  output: null,
  steps,
  tokens: { input: 10, output: 5 },
  cost_usd: 0,
  created_at: '2026-01-01T00:00:00.000Z',
  started_at: '2026-01-01T00:00:00.000Z',
  finished_at: null,
});

describe('run page parts', () => {
  const definition = {
    inputs: {},
    steps: [
      t('first', '<b>x</b>', { name: '<img src=x onerror=alert(1)>' }),
      { id: 'ok', kind: 'approval', message: 'Ship it?' } as WorkflowStep,
      t('later', 1),
    ],
  };
  const view = runViewOf(
    run([
      {
        id: 'first',
        kind: 'transform',
        status: 'failed',
        attempts: 3,
        input: { html: '<script>alert(1)</script>' },
        output: null,
        error: { code: 'step_failed', message: '<i>bad</i>' },
        started_at: '2026-01-01T00:00:00.000Z',
        finished_at: '2026-01-01T00:00:02.000Z',
      },
      {
        id: 'ok',
        kind: 'approval',
        status: 'waiting',
        attempts: 1,
        input: { message: 'Ship <it>?' },
        output: null,
        started_at: '2026-01-01T00:00:02.000Z',
        finished_at: null,
      },
    ]),
    { id: 'wfl_1', name: '<Wf & co>' },
    definition,
  );
  const render = (canWrite: boolean, only?: Set<string>) => String(RunLiveParts({ view, viewer: { canWrite, csrfToken: 'tok' }, only }));

  it('escapes names, inputs and errors, and says every status in words', () => {
    const html = render(true);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<i>bad</i>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;Wf &amp; co&gt;');
    expect(html).toMatch(/class="run-node is-failed"[\s\S]*?✗ Failed/);
    expect(html).toMatch(/id="node-later" class="run-node is-pending"[\s\S]*?○ Pending/);
    expect(html).toContain('3 attempts');
    expect(html).toContain('2.0 s');
  });

  it('offers Approve / Reject, Cancel, Retry and Re-run only to those who may change runs, when they apply', () => {
    const writer = render(true);
    expect(writer).toContain('/app/runs/run_1/steps/ok/approve');
    expect(writer).toContain('Cancel run');
    // The run still runs: a failed step is retried once the run has failed, re-runs start from finished runs.
    expect(writer).not.toContain('/retry');
    expect(writer).not.toContain('Re-run');
    const reader = render(false);
    expect(reader).not.toContain('/approve');
    expect(reader).not.toContain('Cancel run');
    expect(reader).toContain('Waiting for a member to approve or reject.');
    expect(reader).toContain('<p class="run-approval-message">Ship &lt;it&gt;?</p>');

    const failed = { ...view, run: { ...view.run, status: 'failed' as const } };
    const ended = (canWrite: boolean) => String(RunLiveParts({ view: failed, viewer: { canWrite, csrfToken: 'tok' } }));
    expect(ended(true)).toContain('/app/runs/run_1/steps/first/retry');
    expect(ended(true)).toContain('name="from_step" value="first"');
    expect(ended(true)).not.toContain('Cancel run');
    expect(ended(false)).not.toContain('/retry');
    expect(ended(false)).not.toContain('/rerun');
  });

  it('answers only the named steps (and always the header) for a live update', () => {
    const html = render(false, new Set(['ok']));
    expect(html).toContain('id="run-header"');
    expect(html).toContain('id="step-ok"');
    expect(html).toContain('id="node-ok"');
    expect(html).not.toContain('id="step-first"');
  });
});
