// Generated from the OpenAPI document (GET /api/v1/openapi.json) by scripts/gen-sdk-types.mjs: do not edit.
// Change the zod schemas in worker/schemas/ (or a route's body schema), then run `npm run sdk:types`.

/** Every error: an HTTP status, a stable code and a message; X-Request-Id identifies the request. */
export type Error = {
  error: {
    code: 'validation_failed' | 'invalid_json' | 'bad_request' | 'unauthorized' | 'payment_required' | 'budget_exceeded' | 'quota_exceeded' | 'subscription_required' | 'forbidden' | 'csrf_failed' | 'insufficient_scope' | 'not_found' | 'method_not_allowed' | 'conflict' | 'gone' | 'payload_too_large' | 'unsupported_media_type' | 'rate_limited' | 'internal_error' | 'upstream_error' | 'upstream_timeout' | 'unavailable';
    message: string;
    details?: {
      path: string;
      message: string;
    }[];
  };
};

/** The signed-in account; a session cookie is set. */
export type AuthResult = {
  user: {
    id: string;
    email: string;
    name: string | null;
    created_at: string;
  };
  tenant: {
    id: string;
    name: string;
    slug: string;
    plan: string;
    created_at: string;
  };
  role: 'owner' | 'admin' | 'member' | 'viewer';
  csrf_token: string;
};

export type Identity = {
  user: {
    id: string;
    email: string;
    name: string | null;
    created_at: string;
  };
  tenant: {
    id: string;
    name: string;
    slug: string;
    plan: string;
    created_at: string;
  };
  role: 'owner' | 'admin' | 'member' | 'viewer';
  csrf_token: string | null;
  api_key?: {
    id: string;
    /** `*` (all scopes) or scopes: `agents:read`, `agents:write`, `sessions:read`, `sessions:write`, `connections:read`, `connections:write`, `tools:read`, `tools:write`, `api_keys:read`, `api_keys:write`, `members:read`, `members:write`, `audit:read`, `workflows:read`, `workflows:write`, `runs:read`, `runs:write`, `analytics:read`, `analytics:write`, `listings:write`, `reviews:write`, `knowledge:read`, `knowledge:write` */
    scopes: string[];
  };
  /** The organizations the person belongs to (for an API key: its own organization only) */
  memberships: Membership[];
};

export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  /** `*` (all scopes) or scopes: `agents:read`, `agents:write`, `sessions:read`, `sessions:write`, `connections:read`, `connections:write`, `tools:read`, `tools:write`, `api_keys:read`, `api_keys:write`, `members:read`, `members:write`, `audit:read`, `workflows:read`, `workflows:write`, `runs:read`, `runs:write`, `analytics:read`, `analytics:write`, `listings:write`, `reviews:write`, `knowledge:read`, `knowledge:write` */
  scopes: string[];
  /** "Full access", "Read only", "Chat only" (the presets) or "Custom: …" */
  access: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
};

export type ApiKeyCreated = {
  id: string;
  name: string;
  prefix: string;
  /** `*` (all scopes) or scopes: `agents:read`, `agents:write`, `sessions:read`, `sessions:write`, `connections:read`, `connections:write`, `tools:read`, `tools:write`, `api_keys:read`, `api_keys:write`, `members:read`, `members:write`, `audit:read`, `workflows:read`, `workflows:write`, `runs:read`, `runs:write`, `analytics:read`, `analytics:write`, `listings:write`, `reviews:write`, `knowledge:read`, `knowledge:write` */
  scopes: string[];
  /** "Full access", "Read only", "Chat only" (the presets) or "Custom: …" */
  access: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  /** The key itself, shown this once */
  key: string;
};

