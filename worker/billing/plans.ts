/**
 * Plans and their limits (issue 17; API.md "Billing"; ARCHITECTURE.md "Billing"): the one place that says what each
 * plan allows. Prices are Stripe prices named by configuration (STRIPE_PRICE_PRO, STRIPE_PRICE_TEAM); a plan without
 * a price (Free) is never sold. `null` means unlimited.
 *
 * - Monthly limits (`messages`, `tokens`, `workflow_runs`, `code_tool_minutes`) count in the billing period: the
 *   subscription's current period on a paid plan, the calendar month (UTC) on Free.
 * - Counted limits (`agents`, `seats`, `embed_keys`) are checked when one is created (or a person joins).
 * - Knowledge limits (worker/services/knowledge-limits.ts) are checked when a knowledge base or a document is added,
 *   from the counters on the bases' rows: `knowledge_bases`, `knowledge_documents` (all bases together),
 *   `knowledge_bytes` (the originals stored, in bytes) and `knowledge_file_bytes` (one file or fetched page).
 * - `chat_file_bytes`: the largest file a person may attach to a chat message (services/chat-files.ts), checked on
 *   the message from the isolate's copy of the plan (services/budget-check.ts, no D1); the agent's own `max_bytes`
 *   and the platform cap (CHAT_FILE_MAX_BYTES) may be lower.
 * - On paid plans, `overage` says which monthly limits are soft: usage beyond the included amount keeps working and is
 *   reported to the Stripe meter named here, so Stripe invoices it; the other limits are hard (402 quota_exceeded).
 */

export const PLAN_IDS = ['free', 'pro', 'team'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const LIMIT_KEYS = [
  'messages',
  'tokens',
  'workflow_runs',
  'code_tool_minutes',
  'agents',
  'seats',
  'embed_keys',
  'knowledge_bases',
  'knowledge_documents',
  'knowledge_bytes',
  'knowledge_file_bytes',
  'chat_file_bytes',
] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];
/** Limits that count in a billing period (the rest are counts of things that exist). */
export const MONTHLY_LIMITS = ['messages', 'tokens', 'workflow_runs', 'code_tool_minutes'] as const satisfies readonly LimitKey[];
export type MonthlyLimit = (typeof MONTHLY_LIMITS)[number];

export type Limits = Record<LimitKey, number | null>;

/** The settings this file reads (worker/env.ts documents them); structural, so the schema can import these types. */
type BillingSettings = { STRIPE_SECRET_KEY?: string; STRIPE_PRICE_PRO?: string; STRIPE_PRICE_TEAM?: string; PLAN_LIMITS?: string };

export type Plan = {
  id: PlanId;
  name: string;
  /** Shown on the Billing page and the upgrade page. */
  summary: string;
  /** USD per month, for display (Stripe's price decides what is charged). */
  monthlyUsd: number;
  /** The binding naming this plan's Stripe price (null: not sold). */
  priceBinding: 'STRIPE_PRICE_PRO' | 'STRIPE_PRICE_TEAM' | null;
  limits: Limits;
  /** Monthly limits that may be exceeded, billed through a Stripe meter (event name) per unit. */
  overage: Partial<Record<MonthlyLimit, { meter: string; unitLabel: string }>>;
};

const MB = 1024 * 1024;
const knowledge = (bases: number | null, documents: number | null, bytes: number | null, fileBytes: number | null) => ({
  knowledge_bases: bases,
  knowledge_documents: documents,
  knowledge_bytes: bytes,
  knowledge_file_bytes: fileBytes,
});

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: 'free',
    name: 'Free',
    summary: 'For trying Edgent: a few agents and a small monthly allowance of messages.',
    monthlyUsd: 0,
    priceBinding: null,
    limits: {
      messages: 1_000,
      tokens: 2_000_000,
      workflow_runs: 100,
      code_tool_minutes: 60,
      agents: 3,
      seats: 2,
      embed_keys: 1,
      ...knowledge(3, 100, 50 * MB, 5 * MB),
      chat_file_bytes: 5 * MB,
    },
    overage: {},
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    summary: 'For a product in production: more agents, messages and workflow runs; overage billed per use.',
    monthlyUsd: 29,
    priceBinding: 'STRIPE_PRICE_PRO',
    limits: {
      messages: 20_000,
      tokens: 50_000_000,
      workflow_runs: 5_000,
      code_tool_minutes: 1_000,
      agents: 25,
      seats: 5,
      embed_keys: 10,
      ...knowledge(25, 5_000, 2_048 * MB, 25 * MB),
      chat_file_bytes: 10 * MB,
    },
    overage: { messages: { meter: 'edgent_messages', unitLabel: 'message' } },
  },
  team: {
    id: 'team',
    name: 'Team',
    summary: 'For teams: unlimited agents, many seats, large monthly allowances; overage billed per use.',
    monthlyUsd: 99,
    priceBinding: 'STRIPE_PRICE_TEAM',
    limits: {
      messages: 100_000,
      tokens: 250_000_000,
      workflow_runs: 50_000,
      code_tool_minutes: 10_000,
      agents: null,
      seats: 25,
      embed_keys: null,
      ...knowledge(null, 50_000, 20_480 * MB, 50 * MB),
      chat_file_bytes: 10 * MB,
    },
    overage: { messages: { meter: 'edgent_messages', unitLabel: 'message' } },
  },
};

