/**
 * WorkflowRun: one Durable Object per workflow run (named `${tenantId}:${runId}` by the server). It holds the run's
 * state in its SQLite (workflow-store.ts), decides which steps are ready (workflow-plan.ts), runs transform, router
 * skipping, `when`, approval and wait steps itself, and sends every other step attempt (or map element) to the
 * ORCHESTRATION queue. The consumer claims an attempt before executing it and reports its result; a report for an
 * attempt that is not the current one, or for a finished step, is ignored (queues deliver at least once). Retries,
 * attempt timeouts, waits, approval timeouts and the run's time limit are kept with the object's alarm.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';
import type { OrchestrationMessage, StepClaim, StepError, StepReport } from '../worker/queues/orchestration-message';
import type { MapInnerStep, RunEventName, RunJson, RunStatus, WorkflowStep } from '../worker/schemas/workflows';
import { type Scope, evalWhen, render } from './workflow-expr';
import { runJson, runSummaryEvent } from './workflow-json';

/** A finished sub-workflow's tokens and cost, reported as its parent step's. */
const totalsOf = (j: RunJson) => ({ tokens: j.tokens, cost_usd: j.cost_usd });
import { LIMITS, backoffMs, dependencies, skippedByRouter } from './workflow-plan';
import { type ParentLink, type RunState, RunStore, type StepRow, type StoredEvent, type UnitRow } from './workflow-store';

export type RunInit = Omit<RunState, 'status' | 'output' | 'error' | 'startedAt' | 'finishedAt' | 'parentNotified'> & {
  /** Re-runs: steps copied from the earlier run (outputs of the steps not downstream of the re-run's step). */
  seed?: Record<string, { status: 'succeeded' | 'skipped'; output: unknown; route: string | null }>;
};

const FINISHED = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);
const TERMINAL = new Set<RunStatus>(['succeeded', 'failed', 'cancelled']);
const ACTIVE_UNIT = new Set(['queued', 'running', 'retrying']);
const PING_MS = 15_000;

type Listener = (e: StoredEvent | null) => void;

