// Testing a connection (API and page): the check itself, its outcome kept on the row, and, when a model connection
// passes, the organization's agents that have no usable model adopt it (a normal new version of each agent).
import type { SecretsEnv } from '../crypto/envelope';
import type { AgentRow, TenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { platformModel } from './monitoring';
import { updateAgent } from './agents';
import { type CheckResult, probeConnection } from './connection-check';
import { getConnection } from './connections';
import { DEFAULT_MODEL } from './starter-agent';

export type AdoptedAgent = { id: string; name: string; model: string; version: number };
export type ConnectionTest = { result: CheckResult; adopted: AdoptedAgent[] };

/** Model ids that are not chat models (embeddings, speech, images, moderation). */
const NOT_CHAT = /embed|whisper|tts|dall-e|davinci|babbage|moderation|transcribe|image|audio|realtime|search|rerank/i;

/**
 * The model an agent should use on a connection that lists `models`: its own model when listed, else the starter
 * model, else the first chat-looking one, else the first. Null when the list is empty.
 */
export function pickModel(models: string[], current: string): string | null {
  if (models.includes(current)) return current;
  if (models.includes(DEFAULT_MODEL)) return DEFAULT_MODEL;
  return models.find((m) => !NOT_CHAT.test(m)) ?? models[0] ?? null;
}

/** Agents with no connection of their own that the platform cannot serve either ("No model connected"). */
async function agentsWithoutModel(db: TenantDb, env: Bindings): Promise<AgentRow[]> {
  const rows = await db.agents.withoutConnection();
  return rows.filter((a) => !platformModel(env, a.model));
}

export async function testConnection(db: TenantDb, env: Bindings & SecretsEnv, id: string, actor: Actor): Promise<ConnectionTest> {
  const conn = await getConnection(db, id);
  const { result, models } = await probeConnection(db, env, conn);
  await db.connections.recordCheck(conn.id, result);
  const adopted: AdoptedAgent[] = [];
  if (!result.ok || (conn.kind !== 'openai' && conn.kind !== 'openai_compatible') || !models.length) return { result, adopted };
  for (const agent of await agentsWithoutModel(db, env)) {
    const model = pickModel(models, agent.model);
    if (!model) continue;
    // An agent whose configuration no longer validates (or that changed meanwhile) keeps its own; the rest go on.
    const saved = await updateAgent(db, agent.id, { connection_id: conn.id, model }, actor).catch((e) => {
      if (e instanceof AppError && e.status < 500) return null;
      throw e;
    });
    if (saved) adopted.push({ id: saved.id, name: saved.name, model: saved.model, version: saved.version });
  }
  return { result, adopted };
}
