/**
 * The EVENTS consumer's writer: usage rows, tool call rows, session activity and the hourly and daily rollups
 * (usage_rollups, tool_rollups) for many tenants. Each row carries the tenant id from the event (set by our own
 * Durable Object, never by a client).
 *
 * A queue batch is written set-wise, not event by event: its events go in chunks, and each chunk is one D1 batch (one
 * transaction) of at most five statements, whatever the number of events. The rows travel as one JSON parameter
 * (`json_each`): the raw turns, the raw tool calls, the session activity (merged per session first), and one grouped
 * upsert per rollup table that counts the whole chunk in every grain (rollup-grains.ts). Fifty turns of one agent in an
 * hour are one `usage_rollups` row per grain, added to once, instead of fifty upserts of fourteen rows each.
 *
 * Exact under redelivery: every raw row gets a new id and is ignored when its (tenant, turn) or (tenant, turn, seq)
 * exists; the rollup upserts join the chunk's new ids to the raw tables, so a duplicate (redelivered, or twice in the
 * same chunk) has no row to join and adds nothing. The keys of a rollup row come from the stored raw row; the counts
 * from the event, worked out here (the same `isFailure`, bins and token rules as every reader).
 */
import { binOf } from '../lib/histogram';
import type { ToolCallEvent, UsageEvent } from '../queues/usage-events';
import { newId } from './ids';
import { int } from './json-rows';
import { ROLLUP_GRAINS_SQL, ROLLUP_KEYS, TURN_METRICS, addOnConflict, rollupKeysSql } from './rollup-grains';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Events per chunk (one D1 batch), and the most JSON text a chunk's largest parameter may hold. */
export const CHUNK_EVENTS = 100;
export const CHUNK_BYTES = 512 * 1024;

const binCol = (prefix: 'lat' | 'ttft', bin: number) => `${prefix}_${String(bin).padStart(2, '0')}`;

/** A turn counts as failed when it ended with an error code other than the user stopping it (as everywhere). */
export const isFailure = (code: string | null | undefined) => !!code && code !== 'cancelled';

/** `j.value ->> 'key'`: a field of the JSON row being read. */
const f = (key: string) => `j.value ->> '${key}'`;

const USAGE_COLUMNS = [
  'id',
  'tenant_id',
  'agent_id',
  'agent_version',
  'session_id',
  'turn_id',
  'model',
  'input_tokens',
  'output_tokens',
  'latency_ms',
  'ttft_ms',
  'steps',
  'status',
  'error_code',
  'source',
  'api_key_id',
  'workflow_id',
  'cost_usd',
  'new_conversation',
  'created_at',
] as const;
const TOOL_COLUMNS = [
  'id',
  'tenant_id',
  'agent_id',
  'session_id',
  'turn_id',
  'seq',
  'tool_name',
  'status',
  'error_code',
  'latency_ms',
  'source',
  'created_at',
] as const;

const insertRows = (table: string, columns: readonly string[]) =>
  `insert into "${table}" (${columns.join(', ')}) select ${columns.map(f).join(', ')} from json_each(?1) j where true on conflict do nothing`;
const INSERT_USAGE = insertRows('usage_events', USAGE_COLUMNS);
const INSERT_TOOL_CALLS = insertRows('tool_call_events', TOOL_COLUMNS);

/**
 * One statement per chunk for every session it touched: the latest activity, the highest message count, the first
 * title and the last status (what applying the chunk's events one by one in order would leave).
 */
const TOUCH_SESSIONS =
  'update "chat_sessions" set last_activity_at = max(chat_sessions.last_activity_at, t.at), message_count = max(chat_sessions.message_count, t.mc), ' +
  'title = coalesce(chat_sessions.title, t.title), status = t.status from (select value ->> 0 tenant, value ->> 1 session, value ->> 2 at, ' +
  'value ->> 3 mc, value ->> 4 title, value ->> 5 status from json_each(?1)) t where chat_sessions.tenant_id = t.tenant and chat_sessions.id = t.session';

/**
 * The grouped usage rollup upsert for a chunk whose turns fall in these latency / ttft bins (only those columns).
 * `x` reads each new turn once (its keys from the stored row, its counts from the JSON: extracting JSON fields is the
 * costly part, so it is done once per turn, not once per turn and grain); `h` sums the turns per full key and hour;
 * the upsert spreads those sums over every grain (a day bucket is the sum of its hours).
 */
