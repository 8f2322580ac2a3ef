// Response shapes of the native API as OpenAPI component schemas (the JSON the services' *Json functions build).
import { z } from 'zod';
import { SCOPES } from '../services/permissions';

export const components = z.registry<{ id: string; description?: string }>();

/** Registers `schema` as `#/components/schemas/<id>` and returns it. */
export function component<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  components.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

const iso = z.iso.datetime();
const page = <S extends z.ZodType>(id: string, item: S) =>
  component(id, z.object({ data: z.array(item), next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last') }));

export const ErrorBody = component(
  'Error',
  z.object({
    error: z.object({
      code: z.string().describe('validation_failed, unauthorized, insufficient_scope, not_found, rate_limited, …'),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  }),
  'Every error: an HTTP status, a stable code and a message; X-Request-Id identifies the request.',
);

const user = z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), created_at: iso });
const tenant = z.object({ id: z.string(), name: z.string(), slug: z.string(), plan: z.string(), created_at: iso });
const role = z.enum(['owner', 'admin', 'member', 'viewer']);
component('AuthResult', z.object({ user, tenant, role, csrf_token: z.string() }), 'The signed-in account; a session cookie is set.');
component('Identity', z.object({ user, tenant, role, csrf_token: z.string().nullable(), api_key: z.object({ id: z.string(), scopes: z.array(z.string()) }).optional() }));

const scope = z.enum(['*', ...SCOPES]);
const apiKey = component('ApiKey', z.object({ id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(scope), created_at: iso, last_used_at: iso.nullable(), expires_at: iso.nullable() }));
component('ApiKeyCreated', apiKey.extend({ key: z.string().describe('The key itself, shown this once') }));
page('ApiKeyList', apiKey);

const agentConfig = {
  name: z.string(),
  description: z.string().nullable(),
  instructions: z.string(),
  model: z.string(),
  connection_id: z.string().nullable(),
  temperature: z.number().nullable(),
  max_steps: z.number().int(),
  tool_ids: z.array(z.string()),
  variables: z.record(z.string(), z.string()),
  runtime: z.enum(['edge', 'container']),
};
const agent = component(
  'Agent',
  z.object({ id: z.string(), slug: z.string(), version: z.number().int(), ...agentConfig, visibility: z.enum(['private', 'team', 'link', 'public']), created_at: iso, updated_at: iso }),
);
page('AgentList', agent);
page('AgentVersionList', component('AgentVersion', z.object({ agent_id: z.string(), version: z.number().int(), ...agentConfig, restored_from: z.number().int().nullable(), created_by: z.string().nullable(), created_at: iso })));

const session = component(
  'Session',
  z.object({ id: z.string(), agent_id: z.string(), agent_version: z.number().int(), title: z.string().nullable(), metadata: z.record(z.string(), z.unknown()), status: z.string(), message_count: z.number().int(), created_at: iso, last_activity_at: iso }),
);
page('SessionList', session);
const toolCall = z.object({ id: z.string(), name: z.string(), arguments: z.string().describe('JSON text') });
const attachment = z.object({ path: z.string(), size: z.number().int(), media_type: z.string(), content_base64: z.string().optional() });
const message = component(
  'Message',
  z.object({
    id: z.string(),
    role: z.enum(['user', 'assistant', 'tool']),
    content: z.string(),
    tool_calls: z.array(toolCall).optional(),
    tool_call_id: z.string().optional(),
    name: z.string().optional(),
    ok: z.boolean().optional(),
    attachments: z.array(attachment).optional(),
    status: z.enum(['completed', 'interrupted', 'cancelled', 'failed']),
    error: z.object({ code: z.string(), message: z.string() }).optional().describe('Why the turn failed: on the empty assistant message (status failed) of a turn that got no answer'),
    created_at: iso,
  }),
);
page('MessageList', message);
const usage = component('Usage', z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }));
const step = component('TraceStep', z.record(z.string(), z.unknown()), 'A model call (model, input_tokens, output_tokens, ttft_ms, duration_ms, attempts, finish_reason, ok) or a tool call (name, call_id, arguments, output, ok, duration_ms); secrets redacted.');
component('Trace', z.object({ data: z.array(step) }));
component('Reply', z.object({ message: message.nullable(), usage, steps: z.array(step), status: z.string() }), 'A finished turn (messages without `stream`).');

const connection = component(
  'Connection',
  z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['openai', 'openai_compatible', 'http', 'mcp']),
    base_url: z.string().nullable(),
    auth: z.object({ type: z.enum(['bearer', 'header', 'query', 'basic', 'none']), hint: z.string().nullable().describe('e.g. sk-…9fQa; never the secret'), header_name: z.string().optional(), param_name: z.string().optional(), username: z.string().optional() }),
    config: z.record(z.string(), z.unknown()),
    created_at: iso,
    updated_at: iso,
  }),
);
page('ConnectionList', connection);
component('ConnectionTest', z.object({ ok: z.boolean(), latency_ms: z.number(), message: z.string() }));

const tool = component(
  'Tool',
  z.object({ id: z.string(), name: z.string(), description: z.string(), kind: z.enum(['http', 'builtin', 'mcp', 'code']), parameters: z.record(z.string(), z.unknown()), config: z.record(z.string(), z.unknown()), connection_id: z.string().nullable(), builtin: z.boolean(), runtime: z.enum(['edge', 'container']), created_at: iso.nullable(), updated_at: iso.nullable() }),
);
page('ToolList', tool);
component('ToolImport', z.object({ data: z.array(tool), skipped: z.array(z.object({ operation: z.string(), operationId: z.string(), reason: z.string() })) }));
component('McpDiscovery', z.object({ data: z.array(tool), created: z.array(z.string()), updated: z.array(z.string()), removed: z.array(z.string()), stale: z.array(z.string()) }));

const embedKey = component(
  'EmbedKey',
  z.object({ id: z.string(), agent_id: z.string(), name: z.string(), public_key: z.string(), allowed_origins: z.array(z.string()), greeting: z.string().nullable(), suggested_prompts: z.array(z.string()), theme: z.record(z.string(), z.unknown()), created_at: iso, updated_at: iso }),
);
page('EmbedKeyList', embedKey);
