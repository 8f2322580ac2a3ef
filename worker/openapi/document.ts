// Builds the OpenAPI 3.1 document from the route registry (paths/index.ts): request bodies converted from the routes'
// own zod schemas (z.toJSONSchema, as input), responses from the component schemas (worker/schemas/, registered in
// schemas.ts), error codes from the code table. Built once per isolate; the SDK's types are generated from it.
import { z } from 'zod';
import { ERROR_STATUS_TEXT, errorCodesByStatus } from '../schemas/errors';
import { ROUTE_DOCS } from './paths';
import type { AuthKind, ResponseDoc, RouteDoc } from './registry';
import { componentDescriptions, components } from './schemas';
import './schemas-compat';

type Json = Record<string, unknown>;

function jsonSchema(s: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const SECURITY: Record<AuthKind, Json[]> = {
  key: [{ bearerAuth: [] }, { cookieAuth: [] }],
  api_key: [{ bearerAuth: [] }],
  visitor: [{ visitorToken: [] }],
  none: [],
};

/** An error response's description: what the status means and, for the native API, its codes from the table. */
function errorText(status: number, native: boolean): string {
  const text = ERROR_STATUS_TEXT[status] ?? 'Error';
  const codes = native ? (errorCodesByStatus().find((e) => e.status === status)?.codes ?? []) : [];
  return codes.length ? `${text}. ${codes.length > 1 ? 'Codes' : 'Code'}: ${codes.map((c) => `\`${c}\``).join(', ')}` : text;
}

/** What a text/event-stream answer is; `event` names the component schema of each event's `{type, data}`. */
function sseSchema(event?: string): Json {
  const each = event ? `, each a \`${event}\`` : '';
  const description = `Server-Sent Events${each}: an \`event: <type>\` line and a \`data:\` line with the data as JSON`;
  return { type: 'string', description, ...(event ? { 'x-sse-event': ref(event) } : {}) };
}

function response(r: ResponseDoc, authed: boolean): Json {
  const schema = r.schema === undefined ? undefined : typeof r.schema === 'string' ? ref(r.schema) : jsonSchema(r.schema, 'output');
  const headers: Json = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
  if (authed) for (const h of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) headers[h] = { $ref: `#/components/headers/${h}` };
  for (const [name, description] of Object.entries(r.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
  const content: Json = {};
  if (schema) content[r.mediaType ?? 'application/json'] = { schema };
  if (r.csv) content['text/csv'] = { schema: { type: 'string', description: r.csv } };
  if (r.sse) content['text/event-stream'] = { schema: sseSchema(typeof r.sse === 'string' ? r.sse : undefined) };
  return { description: r.description, headers, ...(Object.keys(content).length ? { content } : {}) };
}

function errorStatuses(d: RouteDoc): number[] {
  const auth = d.auth ?? 'key';
  const out = new Set(d.errors ?? []);
  if (auth !== 'none') out.add(401);
  if (auth === 'key' || auth === 'api_key') out.add(429);
  if (d.scopes?.length) out.add(403);
  if (d.body) [400, 413, 415].forEach((s) => out.add(s));
  return [...out].sort();
}

function operation(d: RouteDoc): Json {
  const authed = (d.auth ?? 'key') === 'key' || d.auth === 'api_key';
  const errorSchema = d.path.startsWith('/v1/') ? 'OpenAIError' : 'Error';
  const responses: Json = {};
  for (const [status, r] of Object.entries(d.responses)) responses[status] = response(r, authed);
  for (const status of errorStatuses(d)) {
    responses[status] ??= {
      description: errorText(status, errorSchema === 'Error'),
      ...(status === 429 ? { headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } } : {}),
      content: { 'application/json': { schema: ref(errorSchema) } },
    };
  }
  const pathParams = [...d.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(d.params?.[name!] ? { description: d.params[name!] } : {}),
  }));
  const queryParams = Object.entries(d.query ?? {}).map(([name, q]) => ({
    name,
    in: 'query',
    required: false,
    description: q.description,
    schema: jsonSchema(q.schema),
  }));
  const scopes = d.scopes?.length ? `\n\nAPI key scopes: ${d.scopes.map((s) => `\`${s}\``).join(', ')}.` : '';
  return {
    operationId: d.operationId,
    summary: d.summary,
    ...(d.description || scopes ? { description: (d.description ?? '') + scopes } : {}),
    tags: [d.tag],
    security: SECURITY[d.auth ?? 'key'],
    ...(d.scopes?.length ? { 'x-scopes': d.scopes } : {}),
    ...(pathParams.length || queryParams.length ? { parameters: [...pathParams, ...queryParams] } : {}),
    ...(d.body
      ? {
          requestBody: {
            required: true,
            ...(d.bodyDescription ? { description: d.bodyDescription } : {}),
            content: {
              'application/json': { schema: typeof d.body === 'string' ? ref(d.body) : jsonSchema(d.body) },
              ...(d.multipart ? { 'multipart/form-data': { schema: jsonSchema(d.multipart) } } : {}),
            },
          },
        }
      : {}),
    responses,
    ...(d.deprecated ? { deprecated: true } : {}),
  };
}

const TAGS = [
  'Accounts',
  'Teams',
  'API keys',
  'Agents',
  'Sessions',
  'Connections',
  'Tools',
  'Embed keys',
  'Widget',
  'Share links',
  'OpenAI-compatible',
  'MCP',
  'Audit log',
  'Workflows',
  'Workflow runs',
  'Workflow triggers',
  'Analytics',
  'Billing',
  'Marketplace',
  'Marketplace try-it',
  'Knowledge',
  'Service',
];

export function buildDocument(docs: RouteDoc[] = ROUTE_DOCS): Json {
  const paths: Record<string, Json> = {};
  for (const d of docs) (paths[d.path] ??= {})[d.method] = operation(d);
  const { schemas } = z.toJSONSchema(components, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  for (const [id, s] of Object.entries(schemas)) {
    (delete (s as Json).$schema, delete (s as Json).$id);
    const description = componentDescriptions.get(id);
    if (description) (s as Json).description ??= description;
  }
  const header = (description: string, type = 'integer') => ({ description, schema: { type } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Edgent API',
      version: '1.0.0',
      summary: 'Build, run and share AI agents on the edge.',
      description: 'Every agent four ways: the native API, an OpenAI-compatible endpoint, MCP and the chat widget. Guides: /docs.',
    },
    tags: TAGS.map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (`edg_…`), made in the developer portal or with POST /api/v1/api-keys.' },
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: 'edgent_session',
          description: 'The browser session; unsafe methods also need the X-CSRF-Token header.',
        },
        visitorToken: { type: 'http', scheme: 'bearer', description: 'A widget visitor token from POST /embed/v1/{pk}/sessions.' },
      },
      headers: {
        'X-Request-Id': header('Identifies the request; quote it to support', 'string'),
        'RateLimit-Limit': header('Requests allowed in the window (the tighter of the key’s and the organization’s limits)'),
        'RateLimit-Remaining': header('Requests left in the window'),
        'RateLimit-Reset': header('Seconds until the window resets'),
        'Retry-After': header('Seconds to wait before trying again'),
      },
    },
  };
}

let built: Json | undefined;
/** The document for one origin (its `servers` entry); the rest is built once per isolate. */
export function openApiDocument(origin: string): Json {
  built ??= buildDocument();
  return { ...built, servers: [{ url: origin }] };
}
