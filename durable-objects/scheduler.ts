/**
 * Scheduler: one Durable Object per tenant (named by the tenant id, by the server) holding the tenant's schedule
 * triggers and firing each at its next cron time with the object's alarm.
 *
 * - State lives in the object's storage (`s:<trigger id>` → entry, `tenant` → its tenant id), so it survives
 *   evictions and restarts; an object with no state (new, or wiped) rebuilds itself from D1 on first use.
 * - The trigger services tell it of every change (upsert / remove); the alarm is always set to the earliest next time.
 * - Firing (services/schedule-runs.ts) starts the run with an idempotency key naming the due time, then records the
 *   last and next run in D1; a trigger deleted or disabled meanwhile is dropped. A time missed while the object was
 *   away fires once, late, and the schedule goes on from now (no burst of catch-up runs).
 * Every method takes `now` so tests drive it with a fake clock.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';
import { nextTime } from '../worker/lib/cron';
import { type FireResult, type ScheduleEntry, fireSchedule, scheduleEntries } from '../worker/services/schedule-runs';

const KEY = (id: string) => `s:${id}`;

export class Scheduler extends DurableObject<Bindings> {
  /** Loads the tenant's schedules from D1 when this object holds none yet. */
  private async load(tenantId: string, now: number): Promise<void> {
    const known = await this.ctx.storage.get<string>('tenant');
    if (known === tenantId) return;
    if (known && known !== tenantId) throw new Error('This scheduler belongs to another tenant');
    const entries = await scheduleEntries(this.env, tenantId, now);
    await this.ctx.storage.put({ tenant: tenantId, ...Object.fromEntries(entries.map((e) => [KEY(e.id), e])) });
  }

  private async all(): Promise<ScheduleEntry[]> {
    return [...(await this.ctx.storage.list<ScheduleEntry>({ prefix: 's:' })).values()];
  }

  /** Sets the alarm to the earliest next time, or clears it when nothing is scheduled. */
  private async arm(): Promise<number | null> {
    const times = (await this.all()).map((e) => e.nextRunAt).filter((t): t is number => t !== null);
    const earliest = times.length ? Math.min(...times) : null;
    if (earliest === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(earliest);
    return earliest;
  }

  /** Adds or replaces a schedule; its next time is computed here when the caller did not give one. */
  async upsert(tenantId: string, entry: ScheduleEntry, now = Date.now()): Promise<void> {
    await this.load(tenantId, now);
    const nextRunAt = entry.nextRunAt ?? nextTime(entry.cron, now, entry.timezone);
    await this.ctx.storage.put(KEY(entry.id), { ...entry, nextRunAt });
    await this.arm();
  }

  async remove(tenantId: string, triggerId: string, now = Date.now()): Promise<void> {
    await this.load(tenantId, now);
    await this.ctx.storage.delete(KEY(triggerId));
    await this.arm();
  }

  /** What the object holds and when its alarm rings (for tests and operators). */
  async state(tenantId: string, now = Date.now()): Promise<{ entries: ScheduleEntry[]; alarm: number | null }> {
    await this.load(tenantId, now);
    return { entries: await this.all(), alarm: await this.ctx.storage.getAlarm() };
  }

  /** Fires every schedule due at `now`, moves each to its next time, and re-arms. */
  async tick(now = Date.now()): Promise<Record<string, FireResult>> {
    const tenantId = await this.ctx.storage.get<string>('tenant');
    if (!tenantId) return {};
    const fired: Record<string, FireResult> = {};
    for (const e of await this.all()) {
      if (e.nextRunAt === null || e.nextRunAt > now) continue;
      const next = nextTime(e.cron, now, e.timezone);
      const result = await fireSchedule(this.env, tenantId, e.id, e.nextRunAt, now, next);
      fired[e.id] = result;
      if (result.status === 'gone') await this.ctx.storage.delete(KEY(e.id));
      else await this.ctx.storage.put(KEY(e.id), { ...e, nextRunAt: next });
    }
    await this.arm();
    return fired;
  }

  override async alarm(): Promise<void> {
    await this.tick(Date.now());
  }
}
