/**
 * The budget check every turn passes before any model call (AgentSession.chatStream / chatJson / respond, and the
 * stateless paths: completions, Responses, workflow steps), and the spend every turn reports after it ended.
 * No D1 on this path. The tenant's budgets and this month's spend are held by its BudgetMeter object
 * (durable-objects/budget-meter.ts); each isolate keeps a copy per tenant, like the rate limiter
 * (worker/services/api-limits.ts):
 * - the copy answers alone when it shows no blocking budget for the agent, or one far from its limit: such a turn
 *   never waits (no budgets is cached like any state);
 * - a copy older than FRESH_MS still answers, and is refreshed from the meter in the background (one RPC per tenant,
 *   isolate and FRESH_MS): a budget created, raised or deleted elsewhere takes effect within FRESH_MS plus one turn
 *   (at once in the isolate that changed it, which the budgets service refreshes);
 * - only a missing copy (the first turn of a tenant in this isolate, or a new month) waits for the meter, and near a
 *   blocking limit (NEAR_FRACTION of it) or over it the meter is asked every time.
 * Strict crossing: a turn that ends registers itself (`turnEnded`) synchronously, before its last event reaches the
 * client; the next check of a tenant with a blocking budget waits until those turns' spend reached the meter (at
 * most SETTLE_MS), so the turn after the crossing one is refused even when sent at once. Tenants without a blocking
 * budget never wait. If the meter cannot be reached the turn passes (fail open) and the error is logged.
 * The same copy holds the plan quota (worker/services/quota.ts): `turnRefusal` checks the quota, then the budgets, in
 * one pass over one cache entry; a tenant far from its hard limits (below 80 %, counting its turns in flight here)
 * answers from the copy like a tenant without budgets.
 */
import type { MeterBudget } from './budget-alerts';
import type { MeterState } from './quota-state';

export type { MeterState } from './quota-state';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { usd } from './budget-alerts';
import { stoppedRefusal } from './listing-stops';
import { codeToolNear, codeToolRefusalOf, quotaRefusalOf, turnQuotaNear, turnQuotaReached } from './quota-state';
import type { ChatRefusal } from './turn-policy';

/** Mutable so tests can shorten them. */
export const BUDGET_CHECK = { FRESH_MS: 5_000, NEAR_FRACTION: 0.8, SETTLE_MS: 2_000, QUEUED_MS: 15_000, QUEUE_HEADROOM: 100 };

type Entry = { at: number; state: MeterState };
const cache = new Map<string, Entry>();
const refreshing = new Map<string, Promise<Entry | null>>();
/**
 * Turns of each tenant that ended in this isolate and whose spend has not reached the meter yet, with when they ended.
 * No timer per turn (each cost ~0.5 ms of CPU in workerd): an entry older than SETTLE_MS no longer counts and is
 * dropped when the tenant's entries are next looked at.
 */
const unsettled = new Map<string, Map<Promise<void>, number>>();

/** The tenant's turns still settling (stale ones dropped). */
function inFlight(tenantId: string, now = Date.now()): Map<Promise<void>, number> | undefined {
  const m = unsettled.get(tenantId);
  if (!m) return undefined;
  for (const [p, at] of m) if (now - at >= BUDGET_CHECK.SETTLE_MS) m.delete(p);
  if (!m.size) unsettled.delete(tenantId);
  return m.size ? m : undefined;
}

/**
 * Turns of each tenant this isolate left to the EVENTS consumer (`meterDirectly` false), with when they ended: until
 * QUEUED_MS they count as pending in quota checks, since the meter may not have them yet.
 */
const queued = new Map<string, number[]>();

function queuedRecently(tenantId: string, now: number): number {
  const list = queued.get(tenantId);
  if (!list) return 0;
  let i = 0;
  while (i < list.length && now - list[i]! >= BUDGET_CHECK.QUEUED_MS) i++;
  if (i) list.splice(0, i);
  if (!list.length) queued.delete(tenantId);
  return list.length;
}

/** Turns of the tenant the meter may not have counted yet: settling here, or on their way through the queue. */
const pendingTurns = (tenantId: string, now: number) => (inFlight(tenantId, now)?.size ?? 0) + queuedRecently(tenantId, now);

