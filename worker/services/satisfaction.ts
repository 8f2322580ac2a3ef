/**
 * Satisfaction (thumbs on answers) per agent version, so a version change that lowers it is visible (the agent's
 * Analytics tab and versions page). Read from the rollups' feedback columns, which the feedback service keeps.
 */
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';

export type VersionSatisfaction = { agent_version: number; turns: number; up: number; down: number; first_at: string | null };

const DAY = 86_400_000;

/**
 * Feedback and turns per version of one agent over a range (newest version first). Whole UTC days read the day rows;
 * any other range the hour rows (a bucket counts when it starts in [from, to)).
 */
export async function versionSatisfaction(_env: Bindings, db: TenantDb, q: { from: number; to: number; agentId: string }): Promise<VersionSatisfaction[]> {
  const grain = q.from % DAY === 0 && q.to % DAY === 0 ? 'day' : 'hour';
  const rows = await db.feedback.byVersion(q.agentId, grain, q.from, q.to);
  return rows
    .map((r) => ({
      agent_version: r.agentVersion,
      turns: Number(r.turns ?? 0),
      up: Number(r.up ?? 0),
      down: Number(r.down ?? 0),
      first_at: r.firstAt === null ? null : new Date(Number(r.firstAt)).toISOString(),
    }))
    .filter((r) => r.turns || r.up || r.down);
}

/** "92 % of 38": the share of thumbs up among rated answers, or null when none was rated. */
export function satisfactionLabel(s: Pick<VersionSatisfaction, 'up' | 'down'> | undefined): string | null {
  const rated = (s?.up ?? 0) + (s?.down ?? 0);
  if (!s || !rated) return null;
  return `${Math.round((s.up / rated) * 100)} % of ${rated}`;
}
