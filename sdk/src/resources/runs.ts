// Workflow runs: the list (filtered by workflow and status), one run with its steps, control (cancel, approve or
// reject a waiting step, retry a failed step, re-run from a step) and the run's events as an async iterator that
// re-attaches with Last-Event-ID when the stream drops.
import type { Transport } from '../client.js';
import { EdgentConnectionError } from '../errors.js';
import { paginate } from '../pages.js';
import { readSse } from '../sse.js';
import type { Page, PageParams, Run, RunEvent, RunStatus, RunSummary } from '../types.js';

const run = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}`;
const TERMINAL = new Set(['run.completed', 'run.failed', 'run.cancelled']);

export type RunListParams = PageParams & { workflow_id?: string; status?: RunStatus };
export type RunEventsOptions = {
  /** Resume after this event id (the `id` of the last event received); from the start without it. */
  lastEventId?: string;
  signal?: AbortSignal;
};

export class Runs {
  constructor(private readonly t: Transport) {}

  list(params: RunListParams = {}): Promise<Page<RunSummary>> {
    return this.t.json('GET', '/api/v1/runs', { query: params });
  }
  /** Every run matching `params`, page after page. */
  iterate(params: RunListParams = {}): AsyncGenerator<RunSummary> {
    return paginate((p) => this.list({ ...params, ...p }), params);
  }
  get(id: string): Promise<Run> {
    return this.t.json('GET', run(id));
  }
  cancel(id: string): Promise<Run> {
    return this.t.json('POST', `${run(id)}/cancel`);
  }
  /** Decides a waiting approval step: approved, or rejected (`approved: false`). */
  approve(id: string, stepId: string, decision: { approved: boolean; comment?: string }): Promise<Run> {
    return this.t.json('POST', `${run(id)}/steps/${encodeURIComponent(stepId)}/approve`, { body: decision });
  }
  /** Runs a failed step again; the run resumes. */
  retry(id: string, stepId: string): Promise<Run> {
    return this.t.json('POST', `${run(id)}/steps/${encodeURIComponent(stepId)}/retry`);
  }
  /** A new run of the same version and inputs, keeping the outputs of steps not downstream of `fromStep`. */
  rerun(id: string, fromStep: string): Promise<Run> {
    return this.t.json('POST', `${run(id)}/rerun`, { body: { from_step: fromStep } });
  }

  /**
   * The run's events as they happen (`run.started`, `step.started`, `step.completed`, `step.failed`, `step.waiting`,
   * then `run.completed`, `run.failed` or `run.cancelled`). A finished run replays its events and ends. A dropped
   * stream is re-attached after the last event received (Last-Event-ID), nothing repeated.
   */
  async *events(id: string, opts: RunEventsOptions = {}): AsyncGenerator<RunEvent> {
    let lastId = opts.lastEventId;
    let reconnects = 0;
    for (;;) {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastId !== undefined ? { 'last-event-id': lastId } : {}) };
      const res = await this.t.raw('GET', `${run(id)}/events`, { headers, signal: opts.signal });
      let dropped: unknown = null;
      try {
        for await (const e of readSse(res.body!)) {
          if (e.id !== undefined) lastId = e.id;
          yield e as RunEvent;
          if (TERMINAL.has(e.type)) return;
        }
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        dropped = err;
      }
      // The stream ended without a final event: the run may still be going, so re-attach.
      if (reconnects >= this.t.maxReconnects)
        throw new EdgentConnectionError(
          `The events of run ${id} dropped ${reconnects + 1} times; resume later with lastEventId ${lastId ?? '(none)'}`,
          dropped ?? undefined,
        );
      await this.t.wait(reconnects++, opts.signal);
    }
  }
}
