import type { AttachmentSettings } from '../knowledge/chat-file-settings';
// The agent version a session was created with: everything a turn needs, so a turn makes no D1 query.
export type ConnectionRef = {
  id: string;
  kind: 'openai' | 'openai_compatible' | 'http' | 'mcp';
  baseUrl: string | null;
  authType: 'bearer' | 'header' | 'query' | 'basic' | 'none';
  authMeta: { header_name?: string; param_name?: string; username?: string };
};

/** A tool as the session carries it: enough to describe it to the model and run it without D1. */
export type ToolSpec = {
  id: string;
  name: string;
  description: string;
  /** `workflow`: a workflow of the tenant offered as a tool (tools/workflow-tool.ts). */
  kind: 'builtin' | 'http' | 'mcp' | 'code' | 'workflow';
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
  connectionId: string | null;
};

/**
 * A knowledge base as a session carries it: enough to embed a query (its model, and its connection, bound to its
 * sealed endpoint like the tools' connections) and reach its object, without D1.
 */
export type KnowledgeRef = { id: string; name: string; embeddingModel: string; connectionId: string | null };

export type AgentSnapshot = {
  tenantId: string;
  sessionId: string;
  agentId: string;
  agentVersion: number;
  name: string;
  instructions: string;
  model: string;
  temperature: number | null;
  maxSteps: number;
  runtime: 'edge' | 'container';
  /** Session variables over the agent's defaults. */
  variables: Record<string, string>;
  connection: ConnectionRef | null;
  tools: ToolSpec[];
  /** Connections the tools use, so their credentials can be found without D1. */
  toolConnections: ConnectionRef[];
  /** Files a person may attach to a message; absent in snapshots older than the setting (off). */
  attachments?: AttachmentSettings;
  /** The agent's knowledge bases (issue 19) and when it retrieves; absent when it has none (and in older snapshots). */
  knowledge?: { retrieval: 'tool' | 'always'; bases: KnowledgeRef[] };
};
