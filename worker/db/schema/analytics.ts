// Analytics, cost and feedback (migration 0014): raw tool-call events, hourly and daily rollups (with fixed log-scale
// latency histograms, worker/lib/histogram.ts), model price overrides, budgets with the alerts sent for them, and
// feedback on answers. Usage events (one row per turn) are in usage-events.ts.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { binColumns } from '../../lib/histogram';
import type { RollupGrain } from '../rollup-grains';
import { createdAt, id, tenantId, updatedAt } from './columns';

const bins = <P extends 'lat' | 'ttft'>(prefix: P) =>
  Object.fromEntries(binColumns(prefix).map((c) => [c, integer(c).notNull().default(0)])) as Record<`${P}_${string}`, ReturnType<typeof integer>>;
/** The histogram bin columns, by SQL name (`lat_00` … `lat_31`, `ttft_00` … `ttft_31`). */
export const LAT_COLUMNS = binColumns('lat');
export const TTFT_COLUMNS = binColumns('ttft');

export const toolCallEvents = sqliteTable(
  'tool_call_events',
  {
    id: id(),
    tenantId: tenantId(),
    agentId: text('agent_id').notNull(),
    sessionId: text('session_id').notNull(),
    turnId: text('turn_id').notNull(),
    /** The call's position in its turn (a turn may call the same tool twice). */
    seq: integer('seq').notNull(),
    toolName: text('tool_name').notNull(),
    status: text('status').$type<'ok' | 'error'>().notNull(),
    errorCode: text('error_code'),
    latencyMs: integer('latency_ms').notNull(),
    source: text('source').notNull().default('api'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tool_call_events_turn_idx').on(t.tenantId, t.turnId, t.seq), index('tool_call_events_tenant_time_idx').on(t.tenantId, t.createdAt)],
);

/**
 * Usage per period (`grain` 'hour' or 'day' with every key, or a collapsed grain such as 'day:model' keeping the agent
 * and one key: worker/db/rollup-grains.ts; `bucket` the period's start in ms UTC) and key. Key columns are '' / 0 rather than
 * null so the primary key is the upsert target. `cost_usd` sums priced turns only; `priced_turns` says how many had a
 * price (0 → "no price").
 */
export const usageRollups = sqliteTable(
  'usage_rollups',
  {
    tenantId: tenantId(),
    grain: text('grain').$type<RollupGrain>().notNull(),
    bucket: integer('bucket').notNull(),
    agentId: text('agent_id').notNull().default(''),
    agentVersion: integer('agent_version').notNull().default(0),
    model: text('model').notNull().default(''),
    apiKeyId: text('api_key_id').notNull().default(''),
    source: text('source').notNull().default(''),
    workflowId: text('workflow_id').notNull().default(''),
    conversations: integer('conversations').notNull().default(0),
    turns: integer('turns').notNull().default(0),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    pricedTurns: integer('priced_turns').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    stepLimitHits: integer('step_limit_hits').notNull().default(0),
    toolCalls: integer('tool_calls').notNull().default(0),
    toolErrors: integer('tool_errors').notNull().default(0),
    feedbackUp: integer('feedback_up').notNull().default(0),
    feedbackDown: integer('feedback_down').notNull().default(0),
    ...bins('lat'),
    ...bins('ttft'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.grain, t.bucket, t.agentId, t.agentVersion, t.model, t.apiKeyId, t.source, t.workflowId] })],
);

/** Tool calls per period, agent and tool: calls, failures and a latency histogram. */
export const toolRollups = sqliteTable(
  'tool_rollups',
  {
    tenantId: tenantId(),
    grain: text('grain').$type<'hour' | 'day'>().notNull(),
    bucket: integer('bucket').notNull(),
    agentId: text('agent_id').notNull().default(''),
    toolName: text('tool_name').notNull(),
    calls: integer('calls').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    ...bins('lat'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.grain, t.bucket, t.agentId, t.toolName] })],
);

/** An organization's own price for a model (per million tokens); defaults live in code (worker/services/prices.ts). */
export const modelPrices = sqliteTable(
  'model_prices',
  {
    tenantId: tenantId(),
    model: text('model').notNull(),
    inputPerMtokUsd: real('input_per_mtok_usd').notNull(),
    outputPerMtokUsd: real('output_per_mtok_usd').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.model] })],
);

export const budgets = sqliteTable(
  'budgets',
  {
    id: id(),
    tenantId: tenantId(),
    scope: text('scope').$type<'tenant' | 'agent'>().notNull(),
    agentId: text('agent_id'),
    period: text('period').$type<'month'>().notNull().default('month'),
    limitUsd: real('limit_usd').notNull(),
    action: text('action').$type<'alert' | 'block'>().notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('budgets_tenant_idx').on(t.tenantId, t.id)],
);

/** One row per budget, period and threshold reached (50/80/100 %): the banner reads them, emails go out once. */
export const budgetAlerts = sqliteTable(
  'budget_alerts',
  {
    tenantId: tenantId(),
    budgetId: text('budget_id')
      .notNull()
      .references(() => budgets.id, { onDelete: 'cascade' }),
    periodStart: integer('period_start').notNull(),
    pct: integer('pct').notNull(),
    spentUsd: real('spent_usd').notNull(),
    emailed: integer('emailed', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.budgetId, t.periodStart, t.pct] })],
);

/** Thumbs on an answer: one per message (a new rating replaces the old), with the agent version it came from. */
export const messageFeedback = sqliteTable(
  'message_feedback',
  {
    tenantId: tenantId(),
    messageId: text('message_id').notNull(),
    sessionId: text('session_id').notNull(),
    agentId: text('agent_id').notNull(),
    agentVersion: integer('agent_version').notNull(),
    rating: text('rating').$type<'up' | 'down'>().notNull(),
    comment: text('comment'),
    source: text('source').notNull(),
    actorType: text('actor_type'),
    actorId: text('actor_id'),
    /** The answered turn, and the usage rollup row (hour bucket + keys) the rating is counted in (migration 0018). */
    turnId: text('turn_id'),
    rollupBucket: integer('rollup_bucket').notNull().default(0),
    rollupModel: text('rollup_model').notNull().default(''),
    rollupApiKeyId: text('rollup_api_key_id').notNull().default(''),
    rollupSource: text('rollup_source').notNull().default(''),
    rollupWorkflowId: text('rollup_workflow_id').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.messageId] }),
    index('message_feedback_session_idx').on(t.tenantId, t.sessionId),
    index('message_feedback_agent_idx').on(t.tenantId, t.agentId, t.createdAt),
  ],
);
