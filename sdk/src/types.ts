// The API's shapes (GET /api/v1/openapi.json has the full reference): resources, inputs and the chat event stream.

export type Page<T> = { data: T[]; next_cursor: string | null };
export type PageParams = { limit?: number; cursor?: string };

export type Runtime = 'edge' | 'container';
export type AgentConfig = {
  name: string;
  description: string | null;
  instructions: string;
  model: string;
  connection_id: string | null;
  temperature: number | null;
  max_steps: number;
  tool_ids: string[];
  variables: Record<string, string>;
  runtime: Runtime;
};
export type Agent = AgentConfig & { id: string; slug: string; version: number; visibility: string; created_at: string; updated_at: string };
export type AgentVersion = AgentConfig & { agent_id: string; version: number; restored_from: number | null; created_by: string | null; created_at: string };
export type AgentInput = { name: string; model: string; slug?: string } & Partial<Omit<AgentConfig, 'name' | 'model'>>;
export type AgentPatch = Partial<AgentConfig & { slug: string }>;

export type Session = {
  id: string;
  agent_id: string;
  agent_version: number;
  title: string | null;
  metadata: Record<string, unknown>;
  status: string;
  message_count: number;
  created_at: string;
  last_activity_at: string;
};
export type SessionInput = { variables?: Record<string, string>; metadata?: Record<string, unknown> };

export type ToolCall = { id: string; name: string; arguments: string };
export type Attachment = { path: string; size: number; media_type: string; content_base64?: string };
export type MessageStatus = 'completed' | 'interrupted' | 'cancelled' | 'failed';
export type Message = {
  id: string;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
  ok?: boolean;
  attachments?: Attachment[];
  status: MessageStatus;
  created_at: string;
};
export type Usage = { input_tokens: number; output_tokens: number };
export type TraceStep = Record<string, unknown> & { id: string; turn_id: string; type: 'model' | 'tool'; duration_ms: number; ok: boolean };
export type Reply = { message: Message | null; usage: Usage; steps: TraceStep[]; status: MessageStatus };

/** What a streamed turn emits, in order (API.md, Sessions). */
/** `id`: the event's SSE id (`<turn>-<event>`), to re-attach after it with `messages.resume`. */
export type ChatEvent = { id?: string } & (
  | { type: 'message.delta'; data: { text: string } }
  | { type: 'tool.call'; data: ToolCall }
  | { type: 'tool.result'; data: { id: string; name: string; ok: boolean; output: string; files?: Attachment[] } }
  | { type: 'message.completed'; data: { message: Message; usage: Usage } }
  | { type: 'error'; data: { code: string; message: string } }
);

export type ConnectionKind = 'openai' | 'openai_compatible' | 'http' | 'mcp';
export type AuthType = 'bearer' | 'header' | 'query' | 'basic' | 'none';
export type Connection = {
  id: string;
  name: string;
  kind: ConnectionKind;
  base_url: string | null;
  auth: { type: AuthType; hint: string | null; header_name?: string; param_name?: string; username?: string };
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
};
export type ConnectionInput = {
  name: string;
  kind: ConnectionKind;
  base_url?: string;
  config?: { health_path?: string };
  auth: { type: AuthType; secret?: string; header_name?: string; param_name?: string; username?: string };
};
export type ConnectionPatch = Partial<Omit<ConnectionInput, 'auth' | 'base_url'>> & { base_url?: string | null; auth?: Partial<ConnectionInput['auth']> };
export type ConnectionTest = { ok: boolean; latency_ms: number; message: string };

export type ToolKind = 'http' | 'builtin' | 'mcp' | 'code';
export type Tool = {
  id: string;
  name: string;
  description: string;
  kind: ToolKind;
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
  connection_id: string | null;
  builtin: boolean;
  runtime: Runtime;
  created_at: string | null;
  updated_at: string | null;
};
export type ToolInput = { name: string; description: string; kind: ToolKind; parameters?: Record<string, unknown>; config?: Record<string, unknown>; connection_id?: string | null };
export type ToolPatch = Partial<Omit<ToolInput, 'kind'>>;
export type OpenApiImport = { spec: string | Record<string, unknown>; connection_id?: string | null; prefix?: string; operations?: string[] };
export type McpDiscovery = { data: Tool[]; created: string[]; updated: string[]; removed: string[]; stale: string[] };

export type ApiKey = { id: string; name: string; prefix: string; scopes: string[]; created_at: string; last_used_at: string | null; expires_at: string | null };
export type Identity = {
  user: { id: string; email: string; name: string | null; created_at: string };
  tenant: { id: string; name: string; slug: string; plan: string; created_at: string };
  role: 'owner' | 'admin' | 'member' | 'viewer';
  api_key?: { id: string; scopes: string[] };
};