const meter = (env: Bindings, tenantId: string) => env.BUDGET_METER.get(env.BUDGET_METER.idFromName(tenantId));

function remember(tenantId: string, state: MeterState, now: number): Entry {
  const e = { at: now, state };
  cache.set(tenantId, e);
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return e;
}

/** Asks the meter for the tenant's state (one request in flight per tenant); null when it cannot be reached. */
function refresh(env: Bindings, tenantId: string, now: number): Promise<Entry | null> {
  let p = refreshing.get(tenantId);
  if (!p) {
    p = meter(env, tenantId)
      .state(now)
      .then((s) => remember(tenantId, s as MeterState, Date.now()))
      .catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'budget meter unreachable', tenant: tenantId, error: String(e) }));
        return null;
      })
      .finally(() => refreshing.delete(tenantId));
    refreshing.set(tenantId, p);
  }
  return p;
}

const spentOf = (s: MeterState, b: MeterBudget) => (b.scope === 'tenant' ? s.tenantSpent : (s.agentSpent[b.agentId ?? ''] ?? 0));
const blockingFor = (s: MeterState, agentId: string) => s.budgets.filter((b) => b.action === 'block' && (b.scope === 'tenant' || b.agentId === agentId));

async function settle(tenantId: string): Promise<void> {
  const now = Date.now();
  const pending = inFlight(tenantId, now);
  if (!pending) return;
  const oldest = Math.min(...pending.values());
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.all(pending.keys()), new Promise((r) => (timer = setTimeout(r, BUDGET_CHECK.SETTLE_MS - (now - oldest))))]);
  clearTimeout(timer);
}

const resetDay = (t: number) => new Date(t).toISOString().slice(0, 10);

function refusalOf(b: MeterBudget, s: MeterState): ChatRefusal {
  const whose = b.scope === 'tenant' ? 'The organization’s monthly budget' : `The monthly budget of ${b.label}`;
  return {
    ok: false,
    status: 402,
    code: 'budget_exceeded',
    message: `${whose} (${b.id}) of ${usd(b.limitUsd)} is spent (${usd(spentOf(s, b))} this month); it resets on ${resetDay(s.resetsAt)} at 00:00 UTC.`,
  };
}

/** A spent blocking budget of the organization or of `agentId`: the 402 refusal naming it, else null. */
export async function budgetRefusal(env: Bindings, tenantId: string, agentId: string, now = Date.now()): Promise<ChatRefusal | null> {
  let e = cache.get(tenantId);
  // No copy yet, or last month's: wait for the meter. A stale copy answers now and is refreshed in the background
  // (the refresh is single-flight; a copy near or over a limit waits for it below).
  return turnRefusal(env, tenantId, agentId, now, { quota: false });
}

const expired = (s: MeterState, now: number) => now >= s.resetsAt || now >= s.quota.periodEnd;

/**
 * The check every turn passes before any model call: a reached hard plan limit (402 quota_exceeded), then a spent
 * blocking budget (402 budget_exceeded), else null. `only` leaves one of them out.
 */
export async function turnRefusal(
  env: Bindings,
  tenantId: string,
  agentId: string,
  now = Date.now(),
  only: { quota?: boolean; budget?: boolean } = {},
): Promise<ChatRefusal | null> {
  const checkQuota = only.quota !== false;
  const checkBudget = only.budget !== false;
  let e = cache.get(tenantId);
  // No copy yet, or last period's: wait for the meter. A stale copy answers now and is refreshed in the background
  // (the refresh is single-flight; a copy near or over a limit waits for it below).
  if (!e || expired(e.state, now)) e = (await refresh(env, tenantId, now)) ?? undefined;
  else if (now - e.at > BUDGET_CHECK.FRESH_MS) void refresh(env, tenantId, now);
  if (!e) return null;
  const stopped = stoppedRefusal(e.state.quota.stopped, agentId);
  if (stopped) return stopped;
  const blocking = checkBudget && blockingFor(e.state, agentId).length > 0;
  if (!blocking && !(checkQuota && turnQuotaNear(e.state.quota, pendingTurns(tenantId, now)))) return null;
  const seen = e.at;
  await settle(tenantId);
  e = cache.get(tenantId) ?? e;
  const near = (x: Entry) =>
    (checkQuota && turnQuotaNear(x.state.quota)) ||
    (checkBudget && blockingFor(x.state, agentId).some((b) => spentOf(x.state, b) >= b.limitUsd * BUDGET_CHECK.NEAR_FRACTION));
  // Near or over a limit: the meter decides (unless the copy came from it just now, while this check waited).
  if (near(e) && e.at === seen) e = (await refresh(env, tenantId, now)) ?? e;
  const reached = checkQuota ? turnQuotaReached(e.state.quota) : null;
  if (reached) return quotaRefusalOf(e.state.quota, reached);
  const spent = checkBudget ? blockingFor(e.state, agentId).find((b) => spentOf(e.state, b) >= b.limitUsd) : undefined;
  return spent ? refusalOf(spent, e.state) : null;
}

