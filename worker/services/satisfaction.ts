/**
 * Satisfaction (thumbs on answers) per agent version, so a version change that lowers it is visible (the agent's
 * Analytics tab and versions page). Read from the rollups' feedback columns, which the feedback service keeps.
 *
 * CONTRACT (issue 16 foundation): the feedback branch (an-feedback) implements it; until then it answers nothing.
 */
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';

export type VersionSatisfaction = { agent_version: number; turns: number; up: number; down: number; first_at: string | null };

/** Feedback and turns per version of one agent over a range (newest version first). */
export async function versionSatisfaction(_env: Bindings, _db: TenantDb, _q: { from: number; to: number; agentId: string }): Promise<VersionSatisfaction[]> {
  return [];
}
