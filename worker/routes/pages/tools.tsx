// Tool pages (/app/tools): the list, HTTP tools from a form, OpenAPI import (paste or upload), a tool's page with
// "Try it" (the registry's runTool with a tenant ToolContext) and delete with confirmation. Plain forms; htmx
// runs "Try it" and opens the delete confirmation in place.
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { ConfirmDelete } from '../../../views/components/ui/confirm-delete';
import { TrialResult, type TrialOutcome } from '../../../views/components/tools/try-tool';
import { ConfirmPage } from '../../../views/pages/connections-page';
import { ToolImportPage, type ImportValues } from '../../../views/pages/tool-import-page';
import { NewToolPage, ToolPage, type FormState } from '../../../views/pages/tool-page';
import { ToolsPage } from '../../../views/pages/tools-page';
import type { TenantDb } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { privateNetworkAllowed } from '../../lib/outbound';
import { validate } from '../../lib/validate';
import { importOpenApi, importOpenApiSchema } from '../../services/openapi-import';
import { assertCan, permit } from '../../services/permissions';
import { sampleArguments, trialRefusal, tryTool } from '../../services/tool-trial';
import { allConnections, findConnection } from '../../services/connections';
import {
  type AnyTool,
  agentsUsingTool,
  allTools,
  createTool,
  createToolSchema,
  deleteTool,
  getTool,
  toolUsageCounts,
  updateTool,
  updateToolSchema,
} from '../../services/tools';
import { BUILTIN_TOOLS } from '../../tools/catalog';
import { type FormBody, fieldErrors, formBody, layoutBase, redirectAfterPost, text, wantsFragment } from './support/page-helpers';
import { blankTool, rowValues, toolErrorField, toolInput, toolValues } from './support/tool-form';

async function connectionOptions(db: TenantDb) {
  const rows = await allConnections(db);
  return rows.filter((c) => c.kind !== 'mcp' && c.baseUrl).map((c) => ({ value: c.id, label: `${c.name} (${c.baseUrl})` }));
}

const spec = (t: AnyTool) => ('builtin' in t ? { ...t.builtin, builtin: true, config: {}, connectionId: null } : { ...t.row, builtin: false, runtime: 'edge' });
const href = (id: string) => `/app/tools/${encodeURIComponent(id)}`;
const formState = (f: Partial<FormState> & { values: FormState['values'] }): FormState => ({ errors: {}, blankRows: f.values.params.length ? 1 : 2, ...f });

/** A tool's page; `over` replaces parts of it (a form with errors, a trial result, the delete confirmation). */
async function toolPage(
  c: Context<AppEnv>,
  t: AnyTool,
  over: {
    form?: FormState;
    basics?: { values: { name: string; description: string }; errors: Record<string, string>; formError?: string };
    result?: TrialOutcome;
    args?: string;
    confirm?: Child;
  } = {},
  status: 200 | 400 | 409 = 200,
) {
  const db = c.var.db;
  const s = spec(t);
  const [base, connections, usedBy, conn] = await Promise.all([
    layoutBase(c),
    connectionOptions(db),
    'row' in t ? agentsUsingTool(db, t.row.id) : [],
    s.connectionId ? findConnection(db, s.connectionId) : undefined,
  ]);
  const values = 'row' in t ? rowValues(t.row) : null;
  return c.html(
    <ToolPage
      base={base}
      tool={{
        id: s.id,
        name: s.name,
        description: s.description,
        kind: s.kind,
        builtin: s.builtin,
        parameters: s.parameters,
        config: s.config,
        connectionName: conn?.name,
      }}
      notice={c.req.query('notice')}
      form={over.form ?? (values ? formState({ values }) : null)}
      basics={over.basics ?? { values: { name: s.name, description: s.description }, errors: {} }}
      connections={connections}
      usedBy={usedBy}
      trial={{ args: over.args ?? sampleArguments(s.parameters), refusal: trialRefusal(s), result: over.result }}
      confirm={over.confirm}
    />,
    status,
  );
}

async function confirmation(c: Context<AppEnv>, t: AnyTool, error?: string) {
  if ('builtin' in t) throw new AppError('bad_request', 'Built-in tools cannot be deleted');
  const agents = await agentsUsingTool(c.var.db, t.row.id);
  const panel = (
    <ConfirmDelete
      id="confirm-panel"
      what="tool"
      name={t.row.name}
      action={`${href(t.row.id)}/delete`}
      cancelHref={href(t.row.id)}
      csrfToken={c.var.auth.kind === 'session' ? c.var.auth.csrfToken : ''}
      usedBy={agents.map((a) => `Agent “${a.name}” uses it`)}
      forceEffect="It is removed from those agents; each gets a new version."
      error={error}
    />
  );
  if (wantsFragment(c)) return c.html(panel, error ? 409 : 200);
  return c.html(
    <ConfirmPage base={await layoutBase(c)} title={`Delete ${t.row.name}`} section="tools">
      {panel}
    </ConfirmPage>,
    error ? 409 : 200,
  );
}

async function importSpec(body: FormBody): Promise<string> {
  const file = body.spec_file;
  const one = Array.isArray(file) ? file[0] : file;
  if (one instanceof File && one.size > 0) return one.text();
  return text(body, 'spec');
}