/**
 * Whether a turn that just ended must reach the meter on its way out (`turnEnded`), or may be counted by the EVENTS
 * consumer with the rest of its batch (worker/services/meter-batch.ts: one meter call per tenant per batch instead of
 * one per turn). Directly when this isolate has no current copy of the tenant's state, when a blocking budget applies
 * to the agent (spend must be exact before the next turn), or when a hard message or token limit is near: within
 * NEAR_FRACTION of it or QUEUE_HEADROOM messages, counting the turns still on their way. Far from every limit, a
 * count a few seconds late changes no answer.
 */
export function meterDirectly(tenantId: string, agentId: string, now = Date.now()): boolean {
  const e = cache.get(tenantId);
  if (!e || expired(e.state, now)) return true;
  if (blockingFor(e.state, agentId).length) return true;
  const q = e.state.quota;
  const pending = pendingTurns(tenantId, now);
  if (turnQuotaNear(q, pending)) return true;
  const limit = q.soft.includes('messages') ? null : q.limits.messages;
  return limit !== null && limit - q.used.messages - pending <= BUDGET_CHECK.QUEUE_HEADROOM;
}

/** A turn left to the EVENTS consumer: it counts as pending in this isolate's checks until QUEUED_MS. */
export function turnQueued(tenantId: string, now = Date.now()): void {
  let list = queued.get(tenantId);
  if (!list) queued.set(tenantId, (list = []));
  list.push(now);
  if (list.length > 10_000) list.shift();
}

/**
 * Marks the end of a turn (reportTurn calls it first, synchronously): the tenant's next budget check waits for
 * `record` (or SETTLE_MS). `record(cost)` sends the turn's cost to the meter when it is above zero.
 */
export function turnEnded(
  env: Bindings,
  tenantId: string,
  agentId: string,
): { record: (costUsd: number | null | undefined, turn?: { tokens: number; id?: string }) => Promise<void> } {
  let done!: () => void;
  const p = new Promise<void>((r) => (done = r));
  let set = unsettled.get(tenantId);
  if (!set) unsettled.set(tenantId, (set = new Map()));
  set.set(p, Date.now());
  const finish = () => {
    set.delete(p);
    if (!set.size && unsettled.get(tenantId) === set) unsettled.delete(tenantId);
    done();
  };
  return {
    record: async (costUsd, turn) => {
      try {
        await recordSpend(env, tenantId, agentId, costUsd, Date.now(), turn);
      } finally {
        finish();
      }
    },
  };
}

/**
 * Adds a turn's cost to the tenant's meter and, with `turn`, one message and its tokens to the quota usage (nothing
 * without `turn` when the cost is not above zero); the isolate's copy learns the totals.
 */
export async function recordSpend(
  env: Bindings,
  tenantId: string,
  agentId: string,
  costUsd: number | null | undefined,
  now = Date.now(),
  turn?: { tokens: number; id?: string },
): Promise<void> {
  const cost = typeof costUsd === 'number' && costUsd > 0 && Number.isFinite(costUsd) ? costUsd : 0;
  if (!cost && !turn) return;
  try {
    const s = (await meter(env, tenantId).record(agentId, cost, now, turn)) as MeterState;
    remember(tenantId, s, Date.now());
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'budget spend not recorded', tenant: tenantId, cost_usd: costUsd, error: String(e) }));
  }
}

