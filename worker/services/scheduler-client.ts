// Telling a tenant's Scheduler object (one per tenant, named by the tenant id) of a schedule that changed.
import type { Bindings } from '../env';
import type { ScheduleEntry } from './schedule-runs';

export type { ScheduleEntry };

export const schedulerOf = (env: Bindings, tenantId: string) => env.SCHEDULER.get(env.SCHEDULER.idFromName(tenantId));

/** Adds or replaces an enabled schedule in the tenant's Scheduler (which re-arms its alarm). */
export async function tellSchedule(env: Bindings, tenantId: string, entry: ScheduleEntry): Promise<void> {
  await schedulerOf(env, tenantId).upsert(tenantId, entry);
}

/** Drops a schedule (deleted or disabled) from the tenant's Scheduler. */
export async function forgetSchedule(env: Bindings, tenantId: string, triggerId: string): Promise<void> {
  await schedulerOf(env, tenantId).remove(tenantId, triggerId);
}