export const toolPages = new Hono<AppEnv>()
  .get('/tools', permit('tools:read'), async (c) => {
    const db = c.var.db;
    const [base, tools, usage, conns] = await Promise.all([layoutBase(c), allTools(db), toolUsageCounts(db), allConnections(db)]);
    return c.html(
      <ToolsPage
        base={base}
        tools={tools}
        builtins={BUILTIN_TOOLS}
        usage={usage}
        connectionNames={new Map(conns.map((x) => [x.id, x.name]))}
        notice={c.req.query('notice')}
      />,
    );
  })
  .get('/tools/new', permit('tools:write'), async (c) => {
    const [base, connections] = await Promise.all([layoutBase(c), connectionOptions(c.var.db)]);
    return c.html(<NewToolPage base={base} form={formState({ values: blankTool(), blankRows: 2 })} connections={connections} />);
  })
  .post('/tools/new', permit('tools:write'), async (c) => {
    const body = await formBody(c);
    const values = toolValues(body);
    const render = async (f: Partial<FormState>, status: 200 | 400) => {
      const [base, connections] = await Promise.all([layoutBase(c), connectionOptions(c.var.db)]);
      return c.html(<NewToolPage base={base} form={formState({ values, ...f })} connections={connections} />, status);
    };
    if (text(body, 'add_param')) return render({ blankRows: 2 }, 200);
    try {
      const tool = await createTool(c.var.db, validate(createToolSchema, toolInput(values)), actorOf(c), privateNetworkAllowed(c.env));
      return redirectAfterPost(c, `${href(tool.id)}?notice=tool_created`);
    } catch (e) {
      const f = fieldErrors(e, toolErrorField);
      return render({ errors: f.errors, formError: Object.keys(f.errors).length ? undefined : f.message }, 400);
    }
  })
  .get('/tools/import', permit('tools:write'), async (c) => {
    const [base, connections] = await Promise.all([layoutBase(c), connectionOptions(c.var.db)]);
    return c.html(<ToolImportPage base={base} values={{ spec: '', connection_id: '', prefix: '' }} errors={{}} connections={connections} />);
  })
  .post('/tools/import', permit('tools:write'), async (c) => {
    const body = await formBody(c);
    const values: ImportValues = { spec: await importSpec(body), connection_id: text(body, 'connection_id'), prefix: text(body, 'prefix').trim() };
    const [base, connections] = await Promise.all([layoutBase(c), connectionOptions(c.var.db)]);
    try {
      const input = validate(importOpenApiSchema, {
        spec: values.spec,
        ...(values.connection_id ? { connection_id: values.connection_id } : {}),
        ...(values.prefix ? { prefix: values.prefix } : {}),
      });
      const r = await importOpenApi(c.var.db, input, actorOf(c), privateNetworkAllowed(c.env));
      const result = {
        created: r.tools.map((t) => ({ id: t.id, name: t.name, description: t.description })),
        skipped: r.skipped.map((s) => ({ operation: s.operation, reason: s.reason })),
      };
      return c.html(<ToolImportPage base={base} values={values} errors={{}} connections={connections} result={result} />, 201);
    } catch (e) {
      const f = fieldErrors(e, (p) => p.split('.')[0]!);
      const details = e instanceof AppError ? (e.details ?? []).map((d) => d.message).slice(0, 20) : [];
      return c.html(<ToolImportPage base={base} values={values} errors={f.errors} formError={f.message} details={details} connections={connections} />, 400);
    }
  })
  .get('/tools/:id', permit('tools:read'), async (c) => toolPage(c, await getTool(c.var.db, c.req.param('id'))))
  .post('/tools/:id', permit('tools:write'), async (c) => {
    const t = await getTool(c.var.db, c.req.param('id'));
    if ('builtin' in t) throw new AppError('bad_request', `${t.builtin.name} is a built-in tool: it cannot be changed`);
    const body = await formBody(c);
    const basics = text(body, 'basics') === '1';
    const values = toolValues(body);
    if (!basics && text(body, 'add_param')) return toolPage(c, t, { form: formState({ values, blankRows: 2 }) });
    try {
      const { kind: _k, ...full } = toolInput(values);
      const patch = basics ? { name: values.name, description: values.description } : full;
      await updateTool(c.var.db, t.row.id, validate(updateToolSchema, patch), actorOf(c), privateNetworkAllowed(c.env));
      return redirectAfterPost(c, `${href(t.row.id)}?notice=tool_updated`);
    } catch (e) {
      const f = fieldErrors(e, toolErrorField);
      const formError = Object.keys(f.errors).length ? undefined : f.message;
      const over = basics
        ? { basics: { values: { name: values.name, description: values.description }, errors: f.errors, formError } }
        : { form: formState({ values, errors: f.errors, formError }) };
      return toolPage(c, t, over, 400);
    }
  })
  .post('/tools/:id/try', permit('tools:write'), async (c) => {
    const args = text(await formBody(c), 'arguments');
    let result: TrialOutcome;
    try {
      const r = await tryTool(c.env, c.var.db, c.req.param('id'), args);
      result = { ok: r.ok, output: r.output, durationMs: r.durationMs };
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      result = { refused: e.message };
    }
    if (wantsFragment(c)) return c.html(<TrialResult result={result} />);
    return toolPage(c, await getTool(c.var.db, c.req.param('id')), { result, args });
  })
  .get('/tools/:id/delete', permit('tools:write'), async (c) => confirmation(c, await getTool(c.var.db, c.req.param('id'))))
  .post('/tools/:id/delete', permit('tools:write'), async (c) => {
    const t = await getTool(c.var.db, c.req.param('id'));
    const force = text(await formBody(c), 'force') === 'true';
    try {
      await deleteTool(c.var.db, c.req.param('id'), force, actorOf(c));
    } catch (e) {
      return confirmation(c, t, fieldErrors(e).message);
    }
    return redirectAfterPost(c, '/app/tools?notice=tool_deleted');
  });
