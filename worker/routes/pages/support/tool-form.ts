// The HTTP tool form of the Tools pages ↔ the tools API body: parameter rows become a JSON Schema, and where each
// argument goes follows from the URL and method ({name} in the URL; else the query for GET/DELETE/HEAD, the JSON body
// otherwise). Tools the form cannot express (imported ones with nested schemas) are edited by name and description.
import type { ToolRow } from '../../../db/tenant-db';
import { placeholders } from '../../../tools/http-request';
import { type FormBody, text, texts } from './page-helpers';

export type ParamRow = { name: string; type: string; required: boolean; description: string };
export type ToolFormValues = { name: string; description: string; method: string; url: string; connection_id: string; headers: string; params: ParamRow[] };

export const PARAM_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
const QUERY_METHODS = new Set(['GET', 'DELETE', 'HEAD']);

export const blankTool = (): ToolFormValues => ({ name: '', description: '', method: 'GET', url: '', connection_id: '', headers: '', params: [] });

/** Form fields → values (rows with an empty name are dropped; `extraRow` keeps one blank row to fill in). */
export function toolValues(b: FormBody): ToolFormValues {
  const names = texts(b, 'p_name');
  const types = texts(b, 'p_type');
  const descs = texts(b, 'p_desc');
  const required = new Set(texts(b, 'p_required'));
  const params = names
    .map((name, i) => ({ name: name.trim(), type: types[i] ?? 'string', description: (descs[i] ?? '').trim(), required: required.has(String(i)) }))
    .filter((p) => p.name);
  return {
    name: text(b, 'name').trim(),
    description: text(b, 'description').trim(),
    method: text(b, 'method') || 'GET',
    url: text(b, 'url').trim(),
    connection_id: text(b, 'connection_id'),
    headers: text(b, 'headers'),
    params,
  };
}

function headerMap(raw: string): Record<string, string> | undefined {
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return undefined;
  return Object.fromEntries(
    lines.map((l) => {
      const i = l.indexOf(':');
      return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    }),
  );
}

/** The tools API body (create or update) for the values. */
export function toolInput(v: ToolFormValues) {
  const inUrl = new Set(placeholders(v.url));
  const rest = v.params.filter((p) => !inUrl.has(p.name)).map((p) => p.name);
  const parameters = {
    type: 'object',
    properties: Object.fromEntries(v.params.map((p) => [p.name, { type: p.type, ...(p.description ? { description: p.description } : {}) }])),
    required: v.params.filter((p) => p.required || inUrl.has(p.name)).map((p) => p.name),
    additionalProperties: false,
  };
  const method = v.method.toUpperCase();
  const headers = headerMap(v.headers);
  const config = {
    method,
    url: v.url,
    ...(headers ? { headers } : {}),
    ...(rest.length && QUERY_METHODS.has(method) ? { query: rest } : {}),
    ...(rest.length && !QUERY_METHODS.has(method) ? { body: 'json' as const } : {}),
  };
  return { name: v.name, description: v.description, kind: 'http' as const, parameters, config, connection_id: v.connection_id || null };
}

/** The values of a stored tool, or null when the form cannot express it without losing something. */
export function rowValues(t: ToolRow): ToolFormValues | null {
  if (t.kind !== 'http') return null;
  const props = (t.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((t.parameters.required as string[] | undefined) ?? []);
  const params: ParamRow[] = [];
  for (const [name, p] of Object.entries(props)) {
    if (!PARAM_TYPES.includes(p.type as (typeof PARAM_TYPES)[number]) || Object.keys(p).some((k) => k !== 'type' && k !== 'description')) return null;
    params.push({ name, type: p.type as string, required: required.has(name), description: typeof p.description === 'string' ? p.description : '' });
  }
  const c = t.config as { method?: string; url?: string; headers?: Record<string, string> };
  const values: ToolFormValues = {
    name: t.name,
    description: t.description,
    method: c.method ?? 'GET',
    url: c.url ?? '',
    connection_id: t.connectionId ?? '',
    headers: Object.entries(c.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    params,
  };
  // Round trip: the form must rebuild exactly the stored configuration.
  const rebuilt = toolInput(values).config;
  return JSON.stringify(sortKeys(rebuilt)) === JSON.stringify(sortKeys(t.config)) ? values : null;
}

const sortKeys = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** Field errors from the API paths of a tool error, keyed by form field. */
export const toolErrorField = (path: string) =>
  path.startsWith('config.url')
    ? 'url'
    : path.startsWith('config.headers')
      ? 'headers'
      : path.startsWith('config.method')
        ? 'method'
        : path.startsWith('parameters') || path === 'config'
          ? 'params'
          : path.split('.')[0]!;