export class WorkflowRun extends DurableObject<Bindings> {
  private store: RunStore;
  private outbox: OrchestrationMessage[] = [];
  private listeners = new Set<Listener>();
  private lastStatus: RunStatus | null = null;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.store = new RunStore(ctx.storage.sql);
  }

  // --- RPC -----------------------------------------------------------------------------------------------------

  /** Starts the run; idempotent (a second call answers the run as it stands). */
  async start(init: RunInit): Promise<RunJson> {
    const existing = this.store.run();
    if (existing) return this.json(existing);
    const now = Date.now();
    const { seed, ...rest } = init;
    const r: RunState = { ...rest, status: 'running', output: null, error: null, startedAt: now, finishedAt: null, parentNotified: false };
    this.store.saveRun(r);
    init.definition.steps.forEach((s, i) => {
      const copied = seed?.[s.id];
      this.store.insertStep(
        i,
        copied
          ? { id: s.id, kind: s.kind, status: copied.status, output: copied.output, route: copied.route, started_at: now, finished_at: now }
          : { id: s.id, kind: s.kind, status: 'pending' },
      );
    });
    this.emit('run.started', { status: 'running' });
    this.advance(r);
    await this.settle();
    return this.json(this.store.run()!);
  }

  /** The run, or null when this object holds none. */
  async snapshot(): Promise<RunJson | null> {
    const r = this.store.run();
    return r ? this.json(r) : null;
  }

  /** What a re-run needs: the definition, inputs and the run's steps as they ended. */
  async source(): Promise<{ run: RunState; steps: StepRow[] } | null> {
    const r = this.store.run();
    return r ? { run: r, steps: this.store.steps() } : null;
  }

  /** The consumer asks before executing: the attempt's work, or null when it is not current (duplicate, late). */
  async claim(stepId: string, attempt: number, itemIndex: number | null): Promise<StepClaim | null> {
    const r = this.store.run();
    if (!r || TERMINAL.has(r.status)) return null;
    const idx = itemIndex ?? -1;
    const u = this.store.unit(stepId, idx);
    const s = this.store.step(stepId);
    if (!u || !s || u.status !== 'queued' || u.attempts !== attempt || s.status !== 'running') return null;
    const now = Date.now();
    this.store.updateUnit(stepId, idx, { status: 'running', started_at: u.started_at ?? now });
    const def = this.stepDef(r, stepId);
    const inner: WorkflowStep | MapInnerStep = def.kind === 'map' ? def.step : def;
    const kind = inner.kind as StepClaim['kind'];
    return {
      tenantId: r.tenantId,
      runId: r.id,
      workflowId: r.workflowId,
      depth: r.depth,
      createdBy: r.createdBy,
      stepId,
      attempt,
      itemIndex,
      kind,
      agentId: inner.kind === 'agent' || inner.kind === 'router' ? (inner.agent_id ?? null) : null,
      toolId: inner.kind === 'tool' ? inner.tool_id : null,
      childWorkflowId: inner.kind === 'workflow' ? inner.workflow_id : null,
      input: u.input,
      labels: def.kind === 'router' ? Object.keys(def.routes) : [],
      timeoutMs: (inner.timeout_seconds ?? LIMITS.attemptTimeoutS) * 1000,
    };
  }

  /** An attempt's result. False when ignored: not the current attempt, or the step already finished. */
  async report(stepId: string, attempt: number, itemIndex: number | null, result: StepReport): Promise<boolean> {
    const r = this.store.run();
    if (!r || TERMINAL.has(r.status)) return false;
    const idx = itemIndex ?? -1;
    const u = this.store.unit(stepId, idx);
    const s = this.store.step(stepId);
    if (!u || !s || s.status !== 'running' || u.attempts !== attempt || (u.status !== 'queued' && u.status !== 'running')) return false;
    const tokens = result.tokens ?? { input: 0, output: 0 };
    // Every attempt's tokens and cost count (a failed attempt that reached the model spent them too).
    const cost = typeof result.cost_usd === 'number' ? (u.cost ?? 0) + result.cost_usd : u.cost;
    this.store.updateUnit(stepId, idx, { in_tok: u.in_tok + tokens.input, out_tok: u.out_tok + tokens.output, cost });
    if (result.ok && result.pending) {
      this.store.updateUnit(stepId, idx, { status: 'running', child_run_id: result.child_run_id ?? null, deadline_at: null });
    } else if (result.ok) {
      this.unitSucceeded(r, s, u, result.output, cost, result.child_run_id ?? null);
    } else {
      this.unitFailed(r, s, u, result.error, result.retryable !== false);
    }
    this.advance(this.store.run()!);
    await this.settle();
    return true;
  }

  /** The dead-letter queue gave up on a message: its attempt (if still current) fails the step without retries. */
  async deadLetter(stepId: string, attempt: number, itemIndex: number | null): Promise<boolean> {
    const r = this.store.run();
    if (!r || TERMINAL.has(r.status)) return false;
    const u = this.store.unit(stepId, itemIndex ?? -1);
    const s = this.store.step(stepId);
    if (!u || !s || s.status !== 'running' || u.attempts !== attempt || !ACTIVE_UNIT.has(u.status)) return false;
    this.unitFailed(r, s, u, { code: 'dead_letter', message: 'The step could not be delivered for execution (dead-letter queue)' }, false);
    this.advance(this.store.run()!);
    await this.settle();
    return true;
  }

  /** Cancels the run: running steps are cancelled and late reports ignored. False when it had already ended. */
  async cancel(): Promise<RunJson | null> {
    const r = this.store.run();
    if (!r) return null;
    if (!TERMINAL.has(r.status)) {
      const children = this.cancelOpenSteps();
      this.finishRun(r, 'cancelled', null);
      await this.settle();
      await Promise.allSettled(children.map((id) => this.runStub(r.tenantId, id).cancel()));
    }
    return this.json(this.store.run()!);
  }

  /** An approval step's decision. */
  async decide(stepId: string, approved: boolean, by: string, comment: string | null): Promise<'ok' | 'not_found' | 'not_waiting'> {
    const r = this.store.run();
    const s = this.store.step(stepId);
    if (!r || !s || s.kind !== 'approval') return 'not_found';
    if (TERMINAL.has(r.status) || s.status !== 'waiting') return 'not_waiting';
    const now = Date.now();
    const decision = { approved, by, comment, at: now };
    if (approved) {
      this.store.updateStep(stepId, { status: 'succeeded', decision, output: { approved: true, by, comment }, finished_at: now, due_at: null });
      this.emit('step.completed', { step_id: stepId, status: 'succeeded', decision: { approved, by, comment } });
    } else {
      const error = { code: 'rejected', message: `Rejected by ${by}${comment ? `: ${comment}` : ''}` };
      this.store.updateStep(stepId, { status: 'failed', decision, error, finished_at: now, due_at: null });
      this.emit('step.failed', { step_id: stepId, status: 'failed', error, decision: { approved, by, comment } });
      this.failRun(r, stepId, error);
    }
    this.advance(this.store.run()!);
    await this.settle();
    return 'ok';
  }

  /** Retries a failed step of a failed run: the step and the steps cancelled with it start again, the run resumes. */
  async retry(stepId: string): Promise<'ok' | 'not_found' | 'not_failed'> {
    const r = this.store.run();
    const s = this.store.step(stepId);
    if (!r || !s) return 'not_found';
    if (r.status !== 'failed' || s.status !== 'failed') return 'not_failed';
    for (const row of this.store.steps()) {
      if (row.id === stepId || row.status === 'cancelled') {
        this.store.deleteUnits(row.id);
        this.store.updateStep(row.id, {
          status: 'pending',
          error: null,
          output: null,
          input: null,
          decision: null,
          route: null,
          items_total: null,
          started_at: null,
          finished_at: null,
          due_at: null,
        });
      }
    }
    Object.assign(r, { status: 'running', error: null, finishedAt: null, output: null, parentNotified: false } satisfies Partial<RunState>);
    this.store.saveRun(r);
    this.emit('run.started', { status: 'running', retried_step: stepId });
    this.advance(r);
    await this.settle();
    return 'ok';
  }

  /** The run's events after `after` then live ones, with `: ping` keepalives; the stream ends with the run. */
  async events(after: number): Promise<ReadableStream<Uint8Array>> {
    const enc = new TextEncoder();
    const frame = (e: StoredEvent) => enc.encode(`id: ${e.seq}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
    let listener: Listener | null = null;
    let ping: ReturnType<typeof setInterval> | null = null;
    const stop = () => {
      if (listener) this.listeners.delete(listener);
      if (ping) clearInterval(ping);
    };
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        let last = after;
        const close = () => {
          stop();
          try {
            controller.close();
          } catch {
            // already closed by the reader
          }
        };
        for (const e of this.store.eventsAfter(after)) (controller.enqueue(frame(e)), (last = e.seq));
        const r = this.store.run();
        if (!r || TERMINAL.has(r.status)) return close();
        listener = (e) => {
          if (e === null) return close();
          if (e.seq <= last) return;
          last = e.seq;
          controller.enqueue(frame(e));
        };
        this.listeners.add(listener);
        ping = setInterval(() => {
          try {
            controller.enqueue(enc.encode(': ping\n\n'));
          } catch {
            stop();
          }
        }, PING_MS);
      },
      cancel: stop,
    });
  }

  /** Waits up to `ms` for the run to end; the run as it stands then. */
  async waitForEnd(ms: number): Promise<RunJson | null> {
    const r = this.store.run();
    if (!r) return null;
    // A run that waits for a person will not end within a request: answer at once (202), as when it finishes.
    const settled = () => TERMINAL.has(this.store.run()!.status) || this.awaitsPerson();
    if (!settled()) {
      await new Promise<void>((resolve) => {
        const l: Listener = (e) => {
          if (e === null || settled()) done();
        };
        const timer = setTimeout(() => done(), ms);
        const done = () => {
          clearTimeout(timer);
          this.listeners.delete(l);
          resolve();
        };
        this.listeners.add(l);
      });
    }
    return this.json(this.store.run()!);
  }

  /** True while the run is waiting and one of its approval steps waits for a decision. */
  private awaitsPerson(): boolean {
    return this.store.run()!.status === 'waiting' && this.store.steps().some((s) => s.kind === 'approval' && s.status === 'waiting');
  }

  /** Keeps time: next attempts, attempt timeouts, waits, approval timeouts, the run's limit, the parent's report. */
  override async alarm(): Promise<void> {
    const r = this.store.run();
    if (!r) return;
    const now = Date.now();
    if (!TERMINAL.has(r.status)) {
      for (const u of this.store.units()) {
        const s = this.store.step(u.step_id)!;
        if (s.status !== 'running') continue;
        if (u.status === 'retrying' && u.due_at !== null && u.due_at <= now) this.dispatch(r, s, u);
        else if ((u.status === 'queued' || u.status === 'running') && u.deadline_at !== null && u.deadline_at <= now)
          this.unitFailed(r, s, u, { code: 'timeout', message: 'The attempt took longer than its time limit' }, true);
      }
      for (const s of this.store.steps()) {
        if (s.status !== 'waiting' || s.due_at === null || s.due_at > now || TERMINAL.has(this.store.run()!.status)) continue;
        if (s.kind === 'wait') {
          this.store.updateStep(s.id, { status: 'succeeded', output: { waited_until: new Date(s.due_at).toISOString() }, finished_at: now, due_at: null });
          this.emit('step.completed', { step_id: s.id, status: 'succeeded' });
        } else {
          const error = { code: 'approval_timeout', message: 'Nobody decided before the approval timed out' };
          this.store.updateStep(s.id, { status: 'failed', error, finished_at: now, due_at: null });
          this.emit('step.failed', { step_id: s.id, status: 'failed', error });
          this.failRun(this.store.run()!, s.id, error);
        }
      }
      const cur = this.store.run()!;
      if (!TERMINAL.has(cur.status) && cur.status !== 'waiting' && now >= cur.createdAt + LIMITS.runMs) {
        const children = this.cancelOpenSteps();
        this.finishRun(cur, 'failed', { code: 'run_timeout', message: 'The run took longer than 24 hours' });
        void Promise.allSettled(children.map((id) => this.runStub(r.tenantId, id).cancel()));
      }
      this.advance(this.store.run()!);
    }
    await this.settle();
  }

  // --- the engine ----------------------------------------------------------------------------------------------

  private stepDef(r: RunState, id: string): WorkflowStep {
    return r.definition.steps.find((s) => s.id === id)!;
  }

  private scope(r: RunState, rows: StepRow[] = this.store.steps()): Scope {
    const steps: Scope['steps'] = {};
    for (const s of rows) if (s.status === 'succeeded') steps[s.id] = { output: s.output };
    return { inputs: r.inputs, steps };
  }

  private emit(event: RunEventName, data: Record<string, unknown>) {
    const r = this.store.run();
    const e = this.store.appendEvent(event, { run_id: r?.id, ...data, at: new Date().toISOString() });
    for (const l of [...this.listeners]) l(e);
  }

  /** Starts every ready step, repeatedly (transforms finish at once), then settles the run's status. */
  private advance(r: RunState) {
    if (TERMINAL.has(r.status)) return;
    for (let changed = true; changed;) {
      changed = false;
      const run = this.store.run()!;
      if (TERMINAL.has(run.status)) return;
      const rows = this.store.steps();
      const byId = new Map(rows.map((s) => [s.id, s]));
      for (const s of run.definition.steps) {
        const row = byId.get(s.id)!;
        if (row.status !== 'pending') continue;
        const deps = dependencies(run.definition, s).map((id) => byId.get(id)!);
        if (deps.some((d) => !FINISHED.has(d.status))) continue;
        changed = true;
        const routed = skippedByRouter(run.definition, s.id, (id) => byId.get(id)?.route ?? null);
        if (routed || (deps.length > 0 && !deps.some((d) => d.status === 'succeeded'))) {
          this.skip(s.id);
          break;
        }
        if (s.when) {
          let holds: boolean;
          try {
            holds = evalWhen(s.when, this.scope(run, rows));
          } catch (e) {
            this.failStep(run, s.id, { code: 'invalid_when', message: `"when" could not be evaluated: ${(e as Error).message}` });
            return;
          }
          if (!holds) {
            this.skip(s.id);
            break;
          }
        }
        try {
          this.begin(run, s, rows);
        } catch (e) {
          // Definitions are validated before they run; a template that still cannot render fails its step.
          this.failStep(run, s.id, { code: 'invalid_template', message: e instanceof Error ? e.message : String(e) });
          return;
        }
        break;
      }
    }
    this.settleStatus();
  }

  private skip(id: string) {
    const now = Date.now();
    this.store.updateStep(id, { status: 'skipped', started_at: now, finished_at: now });
    this.emit('step.completed', { step_id: id, status: 'skipped' });
  }

  private begin(r: RunState, s: WorkflowStep, rows: StepRow[]) {
    const now = Date.now();
    const scope = this.scope(r, rows);
    this.store.updateStep(s.id, { status: 'running', started_at: now });
    switch (s.kind) {
      case 'transform': {
        this.emit('step.started', { step_id: s.id, status: 'running', attempt: 1 });
        return this.finishStep(s.id, render(s.value, scope));
      }
      case 'approval': {
        const message = render(s.message, scope);
        const due = now + (s.timeout_seconds ?? LIMITS.approvalTimeoutS) * 1000;
        this.store.updateStep(s.id, { status: 'waiting', input: { message }, due_at: due });
        return this.emit('step.waiting', { step_id: s.id, status: 'waiting', message, until: new Date(due).toISOString() });
      }
      case 'wait': {
        const due = now + s.seconds * 1000;
        this.store.updateStep(s.id, { status: 'waiting', input: { seconds: s.seconds }, due_at: due });
        return this.emit('step.waiting', { step_id: s.id, status: 'waiting', until: new Date(due).toISOString() });
      }
      case 'map': {
        const list = render(s.over, scope);
        if (!Array.isArray(list))
          return this.failStep(r, s.id, { code: 'invalid_input', message: `"over" must yield a list, not ${list === null ? 'null' : typeof list}` });
        if (list.length > LIMITS.mapMaxItems)
          return this.failStep(r, s.id, { code: 'invalid_input', message: `"over" yields ${list.length} elements; the limit is ${LIMITS.mapMaxItems}` });
        this.store.updateStep(s.id, { items_total: list.length, input: { items: list.length } });
        this.emit('step.started', { step_id: s.id, status: 'running', items: list.length });
        list.forEach((item, index) => this.store.insertUnit(s.id, index, this.renderInner(s.step, { ...scope, item, index })));
        return this.pump(r, s.id);
      }
      default: {
        const input = this.renderInner(s, scope);
        this.store.updateStep(s.id, { input });
        this.store.insertUnit(s.id, -1, input);
        this.dispatch(r, this.store.step(s.id)!, this.store.unit(s.id, -1)!);
      }
    }
  }

  /** The rendered input of a queued step or a map element. */
  private renderInner(s: WorkflowStep | MapInnerStep, scope: Scope): unknown {
    switch (s.kind) {
      case 'agent':
        return render(s.input, scope);
      case 'tool':
        return render(s.arguments ?? {}, scope);
      case 'transform':
        return render(s.value, scope);
      case 'workflow':
        return render(s.inputs ?? {}, scope);
      case 'router':
        return s.input !== undefined ? render(s.input, scope) : JSON.stringify(scope.inputs);
      default:
        return null;
    }
  }

  /** Map steps: starts elements up to the concurrency limit; transform elements finish at once. */
  private pump(r: RunState, stepId: string) {
    const def = this.stepDef(r, stepId);
    if (def.kind !== 'map') return;
    const limit = def.concurrency ?? LIMITS.mapConcurrency;
    for (;;) {
      const s = this.store.step(stepId)!;
      if (s.status !== 'running') return;
      const units = this.store.units(stepId);
      if (units.every((u) => u.status === 'succeeded'))
        return this.finishStep(
          stepId,
          units.map((u) => u.output),
        );
      const active = units.filter((u) => ACTIVE_UNIT.has(u.status)).length;
      const next = units.find((u) => u.status === 'pending');
      if (!next || active >= limit) return;
      if (def.step.kind === 'transform') {
        const now = Date.now();
        this.store.updateUnit(stepId, next.idx, { status: 'succeeded', attempts: 1, output: next.input, started_at: now, finished_at: now });
      } else this.dispatch(r, s, next);
    }
  }

  /** Sends the unit's next attempt to the queue (after the state is written; see settle()). */
  private dispatch(r: RunState, s: StepRow, u: UnitRow) {
    const def = this.stepDef(r, s.id);
    const inner = def.kind === 'map' ? def.step : def;
    const attempt = u.attempts + 1;
    const now = Date.now();
    this.store.updateUnit(s.id, u.idx, {
      status: 'queued',
      attempts: attempt,
      due_at: null,
      deadline_at: now + (inner.timeout_seconds ?? LIMITS.attemptTimeoutS) * 1000,
      error: null,
    });
    if (u.idx === -1) this.emit('step.started', { step_id: s.id, status: 'running', attempt });
    this.outbox.push({
      run: `${r.tenantId}:${r.id}`,
      tenant_id: r.tenantId,
      run_id: r.id,
      step_id: s.id,
      attempt,
      ...(u.idx >= 0 ? { item_index: u.idx } : {}),
    });
  }

  private unitSucceeded(r: RunState, s: StepRow, u: UnitRow, output: unknown, cost: number | null, child: string | null) {
    const def = this.stepDef(r, s.id);
    if (u.idx === -1 && def.kind === 'router') {
      const label = typeof output === 'object' && output !== null ? (output as { label?: unknown }).label : output;
      if (typeof label !== 'string' || !Object.prototype.hasOwnProperty.call(def.routes, label)) {
        const error = { code: 'invalid_route', message: `The model picked ${JSON.stringify(label)}, not one of ${Object.keys(def.routes).join(', ')}` };
        return this.unitFailed(r, s, u, error, true);
      }
      this.store.updateStep(s.id, { route: label });
    }
    const now = Date.now();
    this.store.updateUnit(s.id, u.idx, {
      status: 'succeeded',
      output,
      cost: cost ?? u.cost,
      finished_at: now,
      deadline_at: null,
      ...(child ? { child_run_id: child } : {}),
    });
    if (u.idx >= 0) return this.pump(r, s.id);
    this.finishStep(s.id, output);
  }

  private unitFailed(r: RunState, s: StepRow, u: UnitRow, error: StepError, retryable: boolean) {
    const def = this.stepDef(r, s.id);
    const inner = def.kind === 'map' ? def.step : def;
    const retries = inner.retries ?? LIMITS.retries;
    const now = Date.now();
    if (retryable && u.attempts <= retries) {
      this.store.updateUnit(s.id, u.idx, { status: 'retrying', error, due_at: now + backoffMs(u.attempts), deadline_at: null });
      return;
    }
    this.store.updateUnit(s.id, u.idx, { status: 'failed', error, finished_at: now, deadline_at: null });
    this.failStep(r, s.id, u.idx >= 0 ? { code: error.code, message: `Element ${u.idx}: ${error.message}` } : error);
  }

  private finishStep(id: string, output: unknown) {
    this.store.updateStep(id, { status: 'succeeded', output, finished_at: Date.now() });
    const text = JSON.stringify(output ?? null);
    this.emit('step.completed', { step_id: id, status: 'succeeded', ...(text.length <= 8_000 ? { output } : {}) });
  }

  private failStep(r: RunState, id: string, error: StepError) {
    this.store.updateStep(id, { status: 'failed', error, finished_at: Date.now() });
    this.emit('step.failed', { step_id: id, status: 'failed', error });
    this.failRun(this.store.run()!, id, error);
  }

  /** A failed step fails the run; the other open steps are cancelled (their children too). */
  private failRun(r: RunState, stepId: string, error: StepError) {
    if (TERMINAL.has(r.status)) return;
    const children = this.cancelOpenSteps();
    this.finishRun(r, 'failed', { code: error.code, message: `Step "${stepId}" failed: ${error.message}` });
    if (children.length) this.ctx.waitUntil(Promise.allSettled(children.map((id) => this.runStub(r.tenantId, id).cancel())));
  }

  /** Cancels every open step and unit; answers the child runs to cancel. */
  private cancelOpenSteps(): string[] {
    const now = Date.now();
    const children: string[] = [];
    for (const u of this.store.units()) {
      if (u.status === 'succeeded' || u.status === 'failed' || u.status === 'cancelled') continue;
      if (u.child_run_id) children.push(u.child_run_id);
      this.store.updateUnit(u.step_id, u.idx, { status: 'cancelled', finished_at: now, due_at: null, deadline_at: null });
    }
    for (const s of this.store.steps()) {
      if (s.status === 'running' || s.status === 'waiting' || s.status === 'queued') {
        this.store.updateStep(s.id, { status: 'cancelled', finished_at: now, due_at: null });
      }
    }
    return children;
  }

  private finishRun(r: RunState, status: 'succeeded' | 'failed' | 'cancelled', error: StepError | null) {
    const cur = this.store.run()!;
    Object.assign(cur, { status, error, finishedAt: Date.now() } satisfies Partial<RunState>);
    if (status === 'succeeded') cur.output = this.runOutput(cur);
    this.store.saveRun(cur);
    const event = status === 'succeeded' ? 'run.completed' : status === 'failed' ? 'run.failed' : 'run.cancelled';
    this.emit(event, { status, ...(error ? { error } : {}) });
    void r;
  }

  private runOutput(r: RunState): unknown {
    const rows = this.store.steps();
    if (r.definition.output !== undefined) {
      try {
        return render(r.definition.output, this.scope(r, rows));
      } catch {
        return null;
      }
    }
    const last = rows[rows.length - 1];
    return last?.status === 'succeeded' ? last.output : null;
  }

  /** running / waiting / succeeded from the steps' states. */
  private settleStatus() {
    const r = this.store.run()!;
    if (TERMINAL.has(r.status)) return;
    const rows = this.store.steps();
    if (rows.every((s) => FINISHED.has(s.status))) return this.finishRun(r, 'succeeded', null);
    const busy = rows.some((s) => s.status === 'running' || s.status === 'queued');
    const status: RunStatus = busy ? 'running' : rows.some((s) => s.status === 'waiting') ? 'waiting' : 'running';
    if (status !== r.status) {
      r.status = status;
      this.store.saveRun(r);
    }
  }

  /** After every change: send queued messages, tell the runs list and the parent, set the alarm. */
  private async settle() {
    const r = this.store.run();
    if (!r) return;
    const msgs = this.outbox.splice(0);
    if (msgs.length) {
      try {
        for (let i = 0; i < msgs.length; i += 100) await this.env.ORCHESTRATION.sendBatch(msgs.slice(i, i + 100).map((body) => ({ body })));
      } catch (e) {
        // The attempts' timeouts (alarm) will try them again.
        console.error(JSON.stringify({ level: 'error', msg: 'orchestration send failed', run: r.id, error: String(e) }));
      }
    }
    if (r.status !== this.lastStatus || TERMINAL.has(r.status)) {
      this.lastStatus = r.status;
      try {
        await this.env.EVENTS.send(runSummaryEvent(r, this.store.units(), this.store.lastSeq()));
      } catch (e) {
        console.error(JSON.stringify({ level: 'error', msg: 'run summary send failed', run: r.id, error: String(e) }));
      }
    }
    if (TERMINAL.has(r.status)) {
      for (const l of [...this.listeners]) l(null);
      if (r.parent && !r.parentNotified) await this.notifyParent(r, r.parent);
    }
    await this.scheduleAlarm();
  }

  private async notifyParent(r: RunState, p: ParentLink) {
    const report: StepReport =
      r.status === 'succeeded'
        ? { ok: true, output: r.output, child_run_id: r.id, ...totalsOf(runJson(r, [], this.store.units())) }
        : {
            ok: false,
            error: {
              code: r.status === 'cancelled' ? 'cancelled' : 'child_failed',
              message: `Sub-workflow run ${r.id} ${r.status}${r.error ? `: ${r.error.message}` : ''}`,
            },
            retryable: false,
          };
    try {
      await this.runStub(r.tenantId, p.runId).report(p.stepId, p.attempt, p.itemIndex, report);
      r.parentNotified = true;
      this.store.saveRun(r);
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'parent run not told', run: r.id, error: String(e) }));
    }
  }

  private async scheduleAlarm() {
    const r = this.store.run()!;
    const times: number[] = [];
    if (!TERMINAL.has(r.status)) {
      times.push(r.createdAt + LIMITS.runMs);
      for (const u of this.store.units()) {
        if (u.status === 'retrying' && u.due_at !== null) times.push(u.due_at);
        if ((u.status === 'queued' || u.status === 'running') && u.deadline_at !== null) times.push(u.deadline_at);
      }
      for (const s of this.store.steps()) if (s.status === 'waiting' && s.due_at !== null) times.push(s.due_at);
    } else if (r.parent && !r.parentNotified) times.push(Date.now() + 5_000);
    if (times.length) await this.ctx.storage.setAlarm(Math.min(...times));
    else await this.ctx.storage.deleteAlarm();
  }

  private runStub(tenantId: string, runId: string) {
    return this.env.WORKFLOW_RUN.get(this.env.WORKFLOW_RUN.idFromName(`${tenantId}:${runId}`));
  }

  private json(r: RunState): RunJson {
    return runJson(r, this.store.steps(), this.store.units());
  }
}
