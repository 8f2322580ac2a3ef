// The shapes tools share (a call's context and result, a built-in's entry), apart from the registry that runs them.
import type { Bindings } from '../env';
import type { AttachmentJson } from '../llm/events';
import type { ConnectionRef } from '../llm/snapshot';

/** `files`: what a code tool produced, kept on the tool message and sent with tool.result (never to the model). */
export type ToolResult = { ok: boolean; output: string; files?: AttachmentJson[] };
export type ToolContext = {
  env: Bindings;
  tenantId: string;
  sessionId: string;
  agentId: string;
  /** Runtime of the agent: code tools only run for `container`. */
  runtime: 'edge' | 'container';
  signal: AbortSignal;
  /** Metadata of a connection a tool uses (from the session snapshot; no D1). */
  connection: (id: string) => ConnectionRef | undefined;
  /** The decrypted credential of that connection; it is also added to the trace's redaction list. */
  secretFor: (connectionId: string) => Promise<string | null>;
  /** How many call_agent hops led to this turn (0 for a person's message). */
  depth: number;
  /**
   * Runs one turn of another agent of the tenant (call_agent), given by the runtime so tools need no service: the
   * agent by id or slug, only if its id is in `allowed`; the message; aborting `signal` stops that turn too.
   */
  runAgent: (ref: string, message: string, signal: AbortSignal, allowed: readonly string[]) => Promise<AgentRun>;
};

/** What another agent answered: not found (or not allowed), or its reply and the error that ended its turn, if any. */
export type AgentRun = { found: false } | { found: true; name: string; reply: string; error: { code: string; message: string } | null };

export type BuiltinTool = {
  id: string;
  name: string;
  description: string;
  kind: 'builtin' | 'code';
  parameters: Record<string, unknown>;
  /** Code tools need the container runtime. */
  runtime?: 'container';
};
