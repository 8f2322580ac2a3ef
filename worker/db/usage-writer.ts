/**
 * The EVENTS queue consumer's writer: usage rows, tool call rows, session activity and the hourly and daily rollups
 * (usage_rollups, tool_rollups) for many tenants, in D1 batches. Each statement carries the tenant id from the event
 * (set by our own Durable Object, never by a client).
 *
 * Exact under redelivery: the raw insert of a turn is ignored when its (tenant, turn) exists, and the rollup upsert is
 * an `INSERT … SELECT … FROM usage_events WHERE id = <this delivery's new id>` (one statement for every grain of
 * rollup-grains.ts), so it adds nothing when the raw insert
 * was a duplicate (tool rollups likewise select the tool call's new row). An event's statements always go in the same
 * D1 batch (one transaction); batches hold at most MAX_STATEMENTS statements and no statement binds more than 100
 * parameters (D1's limits).
 */
import { binOf } from '../lib/histogram';
import type { ToolCallEvent, UsageEvent } from '../queues/usage-events';
import { newId } from './ids';
import { ROLLUP_GRAINS_SQL, ROLLUP_KEYS, TURN_METRICS, addOnConflict, rollupKeysSql } from './rollup-grains';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const GRAINS = [
  ['hour', HOUR_MS],
  ['day', DAY_MS],
] as const;
/** Statements per D1 batch. */
export const MAX_STATEMENTS = 100;

const bin = (prefix: 'lat' | 'ttft', ms: number) => `${prefix}_${String(binOf(ms)).padStart(2, '0')}`;
const TOOL_KEYS = ['tenant_id', 'grain', 'bucket', 'agent_id', 'tool_name'];

/** A turn counts as failed when it ended with an error code other than the user stopping it (as everywhere). */
export const isFailure = (code: string | null | undefined) => !!code && code !== 'cancelled';

const upsert = (table: string, keys: string[], metrics: string[], select: string) =>
  `insert into "${table}" (${[...keys, ...metrics].join(', ')}) ${select} ` +
  `on conflict (${keys.join(', ')}) do update set ${metrics.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`;

/**
 * The SQL of the usage rollup upsert for a turn with these latency / ttft bins (cached: 32 × 33 shapes at most): one
 * statement counts the turn in every grain (rollup-grains.ts), its full and collapsed rows, hour and day.
 */
const usageSqlCache = new Map<string, string>();
function usageRollupSql(latBin: string, ttftBin: string | null): string {
  const k = `${latBin}|${ttftBin}`;
  let s = usageSqlCache.get(k);
  if (!s) {
    const metrics = [...TURN_METRICS, latBin, ...(ttftBin ? [ttftBin] : [])];
    const keys = rollupKeysSql('g', {
      tenant: 'e.tenant_id',
      at: 'e.created_at',
      agent: 'e.agent_id',
      version: 'e.agent_version',
      model: 'e.model',
      apiKey: "coalesce(e.api_key_id, '')",
      source: 'e.source',
      workflow: "coalesce(e.workflow_id, '')",
    });
    // ?1 conversations … then the new raw row's id last.
    const m = metrics.map((_, i) => `?${i + 1}`);
    s =
      `insert into "usage_rollups" (${[...ROLLUP_KEYS, ...metrics].join(', ')}) select ${[...keys, ...m].join(', ')} ` +
      `from "usage_events" e join ${ROLLUP_GRAINS_SQL} g where e.id = ?${metrics.length + 1} ${addOnConflict(metrics)}`;
    usageSqlCache.set(k, s);
  }
  return s;
}

const toolSqlCache = new Map<string, string>();
function toolRollupSql(latBin: string): string {
  let s = toolSqlCache.get(latBin);
  if (!s) {
    s = upsert(
      'tool_rollups',
      TOOL_KEYS,
      ['calls', 'errors', latBin],
      `select tenant_id, ?1, ?2, agent_id, tool_name, 1, ?3, 1 from "tool_call_events" where id = ?4`,
    );
    toolSqlCache.set(latBin, s);
  }
  return s;
}

const INSERT_USAGE =
  'insert into "usage_events" (id, tenant_id, agent_id, agent_version, session_id, turn_id, model, input_tokens, output_tokens, latency_ms, ' +
  'ttft_ms, steps, status, error_code, source, api_key_id, workflow_id, cost_usd, new_conversation, created_at) ' +
  'values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) on conflict do nothing';