/** The meter's state for pages and the API (this isolate's copy when fresh); null when the meter cannot be reached. */
export async function meterState(env: Bindings, tenantId: string, now = Date.now()): Promise<MeterState | null> {
  const e = cache.get(tenantId);
  if (e && now - e.at <= BUDGET_CHECK.FRESH_MS && !expired(e.state, now)) return e.state;
  return (await refresh(env, tenantId, now))?.state ?? null;
}

/**
 * The tenant's plan and limits for checks on a message (files in chat: `chat_file_bytes`), from this isolate's copy
 * whatever its age (a stale one is refreshed in the background), so a message costs no D1 and, once the tenant is
 * known here, no wait. Null when the meter cannot be reached (the caller applies the platform's caps).
 */
export async function planLimitsOf(env: Bindings, tenantId: string, now = Date.now()): Promise<Pick<MeterState['quota'], 'plan' | 'limits'> | null> {
  let e = cache.get(tenantId);
  if (!e) e = (await refresh(env, tenantId, now)) ?? undefined;
  else if (now - e.at > BUDGET_CHECK.FRESH_MS) void refresh(env, tenantId, now);
  return e ? { plan: e.state.quota.plan, limits: e.state.quota.limits } : null;
}

/** After a change to the tenant's budgets: the meter re-reads them, and this isolate uses them at once. */
export async function reloadMeter(env: Bindings, tenantId: string, origin: string | null): Promise<MeterState | null> {
  try {
    return remember(tenantId, (await meter(env, tenantId).reload(origin)) as MeterState, Date.now()).state;
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'budget meter not reloaded', tenant: tenantId, error: String(e) }));
    cache.delete(tenantId);
    return null;
  }
}

/** After a change to the organization's plan or limits: the meter re-reads them, and this isolate uses them at once. */
export async function reloadQuota(env: Bindings, tenantId: string, origin: string | null = null): Promise<MeterState | null> {
  try {
    return remember(tenantId, (await meter(env, tenantId).billingChanged(origin)) as MeterState, Date.now()).state;
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'quota not reloaded', tenant: tenantId, error: String(e) }));
    cache.delete(tenantId);
    return null;
  }
}

/** Counts a workflow run about to start, or false when the plan's hard workflow_runs limit is reached (fails open). */
export async function countRun(env: Bindings, tenantId: string): Promise<{ ok: boolean; state: MeterState | null }> {
  try {
    const r = (await meter(env, tenantId).startRun()) as { ok: boolean; state: MeterState };
    remember(tenantId, r.state, Date.now());
    return r;
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'workflow run not counted', tenant: tenantId, error: String(e) }));
    return { ok: true, state: null };
  }
}

/**
 * Before a code tool runs (worker/tools/code-tools.ts): the refusal text for the model when the period's hard
 * code_tool_minutes limit is used up, else null. No D1: the isolate's copy answers below 80 % of the limit (a stale
 * copy is refreshed in the background); from 80 % the meter decides each call. Fails open (meter unreachable).
 */
export async function codeToolRefusal(env: Bindings, tenantId: string, now = Date.now()): Promise<string | null> {
  let e = cache.get(tenantId);
  if (!e || expired(e.state, now)) e = (await refresh(env, tenantId, now)) ?? undefined;
  else if (now - e.at > BUDGET_CHECK.FRESH_MS) void refresh(env, tenantId, now);
  if (!e) return null;
  if (codeToolNear(e.state.quota)) e = (await refresh(env, tenantId, now)) ?? e;
  return codeToolRefusalOf(e.state.quota);
}

/** After a code tool ran: its wall time (ms, rounded up to the second here) counts toward code_tool_minutes. */
export async function recordCodeTime(env: Bindings, tenantId: string, ms: number): Promise<void> {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  if (!seconds) return;
  try {
    remember(tenantId, (await meter(env, tenantId).recordCode(seconds)) as MeterState, Date.now());
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'code-tool time not recorded', tenant: tenantId, seconds, error: String(e) }));
  }
}

/** Forgets every cached state (tests). */
export function resetBudgetCache(): void {
  cache.clear();
}

/** Visitors (widget, share links) learn that the assistant is unavailable, never the organization's budget. */
export function forVisitor(e: unknown): never {
  if (e instanceof AppError && (e.code === 'budget_exceeded' || e.code === 'quota_exceeded' || e.code === 'subscription_required'))
    throw new AppError(e.code, 'This assistant is not available right now. Please try again later.');
  throw e;
}
