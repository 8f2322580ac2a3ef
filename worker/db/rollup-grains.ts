/**
 * The grains of usage_rollups. Every turn is counted in the full rows ('hour', 'day': every key) and in collapsed rows
 * with the other key columns '' / 0: 'day:agent' (the agent alone), 'day:all' (nothing: the whole organization) and
 * 'day:all:model', 'day:all:api_key', 'day:all:source', 'day:all:workflow' (that key alone); the same for 'hour'.
 * A chart reads the smallest grain that answers it (`chartGrain`): an organization-wide chart, seen by someone who
 * sees every agent, sums one row per bucket and group instead of one per combination of agent, version, model, API
 * key, source and workflow. Charts of one agent, and charts for people from whom private agents are hidden, need the
 * agent: they read 'day:agent' (ungrouped, or grouped by agent) or the full rows (grouped by anything else).
 * Each grain is one more row per turn for the writer, so the set is kept to the charts the pages and API draw most.
 *
 * Writers (the EVENTS consumer, the feedback service) and the migration that back-fills collapsed rows all take their
 * rows from ROLLUP_GRAINS_SQL, so the grains cannot drift apart.
 */
import { binColumns } from '../lib/histogram';
import type { GroupBy } from '../schemas/analytics';

export type BaseGrain = 'hour' | 'day';
type Dimension = Exclude<GroupBy, 'agent'>;
export type RollupGrain = BaseGrain | `${BaseGrain}:agent` | `${BaseGrain}:all` | `${BaseGrain}:all:${Dimension}`;

const SIZE: Record<BaseGrain, number> = { hour: 3_600_000, day: 86_400_000 };

/** Which key columns a grain keeps (besides tenant and bucket). */
export type Keeps = { agent: boolean; version: boolean; model: boolean; apiKey: boolean; source: boolean; workflow: boolean };
const EVERY: Keeps = { agent: true, version: true, model: true, apiKey: true, source: true, workflow: true };
const NONE: Keeps = { agent: false, version: false, model: false, apiKey: false, source: false, workflow: false };
const DIMENSION: Record<Dimension, Partial<Keeps>> = {
  model: { model: true },
  api_key: { apiKey: true },
  source: { source: true },
  workflow: { workflow: true },
};
const DIMENSIONS = Object.keys(DIMENSION) as Dimension[];

export const ROLLUP_GRAINS: { grain: RollupGrain; base: BaseGrain; size: number; keeps: Keeps }[] = (['hour', 'day'] as const).flatMap((base) => {
  const g = (grain: string, keeps: Keeps) => ({ grain: grain as RollupGrain, base, size: SIZE[base], keeps });
  return [
    g(base, EVERY),
    g(`${base}:agent`, { ...NONE, agent: true }),
    g(`${base}:all`, NONE),
    ...DIMENSIONS.map((d) => g(`${base}:all:${d}`, { ...NONE, ...DIMENSION[d] })),
  ];
});

/**
 * The grain a chart of `base` buckets grouped by `groupBy` (or not) reads: `byAgent` when the rows must keep the
 * agent (one agent's chart, or a viewer from whom some agents are hidden).
 */
export function chartGrain(base: BaseGrain, groupBy: GroupBy | null, byAgent: boolean): RollupGrain {
  if (groupBy === 'agent' || (byAgent && !groupBy)) return `${base}:agent`;
  if (byAgent) return base;
  return groupBy ? `${base}:all:${groupBy}` : `${base}:all`;
}

/**
 * A SQL table of the grains, to join with the row being counted: `g.column1` grain, `column2` its base grain,
 * `column3` bucket size in ms, then 1/0 for whether it keeps `column4` agent_id, `column5` agent_version, `column6`
 * model, `column7` api_key_id, `column8` source, `column9` workflow_id.
 */
export const ROLLUP_GRAINS_SQL = `(values ${ROLLUP_GRAINS.map(
  ({ grain, base, size, keeps: k }) => `('${grain}', '${base}', ${size}, ${+k.agent}, ${+k.version}, ${+k.model}, ${+k.apiKey}, ${+k.source}, ${+k.workflow})`,
).join(', ')})`;

/** The key columns of usage_rollups, in order (the primary key). */
export const ROLLUP_KEYS = ['tenant_id', 'grain', 'bucket', 'agent_id', 'agent_version', 'model', 'api_key_id', 'source', 'workflow_id'];

/**
 * The key values of the row a grain `g` (an alias of ROLLUP_GRAINS_SQL) keeps for a turn whose full keys are these SQL
 * expressions, in ROLLUP_KEYS order.
 */
export function rollupKeysSql(
  g: string,
  k: { tenant: string; at: string; agent: string; version: string; model: string; apiKey: string; source: string; workflow: string },
) {
  const keep = (col: number, expr: string, none: string) => `case when ${g}.column${col} then ${expr} else ${none} end`;
  return [
    k.tenant,
    `${g}.column1`,
    `${k.at} - ${k.at} % ${g}.column3`,
    keep(4, k.agent, "''"),
    keep(5, k.version, '0'),
    keep(6, k.model, "''"),
    keep(7, k.apiKey, "''"),
    keep(8, k.source, "''"),
    keep(9, k.workflow, "''"),
  ];
}

/** The metric columns a turn adds to (the writer binds them in this order, then its latency and ttft bins). */
export const TURN_METRICS = [
  'conversations',
  'turns',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'priced_turns',
  'errors',
  'step_limit_hits',
  'tool_calls',
  'tool_errors',
];
/** Every metric column of usage_rollups (summed over rows): a turn's, the feedback counts and the histograms. */
export const USAGE_ROLLUP_METRICS = [...TURN_METRICS, 'feedback_up', 'feedback_down', ...binColumns('lat'), ...binColumns('ttft')];

/** `on conflict (keys) do update set m = m + excluded.m, …` for these metric columns. */
export const addOnConflict = (metrics: string[]) =>
  `on conflict (${ROLLUP_KEYS.join(', ')}) do update set ${metrics.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`;

/**
 * Rebuilds the collapsed rows of a tenant (or every tenant, `tenantId` null) from its full rows: what migration 0019
 * ran once for rows written before collapsed grains existed. Deletes the collapsed rows first, so it may run again.
 */
export function rebuildCollapsedSql(tenantId: string | null, metrics = USAGE_ROLLUP_METRICS): string[] {
  const only = tenantId === null ? '' : ` and tenant_id = '${tenantId.replace(/'/g, "''")}'`;
  const keys = rollupKeysSql('g', {
    tenant: 'r.tenant_id',
    at: 'r.bucket',
    agent: 'r.agent_id',
    version: 'r.agent_version',
    model: 'r.model',
    apiKey: 'r.api_key_id',
    source: 'r.source',
    workflow: 'r.workflow_id',
  });
  return [
    `delete from usage_rollups where grain like '%:%'${only}`,
    `insert into usage_rollups (${[...ROLLUP_KEYS, ...metrics].join(', ')}) ` +
      `select ${[...keys, ...metrics.map((m) => `sum(r.${m})`)].join(', ')} from usage_rollups r join ${ROLLUP_GRAINS_SQL} g ` +
      `on g.column2 = r.grain and g.column1 != g.column2 where r.grain in ('hour', 'day')${only.replace('tenant_id', 'r.tenant_id')} ` +
      `group by ${ROLLUP_KEYS.map((_, i) => i + 1).join(', ')}`,
  ];
}