const INSERT_TOOL_CALL =
  'insert into "tool_call_events" (id, tenant_id, agent_id, session_id, turn_id, seq, tool_name, status, error_code, latency_ms, source, created_at) ' +
  'values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) on conflict do nothing';
const TOUCH_SESSION =
  'update "chat_sessions" set last_activity_at = max(last_activity_at, ?1), message_count = max(message_count, ?2), ' +
  'title = coalesce(title, ?3), status = ?4 where tenant_id = ?5 and id = ?6';

const int = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0);

/**
 * Every statement one event needs, in units that must share a batch: the turn (raw row, session, usage rollups) and
 * each tool call (raw row, tool rollups). Each unit dedupes on its own raw row, so units may go in different batches.
 */
export function eventStatements(d1: D1Database, e: UsageEvent): D1PreparedStatement[][] {
  const id = newId('usage', e.at);
  const source = e.source ?? 'api';
  const cost = typeof e.cost_usd === 'number' && Number.isFinite(e.cost_usd) ? e.cost_usd : null;
  const tools: ToolCallEvent[] = Array.isArray(e.tools) ? e.tools : [];
  const latency = int(e.latency_ms);
  const ttft = typeof e.ttft_ms === 'number' ? int(e.ttft_ms) : null;
  const out: D1PreparedStatement[] = [
    d1
      .prepare(INSERT_USAGE)
      .bind(
        id,
        e.tenant_id,
        e.agent_id,
        e.agent_version,
        e.session_id,
        e.turn_id,
        e.model,
        int(e.input_tokens),
        int(e.output_tokens),
        latency,
        ttft,
        int(e.steps),
        e.status,
        e.error_code ?? null,
        source,
        e.api_key_id ?? null,
        e.workflow_id ?? null,
        cost,
        e.new_conversation === true ? 1 : 0,
        e.at,
      ),
    d1.prepare(TOUCH_SESSION).bind(e.at, int(e.message_count), e.title || null, isFailure(e.error_code) ? 'error' : 'active', e.tenant_id, e.session_id),
  ];
  const metrics = [
    e.new_conversation === true ? 1 : 0,
    1,
    int(e.input_tokens),
    int(e.output_tokens),
    cost ?? 0,
    cost === null ? 0 : 1,
    isFailure(e.error_code) ? 1 : 0,
    e.error_code === 'max_steps' ? 1 : 0,
    tools.length,
    tools.filter((t) => !t.ok).length,
    1,
    ...(ttft === null ? [] : [1]),
  ];
  const rollup = usageRollupSql(bin('lat', latency), ttft === null ? null : bin('ttft', ttft));
  out.push(d1.prepare(rollup).bind(...metrics, id));
  const units = [out];
  for (const t of tools) {
    const tid = newId('toolCall', e.at);
    const ms = int(t.duration_ms);
    const unit = [
      d1
        .prepare(INSERT_TOOL_CALL)
        .bind(
          tid,
          e.tenant_id,
          e.agent_id,
          e.session_id,
          e.turn_id,
          int(t.seq),
          String(t.name).slice(0, 200),
          t.ok ? 'ok' : 'error',
          t.ok ? null : (t.error_code ?? 'tool_error'),
          ms,
          source,
          e.at,
        ),
    ];
    const sql = toolRollupSql(bin('lat', ms));
    for (const [grain, size] of GRAINS) unit.push(d1.prepare(sql).bind(grain, Math.floor(e.at / size) * size, t.ok ? 0 : 1, tid));
    units.push(unit);
  }
  return units;
}

/** Units of statements packed into batches of at most MAX_STATEMENTS, never splitting a group. */
export function packBatches<T>(groups: T[][], max = MAX_STATEMENTS): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  for (const g of groups) {
    if (cur.length && cur.length + g.length > max) {
      out.push(cur);
      cur = [];
    }
    cur.push(...g);
  }
  if (cur.length) out.push(cur);
  return out;
}

export async function writeUsageEvents(env: { DB: D1Database }, events: UsageEvent[]): Promise<void> {
  if (!events.length) return;
  for (const batch of packBatches(events.flatMap((e) => eventStatements(env.DB, e)))) await env.DB.batch(batch);
}