export const LIMIT_LABELS: Record<LimitKey, string> = {
  messages: 'Messages this period',
  tokens: 'Tokens this period',
  workflow_runs: 'Workflow runs this period',
  code_tool_minutes: 'Code-tool minutes this period',
  agents: 'Agents',
  seats: 'Seats',
  embed_keys: 'Embed keys',
  knowledge_bases: 'Knowledge bases',
  knowledge_documents: 'Knowledge documents',
  knowledge_bytes: 'Knowledge storage (bytes)',
  knowledge_file_bytes: 'Largest knowledge file (bytes)',
  chat_file_bytes: 'Largest file in chat (bytes)',
};

export const isPlanId = (v: unknown): v is PlanId => typeof v === 'string' && (PLAN_IDS as readonly string[]).includes(v);

/**
 * The limits of a plan on this installation: the code's defaults, with the operator's PLAN_LIMITS (JSON such as
 * `{"free": {"agents": 10}, "pro": {"messages": null}}`; null lifts a limit) over them, then an organization's own
 * custom limits (an operator's deal, billing_accounts.custom_limits) over those. A malformed PLAN_LIMITS is ignored
 * (and logged once), never a failed request.
 */
export function limitsOf(env: Pick<BillingSettings, 'PLAN_LIMITS'>, plan: PlanId, custom?: Partial<Limits> | null): Limits {
  return { ...PLANS[plan].limits, ...operatorLimits(env.PLAN_LIMITS)[plan], ...(custom ?? {}) };
}

let parsed: { raw: string; value: Partial<Record<PlanId, Partial<Limits>>> } | null = null;
function operatorLimits(raw: string | undefined): Partial<Record<PlanId, Partial<Limits>>> {
  if (!raw) return {};
  if (parsed?.raw === raw) return parsed.value;
  let value: Partial<Record<PlanId, Partial<Limits>>> = {};
  try {
    const json = JSON.parse(raw) as unknown;
    if (json && typeof json === 'object')
      for (const [plan, limits] of Object.entries(json as Record<string, unknown>)) {
        if (!isPlanId(plan) || !limits || typeof limits !== 'object') continue;
        const clean: Partial<Limits> = {};
        for (const [k, v] of Object.entries(limits as Record<string, unknown>))
          if ((LIMIT_KEYS as readonly string[]).includes(k) && (v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0)))
            clean[k as LimitKey] = v as number | null;
        value[plan] = clean;
      }
  } catch {
    console.error(JSON.stringify({ level: 'error', msg: 'PLAN_LIMITS is not JSON; using the default limits' }));
    value = {};
  }
  parsed = { raw, value };
  return value;
}

/** Billing is on when the operator configured a Stripe secret key; off, every organization has the Free limits. */
export const billingEnabled = (env: Pick<BillingSettings, 'STRIPE_SECRET_KEY'>): boolean => !!env.STRIPE_SECRET_KEY;

/** The Stripe price configured for a plan, or null (not sold, or not configured). */
export function priceOf(env: BillingSettings, plan: PlanId): string | null {
  const binding = PLANS[plan].priceBinding;
  return binding ? env[binding] || null : null;
}

/** The plan a Stripe price id stands for (null: not one of ours). */
export function planOfPrice(env: BillingSettings, priceId: string | null | undefined): PlanId | null {
  if (!priceId) return null;
  for (const id of PLAN_IDS) if (priceOf(env, id) === priceId) return id;
  return null;
}
