// Analytics, cost and feedback (API.md, "Analytics, cost and feedback"): where a turn came from, the usage query and
// its rows, model prices, budgets and feedback. The pipeline (queue consumer, rollups), the API, the pages, the budget
// meter and the SDK all read these shapes.
import { z } from 'zod';
import { iso } from './common';

/**
 * Where a turn came from (the `source` of usage events and rollups). Every entry point of the turn service names its
 * own: the app's chat page and test panel (`app`), the sessions API (`api`), the OpenAI-compatible chat completions
 * and Responses APIs (`openai`), MCP (`mcp`), the widget (`widget`), share links (`share_link`), workflow steps
 * (`workflow`), another agent asking through call_agent (`call_agent`) and a listing's try-it chat (`marketplace`).
 */
export const USAGE_SOURCES = ['app', 'api', 'openai', 'mcp', 'widget', 'share_link', 'workflow', 'call_agent', 'marketplace'] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];
export const SOURCE_LABELS: Record<UsageSource, string> = {
  app: 'App',
  api: 'API',
  openai: 'OpenAI-compatible',
  mcp: 'MCP',
  widget: 'Widget',
  share_link: 'Share link',
  workflow: 'Workflow',
  call_agent: 'Agent call',
  marketplace: 'Marketplace try-it',
};

/**
 * What a turn is tagged with for analytics, set by the entry point (never by a client) and carried by the session
 * object into the usage event: the source, the API key that called (null for people, the widget and share links)
 * and, for workflow steps, the workflow.
 */
export type UsageTag = { source: UsageSource; apiKeyId: string | null; workflowId?: string | null };

export const INTERVALS = ['hour', 'day'] as const;
export const GROUP_BY = ['agent', 'model', 'api_key', 'source', 'workflow'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/**
 * GET /api/v1/analytics/usage. `from`/`to`: ISO 8601 times (default: the last 7 days); `interval` hour|day (default
 * day, hour when the range is 48 h or less); `group_by` optional (no grouping: `key` is null); `agent_id` narrows
 * to one agent. Ranges up to 400 days.
 */
export const usageQuery = z.object({
  from: iso.optional(),
  to: iso.optional(),
  interval: z.enum(INTERVALS).optional(),
  group_by: z.enum(GROUP_BY).optional(),
  agent_id: z.string().max(64).optional(),
});
export type UsageQuery = z.infer<typeof usageQuery>;

const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

/** One bucket × key of the usage answer. `cost_usd` is null when no turn in it had a price ("no price"). */
export const usageRow = z.object({
  bucket: iso,
  key: z.string().nullable(),
  /** A readable name for `key` (the agent's or workflow's name, the key's name, the source's label). */
  label: z.string().nullable().optional(),
  conversations: z.number().int(),
  turns: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cost_usd: z.number().nullable(),
  errors: z.number().int(),
  latency_ms: percentiles,
  ttft_ms: percentiles,
  feedback: z.object({ up: z.number().int(), down: z.number().int() }),
  /** Beyond API.md's fields: turns that stopped at the agent's step limit, and tool calls with their failures. */
  step_limit_hits: z.number().int(),
  tool_calls: z.number().int(),
  tool_errors: z.number().int(),
});
export type UsageRowJson = z.infer<typeof usageRow>;
export const usageAnswer = z.object({ data: z.array(usageRow) });

/** A model's price per million tokens. `source`: the platform's default or the organization's own override. */
export const modelPrice = z.object({
  model: z.string(),
  input_per_mtok_usd: z.number(),
  output_per_mtok_usd: z.number(),
  source: z.enum(['default', 'override']).optional(),
  updated_at: iso.nullable().optional(),
});
export type ModelPriceJson = z.infer<typeof modelPrice>;
/** GET /api/v1/model-prices: defaults merged with overrides, and models seen in usage (90 days) without a price. */
export const modelPriceList = z.object({ data: z.array(modelPrice), unpriced: z.array(z.string()) });
export const modelPriceInput = z.object({
  input_per_mtok_usd: z.number().min(0).max(10_000),
  output_per_mtok_usd: z.number().min(0).max(10_000),
});

export const BUDGET_SCOPES = ['tenant', 'agent'] as const;
export const BUDGET_ACTIONS = ['alert', 'block'] as const;
/** Alert thresholds, in percent of the limit. */
export const BUDGET_THRESHOLDS = [50, 80, 100] as const;

export const budgetInput = z
  .object({
    scope: z.enum(BUDGET_SCOPES),
    agent_id: z.string().max(64).optional(),
    period: z.literal('month').default('month'),
    limit_usd: z.number().positive().max(10_000_000),
    action: z.enum(BUDGET_ACTIONS),
  })
  .superRefine((b, ctx) => {
    if (b.scope === 'agent' && !b.agent_id) ctx.addIssue({ code: 'custom', path: ['agent_id'], message: 'is required for an agent budget' });
    if (b.scope === 'tenant' && b.agent_id) ctx.addIssue({ code: 'custom', path: ['agent_id'], message: 'only goes with scope "agent"' });
  });
export type BudgetInput = z.infer<typeof budgetInput>;

/** A budget with this month's spend (`spent_usd`, as the meter holds it) and the highest threshold reached. */
export const budget = z.object({
  id: z.string(),
  scope: z.enum(BUDGET_SCOPES),
  agent_id: z.string().nullable(),
  period: z.literal('month'),
  limit_usd: z.number(),
  action: z.enum(BUDGET_ACTIONS),
  spent_usd: z.number(),
  /** 0, 50, 80 or 100: the highest alert threshold this period has reached. */
  reached_pct: z.number().int(),
  period_start: iso,
  created_at: iso,
});
export type BudgetJson = z.infer<typeof budget>;

export const FEEDBACK_RATINGS = ['up', 'down'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];
/** POST /api/v1/sessions/:id/messages/:message_id/feedback → 204. One rating per answer: a new one replaces it. */
export const feedbackInput = z.object({
  rating: z.enum(FEEDBACK_RATINGS),
  comment: z.string().max(2000).optional(),
});
