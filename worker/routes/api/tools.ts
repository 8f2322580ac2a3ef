// Tools API (API.md, Connections and tools): the tenant's tools and the built-in ones, CRUD, and OpenAPI import.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { privateNetworkAllowed } from '../../lib/outbound';
import { boolQuery, jsonBody } from '../../lib/validate';
import { pageParams, toPage } from '../../db/page';
import { requireAuth } from '../../middleware/auth';
import type { ToolImportJson } from '../../schemas/tools';
import { importOpenApi, importOpenApiSchema } from '../../services/openapi-import';
import { assertCan, permit } from '../../services/permissions';
import { createTool, createToolSchema, deleteTool, getTool, listTools, toolJson, updateTool, updateToolSchema } from '../../services/tools';
import { BUILTIN_TOOLS } from '../../tools/catalog';

const KINDS = ['http', 'builtin', 'mcp', 'code'] as const;
type Kind = (typeof KINDS)[number];

function kindParam(raw: string | undefined): Kind | undefined {
  if (raw === undefined) return undefined;
  if ((KINDS as readonly string[]).includes(raw)) return raw as Kind;
  throw new AppError('validation_failed', 'Unknown tool kind', [{ path: 'kind', message: `must be one of ${KINDS.join(', ')}` }]);
}

export const toolRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('tools:write'), async (c) => {
    const input = await jsonBody(c, createToolSchema);
    return c.json(toolJson(await createTool(c.var.db, input, actorOf(c), privateNetworkAllowed(c.env))), 201);
  })
  /**
   * The tenant's tools, newest first, paginated. The built-in tools (a short fixed list) come first on the first
   * page and do not count toward `limit`; `?builtin=false` leaves them out, `?kind=` filters both.
   */
  .get('/', permit('tools:read'), async (c) => {
    const page = pageParams(c.req.query());
    const kind = kindParam(c.req.query('kind'));
    const withBuiltins = !page.cursor && c.req.query('builtin') !== 'false';
    const own = kind === 'builtin' ? { data: [], next_cursor: null } : toPage(await listTools(c.var.db, page, kind), page.limit, (t) => t.id, toolJson);
    const builtins = withBuiltins ? BUILTIN_TOOLS.filter((b) => !kind || b.kind === kind).map((b) => toolJson({ builtin: b })) : [];
    return c.json({ data: [...builtins, ...own.data], next_cursor: own.next_cursor });
  })
  .post('/import/openapi', permit('tools:write'), async (c) => {
    const input = await jsonBody(c, importOpenApiSchema);
    const r = await importOpenApi(c.var.db, input, actorOf(c), privateNetworkAllowed(c.env));
    return c.json({ data: r.tools.map(toolJson), skipped: r.skipped } satisfies ToolImportJson, 201);
  })
  .get('/:id', permit('tools:read'), async (c) => {
    return c.json(toolJson(await getTool(c.var.db, c.req.param('id'))));
  })
  .patch('/:id', permit('tools:write'), async (c) => {
    const patch = await jsonBody(c, updateToolSchema);
    return c.json(toolJson(await updateTool(c.var.db, c.req.param('id'), patch, actorOf(c), privateNetworkAllowed(c.env))));
  })
  .delete('/:id', permit('tools:write'), async (c) => {
    await deleteTool(c.var.db, c.req.param('id'), boolQuery('force', c.req.query('force')), actorOf(c));
    return c.body(null, 204);
  });
