// A WorkflowRun's SQLite: the run (one JSON row), its steps, the units that execute them (one per step attempt
// chain, or one per map element), and the numbered events an SSE client replays from.
import type { RunEventName, RunStatus, StepStatus, TriggerKind, WorkflowDefinition } from '../worker/schemas/workflows';
import type { StepError } from '../worker/queues/orchestration-message';

export type ParentLink = { runId: string; stepId: string; attempt: number; itemIndex: number | null };

export type RunState = {
  id: string;
  tenantId: string;
  workflowId: string;
  version: number;
  definition: WorkflowDefinition;
  inputs: Record<string, unknown>;
  status: RunStatus;
  trigger: { kind: TriggerKind; id: string | null };
  parent: ParentLink | null;
  depth: number;
  createdBy: string | null;
  output: unknown;
  error: StepError | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Set once the parent run heard of this run's end (sub-workflows). */
  parentNotified: boolean;
};

export type StepRow = {
  id: string;
  kind: string;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: StepError | null;
  decision: { approved: boolean; by: string; comment: string | null; at: number } | null;
  /** Routers: the label the model picked. */
  route: string | null;
  items_total: number | null;
  started_at: number | null;
  finished_at: number | null;
  /** Wait steps: when the wait ends; approval steps: when the approval times out. */
  due_at: number | null;
};

export type UnitStatus = 'pending' | 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
export type UnitRow = {
  step_id: string;
  idx: number;
  status: UnitStatus;
  attempts: number;
  input: unknown;
  output: unknown;
  error: StepError | null;
  in_tok: number;
  out_tok: number;
  cost: number | null;
  /** Retrying units: when the next attempt goes. */
  due_at: number | null;
  /** Queued/running units: when the attempt times out. */
  deadline_at: number | null;
  child_run_id: string | null;
  started_at: number | null;
  finished_at: number | null;
};

export type StoredEvent = { seq: number; event: RunEventName; data: Record<string, unknown> };

const SCHEMA = [
  `create table if not exists run (id integer primary key check (id = 1), data text not null)`,
  `create table if not exists steps (id text primary key, ord integer not null, kind text not null, status text not null,
    input text, output text, error text, decision text, route text, items_total integer, started_at integer,
    finished_at integer, due_at integer)`,
  `create table if not exists units (step_id text not null, idx integer not null, status text not null,
    attempts integer not null default 0, input text, output text, error text, in_tok integer not null default 0,
    out_tok integer not null default 0, cost real, due_at integer, deadline_at integer, child_run_id text,
    started_at integer, finished_at integer, primary key (step_id, idx))`,
  `create table if not exists events (seq integer primary key autoincrement, name text not null, data text not null)`,
];

const JSON_STEP = ['input', 'output', 'error', 'decision'] as const;
const JSON_UNIT = ['input', 'output', 'error'] as const;

const enc = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
function dec<T>(row: Record<string, unknown>, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of keys) out[k] = typeof row[k] === 'string' ? JSON.parse(row[k] as string) : null;
  return out as T;
}

export class RunStore {
  constructor(private sql: SqlStorage) {
    for (const s of SCHEMA) sql.exec(s);
  }

  run(): RunState | null {
    const row = this.sql.exec<{ data: string }>('select data from run where id = 1').toArray()[0];
    return row ? (JSON.parse(row.data) as RunState) : null;
  }
  saveRun(r: RunState) {
    this.sql.exec('insert into run (id, data) values (1, ?) on conflict (id) do update set data = excluded.data', JSON.stringify(r));
  }

  steps(): StepRow[] {
    return this.sql
      .exec('select * from steps order by ord')
      .toArray()
      .map((r) => dec<StepRow>(r, JSON_STEP));
  }
  step(id: string): StepRow | null {
    const r = this.sql.exec('select * from steps where id = ?', id).toArray()[0];
    return r ? dec<StepRow>(r, JSON_STEP) : null;
  }
  insertStep(ord: number, s: Pick<StepRow, 'id' | 'kind' | 'status'> & Partial<StepRow>) {
    this.sql.exec(
      'insert into steps (id, ord, kind, status, output, route, started_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      s.id,
      ord,
      s.kind,
      s.status,
      enc(s.output),
      s.route ?? null,
      s.started_at ?? null,
      s.finished_at ?? null,
    );
  }
  updateStep(id: string, patch: Partial<StepRow>) {
    const keys = Object.keys(patch) as (keyof StepRow)[];
    if (!keys.length) return;
    const vals = keys.map((k) => ((JSON_STEP as readonly string[]).includes(k) ? enc(patch[k]) : (patch[k] as SqlStorageValue)));
    this.sql.exec(`update steps set ${keys.map((k) => `${k} = ?`).join(', ')} where id = ?`, ...vals, id);
  }

  units(stepId?: string): UnitRow[] {
    const rows = stepId
      ? this.sql.exec('select * from units where step_id = ? order by idx', stepId).toArray()
      : this.sql.exec('select * from units order by step_id, idx').toArray();
    return rows.map((r) => dec<UnitRow>(r, JSON_UNIT));
  }
  unit(stepId: string, idx: number): UnitRow | null {
    const r = this.sql.exec('select * from units where step_id = ? and idx = ?', stepId, idx).toArray()[0];
    return r ? dec<UnitRow>(r, JSON_UNIT) : null;
  }
  insertUnit(stepId: string, idx: number, input: unknown) {
    this.sql.exec('insert or replace into units (step_id, idx, status, attempts, input) values (?, ?, ?, 0, ?)', stepId, idx, 'pending', enc(input));
  }
  updateUnit(stepId: string, idx: number, patch: Partial<UnitRow>) {
    const keys = Object.keys(patch) as (keyof UnitRow)[];
    if (!keys.length) return;
    const vals = keys.map((k) => ((JSON_UNIT as readonly string[]).includes(k) ? enc(patch[k]) : (patch[k] as SqlStorageValue)));
    this.sql.exec(`update units set ${keys.map((k) => `${k} = ?`).join(', ')} where step_id = ? and idx = ?`, ...vals, stepId, idx);
  }
  deleteUnits(stepId: string) {
    this.sql.exec('delete from units where step_id = ?', stepId);
  }

  appendEvent(event: RunEventName, data: Record<string, unknown>): StoredEvent {
    const row = this.sql.exec<{ seq: number }>('insert into events (name, data) values (?, ?) returning seq', event, JSON.stringify(data)).one();
    return { seq: row.seq, event, data };
  }
  eventsAfter(seq: number): StoredEvent[] {
    return this.sql
      .exec<{ seq: number; name: string; data: string }>('select seq, name, data from events where seq > ? order by seq', seq)
      .toArray()
      .map((r) => ({ seq: r.seq, event: r.name as RunEventName, data: JSON.parse(r.data) as Record<string, unknown> }));
  }
  lastSeq(): number {
    return this.sql.exec<{ s: number | null }>('select max(seq) as s from events').one().s ?? 0;
  }
}
