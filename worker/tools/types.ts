// The shapes tools share (a call's context and result, a built-in's entry), apart from the registry that runs them.
import type { Bindings } from '../env';
import type { AttachmentJson } from '../llm/events';
import type { ConnectionRef } from '../llm/snapshot';
import type { RunJson, WorkflowDefinition } from '../schemas/workflows';
import type { Retrieval } from '../services/knowledge-retrieval';

/** A file of the conversation that code tools find in their working directory (its original in R2, chat-originals.ts). */
export type ChatUpload = { id: string; path: string; bytes: number };

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
  /** The conversation's attached files for code tools' `uploads/` (absent for stateless turns). */
  uploads?: () => ChatUpload[];
  /**
   * Runs one turn of another agent of the tenant (call_agent), given by the runtime so tools need no service: the
   * agent by id or slug, only if its id is in `allowed`; the message; aborting `signal` stops that turn too.
   */
  runAgent: (ref: string, message: string, signal: AbortSignal, allowed: readonly string[]) => Promise<AgentRun>;
  /**
   * Runs a workflow of the tenant (a `workflow` tool) and waits up to `waitMs` for it; given by the chat runtime
   * (absent where workflows cannot be started, e.g. inside a workflow's own agent step).
   */
  runWorkflow?: (workflow: WorkflowRef, inputs: Record<string, unknown>, waitMs: number) => Promise<RunJson>;
  /**
   * Records a knowledge retrieval of this turn (search_knowledge): its trace span and the passages as the turn's
   * citations; answers each passage's citation number (the same passage keeps its number within a turn).
   */
  cite?: (r: Retrieval, mode: 'tool' | 'always') => number[];
};

/** What a workflow tool starts: the version the agent's conversation was made with. */
export type WorkflowRef = { id: string; version: number; definition: WorkflowDefinition };

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
