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
};

export type BuiltinTool = {
  id: string;
  name: string;
  description: string;
  kind: 'builtin' | 'code';
  parameters: Record<string, unknown>;
  /** Code tools need the container runtime. */
  runtime?: 'container';
};
