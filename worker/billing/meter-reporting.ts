/**
 * Overage to Stripe (issue 17 §2; views/docs/guide-quotas.ts): the EVENTS consumer reports every turn of an
 * organization whose effective plan is paid and bills `messages` overage through a Stripe meter (PLANS[plan].overage)
 * as one meter event of value 1. Stripe's price on that meter carries the plan's allowance as a free first tier, so
 * only turns beyond it are charged; we never decide what is billable here.
 *
 * Per queue batch: one D1 query for the organizations' accounts (their Stripe customer), then the events, at most
 * CONCURRENCY at a time. Idempotent per turn: the identifier is the turn's id, so a redelivered turn sends the same
 * identifier and Stripe's 400 for an identifier it has seen counts as done. Any other failure throws: the batch is
 * retried (with the usage writes, which are exact under redelivery too). Billing off, Free, or no customer: nothing.
 */
import { billingAccountsOf } from '../db/billing-accounts-lookup';
import type { Bindings } from '../env';
import type { UsageEvent } from '../queues/usage-events';
import { effectivePlan } from '../services/billing';
import { PLANS, billingEnabled } from './plans';
import { stripeClient } from './stripe-client';

export const CONCURRENCY = 8;

type MeterEvent = { event_name: string; payload: { stripe_customer_id: string; value: string }; identifier: string; timestamp: number };

/** The meter events a batch of turns makes (pure but for the one D1 read). */
export async function meterEventsFor(env: Bindings, turns: UsageEvent[]): Promise<MeterEvent[]> {
  if (!billingEnabled(env) || !turns.length) return [];
  const accounts = await billingAccountsOf(
    env,
    turns.map((t) => t.tenant_id),
  );
  const out: MeterEvent[] = [];
  const seen = new Set<string>();
  for (const t of turns) {
    const account = accounts.get(t.tenant_id);
    if (!account?.stripeCustomerId || seen.has(t.turn_id)) continue;
    const plan = effectivePlan(env, account, t.at).plan;
    const meter = plan === 'free' ? undefined : PLANS[plan].overage.messages?.meter;
    if (!meter) continue;
    seen.add(t.turn_id);
    out.push({
      event_name: meter,
      payload: { stripe_customer_id: account.stripeCustomerId, value: '1' },
      identifier: `edgent_${t.turn_id}`,
      timestamp: Math.floor(t.at / 1000),
    });
  }
  return out;
}

const duplicate = (e: unknown) => {
  const err = e as { statusCode?: number; code?: string; raw?: { code?: string }; message?: string };
  return err?.statusCode === 400 && (err.code === 'duplicate_meter_event' || /already exists with identifier/.test(err.message ?? ''));
};

/** Reports the batch's billable turns to Stripe; throws when one failed otherwise than as a duplicate. */
export async function reportOverage(env: Bindings, turns: UsageEvent[]): Promise<void> {
  const events = await meterEventsFor(env, turns);
  if (!events.length) return;
  const stripe = stripeClient(env);
  let failed: unknown = null;
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const ev = events[next++]!;
      try {
        await stripe.billing.meterEvents.create(ev);
      } catch (e) {
        if (duplicate(e)) continue;
        failed ??= e;
        console.error(JSON.stringify({ level: 'error', msg: 'meter event not reported', identifier: ev.identifier, error: String(e) }));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, events.length) }, worker));
  if (failed) throw failed;
}
