// "Try it" on the Tools page: runs one tool with sample arguments through the same registry a chat turn uses,
// with a ToolContext built for the tenant (its connections and their sealed credentials), outside any session.
import { openSecret } from '../crypto/envelope';
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import type { ConnectionRef, ToolSpec } from '../llm/snapshot';
import { redactAll } from '../tools/connection-auth';
import { runTool } from '../tools/registry';
import type { ToolResult } from '../tools/types';
import { getTool } from './tools';
import { askAgent } from './turns';

/** Tools a trial cannot run on its own: code needs a session's sandbox, call_agent opens conversations. */
export function trialRefusal(spec: { kind: string; name: string }): string | null {
  if (spec.kind === 'code') return 'Code tools run in a sandbox that belongs to a conversation: try them from an agent with the container runtime.';
  if (spec.name === 'call_agent') return 'call_agent starts a conversation with another agent: try it from an agent’s test panel.';
  return null;
}

const TRIAL_TIMEOUT_MS = 35_000;

/** Example arguments from a JSON Schema: each property's example, default, first enum value or an empty value. */
export function sampleArguments(parameters: Record<string, unknown>): string {
  const props = (parameters.properties ?? {}) as Record<string, { type?: string; example?: unknown; default?: unknown; enum?: unknown[] }>;
  const sample: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(props)) {
    sample[name] =
      p.example ??
      p.default ??
      p.enum?.[0] ??
      (p.type === 'number' || p.type === 'integer' ? 0 : p.type === 'boolean' ? false : p.type === 'array' ? [] : p.type === 'object' ? {} : '');
  }
  return JSON.stringify(sample, null, 2);
}

export type TrialResult = ToolResult & { durationMs: number };

export async function tryTool(env: Bindings, db: TenantDb, toolId: string, rawArgs: string): Promise<TrialResult> {
  const t = await getTool(db, toolId);
  const spec: ToolSpec =
    'builtin' in t
      ? {
          id: t.builtin.id,
          name: t.builtin.name,
          description: t.builtin.description,
          kind: t.builtin.kind,
          parameters: t.builtin.parameters,
          config: {},
          connectionId: null,
        }
      : {
          id: t.row.id,
          name: t.row.name,
          description: t.row.description,
          kind: t.row.kind,
          parameters: t.row.parameters,
          config: t.row.config,
          connectionId: t.row.connectionId,
        };
  const refused = trialRefusal(spec);
  if (refused) throw new AppError('bad_request', refused);
  const conn = spec.connectionId ? await db.connections.get(spec.connectionId) : undefined;
  const ref: ConnectionRef | undefined = conn && { id: conn.id, kind: conn.kind, baseUrl: conn.baseUrl, authType: conn.authType, authMeta: conn.authMeta };
  const secrets: string[] = [];
  const started = Date.now();
  const result = await runTool([spec], spec.name, rawArgs, {
    env,
    tenantId: db.tenantId,
    sessionId: 'tool-trial',
    agentId: 'tool-trial',
    runtime: 'edge',
    signal: AbortSignal.timeout(TRIAL_TIMEOUT_MS),
    connection: (id) => (ref && ref.id === id ? ref : undefined),
    secretFor: async (id) => {
      const s = await openSecret(env, db.tenantId, id);
      if (s) secrets.push(s);
      return s;
    },
    depth: 0,
    runAgent: (ref, message, signal, allowed) =>
      askAgent({ env, tenantId: db.tenantId, sessionId: 'tool-trial', agentId: 'tool-trial', depth: 0 }, ref, message, signal, allowed),
  });
  // Tools redact their own output; this is a second net, as the trace has for chat turns.
  return { ...result, output: redactAll(result.output, secrets), durationMs: Date.now() - started };
}