export type ApiKeyList = {
  data: ApiKey[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

/** An organization the person belongs to, with their role in it. */
export type Membership = {
  tenant: {
    id: string;
    name: string;
  };
  role: 'owner' | 'admin' | 'member' | 'viewer';
};

export type Member = {
  user: {
    id: string;
    email: string;
    name: string | null;
  };
  role: 'owner' | 'admin' | 'member' | 'viewer';
  joined_at: string;
};

export type MemberList = {
  data: Member[];
  next_cursor: null;
};

export type Invitation = {
  id: string;
  email: string;
  role: 'owner' | 'admin' | 'member' | 'viewer';
  /** An expired invitation can be resent */
  status: 'pending' | 'expired';
  expires_at: string;
  created_at: string;
};

/** The invitation with its single-use link, shown this once. */
export type InvitationCreated = {
  id: string;
  email: string;
  role: 'owner' | 'admin' | 'member' | 'viewer';
  /** An expired invitation can be resent */
  status: 'pending' | 'expired';
  expires_at: string;
  created_at: string;
  /** The single-use link (7 days), shown this once */
  url: string;
  /** True when the link was also sent by email (the server has an email sender) */
  emailed: boolean;
};

export type InvitationList = {
  data: Invitation[];
  next_cursor: null;
};

/** The organization joined and the role in it. */
export type InvitationAccepted = {
  tenant: {
    id: string;
    name: string;
  };
  role: 'owner' | 'admin' | 'member' | 'viewer';
  /** For a new account: the CSRF token of its new session */
  csrf_token?: string;
};

/** One recorded change or sign-in: who, what, when, from which IP; never a secret. */
export type AuditEntry = {
  id: string;
  actor: {
    type: 'user' | 'api_key' | 'system';
    id: string | null;
    /** The user's name (or email) or the API key's name; null once deleted (the id stays) */
    name: string | null;
  };
  /** `<resource>.<verb>`, e.g. `agent.update`, `member.role_change`, `auth.login_failed` */
  action: string;
  resource: {
    type: string | null;
    id: string | null;
  };
  /** Configuration fields before and after the change; a secret only ever appears as `{changed: true}` */
  changes?: Record<string, {
    before?: unknown;
    after?: unknown;
    changed?: true;
  }>;
  ip?: string;
  created_at: string;
};

export type AuditLog = {
  data: AuditEntry[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type Agent = {
  id: string;
  slug: string;
  version: number;
  name: string;
  description: string | null;
  instructions: string;
  model: string;
  connection_id: string | null;
  temperature: number | null;
  max_steps: number;
  tool_ids: string[];
  /** The only agents this agent may ask through the call_agent tool (agents of the same organization, never itself). */
  callable_agent_ids: string[];
  variables: Record<string, string>;
  runtime: 'edge' | 'container';
  /** Files people may attach to a message (off by default); see the Sessions guide, "Files in chat" */
  attachments: {
    /** Whether people may attach a file to a message (chat page, widget, share links, sessions API). Default false. */
    enabled: boolean;
    /** The file types accepted, by extension */
    types: ('txt' | 'md' | 'html' | 'pdf' | 'docx' | 'csv' | 'json')[];
    /** The largest file accepted, in bytes (the platform cap is 10 MB) */
    max_bytes: number;
  };
  /** Knowledge bases of the organization this agent searches (the built-in search_knowledge tool is added when there is one) */
  knowledge_base_ids: string[];
  /** tool: the model calls search_knowledge when it needs to; always: passages for the user's message are retrieved before every turn */
  knowledge_retrieval: 'tool' | 'always';
  /** private: its creator, admins and owners; team: the organization; link: the team, and anyone with the share URL may chat; public: like team for now */
  visibility: 'private' | 'team' | 'link' | 'public';
  created_at: string;
  updated_at: string;
};

export type AgentList = {
  data: Agent[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type AgentVersion = {
  agent_id: string;
  version: number;
  name: string;
  description: string | null;
  instructions: string;
  model: string;
  connection_id: string | null;
  temperature: number | null;
  max_steps: number;
  tool_ids: string[];
  /** The only agents this agent may ask through the call_agent tool (agents of the same organization, never itself). */
  callable_agent_ids: string[];
  variables: Record<string, string>;
  runtime: 'edge' | 'container';
  /** Files people may attach to a message (off by default); see the Sessions guide, "Files in chat" */
  attachments: {
    /** Whether people may attach a file to a message (chat page, widget, share links, sessions API). Default false. */
    enabled: boolean;
    /** The file types accepted, by extension */
    types: ('txt' | 'md' | 'html' | 'pdf' | 'docx' | 'csv' | 'json')[];
    /** The largest file accepted, in bytes (the platform cap is 10 MB) */
    max_bytes: number;
  };
  /** Knowledge bases of the organization this agent searches (the built-in search_knowledge tool is added when there is one) */
  knowledge_base_ids: string[];
  /** tool: the model calls search_knowledge when it needs to; always: passages for the user's message are retrieved before every turn */
  knowledge_retrieval: 'tool' | 'always';
  restored_from: number | null;
  created_by: string | null;
  created_at: string;
};

export type AgentVersionList = {
  data: AgentVersion[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type ShareLink = {
  /** The hosted chat page `…/s/<token>`; a credential: share it like a password */
  url: string;
};

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
  /** With ?q=: the best-matching message of the conversation */
  match?: {
    message_id: string;
    role: 'user' | 'assistant';
    /** The matching passage, HTML-escaped, with the matched words in <mark> */
    snippet: string;
  };
};

export type SessionList = {
  data: Session[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type CancelResult = {
  /** Whether a turn was running */
  cancelled: boolean;
};

export type MessageStatus = 'completed' | 'interrupted' | 'cancelled' | 'failed';

export type ToolCall = {
  id: string;
  name: string;
  /** JSON text */
  arguments: string;
};

/** A file a code tool produced; over the size cap it has no content. */
export type Attachment = {
  path: string;
  size: number;
  media_type: string;
  content_base64?: string;
};

export type Message = {
  id: string;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: ToolCall[];
  /** For role "tool": the call it answers */
  tool_call_id?: string;
  name?: string;
  /** For role "tool": whether the tool succeeded */
  ok?: boolean;
  /** For role "tool": files the tool produced (code tools) */
  attachments?: Attachment[];
  /** For role "user": the file attached to the message; its text went to the model with it, framed as data */
  file?: {
    /** The kept original: download it from GET /api/v1/sessions/{id}/files/{file_id}. Absent on files sent before originals were kept */
    id?: string;
    name: string;
    /** The declared type, else the one detected from its bytes */
    content_type: string;
    bytes: number;
    /** Whether the file's text was cut to fit the model's context */
    truncated: boolean;
  };
  /** For role "assistant": the knowledge passages the answer used, numbered as the answer cites them ([1], [2]…) */
  citations?: {
    /** Its number in the answer: the model cites it as [n] */
    n: number;
    knowledge_base_id: string;
    document_id: string;
    /** The document's title */
    title: string;
    /** The chunk's position in its document (the passage page links to #chunk-<position>) */
    position: number;
    /** The passage as retrieved */
    text: string;
  }[];
  status: MessageStatus;
  /** Why the turn failed: on the empty assistant message (status failed) of a turn that got no answer */
  error?: {
    code: string;
    message: string;
  };
  created_at: string;
  /** On assistant messages in message lists: the current rating of this answer (null: not rated) */
  feedback?: {
    rating: 'up' | 'down';
    comment: string | null;
  } | null;
};

export type MessageList = {
  data: Message[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type Usage = {
  input_tokens: number;
  output_tokens: number;
};

/** A model call or a tool call of a turn; secrets redacted. */
export type TraceStep = {
  type: 'model';
  id: string;
  turn_id: string;
  ok: boolean;
  duration_ms: number;
  started_at: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  ttft_ms: number | null;
  attempts: number;
  finish_reason: string | null;
  error?: {
    code: string;
    message: string;
  };
} | {
  type: 'tool';
  id: string;
  turn_id: string;
  ok: boolean;
  duration_ms: number;
  started_at: string;
  name: string;
  call_id: string;
  arguments: string;
  output: string;
} | {
  type: 'retrieval';
  id: string;
  turn_id: string;
  ok: boolean;
  duration_ms: number;
  started_at: string;
  query: string;
  knowledge_base_ids: string[];
  /** tool: a search_knowledge call; always: before the turn, with the user message */
  mode: 'tool' | 'always';
  passages: {
    n: number;
    knowledge_base_id: string;
    document_id: string;
    title: string;
    position: number;
    score: number;
  }[];
  /** Why the vector half did not run (keyword results only), or null */
  degraded: string | null;
};

export type Trace = {
  data: TraceStep[];
};

/** A finished turn (messages without `stream`). */
export type Reply = {
  message: Message | null;
  usage: Usage;
  steps: TraceStep[];
  status: MessageStatus;
};

/** One event of a streamed turn: the SSE frame is `event: <type>` and `data: <data as JSON>`. */
export type ChatEvent = {
  type: 'message.delta';
  data: {
    text: string;
  };
} | {
  type: 'tool.call';
  data: ToolCall;
} | {
  type: 'tool.result';
  data: {
    id: string;
    name: string;
    ok: boolean;
    output: string;
    files?: Attachment[];
  };
} | {
  type: 'message.citations';
  /** The knowledge passages retrieved so far in this turn (every one, numbered): sent after each retrieval; the finished message carries those it used */
  data: {
    citations: {
      /** Its number in the answer: the model cites it as [n] */
      n: number;
      knowledge_base_id: string;
      document_id: string;
      /** The document's title */
      title: string;
      /** The chunk's position in its document (the passage page links to #chunk-<position>) */
      position: number;
      /** The passage as retrieved */
      text: string;
    }[];
  };
} | {
  type: 'message.completed';
  data: {
    message: Message;
    usage: Usage;
  };
} | {
  type: 'error';
  data: {
    code: string;
    message: string;
    /** Seconds the model provider asked to wait (its 429 Retry-After) */
    retry_after?: number;
  };
};

export type Connection = {
  id: string;
  name: string;
  kind: 'openai' | 'openai_compatible' | 'http' | 'mcp';
  base_url: string | null;
  auth: {
    type: 'bearer' | 'header' | 'query' | 'basic' | 'none';
    /** e.g. sk-…9fQa; never the secret */
    hint: string | null;
    header_name?: string;
    param_name?: string;
    username?: string;
  };
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
};

export type ConnectionList = {
  data: Connection[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type ConnectionTest = {
  ok: boolean;
  latency_ms: number;
  message: string;
};

export type Tool = {
  id: string;
  name: string;
  description: string;
  kind: 'http' | 'builtin' | 'mcp' | 'code';
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
  connection_id: string | null;
  builtin: boolean;
  runtime: 'edge' | 'container';
  created_at: string | null;
  updated_at: string | null;
};

export type ToolList = {
  data: Tool[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type ToolImport = {
  data: Tool[];
  skipped: {
    operation: string;
    operationId: string;
    reason: string;
  }[];
};

export type McpDiscovery = {
  data: Tool[];
  created: string[];
  updated: string[];
  removed: string[];
  stale: string[];
};

/** How the widget looks; data attributes on the host page may override each field. */
export type WidgetTheme = {
  title?: string;
  /** #rrggbb */
  color?: string;
  position?: 'right' | 'left';
  mode?: 'light' | 'dark' | 'auto';
  avatar_url?: string;
};

export type EmbedKey = {
  id: string;
  agent_id: string;
  name: string;
  public_key: string;
  allowed_origins: string[];
  greeting: string | null;
  suggested_prompts: string[];
  theme: WidgetTheme;
  created_at: string;
  updated_at: string;
};

export type EmbedKeyList = {
  data: EmbedKey[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type WidgetConfig = {
  agent: {
    name: string;
  };
  greeting: string | null;
  suggested_prompts: string[];
  theme: WidgetTheme;
  /** The files a visitor may attach to a message (the agent's setting), or null when it takes none */
  attachments: {
    types: string[];
    max_bytes: number;
  } | null;
};

export type VisitorToken = {
  session_id: string;
  token: string;
  expires_at: string;
};

export type VisitorMessage = {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  /** On a visitor message: the file attached to it */
  file?: {
    /** The kept original: download it from GET /api/v1/sessions/{id}/files/{file_id}. Absent on files sent before originals were kept */
    id?: string;
    name: string;
    /** The declared type, else the one detected from its bytes */
    content_type: string;
    bytes: number;
    /** Whether the file's text was cut to fit the model's context */
    truncated: boolean;
  };
  status: string;
  created_at: string;
  /** On answers in the history: the rating this conversation gave it */
  feedback?: 'up' | 'down' | null;
  /** On answers that used knowledge passages: each passage as the answer cites it ([n]), its document title and text */
  citations?: {
    n: number;
    title: string;
    text: string;
  }[];
};

export type VisitorHistory = {
  data: VisitorMessage[];
};

/** One event of the widget’s reply stream. */
export type VisitorEvent = {
  type: 'message.delta';
  data: {
    text: string;
  };
} | {
  type: 'message.completed';
  data: {
    message: VisitorMessage;
  };
} | {
  type: 'error';
  data: {
    code: string;
    message: string;
  };
};

/** Typed inputs, steps (agent, tool, transform, router, map, approval, wait, workflow) and the output; templates read `{{inputs.x}}` and `{{steps.<id>.output}}`. */
export type WorkflowDefinition = {
  inputs?: Record<string, {
    type: 'string' | 'number' | 'boolean' | 'object' | 'array';
    required?: boolean;
    description?: string;
    default?: unknown;
  }>;
  steps: ({
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'agent';
    agent_id: string;
    input: string;
  } | {
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'tool';
    tool_id: string;
    arguments?: Record<string, unknown>;
  } | {
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'transform';
    value: unknown;
  } | {
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'router';
    agent_id?: string;
    input?: string;
    routes: Record<string, string[]>;
  } | {
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'map';
    over: string;
    step: {
      retries?: number;
      timeout_seconds?: number;
      kind: 'agent';
      agent_id: string;
      input: string;
    } | {
      retries?: number;
      timeout_seconds?: number;
      kind: 'tool';
      tool_id: string;
      arguments?: Record<string, unknown>;
    } | {
      retries?: number;
      timeout_seconds?: number;
      kind: 'transform';
      value: unknown;
    } | {
      retries?: number;
      timeout_seconds?: number;
      kind: 'workflow';
      workflow_id: string;
      inputs?: Record<string, unknown>;
    };
    concurrency?: number;
  } | {
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'approval';
    message: string;
  } | {
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'wait';
    seconds: number;
  } | {
    id: string;
    name?: string;
    needs?: string[];
    when?: string;
    retries?: number;
    timeout_seconds?: number;
    position?: {
      x: number;
      y: number;
    };
    kind: 'workflow';
    workflow_id: string;
    inputs?: Record<string, unknown>;
  })[];
  output?: unknown;
};

export type Workflow = {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  version: number;
  definition: WorkflowDefinition;
  created_at: string;
  updated_at: string;
};

export type WorkflowList = {
  data: Workflow[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

export type WorkflowVersion = {
  workflow_id: string;
  version: number;
  name: string;
  description: string | null;
  definition: WorkflowDefinition;
  restored_from: number | null;
  created_by: string | null;
  created_at: string;
};

export type WorkflowVersionList = {
  data: WorkflowVersion[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

/** Every problem of a definition, each naming its step. */
export type WorkflowValidation = {
  valid: boolean;
  errors: {
    /** Relative to the definition: `steps.<id>.<field>`, `steps[3].id` (a missing or repeated id), `inputs.<name>`, `output` */
    path: string;
    /** The step the problem belongs to, when it is one step’s */
    step_id: string | null;
    message: string;
  }[];
};

/** What changed between two versions of a workflow. */
export type WorkflowVersionDiff = {
  from: number;
  to: number;
  fields: {
    field: 'name' | 'description';
    before: string | null;
    after: string | null;
  }[];
  inputs: {
    added: string[];
    removed: string[];
    changed: string[];
  };
  steps: {
    added: string[];
    removed: string[];
    changed: {
      id: string;
      /** The step’s fields that differ (its position aside) */
      fields: string[];
    }[];
    /** Steps only moved on the canvas */
    moved: string[];
  };
  output_changed: boolean;
};

export type WorkflowTemplateList = {
  data: {
    id: string;
    name: string;
    summary: string;
    roles: {
      role: string;
      description: string;
      /** Used (made when absent) unless `agents` names another */
      default_agent: {
        slug: string;
        name: string;
      };
    }[];
    inputs: Record<string, {
      type: 'string' | 'number' | 'boolean' | 'object' | 'array';
      required?: boolean;
      description?: string;
      default?: unknown;
    }>;
    steps: {
      id: string;
      kind: 'agent' | 'tool' | 'transform' | 'router' | 'map' | 'approval' | 'wait' | 'workflow';
      name: string;
    }[];
  }[];
};

/** A step of a run: status, attempts, input, output, error, tokens, timings. */
export type RunStep = {
  id: string;
  kind: 'agent' | 'tool' | 'transform' | 'router' | 'map' | 'approval' | 'wait' | 'workflow';
  status: 'pending' | 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  attempts: number;
  input: unknown | null;
  output: unknown | null;
  error?: {
    code: string;
    message: string;
  } | null;
  tokens?: {
    input: number;
    output: number;
  } | null;
  cost_usd?: number | null;
  decision?: {
    approved: boolean;
    by: string;
    comment: string | null;
    at: string;
  } | null;
  items?: {
    total: number;
    done: number;
  } | null;
  child_run_id?: string | null;
  started_at: string | null;
  finished_at: string | null;
};

/** A workflow run with its steps. */
export type Run = {
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  trigger: {
    kind: 'api' | 'schedule' | 'webhook' | 'agent' | 'mcp' | 'workflow' | 'test';
    id: string | null;
  };
  parent_run_id: string | null;
  inputs: Record<string, unknown>;
  output: unknown | null;
  error?: {
    code: string;
    message: string;
  } | null;
  steps: RunStep[];
  tokens: {
    input: number;
    output: number;
  };
  cost_usd: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};

export type RunSummary = {
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  trigger: {
    kind: 'api' | 'schedule' | 'webhook' | 'agent' | 'mcp' | 'workflow' | 'test';
    id: string | null;
  };
  parent_run_id: string | null;
  tokens: {
    input: number;
    output: number;
  };
  cost_usd: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: {
    code: string;
    message: string;
  } | null;
};

export type RunList = {
  data: RunSummary[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

/** A workflow trigger: a schedule (cron in a time zone) or a signed webhook. */
export type Trigger = {
  id: string;
  workflow_id: string;
  kind: 'schedule' | 'webhook';
  cron: string | null;
  timezone: string | null;
  inputs: Record<string, unknown> | null;
  enabled: boolean;
  url: string | null;
  next_run_at: string | null;
  last_run_at: string | null;
  created_at: string;
};

export type TriggerList = {
  data: Trigger[];
  /** Pass as ?cursor= for the next page; null on the last */
  next_cursor: string | null;
};

/** A webhook trigger with its secret (answered once). */
export type TriggerWithSecret = {
  id: string;
  workflow_id: string;
  kind: 'schedule' | 'webhook';
  cron: string | null;
  timezone: string | null;
  inputs: Record<string, unknown> | null;
  enabled: boolean;
  url: string | null;
  next_run_at: string | null;
  last_run_at: string | null;
  created_at: string;
  /** Webhooks: signs calls, `X-Edgent-Signature: sha256=<hex HMAC-SHA256 of the raw body>`; shown only in this answer */
  secret?: string;
};

/** A monthly cost limit of the organization or one agent, with this month’s spend from the meter. */
export type Budget = {
  id: string;
  scope: 'tenant' | 'agent';
  agent_id: string | null;
  period: 'month';
  limit_usd: number;
  action: 'alert' | 'block';
  spent_usd: number;
  reached_pct: number;
  period_start: string;
  created_at: string;
};

export type BudgetList = {
  data: Budget[];
  next_cursor: null;
};

/** A document collection agents search: its embedding model and what it holds. */
export type KnowledgeBase = {
  id: string;
  name: string;
  description: string | null;
  connection_id: string | null;
  embedding_model: string;
  document_count: number;
  chunk_count: number;
  bytes: number;
  created_at: string;
  updated_at: string;
};

export type KnowledgeBaseList = {
  data: KnowledgeBase[];
  next_cursor: string | null;
};

/** A document of a knowledge base: where it came from and its ingestion status (with the reason when it failed). */
export type KnowledgeDocument = {
  id: string;
  knowledge_base_id: string;
  title: string;
  source: 'upload' | 'url' | 'text';
  url: string | null;
  filename: string | null;
  content_type: string | null;
  bytes: number;
  status: 'queued' | 'parsing' | 'embedding' | 'ready' | 'failed';
  error: string | null;
  chunk_count: number;
  refresh_hours: number | null;
  refreshed_at: string | null;
  created_at: string;
  updated_at: string;
};

export type KnowledgeDocumentList = {
  data: KnowledgeDocument[];
  next_cursor: string | null;
};

/** A document just added (queued), or the existing one with the same content. */
export type KnowledgeDocumentAdded = {
  id: string;
  title: string;
  status: 'queued' | 'parsing' | 'embedding' | 'ready' | 'failed';
};

/** A document’s passages in order, as stored for search. */
export type KnowledgeChunkList = {
  data: {
    position: number;
    headings: string[];
    text: string;
    tokens: number;
    page: number | null;
  }[];
};

/** Ranked passages of a hybrid search, with each half’s rank. */
export type KnowledgeQueryAnswer = {
  data: {
    document_id: string;
    title: string;
    text: string;
    score: number;
    position: number;
    headings: string[];
    vector: {
      rank: number;
      score: number;
    } | null;
    keyword: {
      rank: number;
      score: number;
    } | null;
  }[];
  degraded: {
    reason: string;
  } | null;
  timings: {
    embed_ms: number;
    query_ms: number;
  };
};

/** Usage of one time bucket (and group key): turns, tokens, cost, errors, latency percentiles, feedback. */
export type UsageRow = {
  bucket: string;
  key: string | null;
  label?: string | null;
  conversations: number;
  turns: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  errors: number;
  latency_ms: {
    p50: number | null;
    p95: number | null;
  };
  ttft_ms: {
    p50: number | null;
    p95: number | null;
  };
  feedback: {
    up: number;
    down: number;
  };
  step_limit_hits: number;
  tool_calls: number;
  tool_errors: number;
};

export type UsageAnswer = {
  data: UsageRow[];
};

/** A model’s price in USD per million input and output tokens. */
export type ModelPrice = {
  model: string;
  input_per_mtok_usd: number;
  output_per_mtok_usd: number;
  source?: 'default' | 'override';
  updated_at?: string | null;
};

export type ModelPriceList = {
  data: ModelPrice[];
  unpriced: string[];
};

/** An organization’s plan, its billing period and usage against each limit. */
export type BillingAnswer = {
  plan: 'free' | 'pro' | 'team';
  status: string;
  current_period_end: string;
  usage: {
    messages: number;
    tokens: number;
    workflow_runs: number;
    seats: number;
    agents: number;
    embed_keys: number;
    code_tool_minutes: number;
  };
  limits: {
    messages: number | null;
    tokens: number | null;
    workflow_runs: number | null;
    seats: number | null;
    agents: number | null;
    embed_keys: number | null;
    code_tool_minutes: number | null;
  };
  billing_enabled: boolean;
  current_period_start: string;
  cancel_at_period_end: boolean;
  grace_until: string | null;
  chat_file_bytes: number;
  knowledge: {
    usage: {
      knowledge_bases: number;
      knowledge_documents: number;
      knowledge_bytes: number;
    };
    limits: {
      knowledge_bases: number | null;
      knowledge_documents: number | null;
      knowledge_bytes: number | null;
      knowledge_file_bytes: number;
    };
  };
};

/** A Stripe page (Checkout or the Customer Portal) to send the person to. */
export type BillingRedirect = {
  url: string;
};

/** A Stripe invoice of the organization (amounts in the currency’s smallest unit). */
export type Invoice = {
  id: string;
  number: string | null;
  status: string | null;
  currency: string;
  amount_due: number;
  amount_paid: number;
  created: string;
  period_start: string | null;
  period_end: string | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
};

export type InvoiceList = {
  data: Invoice[];
  next_cursor: null;
};

/** The organization’s Stripe Connect onboarding state for selling paid listings (no account id, no secrets). */
export type CreatorConnect = {
  status: 'none' | 'pending' | 'active' | 'restricted';
  account: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  fee_percent: number;
};

/** A paid listing’s payment: amount, the platform’s fee and the creator’s net, in cents. */
export type ListingPayment = {
  id: string;
  listing_id: string;
  listing_title: string | null;
  amount: number;
  fee: number;
  net: number;
  currency: string;
  paid_at: string;
};

/** A creator’s earnings from paid listings, in cents: totals, this month, per listing, the latest payments. */
export type CreatorEarnings = {
  currency: string;
  total_gross: number;
  total_fee: number;
  total_net: number;
  payments_count: number;
  this_month: {
    gross: number;
    fee: number;
    net: number;
    payments: number;
    since: string;
  };
  by_listing: {
    gross: number;
    fee: number;
    net: number;
    payments: number;
    listing_id: string;
    title: string | null;
    slug: string | null;
    subscribers: number;
  }[];
  payments: ListingPayment[];
};

/** A marketplace listing as its creator sees it: the public detail, the agent it lists, its status and versions. */
export type OwnListing = {
  id: string;
  slug: string;
  title: string;
  tagline: string;
  category: string;
  tags: string[];
  icon: string | null;
  creator: {
    name: string;
    slug: string;
  };
  rating: {
    average: number | null;
    count: number;
  };
  installs: number;
  pricing: {
    type: 'free';
  } | {
    type: 'subscription';
    monthly_usd: number;
  };
  snippet?: string;
  published_at: string | null;
  description: string;
  status: 'published' | 'unpublished' | 'removed';
  version: number;
  agent_version: number;
  model: string;
  instructions?: string;
  variables: string[];
  tools: {
    name: string;
    kind: string;
    description: string | null;
    reaches: string[];
    needs_connection: {
      name: string;
      kind: string;
    } | null;
  }[];
  screenshots: {
    url: string;
    caption?: string;
  }[];
  example_conversation: {
    role: 'user' | 'assistant';
    content: string;
  }[];
  conversations: number;
  versions: {
    version: number;
    notes: string | null;
    created_at: string;
  }[];
  updated_at: string;
  agent_id: string;
  removed_reason: string | null;
  url: string;
};

/** An organization’s public face as a marketplace creator. */
export type CreatorProfile = {
  slug: string;
  display_name: string;
  bio: string | null;
  website: string | null;
  url: string;
  created_at: string;
  updated_at: string;
};

/** An installed copy of a listing: the new agent, the install and the tools to map to your connections. */
export type InstallAnswer = {
  agent: Agent;
  install: {
    id: string;
    listing_id: string;
    listing_version: number;
    status: 'active' | 'stopped';
  };
  needs_connections: {
    tool_id: string | null;
    tool_name: string;
    kind: string;
    connection: {
      name: string;
      kind: string;
    };
  }[];
  previous_installs: {
    agent_id: string;
    listing_version: number;
  }[];
};

/** Whether an installed agent’s listing offers a newer version, and what it changes. */
export type ListingUpdate = {
  available: boolean;
  installed: boolean;
  from: number | null;
  to: number | null;
  listing: {
    id: string;
    slug: string;
    title: string;
  } | null;
  notes: {
    version: number;
    notes: string | null;
  }[];
  diff: {
    fields: {
      field: string;
      before: string;
      after: string;
    }[];
    instructions: {
      op: 'same' | 'add' | 'del';
      text: string;
    }[];
    tools: {
      added: string[];
      removed: string[];
      changed: string[];
    };
  };
};

/** A published marketplace listing as the catalogue lists it. */
export type ListingSummary = {
  id: string;
  slug: string;
  title: string;
  tagline: string;
  category: string;
  tags: string[];
  icon: string | null;
  creator: {
    name: string;
    slug: string;
  };
  rating: {
    average: number | null;
    count: number;
  };
  installs: number;
  pricing: {
    type: 'free';
  } | {
    type: 'subscription';
    monthly_usd: number;
  };
  snippet?: string;
  published_at: string | null;
};

/** A published listing in full: never a subscription listing’s instructions, never credentials. */
export type ListingDetail = {
  id: string;
  slug: string;
  title: string;
  tagline: string;
  category: string;
  tags: string[];
  icon: string | null;
  creator: {
    name: string;
    slug: string;
  };
  rating: {
    average: number | null;
    count: number;
  };
  installs: number;
  pricing: {
    type: 'free';
  } | {
    type: 'subscription';
    monthly_usd: number;
  };
  snippet?: string;
  published_at: string | null;
  description: string;
  status: 'published' | 'unpublished' | 'removed';
  version: number;
  agent_version: number;
  model: string;
  instructions?: string;
  variables: string[];
  tools: {
    name: string;
    kind: string;
    description: string | null;
    reaches: string[];
    needs_connection: {
      name: string;
      kind: string;
    } | null;
  }[];
  screenshots: {
    url: string;
    caption?: string;
  }[];
  example_conversation: {
    role: 'user' | 'assistant';
    content: string;
  }[];
  conversations: number;
  versions: {
    version: number;
    notes: string | null;
    created_at: string;
  }[];
  updated_at: string;
};

export type ListingList = {
  data: ListingSummary[];
  next_cursor: string | null;
};

/** A marketplace category with its count of published listings. */
export type MarketplaceCategory = {
  slug: string;
  name: string;
  count: number;
};

export type MarketplaceCategoryList = {
  data: MarketplaceCategory[];
};

/** OpenAI’s chat.completion. With `stream: true` the answer is SSE `data:` lines of chat.completion.chunk objects, then `data: [DONE]`. */
export type ChatCompletion = {
  id: string;
  object: 'chat.completion';
  created: number;
  /** The agent id or slug you sent */
  model: string;
  choices: {
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      tool_calls?: {
        id: string;
        type: 'function';
        function: {
          name: string;
          arguments: string;
        };
      }[];
    };
    logprobs: null;
    /** `length`: the last model step reached your `max_tokens` */
    finish_reason: 'stop' | 'tool_calls' | 'length';
  }[];
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
  };
};

/** Errors of /v1/* in OpenAI’s shape, so the OpenAI SDKs raise their usual classes. */
export type OpenAIError = {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
  };
};

export type Model = {
  /** The agent’s slug: pass it as `model` */
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  agent_id: string;
  name: string;
  description: string | null;
  version: number;
};

/** OpenAI’s Response (the Responses API). `output_text` is not sent: the OpenAI SDKs compute it from `output`. */
export type Response = {
  /** `resp_…`: names the response and, when stored, its conversation */
  id: string;
  object: 'response';
  created_at: number;
  status: 'completed' | 'failed' | 'in_progress' | 'incomplete';
  background: boolean;
  error: {
    code: string;
    message: string;
  } | null;
  incomplete_details: {
    reason: string;
  } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  /** The agent id or slug you sent */
  model: string;
  output: ({
    type: 'message';
    id: string;
    status: 'in_progress' | 'completed' | 'incomplete';
    role: 'assistant';
    content: {
      type: 'output_text';
      text: string;
      annotations: unknown[];
      logprobs: unknown[];
    }[];
  } | {
    type: 'function_call';
    id: string;
    /** Answer it with a `function_call_output` item of this `call_id` */
    call_id: string;
    name: string;
    /** JSON text, as the model wrote it */
    arguments: string;
    status: 'in_progress' | 'completed' | 'incomplete';
  })[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  store: boolean;
  temperature: number | null;
  text: {
    format: Record<string, unknown>;
  };
  tool_choice: unknown;
  tools: Record<string, unknown>[];
  top_p: number | null;
  truncation: 'disabled';
  usage: {
    input_tokens: number;
    input_tokens_details: {
      cached_tokens: number;
    };
    output_tokens: number;
    output_tokens_details: {
      reasoning_tokens: number;
    };
    total_tokens: number;
  } | null;
  user: string | null;
  /** Edgent: the stored conversation this response belongs to (null with `store: false`) */
  session_id: string | null;
};

/** One typed SSE event of a streamed response (`event:` is its `type`): created, in_progress, then per output item added → deltas → done, then completed or failed. */
export type ResponseStreamEvent = {
  type: 'response.created' | 'response.in_progress' | 'response.output_item.added' | 'response.content_part.added' | 'response.output_text.delta' | 'response.output_text.done' | 'response.content_part.done' | 'response.output_item.done' | 'response.function_call_arguments.delta' | 'response.function_call_arguments.done' | 'response.completed' | 'response.failed' | 'response.incomplete' | 'error';
  /** 0, 1, 2… in the order sent */
  sequence_number: number;
  /** response.created, .in_progress, .completed, .failed, .incomplete */
  response?: Response;
  item_id?: string;
  output_index?: number;
  content_index?: number;
  /** response.output_text.delta: text as it comes; response.function_call_arguments.delta */
  delta?: string;
  text?: string;
  arguments?: string;
  item?: {
    type: 'message';
    id: string;
    status: 'in_progress' | 'completed' | 'incomplete';
    role: 'assistant';
    content: {
      type: 'output_text';
      text: string;
      annotations: unknown[];
      logprobs: unknown[];
    }[];
  } | {
    type: 'function_call';
    id: string;
    /** Answer it with a `function_call_output` item of this `call_id` */
    call_id: string;
    name: string;
    /** JSON text, as the model wrote it */
    arguments: string;
    status: 'in_progress' | 'completed' | 'incomplete';
  };
  /** error: the stream broke for a reason other than the model’s (`internal_error`) */
  code?: string;
  message?: string;
  [key: string]: unknown;
};

export type ResponseInputItemList = {
  object: 'list';
  data: ({
    type: 'message';
    id: string;
    role: 'user' | 'system' | 'developer' | 'assistant';
    status: 'completed';
    content: {
      type: 'input_text' | 'output_text';
      text: string;
    }[];
  } | {
    type: 'function_call';
    id: string;
    /** Answer it with a `function_call_output` item of this `call_id` */
    call_id: string;
    name: string;
    /** JSON text, as the model wrote it */
    arguments: string;
    status: 'in_progress' | 'completed' | 'incomplete';
  } | {
    type: 'function_call_output';
    id: string;
    call_id: string;
    output: string;
    status: 'completed';
  })[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
};

export type ResponseDeleted = {
  id: string;
  object: 'response';
  deleted: true;
};

export type ModelList = {
  object: 'list';
  data: Model[];
};

/** One JSON-RPC message or a batch: initialize, notifications/initialized, ping, tools/list, tools/call. */
export type JsonRpcRequest = {
  jsonrpc: '2.0';
  /** Absent for notifications */
  id?: string | number;
  method: string;
  params?: Record<string, unknown>;
} | {
  jsonrpc: '2.0';
  /** Absent for notifications */
  id?: string | number;
  method: string;
  params?: Record<string, unknown>;
}[];

export type JsonRpcResponse = {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: {
    code: number;
    message: string;
    data?: unknown;
  };
} | {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: {
    code: number;
    message: string;
    data?: unknown;
  };
}[];

/** The body of POST /api/v1/auth/signup (signup). */
export type SignupBody = {
  email: string;
  password: string;
  organization: string;
  name?: string;
};

/** The body of POST /api/v1/auth/login (login). */
export type LoginBody = {
  email: string;
  password: string;
};

/** The body of POST /api/v1/auth/password-reset (requestPasswordReset). */
export type RequestPasswordResetBody = {
  email: string;
};

/** The body of POST /api/v1/auth/password-reset/confirm (confirmPasswordReset). */
export type ConfirmPasswordResetBody = {
  token: string;
  password: string;
};

/** The body of POST /api/v1/api-keys (createApiKey). */
export type CreateApiKeyBody = {
  name: string;
  scopes?: ('*' | 'agents:read' | 'agents:write' | 'sessions:read' | 'sessions:write' | 'connections:read' | 'connections:write' | 'tools:read' | 'tools:write' | 'api_keys:read' | 'api_keys:write' | 'members:read' | 'members:write' | 'audit:read' | 'workflows:read' | 'workflows:write' | 'runs:read' | 'runs:write' | 'analytics:read' | 'analytics:write' | 'listings:write' | 'reviews:write' | 'knowledge:read' | 'knowledge:write')[];
  preset?: 'full' | 'read' | 'chat';
  expires_in_days?: number;
};

/** The body of PATCH /api/v1/members/{user_id} (changeMemberRole). */
export type ChangeMemberRoleBody = {
  role: 'owner' | 'admin' | 'member' | 'viewer';
};

/** The body of POST /api/v1/invitations (createInvitation). */
export type CreateInvitationBody = {
  email: string;
  role: 'owner' | 'admin' | 'member' | 'viewer';
};

/** The body of POST /api/v1/invitations/accept (acceptInvitation). */
export type AcceptInvitationBody = {
  token: string;
  name?: string;
  password?: string;
};

/** The body of POST /api/v1/auth/switch (switchOrganization). */
export type SwitchOrganizationBody = {
  tenant_id: string;
};

/** The body of POST /api/v1/organizations (createOrganization). */
export type CreateOrganizationBody = {
  name: string;
};

/** The body of POST /api/v1/agents (createAgent). */
export type CreateAgentBody = {
  name: string;
  slug?: string;
  description?: string | null;
  instructions?: string;
  model: string;
  connection_id?: string | null;
  temperature?: number | null;
  max_steps?: number;
  tool_ids?: string[];
  variables?: Record<string, string>;
  runtime?: 'edge' | 'container';
  callable_agent_ids?: string[];
  attachments?: {
    /** Whether people may attach a file to a message (chat page, widget, share links, sessions API). Default false. */
    enabled: boolean;
    /** The file types accepted, by extension */
    types: ('txt' | 'md' | 'html' | 'pdf' | 'docx' | 'csv' | 'json')[];
    /** The largest file accepted, in bytes (the platform cap is 10 MB) */
    max_bytes: number;
  };
  /** Knowledge bases of the organization this agent searches: the built-in search_knowledge tool is added when there is one */
  knowledge_base_ids?: string[];
  /** tool: the model calls search_knowledge when it needs to; always: passages for the user's message are retrieved before every turn and given with it */
  knowledge_retrieval?: 'tool' | 'always';
  /** private: its creator, admins and owners; team: everyone in the organization; link: the team, and anyone with the share URL may chat (GET …/share-link); public: like team for now (may be listed in the marketplace later). */
  visibility?: 'private' | 'team' | 'link' | 'public';
};

/** The body of PATCH /api/v1/agents/{id} (updateAgent). */
export type UpdateAgentBody = {
  name?: string;
  slug?: string;
  description?: string | null;
  instructions?: string;
  model?: string;
  connection_id?: string | null;
  temperature?: number | null;
  max_steps?: number;
  tool_ids?: string[];
  variables?: Record<string, string>;
  runtime?: 'edge' | 'container';
  callable_agent_ids?: string[];
  attachments?: {
    /** Whether people may attach a file to a message (chat page, widget, share links, sessions API). Default false. */
    enabled: boolean;
    /** The file types accepted, by extension */
    types: ('txt' | 'md' | 'html' | 'pdf' | 'docx' | 'csv' | 'json')[];
    /** The largest file accepted, in bytes (the platform cap is 10 MB) */
    max_bytes: number;
  };
  /** Knowledge bases of the organization this agent searches: the built-in search_knowledge tool is added when there is one */
  knowledge_base_ids?: string[];
  /** tool: the model calls search_knowledge when it needs to; always: passages for the user's message are retrieved before every turn and given with it */
  knowledge_retrieval?: 'tool' | 'always';
  /** private: its creator, admins and owners; team: everyone in the organization; link: the team, and anyone with the share URL may chat (GET …/share-link); public: like team for now (may be listed in the marketplace later). */
  visibility?: 'private' | 'team' | 'link' | 'public';
};

/** The body of POST /api/v1/agents/{id}/sessions (createSession). */
export type CreateSessionBody = {
  variables?: Record<string, string>;
  /** Your own key/value pairs (under 4 KB). Reserved, refused with 400: draft, draft_key, base_version, via, parent_session_id, parent_agent_id, depth, embed_key_id, origin. */
  metadata?: Record<string, unknown>;
};

/** The body of POST /api/v1/sessions/{id}/messages (sendMessage). */
export type SendMessageBody = {
  content: string;
  stream?: boolean;
};

/** The body of POST /api/v1/connections (createConnection). */
export type CreateConnectionBody = {
  name: string;
  kind: 'openai' | 'openai_compatible' | 'http' | 'mcp';
  base_url?: string;
  config?: {
    health_path?: string;
  };
  auth: {
    type: 'bearer' | 'header' | 'query' | 'basic' | 'none';
    secret?: string;
    header_name?: string;
    param_name?: string;
    username?: string;
  };
};

/** The body of PATCH /api/v1/connections/{id} (updateConnection). */
export type UpdateConnectionBody = {
  name?: string;
  kind?: 'openai' | 'openai_compatible' | 'http' | 'mcp';
  base_url?: string | null;
  config?: {
    health_path?: string;
  };
  auth?: {
    type?: 'bearer' | 'header' | 'query' | 'basic' | 'none';
    secret?: string;
    header_name?: string;
    param_name?: string;
    username?: string;
  };
};

/** The body of POST /api/v1/tools (createTool). */
export type CreateToolBody = {
  name: string;
  description: string;
  kind: 'http' | 'builtin' | 'mcp' | 'code';
  parameters?: Record<string, unknown>;
  config?: Record<string, unknown>;
  connection_id?: string | null;
};

/** The body of POST /api/v1/tools/import/openapi (importOpenApiTools). */
export type ImportOpenApiToolsBody = {
  spec: string | Record<string, unknown>;
  connection_id?: string | null;
  prefix?: string;
  operations?: string[];
};

/** The body of PATCH /api/v1/tools/{id} (updateTool). */
export type UpdateToolBody = {
  name?: string;
  description?: string;
  parameters?: Record<string, unknown>;
  config?: Record<string, unknown>;
  connection_id?: string | null;
};

/** The body of POST /api/v1/agents/{id}/embed-keys (createEmbedKey). */
export type CreateEmbedKeyBody = {
  name?: string;
  allowed_origins: string[];
  greeting?: string;
  suggested_prompts?: string[];
  theme?: {
    title?: string;
    color?: string;
    position?: 'right' | 'left';
    mode?: 'light' | 'dark' | 'auto';
    avatar_url?: '' | string;
  };
};

/** The body of PATCH /api/v1/agents/{id}/embed-keys/{key_id} (updateEmbedKey). */
export type UpdateEmbedKeyBody = {
  name?: string;
  allowed_origins?: string[];
  greeting?: string;
  suggested_prompts?: string[];
  theme?: {
    title?: string;
    color?: string;
    position?: 'right' | 'left';
    mode?: 'light' | 'dark' | 'auto';
    avatar_url?: '' | string;
  };
};

/** The body of POST /embed/v1/{pk}/sessions/{id}/messages (widgetSend). */
export type WidgetSendBody = {
  content: string;
};

/** The body of POST /s/{token}/api/sessions/{id}/messages (shareSend). */
export type ShareSendBody = {
  content: string;
};

/** The body of POST /v1/chat/completions (createChatCompletion). */
export type CreateChatCompletionBody = {
  model: string;
  messages: ({
    role: 'system' | 'developer';
    content: string | {
      type: string;
      [key: string]: unknown;
    }[];
    name?: string;
  } | {
    role: 'user';
    content: string | {
      type: string;
      [key: string]: unknown;
    }[];
    name?: string;
  } | {
    role: 'assistant';
    content?: string | {
      type: string;
      [key: string]: unknown;
    }[] | null;
    tool_calls?: {
      id: string;
      type?: 'function';
      function: {
        name: string;
        arguments: string;
      };
    }[];
    name?: string;
    refusal?: string | null;
  } | {
    role: 'tool';
    content: string | {
      type: string;
      [key: string]: unknown;
    }[];
    tool_call_id: string;
  })[];
  stream?: boolean | null;
  stream_options?: {
    include_usage?: boolean;
  } | null;
  tools?: {
    type: 'function';
    function: {
      name: string;
      description?: string;
      parameters?: Record<string, unknown>;
      strict?: boolean | null;
    };
  }[];
  /** Replaces the agent’s temperature for this call */
  temperature?: number | null;
  top_p?: number | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  /** Applies to every model step of the turn, so the final answer has this format */
  response_format?: {
    type: 'text';
  } | {
    type: 'json_object';
  } | {
    type: 'json_schema';
    json_schema: {
      name: string;
      description?: string;
      schema?: Record<string, unknown>;
      strict?: boolean | null;
    };
  } | null;
  /** `none`: no tool is called, yours or the agent’s; `required` or a named function (yours or the agent’s): the first model step only, later steps are `auto` */
  tool_choice?: 'none' | 'auto' | 'required' | {
    type: 'function';
    function: {
      name: string;
    };
  } | null;
  parallel_tool_calls?: boolean | null;
  /** Caps each model step; `finish_reason: "length"` when the last step hit it */
  max_tokens?: number | null;
  /** As `max_tokens` (OpenAI’s newer name); sent to the model under the name you used */
  max_completion_tokens?: number | null;
  /** Up to 4 sequences; the reply ends before the first */
  stop?: string | string[] | null;
  n?: number | null;
  user?: string;
  [key: string]: unknown;
};

/** The body of POST /v1/responses (createResponse). */
export type CreateResponseBody = {
  model: string;
  input: string | {
    type?: string;
    role?: string;
    [key: string]: unknown;
  }[];
  /** Added to the agent’s own instructions for this response only */
  instructions?: string | null;
  tools?: {
    /** Only `function` tools: the agent’s own tools run server-side */
    type: string;
    name?: string;
    description?: string | null;
    parameters?: Record<string, unknown> | null;
    strict?: boolean | null;
    [key: string]: unknown;
  }[];
  stream?: boolean | null;
  /** Default true: the response is a turn of a stored conversation (a session); false keeps nothing */
  store?: boolean | null;
  previous_response_id?: string | null;
  metadata?: Record<string, string> | null;
  /** Replaces the agent’s temperature for this call */
  temperature?: number | null;
  top_p?: number | null;
  /** Caps each model step; the Response is `incomplete` (`max_output_tokens`) when the last step hit it */
  max_output_tokens?: number | null;
  /** `none`: no tool is called, yours or the agent’s; `required` or a named function (yours or the agent’s): the first model step only */
  tool_choice?: 'none' | 'auto' | 'required' | {
    type: 'function';
    name: string;
  } | null;
  /** `format` applies to every model step, so the final answer has it */
  text?: {
    format?: {
      type: 'text';
    } | {
      type: 'json_object';
    } | {
      name: string;
      description?: string;
      schema?: Record<string, unknown>;
      strict?: boolean | null;
      type: 'json_schema';
    };
  } | null;
  parallel_tool_calls?: boolean | null;
  user?: string;
  [key: string]: unknown;
};

/** The body of POST /mcp (mcp). */
export type McpBody = JsonRpcRequest;

/** The body of POST /api/v1/workflows (createWorkflow). */
export type CreateWorkflowBody = {
  name?: string;
  slug?: string;
  description?: string | null;
  definition?: {
    inputs?: Record<string, {
      type: 'string' | 'number' | 'boolean' | 'object' | 'array';
      required?: boolean;
      description?: string;
      default?: unknown;
    }>;
    steps: ({
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'agent';
      agent_id: string;
      input: string;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'tool';
      tool_id: string;
      arguments?: Record<string, unknown>;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'transform';
      value: unknown;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'router';
      agent_id?: string;
      input?: string;
      routes: Record<string, string[]>;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'map';
      over: string;
      step: {
        retries?: number;
        timeout_seconds?: number;
        kind: 'agent';
        agent_id: string;
        input: string;
      } | {
        retries?: number;
        timeout_seconds?: number;
        kind: 'tool';
        tool_id: string;
        arguments?: Record<string, unknown>;
      } | {
        retries?: number;
        timeout_seconds?: number;
        kind: 'transform';
        value: unknown;
      } | {
        retries?: number;
        timeout_seconds?: number;
        kind: 'workflow';
        workflow_id: string;
        inputs?: Record<string, unknown>;
      };
      concurrency?: number;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'approval';
      message: string;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'wait';
      seconds: number;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'workflow';
      workflow_id: string;
      inputs?: Record<string, unknown>;
    })[];
    output?: unknown;
  };
  /** A starter template (GET /api/v1/workflow-templates) instead of a definition */
  template?: 'research-fan-out' | 'support-triage' | 'content-pipeline';
  /** With `template`: the agent (id or slug) for each of the template's roles; a role left out uses the organization's agent with the role's default slug, made when absent */
  agents?: Record<string, string>;
};

/** The body of POST /api/v1/workflows/validate (validateWorkflow). */
export type ValidateWorkflowBody = {
  /** The definition to check (the shape of `definition` in a workflow) */
  definition: unknown;
  /** The workflow being edited (a step may not run the workflow itself) */
  workflow_id?: string;
};

/** The body of PATCH /api/v1/workflows/{id} (updateWorkflow). */
export type UpdateWorkflowBody = {
  name?: string;
  slug?: string;
  description?: string | null;
  definition?: {
    inputs?: Record<string, {
      type: 'string' | 'number' | 'boolean' | 'object' | 'array';
      required?: boolean;
      description?: string;
      default?: unknown;
    }>;
    steps: ({
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'agent';
      agent_id: string;
      input: string;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'tool';
      tool_id: string;
      arguments?: Record<string, unknown>;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'transform';
      value: unknown;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'router';
      agent_id?: string;
      input?: string;
      routes: Record<string, string[]>;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'map';
      over: string;
      step: {
        retries?: number;
        timeout_seconds?: number;
        kind: 'agent';
        agent_id: string;
        input: string;
      } | {
        retries?: number;
        timeout_seconds?: number;
        kind: 'tool';
        tool_id: string;
        arguments?: Record<string, unknown>;
      } | {
        retries?: number;
        timeout_seconds?: number;
        kind: 'transform';
        value: unknown;
      } | {
        retries?: number;
        timeout_seconds?: number;
        kind: 'workflow';
        workflow_id: string;
        inputs?: Record<string, unknown>;
      };
      concurrency?: number;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'approval';
      message: string;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'wait';
      seconds: number;
    } | {
      id: string;
      name?: string;
      needs?: string[];
      when?: string;
      retries?: number;
      timeout_seconds?: number;
      position?: {
        x: number;
        y: number;
      };
      kind: 'workflow';
      workflow_id: string;
      inputs?: Record<string, unknown>;
    })[];
    output?: unknown;
  };
};

/** The body of POST /api/v1/workflows/{id}/runs (startRun). */
export type StartRunBody = {
  /** The run's inputs, checked against the definition's `inputs` */
  inputs?: Record<string, unknown>;
  /** Wait up to 60 s for the run to finish (200 when it did, else 202 with the run as it stands) */
  wait?: boolean;
};

/** The body of POST /api/v1/runs/{id}/steps/{step_id}/approve (approveStep). */
export type ApproveStepBody = {
  approved: boolean;
  comment?: string;
};

/** The body of POST /api/v1/runs/{id}/steps/{step_id}/approval-link (createApprovalLink). */
export type CreateApprovalLinkBody = {
  /** How long the link works (default 72 hours, at most 30 days) */
  expires_in_hours?: number;
};

/** The body of POST /api/v1/runs/{id}/rerun (rerunFrom). */
export type RerunFromBody = {
  from_step: string;
};

/** The body of POST /api/v1/workflows/{id}/triggers (createTrigger). */
export type CreateTriggerBody = {
  kind: 'schedule';
  cron: string;
  timezone?: string;
  inputs?: Record<string, unknown>;
  enabled?: boolean;
} | {
  kind: 'webhook';
  inputs?: Record<string, unknown>;
  enabled?: boolean;
};

/** The body of PATCH /api/v1/workflows/{id}/triggers/{trigger_id} (updateTrigger). */
export type UpdateTriggerBody = {
  enabled?: boolean;
  cron?: string;
  timezone?: string;
  inputs?: Record<string, unknown> | null;
};

/** The body of POST /hooks/workflows/{trigger_id} (callWebhookTrigger). */
export type CallWebhookTriggerBody = Record<string, unknown>;

/** The body of POST /api/v1/budgets (createBudget). */
export type CreateBudgetBody = {
  scope: 'tenant' | 'agent';
  agent_id?: string;
  period?: 'month';
  limit_usd: number;
  action: 'alert' | 'block';
};

/** The body of PATCH /api/v1/budgets/{id} (updateBudget). */
export type UpdateBudgetBody = {
  limit_usd?: number;
  action?: 'alert' | 'block';
};

/** The body of POST /api/v1/knowledge-bases (createKnowledgeBase). */
export type CreateKnowledgeBaseBody = {
  name: string;
  description?: string;
  connection_id?: string | null;
  embedding_model?: string;
};

/** The body of PATCH /api/v1/knowledge-bases/{id} (updateKnowledgeBase). */
export type UpdateKnowledgeBaseBody = {
  name?: string;
  description?: string | null;
  connection_id?: string | null;
  embedding_model?: string;
};

/** The body of POST /api/v1/knowledge-bases/{id}/query (queryKnowledgeBase). */
export type QueryKnowledgeBaseBody = {
  query: string;
  top_k?: number;
};

/** The body of POST /api/v1/knowledge-bases/{id}/documents (addKnowledgeDocument). */
export type AddKnowledgeDocumentBody = {
  url: string;
  refresh_hours?: number | null;
} | {
  title: string;
  text: string;
};

/** The body of PUT /api/v1/model-prices/{model} (setModelPrice). */
export type SetModelPriceBody = {
  input_per_mtok_usd: number;
  output_per_mtok_usd: number;
};

/** The body of POST /api/v1/sessions/{id}/messages/{message_id}/feedback (feedbackRate). */
export type FeedbackRateBody = {
  rating: 'up' | 'down';
  comment?: string;
};

/** The body of POST /embed/v1/{pk}/sessions/{id}/messages/{message_id}/feedback (widgetRate). */
export type WidgetRateBody = {
  rating: 'up' | 'down';
  comment?: string;
};

/** The body of POST /s/{token}/api/sessions/{id}/messages/{message_id}/feedback (shareRate). */
export type ShareRateBody = {
  rating: 'up' | 'down';
  comment?: string;
};

/** The body of POST /api/v1/billing/checkout (createBillingCheckout). */
export type CreateBillingCheckoutBody = {
  plan: 'free' | 'pro' | 'team';
};

/** The body of POST /webhooks/stripe (receiveStripeWebhook). */
export type ReceiveStripeWebhookBody = Record<string, unknown>;

/** The body of POST /api/v1/marketplace/listings/{slug}/reviews (createListingReview). */
export type CreateListingReviewBody = {
  rating: number;
  text?: string;
};

/** The body of PUT /api/v1/marketplace/listings/{slug}/reviews/mine (updateMyListingReview). */
export type UpdateMyListingReviewBody = {
  rating: number;
  text?: string;
};

/** The body of POST /api/v1/marketplace/listings/{slug}/reviews/{review_id}/reply (replyToListingReview). */
export type ReplyToListingReviewBody = {
  text: string;
};

/** The body of POST /api/v1/marketplace/listings/{slug}/reports (reportListing). */
export type ReportListingBody = {
  reason: 'spam' | 'malicious' | 'misleading' | 'offensive' | 'copyright' | 'other';
  text?: string;
};

/** The body of POST /marketplace/{slug}/try/api/sessions/{id}/messages (tryItSend). */
export type TryItSendBody = {
  content: string;
};

/** The body of POST /api/v1/agents/{id}/listing (publishListing). */
export type PublishListingBody = {
  title: string;
  tagline: string;
  description: string;
  category: 'customer-support' | 'sales' | 'marketing' | 'engineering' | 'data' | 'productivity' | 'finance' | 'hr' | 'legal' | 'education' | 'research' | 'other';
  tags?: string[];
  pricing?: {
    type: 'free';
  } | {
    type: 'subscription';
    monthly_usd: number;
  };
  icon?: string | null;
  screenshots?: {
    url: string;
    caption?: string;
  }[];
  example_conversation?: {
    role: 'user' | 'assistant';
    content: string;
  }[];
  slug?: string;
};

/** The body of PATCH /api/v1/agents/{id}/listing (updateListing). */
export type UpdateListingBody = {
  title?: string;
  tagline?: string;
  description?: string;
  category?: 'customer-support' | 'sales' | 'marketing' | 'engineering' | 'data' | 'productivity' | 'finance' | 'hr' | 'legal' | 'education' | 'research' | 'other';
  tags?: string[];
  pricing?: {
    type: 'free';
  } | {
    type: 'subscription';
    monthly_usd: number;
  };
  icon?: string | null;
  screenshots?: {
    url: string;
    caption?: string;
  }[];
  example_conversation?: {
    role: 'user' | 'assistant';
    content: string;
  }[];
  slug?: string;
  publish_version?: boolean;
  version_notes?: string;
};

/** The body of PATCH /api/v1/creator/profile (updateCreatorProfile). */
export type UpdateCreatorProfileBody = {
  slug?: string;
  display_name?: string;
  bio?: string | null;
  website?: string | null | '';
};

/** The body of POST /api/v1/marketplace/listings/{slug}/install (installListing). */
export type InstallListingBody = {
  name?: string;
};
