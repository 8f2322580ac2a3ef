// Connection pages (/app/connections): list with live tests, create and edit with a write-only secret, delete with
// a confirmation that explains who uses it, MCP tool discovery. Plain form posts; htmx enhances test and delete.
import { Hono, type Context } from 'hono';
import { ConfirmDelete } from '../../../views/components/ui/confirm-delete';
import { type AdoptedAgent, CheckOutcome, ConnectionUsers, LastCheck } from '../../../views/components/connections/connection-card';
import { BLANK_CONNECTION, type ConnectionFormValues } from '../../../views/components/connections/connection-form';
import { ConfirmPage, ConnectionFormPage, ConnectionsPage } from '../../../views/pages/connections-page';
import type { ConnectionRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { checkConnection } from '../../services/connection-check';
import { testConnection } from '../../services/connection-test';
import {
  allConnections,
  connectionUsers,
  connectionUsersOf,
  createConnection,
  createConnectionSchema,
  deleteConnection,
  getConnection,
  updateConnection,
  updateConnectionSchema,
} from '../../services/connections';
import { discoverMcpTools } from '../../services/mcp-discovery';
import { assertCan, permit } from '../../services/permissions';
import { type FormBody, fieldErrors, formBody, layoutBase, redirectAfterPost, text, wantsFragment } from './support/page-helpers';

const FIELDS = ['name', 'kind', 'base_url', 'auth_type', 'header_name', 'param_name', 'username', 'health_path'] as const;
const valuesOf = (b: FormBody): ConnectionFormValues => Object.fromEntries(FIELDS.map((f) => [f, text(b, f).trim()])) as ConnectionFormValues;
const rowValues = (c: ConnectionRow): ConnectionFormValues => ({
  name: c.name,
  kind: c.kind,
  base_url: c.baseUrl ?? '',
  auth_type: c.authType,
  header_name: c.authMeta.header_name ?? '',
  param_name: c.authMeta.param_name ?? '',
  username: c.authMeta.username ?? '',
  health_path: typeof c.config.health_path === 'string' ? c.config.health_path : '',
});

/** The API's body from the form: only the fields that apply to the chosen kind and auth type. */
function apiInput(v: ConnectionFormValues, secret: string) {
  const t = v.auth_type;
  const auth = {
    type: t,
    ...(secret && t !== 'none' ? { secret } : {}),
    ...(t === 'header' ? { header_name: v.header_name } : {}),
    ...(t === 'query' ? { param_name: v.param_name } : {}),
    ...(t === 'basic' ? { username: v.username } : {}),
  };
  return { name: v.name, kind: v.kind, auth, config: v.kind === 'http' && v.health_path ? { health_path: v.health_path } : {} };
}

const errorField = (path: string) =>
  ({ 'auth.type': 'auth_type', 'auth.secret': 'secret', 'config.health_path': 'health_path' })[path] ?? path.replace(/^(auth|config)\./, '').split('.')[0]!;

const href = (id: string) => `/app/connections/${encodeURIComponent(id)}`;

type ListExtra = { results?: Record<string, { ok: boolean; latency_ms: number; message: string }>; adopted?: AdoptedAgent[]; message?: string; error?: string };

async function listPage(c: Context<AppEnv>, extra: ListExtra = {}) {
  const db = c.var.db;
  const [base, rows, users] = await Promise.all([layoutBase(c), allConnections(db), connectionUsers(db)]);
  return c.html(<ConnectionsPage base={base} connections={rows} users={users} notice={c.req.query('notice')} {...extra} />);
}

async function confirmation(c: Context<AppEnv>, conn: ConnectionRow, error?: string) {
  const users = await connectionUsersOf(c.var.db, conn.id);
  const usedBy = [...users.agents.map((a) => `Agent “${a.name}” uses it`), ...users.tools.map((t) => `Tool “${t.name}” calls through it`)];
  const panel = (
    <ConfirmDelete
      id={`confirm-panel-${conn.id}`}
      what="connection"
      name={conn.name}
      action={`${href(conn.id)}/delete`}
      cancelHref="/app/connections"
      csrfToken={c.var.auth.kind === 'session' ? c.var.auth.csrfToken : ''}
      usedBy={usedBy}
      forceEffect="Its agents fall back to the platform's default model provider and its tools call without credentials."
      error={error}
    />
  );
  if (wantsFragment(c)) return c.html(panel, error ? 409 : 200);
  return c.html(
    <ConfirmPage base={await layoutBase(c)} title={`Delete ${conn.name}`} section="connections">
      {panel}
    </ConfirmPage>,
    error ? 409 : 200,
  );
}

export const connectionPages = new Hono<AppEnv>()
  .get('/connections', permit('connections:read'), (c) => listPage(c))
  .get('/connections/new', permit('connections:write'), async (c) =>
    c.html(<ConnectionFormPage base={await layoutBase(c)} values={BLANK_CONNECTION} errors={{}} />),
  )
  .post('/connections/new', permit('connections:write'), async (c) => {
    const body = await formBody(c);
    const values = valuesOf(body);
    try {
      const input = validate(createConnectionSchema, { ...apiInput(values, text(body, 'secret')), ...(values.base_url ? { base_url: values.base_url } : {}) });
      await createConnection(c.var.db, c.env, input, actorOf(c));
      return redirectAfterPost(c, '/app/connections?notice=connection_created');
    } catch (e) {
      const f = fieldErrors(e, errorField);
      return c.html(
        <ConnectionFormPage base={await layoutBase(c)} values={values} errors={f.errors} formError={Object.keys(f.errors).length ? undefined : f.message} />,
        400,
      );
    }
  })
  .get('/connections/:id', permit('connections:read'), async (c) => {
    const conn = await getConnection(c.var.db, c.req.param('id'));
    return c.html(<ConnectionFormPage base={await layoutBase(c)} id={conn.id} values={rowValues(conn)} errors={{}} hint={conn.authHint} />);
  })
  .post('/connections/:id', permit('connections:write'), async (c) => {
    const conn = await getConnection(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const values = valuesOf(body);
    try {
      const patch = validate(updateConnectionSchema, { ...apiInput(values, text(body, 'secret')), base_url: values.base_url || null });
      await updateConnection(c.var.db, c.env, conn.id, patch, actorOf(c));
      return redirectAfterPost(c, '/app/connections?notice=connection_updated');
    } catch (e) {
      const f = fieldErrors(e, errorField);
      return c.html(
        <ConnectionFormPage
          base={await layoutBase(c)}
          id={conn.id}
          values={values}
          errors={f.errors}
          formError={Object.keys(f.errors).length ? undefined : f.message}
          hint={conn.authHint}
        />,
        400,
      );
    }
  })
  .post('/connections/:id/test', permit('connections:write'), async (c) => {
    const { result, adopted } = await testConnection(c.var.db, c.env, c.req.param('id'), actorOf(c));
    if (wantsFragment(c)) {
      const id = c.req.param('id');
      // Agents that adopted the connection now use it: the card's "used by" line is drawn again too.
      const users = adopted?.length ? await connectionUsersOf(c.var.db, id) : null;
      return c.html(
        <>
          <CheckOutcome id={id} result={result} adopted={adopted} />
          {/* hx-partial is htmx's own element, as in chat-stream.tsx */}
          <hx-partial hx-target={`#last-check-${id}`} hx-swap="outerHTML">
            <LastCheck c={{ id, checkedAt: Date.now(), checkOk: result.ok }} />
          </hx-partial>
          {users && (
            <hx-partial hx-target={`#conn-users-${id}`} hx-swap="outerHTML">
              <ConnectionUsers id={id} users={users} />
            </hx-partial>
          )}
        </>,
      );
    }
    return listPage(c, { results: { [c.req.param('id')]: result }, adopted });
  })
  .post('/connections/:id/discover', permit('connections:read', 'tools:write'), async (c) => {
    try {
      const r = await discoverMcpTools(c.var.db, c.env, c.req.param('id'), actorOf(c));
      const n = (a: unknown[]) => a.length;
      const message = `Discovered ${n(r.tools)} tool${n(r.tools) === 1 ? '' : 's'}: ${n(r.created)} new, ${n(r.updated)} updated, ${n(r.removed)} removed${n(r.stale) ? `, ${n(r.stale)} kept while agents use them` : ''}.`;
      return listPage(c, { message });
    } catch (e) {
      if (!(e instanceof AppError) || e.status === 404 || e.code === 'internal_error') throw e;
      return listPage(c, { error: `Discovery failed: ${e.message}` });
    }
  })
  .get('/connections/:id/delete', permit('connections:write'), async (c) => confirmation(c, await getConnection(c.var.db, c.req.param('id'))))
  .post('/connections/:id/delete', permit('connections:write'), async (c) => {
    const conn = await getConnection(c.var.db, c.req.param('id'));
    const force = text(await formBody(c), 'force') === 'true';
    try {
      await deleteConnection(c.var.db, c.env, conn.id, force, actorOf(c));
    } catch (e) {
      return confirmation(c, conn, fieldErrors(e).message);
    }
    return redirectAfterPost(c, '/app/connections?notice=connection_deleted');
  });