function usageRollupSql(latBins: number[], ttftBins: number[]): string {
  const bins = [...latBins.map((b) => ['lat', b] as const), ...ttftBins.map((b) => ['ttft', b] as const)];
  const binCols = bins.map(([p, b]) => binCol(p, b));
  const metrics = [...TURN_METRICS, ...binCols];
  const full = [
    'e.tenant_id',
    `e.created_at - e.created_at % ${HOUR_MS} at`,
    'e.agent_id',
    'e.agent_version',
    'e.model',
    "coalesce(e.api_key_id, '') api_key_id",
    'e.source',
    "coalesce(e.workflow_id, '') workflow_id",
  ];
  const keys = rollupKeysSql('g', {
    tenant: 'h.tenant_id',
    at: 'h.at',
    agent: 'h.agent_id',
    version: 'h.agent_version',
    model: 'h.model',
    apiKey: 'h.api_key_id',
    source: 'h.source',
    workflow: 'h.workflow_id',
  });
  return (
    `with x as materialized (select ${[...full, ...TURN_METRICS.map((m) => `${f(m)} ${m}`), `${f('lat')} lat`, `${f('ttft')} ttft`].join(', ')} ` +
    `from json_each(?1) j join "usage_events" e on e.id = ${f('id')}), ` +
    // total(): 0.0 when every cost in a group is null (unpriced models); a null ttft is in no bin.
    `h as (select tenant_id, at, agent_id, agent_version, model, api_key_id, source, workflow_id, ` +
    `${[...TURN_METRICS.map((m) => (m === 'cost_usd' ? `total(${m}) ${m}` : `sum(${m}) ${m}`)), ...bins.map(([p, b]) => `sum(coalesce(${p}, -1) = ${b}) ${binCol(p, b)}`)].join(', ')} ` +
    `from x group by 1, 2, 3, 4, 5, 6, 7, 8) ` +
    `insert into "usage_rollups" (${[...ROLLUP_KEYS, ...metrics].join(', ')}) select ${[...keys, ...metrics.map((m) => `sum(h.${m})`)].join(', ')} ` +
    `from h join ${ROLLUP_GRAINS_SQL} g where true group by ${ROLLUP_KEYS.map((_, i) => i + 1).join(', ')} ${addOnConflict(metrics)}`
  );
}

const TOOL_KEYS = ['tenant_id', 'grain', 'bucket', 'agent_id', 'tool_name'];
/** The grouped tool rollup upsert (hour and day) for a chunk whose tool calls fall in these latency bins. */
function toolRollupSql(latBins: number[]): string {
  const metrics = ['calls', 'errors', ...latBins.map((b) => binCol('lat', b))];
  const sums = ['count(*)', 'sum(x.errors)', ...latBins.map((b) => `sum(x.lat = ${b})`)];
  return (
    `with x as materialized (select t.tenant_id, t.created_at, t.agent_id, t.tool_name, ${f('errors')} errors, ${f('lat')} lat ` +
    `from json_each(?1) j join "tool_call_events" t on t.id = ${f('id')}) ` +
    `insert into "tool_rollups" (${[...TOOL_KEYS, ...metrics].join(', ')}) ` +
    `select x.tenant_id, g.column1, x.created_at - x.created_at % g.column2, x.agent_id, x.tool_name, ${sums.join(', ')} ` +
    `from x join (values ('hour', ${HOUR_MS}), ('day', ${DAY_MS})) g where true ` +
    `group by 1, 2, 3, 4, 5 on conflict (${TOOL_KEYS.join(', ')}) do update set ${metrics.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`
  );
}

type Chunk = {
  turns: Record<string, unknown>[];
  tools: Record<string, unknown>[];
  sessions: Map<string, [string, string, number, number, string | null, string]>;
  latBins: Set<number>;
  ttftBins: Set<number>;
  toolBins: Set<number>;
  bytes: number;
};
const newChunk = (): Chunk => ({ turns: [], tools: [], sessions: new Map(), latBins: new Set(), ttftBins: new Set(), toolBins: new Set(), bytes: 0 });

