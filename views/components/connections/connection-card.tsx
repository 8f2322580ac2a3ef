// One connection in the list: kind, URL and credential hint, who uses it, and its actions. The Test button posts
// with htmx and the result lands in the card (#check-<id>); Delete opens the confirmation under the card.
import type { ConnectionRow } from '../../../worker/db/tenant-db';
import { Alert } from '../ui/alert';
import { Csrf } from '../ui/form-field';
import { Icon } from '../ui/icon';
import { When } from '../ui/when';

export type AdoptedAgent = { id: string; name: string; model: string; version: number };
export type CheckResult = { ok: boolean; latency_ms: number; message: string };
type Named = { id: string; name: string };

const KIND_LABEL: Record<string, string> = { openai: 'OpenAI', openai_compatible: 'OpenAI-compatible', http: 'HTTP API', mcp: 'MCP server' };
const AUTH_LABEL: Record<string, string> = { bearer: 'Bearer token', header: 'Header', query: 'Query parameter', basic: 'Basic auth', none: 'No auth' };

/** Agents that took this connection as their model because they had none: each with a link to chat. */
function Adopted(props: { agents: AdoptedAgent[] }) {
  return (
    <p class="check-adopted">
      {props.agents.map((a, i) => (
        <>
          {i > 0 && ' '}
          <a href={`/app/agents/${encodeURIComponent(a.id)}`}>{a.name}</a> now uses it (<code>{a.model}</code>, version {a.version}).{' '}
          <a href={`/app/agents/${encodeURIComponent(a.id)}/chat`}>Chat with {a.name}</a>
        </>
      ))}
    </p>
  );
}

export function CheckOutcome(props: { id: string; result?: CheckResult; adopted?: AdoptedAgent[]; error?: string }) {
  return (
    <div class="check-result" id={`check-${props.id}`} aria-live="polite">
      {props.result && (
        <Alert tone={props.result.ok ? 'success' : 'error'} title={props.result.ok ? `Works · ${props.result.latency_ms} ms` : 'The test failed'}>
          {props.result.message}
          {props.adopted && props.adopted.length > 0 && <Adopted agents={props.adopted} />}
        </Alert>
      )}
      {props.error && <Alert tone="error">{props.error}</Alert>}
    </div>
  );
}

/** When the connection was last tested and how that went; a test answered by htmx replaces it (#last-check-<id>). */
export function LastCheck(props: { c: Pick<ConnectionRow, 'id' | 'checkedAt' | 'checkOk'> }) {
  const { c } = props;
  const id = `last-check-${c.id}`;
  if (!c.checkedAt)
    return (
      <p class="conn-meta" id={id}>
        Not tested yet
      </p>
    );
  return (
    <p class={c.checkOk ? 'conn-meta' : 'conn-meta text-danger'} id={id}>
      <Icon name={c.checkOk ? 'check' : 'alert'} size={14} />
      Last test {c.checkOk ? 'passed' : 'failed'} <When ms={c.checkedAt} ago />
    </p>
  );
}

/** Who uses the connection; swapped in again after a test whose pass made agents adopt it. */
export function ConnectionUsers(props: { id: string; users: { agents: Named[]; tools: Named[] } }) {
  const { users } = props;
  return (
    <p class="conn-meta" id={`conn-users-${props.id}`}>
      {users.agents.length ? (
        <>
          Used by{' '}
          {users.agents.map((a, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/app/agents/${encodeURIComponent(a.id)}`}>{a.name}</a>
            </>
          ))}
        </>
      ) : (
        'No agent uses it yet'
      )}
      {users.tools.length > 0 && ` · ${users.tools.length} tool${users.tools.length > 1 ? 's' : ''}`}
    </p>
  );
}

export function ConnectionCard(props: {
  c: ConnectionRow;
  users: { agents: Named[]; tools: Named[] };
  csrfToken: string;
  result?: CheckResult;
  adopted?: AdoptedAgent[];
  /** The role may change connections (and test them, which writes the check's outcome). */
  canEdit: boolean;
  /** The role may make tools (Discover tools on an MCP connection). */
  canMakeTools: boolean;
}) {
  const { c, users } = props;
  const href = `/app/connections/${encodeURIComponent(c.id)}`;
  const meta = c.authMeta.header_name ?? c.authMeta.param_name ?? c.authMeta.username;
  return (
    <li class="card conn-card" id={`con-${c.id}`}>
      <div class="conn-main">
        <div class="conn-title-row">
          <h2 class="conn-name">{c.name}</h2>
          <span class="badge">{KIND_LABEL[c.kind] ?? c.kind}</span>
        </div>
        <p class="conn-url">
          <code>{c.baseUrl ?? '—'}</code>
        </p>
        <p class="conn-meta">
          <Icon name="key" size={14} />
          {AUTH_LABEL[c.authType]}
          {meta && <> · {meta}</>}
          {c.authHint && (
            <>
              {' · '}
              <code>{c.authHint}</code>
            </>
          )}
        </p>
        <ConnectionUsers id={c.id} users={users} />
        <LastCheck c={c} />
      </div>
      <div class="conn-actions">
        {props.canEdit && (
          <form method="post" action={`${href}/test`} hx-post={`${href}/test`} hx-target={`#check-${c.id}`} hx-swap="outerHTML" hx-disable="find button">
            <Csrf token={props.csrfToken} />
            <button type="submit" class="btn btn-secondary btn-sm">
              <span class="spinner htmx-indicator" aria-hidden="true"></span>
              Test<span class="sr-only"> {c.name}</span>
            </button>
          </form>
        )}
        {c.kind === 'mcp' && props.canMakeTools && (
          <form method="post" action={`${href}/discover`}>
            <Csrf token={props.csrfToken} />
            <button type="submit" class="btn btn-secondary btn-sm">
              Discover tools<span class="sr-only"> of {c.name}</span>
            </button>
          </form>
        )}
        <a class="btn btn-secondary btn-sm" href={href}>
          {props.canEdit && <Icon name="edit" />}
          {props.canEdit ? 'Edit' : 'View'}
          <span class="sr-only"> {c.name}</span>
        </a>
        {props.canEdit && (
          <a class="btn btn-ghost btn-sm" href={`${href}/delete`} hx-get={`${href}/delete`} hx-target={`#confirm-${c.id}`} hx-swap="innerHTML">
            <Icon name="trash" />
            Delete<span class="sr-only"> {c.name}</span>
          </a>
        )}
      </div>
      <CheckOutcome id={c.id} result={props.result} adopted={props.adopted} />
      <div class="confirm-slot" id={`confirm-${c.id}`}></div>
    </li>
  );
}
