// Each OpenAPI operation becomes an `http` tool definition: a name from operationId (or method and path), a
// description from summary and description, one parameters schema for path, query and header parameters plus the
// JSON body, and the http config (method, url, query, headers, body) the runner needs.
import { joinUrl } from '../connection-auth';
import type { HttpConfig } from '../http-request';
import { type OpenApiDoc, OpenApiError, refResolver } from './load';
import { cleanSchema } from './schema';

/** `source` is "METHOD /path"; `operationId` is the spec's, or method_path when it has none. */
export type ImportedTool = { name: string; description: string; parameters: Record<string, unknown>; config: HttpConfig; source: string; operationId: string };
export type ImportResult = { tools: ImportedTool[]; skipped: { operation: string; operationId: string; reason: string }[] };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const;
/** Headers the platform or the connection sets: an imported tool does not take them as arguments. */
const MANAGED_HEADERS = new Set(['authorization', 'accept', 'content-type', 'content-length', 'cookie', 'host', 'user-agent']);
const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A valid tool name (^[a-zA-Z0-9_-]{1,64}$) from an operationId or `method_path`. */
export function toolNameFor(raw: string, prefix?: string): string {
  const base =
    raw
      .replace(/[{}]/g, '')
      .replace(/[^a-zA-Z0-9_-]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '') || 'operation';
  return (prefix ? `${prefix}_${base}` : base).slice(0, 64);
}

function serverUrl(doc: OpenApiDoc): string | null {
  const s = doc.servers?.[0];
  if (!s?.url) return null;
  return s.url.replace(/\{([^}]+)\}/g, (m, v: string) => s.variables?.[v]?.default ?? m);
}

/** Where an operation's path goes: relative to the connection's base_url, else absolute from the spec's server. */
function urlFor(doc: OpenApiDoc, path: string, connectionBase: string | null): string {
  const server = serverUrl(doc);
  if (connectionBase) {
    // The server's own path (`/v3` of `https://api.x.com/v3`) is added unless the connection's base already ends with it.
    const serverPath = server ? new URL(server, 'http://relative.invalid').pathname.replace(/\/+$/, '') : '';
    const basePath = new URL(connectionBase).pathname.replace(/\/+$/, '');
    return (serverPath && !basePath.endsWith(serverPath) ? serverPath : '') + path;
  }
  if (!server || !/^https?:\/\//i.test(server)) {
    throw new OpenApiError("The spec has no absolute server URL (servers[0].url): pass connection_id, a connection whose base_url is the API's address");
  }
  return joinUrl(server, path);
}

export function operationsToTools(doc: OpenApiDoc, opts: { connectionBase: string | null; prefix?: string; only?: string[] }): ImportResult {
  const deref = refResolver(doc);
  const tools: ImportedTool[] = [];
  const skipped: ImportResult['skipped'] = [];
  const names = new Set<string>();
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = deref(rawItem);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const source = `${method.toUpperCase()} ${path}`;
      const id = typeof op.operationId === 'string' ? op.operationId : `${method}_${path}`;
      if (opts.only && !opts.only.includes(id) && !opts.only.includes(source)) continue;
      const built = buildTool(doc, path, method, op, [...(item.parameters ?? []), ...(op.parameters ?? [])], opts.connectionBase);
      if ('reason' in built) {
        skipped.push({ operation: source, operationId: id, reason: built.reason });
        continue;
      }
      let name = toolNameFor(id, opts.prefix);
      for (let i = 2; names.has(name); i++) name = `${toolNameFor(id, opts.prefix).slice(0, 60)}_${i}`;
      names.add(name);
      tools.push({ name, ...built, source, operationId: id });
    }
  }
  return { tools, skipped };
}

/** `op` and `rawParams` come from a path item whose $refs are already inlined. */
function buildTool(
  doc: OpenApiDoc,
  path: string,
  method: string,
  op: Record<string, any>,
  rawParams: unknown[],
  connectionBase: string | null,
): { reason: string } | Pick<ImportedTool, 'description' | 'parameters' | 'config'> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const query: string[] = [];
  const headers: Record<string, string> = {};
  // Operation-level parameters override path-level ones with the same name and location.
  const params = new Map<string, Record<string, any>>();
  for (const p of rawParams) if (isObject(p) && typeof p.name === 'string') params.set(`${p.in}:${p.name}`, p);
  for (const p of params.values()) {
    if (p.in === 'cookie' || (p.in === 'header' && MANAGED_HEADERS.has(p.name.toLowerCase()))) continue;
    if (!['path', 'query', 'header'].includes(p.in) || p.name in properties) continue;
    const mediaSchema = isObject(p.content) ? (Object.values(p.content)[0] as any)?.schema : undefined;
    const schema = cleanSchema(p.schema ?? mediaSchema ?? { type: 'string' });
    if (typeof p.description === 'string') schema.description = p.description.slice(0, 500);
    properties[p.name] = schema;
    if (p.required === true || p.in === 'path') required.push(p.name);
    if (p.in === 'query') query.push(p.name);
    if (p.in === 'header') headers[p.name] = `{${p.name}}`;
  }
  const config: HttpConfig = { method: method.toUpperCase() as HttpConfig['method'], url: urlFor(doc, path, connectionBase) };
  const body = isObject(op.requestBody) ? op.requestBody : null;
  if (body && isObject(body.content)) {
    const jsonType = Object.keys(body.content).find((t) => /^application\/([a-z0-9.+-]*\+)?json\b/i.test(t));
    if (!jsonType) return { reason: `request body type ${Object.keys(body.content).join(', ')} is not supported (JSON only)` };
    const schema = cleanSchema(body.content[jsonType]?.schema ?? {});
    const bodyProps = isObject(schema.properties) ? schema.properties : null;
    if (schema.type === 'object' && bodyProps && !Object.keys(bodyProps).some((k) => k in properties)) {
      // Object bodies are flattened: the model fills body fields next to the parameters; the runner sends the rest.
      Object.assign(properties, bodyProps);
      if (body.required === true && Array.isArray(schema.required)) required.push(...(schema.required as string[]));
      config.body = 'json';
    } else {
      const key = 'body' in properties ? 'request_body' : 'body';
      properties[key] = { ...schema, description: (body.description as string | undefined)?.slice(0, 500) ?? 'The JSON request body' };
      if (body.required === true) required.push(key);
      config.body_param = key;
    }
  }
  if (query.length) config.query = query;
  if (Object.keys(headers).length) config.headers = headers;
  const text = [op.summary, op.description].filter((x): x is string => typeof x === 'string' && !!x.trim()).join('\n\n');
  const description = `${op.deprecated ? '(Deprecated) ' : ''}${text || `${method.toUpperCase()} ${path}`}`.slice(0, 1024);
  const parameters = { type: 'object', properties, ...(required.length ? { required: [...new Set(required)] } : {}) };
  return { description, parameters, config };
}