/** Adds one event's rows to a chunk; answers the JSON size they add. */
function addEvent(c: Chunk, e: UsageEvent): number {
  const source = e.source ?? 'api';
  const cost = typeof e.cost_usd === 'number' && Number.isFinite(e.cost_usd) ? e.cost_usd : null;
  const tools: ToolCallEvent[] = Array.isArray(e.tools) ? e.tools : [];
  const latency = int(e.latency_ms);
  const ttft = typeof e.ttft_ms === 'number' ? int(e.ttft_ms) : null;
  const failed = isFailure(e.error_code);
  const lat = binOf(latency);
  const ttftBin = ttft === null ? null : binOf(ttft);
  c.latBins.add(lat);
  if (ttftBin !== null) c.ttftBins.add(ttftBin);
  const turn: Record<string, unknown> = {
    // The raw row (USAGE_COLUMNS)…
    id: newId('usage', e.at),
    tenant_id: e.tenant_id,
    agent_id: e.agent_id,
    agent_version: e.agent_version,
    session_id: e.session_id,
    turn_id: e.turn_id,
    model: e.model,
    input_tokens: int(e.input_tokens),
    output_tokens: int(e.output_tokens),
    latency_ms: latency,
    ttft_ms: ttft,
    steps: int(e.steps),
    status: e.status,
    error_code: e.error_code ?? null,
    source,
    api_key_id: e.api_key_id ?? null,
    workflow_id: e.workflow_id ?? null,
    cost_usd: cost,
    new_conversation: e.new_conversation === true ? 1 : 0,
    created_at: e.at,
    // …and what it adds to its rollups (TURN_METRICS, then its bins).
    conversations: e.new_conversation === true ? 1 : 0,
    turns: 1,
    priced_turns: cost === null ? 0 : 1,
    errors: failed ? 1 : 0,
    step_limit_hits: e.error_code === 'max_steps' ? 1 : 0,
    tool_calls: tools.length,
    tool_errors: tools.filter((t) => !t.ok).length,
    lat,
    ttft: ttftBin,
  };
  c.turns.push(turn);
  let bytes = 0;
  for (const t of tools) {
    const ms = int(t.duration_ms);
    const bin = binOf(ms);
    c.toolBins.add(bin);
    const row = {
      id: newId('toolCall', e.at),
      tenant_id: e.tenant_id,
      agent_id: e.agent_id,
      session_id: e.session_id,
      turn_id: e.turn_id,
      seq: int(t.seq),
      tool_name: String(t.name).slice(0, 200),
      status: t.ok ? 'ok' : 'error',
      error_code: t.ok ? null : (t.error_code ?? 'tool_error'),
      latency_ms: ms,
      source,
      created_at: e.at,
      errors: t.ok ? 0 : 1,
      lat: bin,
    };
    c.tools.push(row);
    bytes += JSON.stringify(row).length;
  }
  const key = `${e.tenant_id}\u0000${e.session_id}`;
  const prev = c.sessions.get(key);
  const status = failed ? 'error' : 'active';
  const title = e.title || null;
  const mc = int(e.message_count);
  if (!prev) c.sessions.set(key, [e.tenant_id, e.session_id, e.at, mc, title, status]);
  else c.sessions.set(key, [e.tenant_id, e.session_id, Math.max(prev[2], e.at), Math.max(prev[3], mc), prev[4] ?? title, status]);
  return bytes + JSON.stringify(turn).length;
}

/** The statements of one chunk, in the order they must run (raw rows before the rollups that join them). */
function chunkStatements(d1: D1Database, c: Chunk): D1PreparedStatement[] {
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  const turns = JSON.stringify(c.turns);
  const out = [
    d1.prepare(INSERT_USAGE).bind(turns),
    d1.prepare(TOUCH_SESSIONS).bind(JSON.stringify([...c.sessions.values()])),
    d1.prepare(usageRollupSql(sorted(c.latBins), sorted(c.ttftBins))).bind(turns),
  ];
  if (c.tools.length) {
    const tools = JSON.stringify(c.tools);
    out.push(d1.prepare(INSERT_TOOL_CALLS).bind(tools), d1.prepare(toolRollupSql(sorted(c.toolBins))).bind(tools));
  }
  return out;
}

/** The events in chunks of at most CHUNK_EVENTS events and about CHUNK_BYTES of JSON (an event never splits). */
export function chunkEvents(events: readonly UsageEvent[]): Chunk[] {
  const chunks: Chunk[] = [];
  let cur = newChunk();
  for (const e of events) {
    if (cur.turns.length >= CHUNK_EVENTS || (cur.turns.length && cur.bytes >= CHUNK_BYTES)) {
      chunks.push(cur);
      cur = newChunk();
    }
    cur.bytes += addEvent(cur, e);
  }
  if (cur.turns.length) chunks.push(cur);
  return chunks;
}

export async function writeUsageEvents(env: { DB: D1Database }, events: UsageEvent[]): Promise<void> {
  for (const c of chunkEvents(events)) await env.DB.batch(chunkStatements(env.DB, c));
}
