// OpenAPI import (POST /api/v1/tools/import/openapi): every operation of a 3.0/3.1 spec (JSON or YAML) becomes an
// `http` tool, created all at once or not at all. Paths are relative to the connection's base_url when one is given.
import { z } from 'zod';
import type { TenantDb, ToolRow } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { auditToolCreate } from './tool-audit';
import { AppError, type ErrorDetail } from '../errors';
import { checkOutboundUrl } from '../lib/ssrf';
import { BUILTIN_TOOLS } from '../tools/catalog';
import { parametersProblem } from '../tools/json-schema';
import { OpenApiError, loadSpec } from '../tools/openapi/load';
import { operationsToTools } from '../tools/openapi/operations';

export const MAX_IMPORT = 100;

export const importOpenApiSchema = z.strictObject({
  spec: z.union([z.string().min(1, 'Paste the spec').max(900_000), z.record(z.string(), z.unknown())]),
  connection_id: z.string().max(64).nullable().optional(),
  /** Put before every tool name, e.g. "github" → github_listRepos; avoids clashes with existing tools. */
  prefix: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,20}$/, 'Use 1-20 letters, digits, _ or -')
    .optional(),
  /** Only these operations (operationId or "METHOD /path"). */
  operations: z.array(z.string().min(1).max(300)).min(1).max(MAX_IMPORT).optional(),
});

export async function importOpenApi(
  db: TenantDb,
  input: z.infer<typeof importOpenApiSchema>,
  actor: Actor,
  allowPrivate: boolean,
): Promise<{ tools: ToolRow[]; skipped: { operation: string; operationId: string; reason: string }[] }> {
  const conn = input.connection_id ? await db.connections.get(input.connection_id) : null;
  if (input.connection_id && !conn)
    throw new AppError('validation_failed', 'The import is not valid', [{ path: 'connection_id', message: 'No such connection' }]);
  if (conn && (conn.kind === 'mcp' || !conn.baseUrl)) {
    throw new AppError('validation_failed', 'The import is not valid', [{ path: 'connection_id', message: 'Use an http connection with a base_url' }]);
  }
  let result;
  try {
    result = operationsToTools(loadSpec(input.spec), { connectionBase: conn?.baseUrl ?? null, prefix: input.prefix, only: input.operations });
  } catch (e) {
    if (e instanceof OpenApiError) throw new AppError('validation_failed', `The spec cannot be imported: ${e.message}`, [{ path: 'spec', message: e.message }]);
    throw e;
  }
  const { tools, skipped } = result;
  if (input.operations) {
    const known = new Set([...tools, ...skipped].flatMap((t) => ['source' in t ? t.source : t.operation, t.operationId]));
    const missing = input.operations.filter((o) => !known.has(o));
    if (missing.length)
      throw new AppError(
        'validation_failed',
        'Some operations are not in the spec',
        missing.map((o) => ({ path: 'operations', message: `No operation ${o}` })),
      );
  }
  if (!tools.length)
    throw new AppError('validation_failed', 'The spec has no operation that can become a tool', [
      { path: 'spec', message: skipped.map((s) => `${s.operation}: ${s.reason}`).join('; ') || 'no operations' },
    ]);
  if (tools.length > MAX_IMPORT) {
    throw new AppError('validation_failed', `The spec has ${tools.length} operations; import at most ${MAX_IMPORT} at once`, [
      { path: 'operations', message: 'List the operations to import (operationId or "METHOD /path")' },
    ]);
  }

  const details: ErrorDetail[] = [];
  for (const t of tools) {
    const problem = parametersProblem(t.parameters);
    if (problem) details.push({ path: `spec.paths.${t.source}`, message: `parameters ${problem}` });
    if (!conn) {
      const verdict = checkOutboundUrl(t.config.url.replace(/\{[^{}]*\}/g, 'x'), allowPrivate);
      if (!verdict.ok) details.push({ path: 'spec.servers', message: verdict.reason });
    }
  }
  if (details.length) throw new AppError('validation_failed', 'The spec cannot be imported', details.slice(0, 20));

  const taken = await db.tools.namesTaken(tools.map((t) => t.name));
  const clashes = tools.filter((t) => taken.has(t.name) || BUILTIN_TOOLS.some((b) => b.name === t.name));
  if (clashes.length) {
    throw new AppError(
      'conflict',
      `${clashes.length} tool name${clashes.length > 1 ? 's are' : ' is'} already in use: import with a prefix, or delete the existing tools first`,
      clashes.map((t) => ({ path: `spec.paths.${t.source}`, message: `"${t.name}" is taken` })),
    );
  }
  const rows = await db.tools
    .createMany(
      tools.map((t) => ({
        name: t.name,
        description: t.description,
        kind: 'http' as const,
        parameters: t.parameters,
        config: t.config,
        connectionId: conn?.id ?? null,
      })),
    )
    .catch((e) => {
      if (String(e).includes('UNIQUE constraint failed')) throw new AppError('conflict', 'A tool with one of these names was created meanwhile; try again');
      throw e;
    });
  for (const row of rows) auditToolCreate(actor, row, 'openapi_import');
  return { tools: rows, skipped };
}
