// Workflows: CRUD (every change is a new version), version history and restore, starting runs (at once, or waiting
// for the result), and each workflow's triggers (schedules and signed webhooks).
import type { Transport } from '../client.js';
import { paginate } from '../pages.js';
import type {
  Page,
  PageParams,
  Run,
  RunInput,
  Trigger,
  TriggerInput,
  TriggerPatch,
  TriggerWithSecret,
  Workflow,
  WorkflowInput,
  WorkflowPatch,
  WorkflowVersion,
} from '../types.js';

const wf = (id: string) => `/api/v1/workflows/${encodeURIComponent(id)}`;

export type RunOptions = {
  /** Same key, same workflow, within 24 h → the same run, not a second one (safe to retry). */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

export class Workflows {
  constructor(private readonly t: Transport) {}

  create(input: WorkflowInput): Promise<Workflow> {
    return this.t.json('POST', '/api/v1/workflows', { body: input });
  }
  list(params: PageParams & { q?: string } = {}): Promise<Page<Workflow>> {
    return this.t.json('GET', '/api/v1/workflows', { query: params });
  }
  /** Every workflow, page after page. */
  iterate(params: PageParams & { q?: string } = {}): AsyncGenerator<Workflow> {
    return paginate((p) => this.list({ ...params, ...p }), params);
  }
  get(id: string): Promise<Workflow> {
    return this.t.json('GET', wf(id));
  }
  update(id: string, patch: WorkflowPatch): Promise<Workflow> {
    return this.t.json('PATCH', wf(id), { body: patch });
  }
  delete(id: string): Promise<void> {
    return this.t.json('DELETE', wf(id));
  }
  versions(id: string, params: PageParams = {}): Promise<Page<WorkflowVersion>> {
    return this.t.json('GET', `${wf(id)}/versions`, { query: params });
  }
  /** Writes a new version equal to version `n`. */
  restore(id: string, n: number): Promise<Workflow> {
    return this.t.json('POST', `${wf(id)}/versions/${n}/restore`);
  }

  /** Starts a run of the current version and answers it at once (status `queued` or `running`). */
  run(id: string, inputs: RunInput = {}, opts: RunOptions = {}): Promise<Run> {
    return this.start(id, inputs, false, opts);
  }
  /**
   * Starts a run and waits for it to finish (the server waits up to 60 s; a longer run is then followed by polling
   * until it ends or `timeoutMs`, default 10 minutes, passes). Answers the run as it stands at the end.
   */
  async runAndWait(id: string, inputs: RunInput = {}, opts: RunOptions & { timeoutMs?: number; pollMs?: number } = {}): Promise<Run> {
    let run = await this.start(id, inputs, true, opts);
    const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
    while (!FINISHED.has(run.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1_000));
      run = await this.t.json('GET', `/api/v1/runs/${encodeURIComponent(run.id)}`, { signal: opts.signal });
    }
    return run;
  }
  private start(id: string, inputs: RunInput, wait: boolean, opts: RunOptions): Promise<Run> {
    return this.t.json('POST', `${wf(id)}/runs`, {
      body: { inputs, ...(wait ? { wait: true } : {}) },
      headers: opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : undefined,
      signal: opts.signal,
    });
  }
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

const triggers = (workflowId: string) => `${wf(workflowId)}/triggers`;
const trigger = (workflowId: string, id: string) => `${triggers(workflowId)}/${encodeURIComponent(id)}`;

/** A workflow's triggers. A webhook's `secret` is answered only by create and rotateSecret: keep it then. */
export class Triggers {
  constructor(private readonly t: Transport) {}

  create(workflowId: string, input: TriggerInput): Promise<TriggerWithSecret> {
    return this.t.json('POST', triggers(workflowId), { body: input });
  }
  list(workflowId: string): Promise<Page<Trigger>> {
    return this.t.json('GET', triggers(workflowId));
  }
  get(workflowId: string, id: string): Promise<Trigger> {
    return this.t.json('GET', trigger(workflowId, id));
  }
  /** Enable or disable, or change a schedule's cron, time zone or inputs. */
  update(workflowId: string, id: string, patch: TriggerPatch): Promise<Trigger> {
    return this.t.json('PATCH', trigger(workflowId, id), { body: patch });
  }
  delete(workflowId: string, id: string): Promise<void> {
    return this.t.json('DELETE', trigger(workflowId, id));
  }
  /** A new secret for a webhook trigger; the old one stops at once. */
  rotateSecret(workflowId: string, id: string): Promise<TriggerWithSecret> {
    return this.t.json('POST', `${trigger(workflowId, id)}/rotate-secret`);
  }
}
