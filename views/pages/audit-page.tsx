// GET /app/settings/audit: the organization's audit log (admins and owners): filters (person, action, resource,
// dates), a table newest first with each entry's before/after, older pages, and a CSV export of the same filters.
import type { AuditEntryJson } from '../../worker/schemas/audit';
import { AuditEntryRow } from '../components/audit/audit-entry-row';
import { Alert } from '../components/ui/alert';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type AuditFilters = { actor: string; action: string; resource_type: string; since: string; until: string };
export type AuditActorOption = { id: string; label: string };

/** Action groups offered in the filter (a prefix covers every action of that resource). */
const ACTIONS: [string, string][] = [
  ['agent.', 'Agents and versions'],
  ['tool.', 'Tools'],
  ['connection.', 'Connections'],
  ['api_key.', 'API keys'],
  ['embed_key.', 'Embed keys'],
  ['member.', 'Members'],
  ['invitation.', 'Invitations'],
  ['organization.', 'Organization'],
  ['auth.', 'Sign-ins'],
  ['user.', 'Passwords'],
  ['session.', 'Conversations'],
];
const TYPES = ['agent', 'tool', 'connection', 'api_key', 'embed_key', 'member', 'invitation', 'organization', 'user', 'session'];

/** The filters as a query string (empty ones left out), for links that keep them. */
export function filterQuery(f: AuditFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(Object.entries({ ...f, ...extra }).filter(([, v]) => v)).toString();
  return q ? `?${q}` : '';
}

function Select(props: { name: string; label: string; value: string; all: string; options: [string, string][] }) {
  const known = props.options.some(([v]) => v === props.value);
  return (
    <label class="toolbar-field">
      <span>{props.label}</span>
      <select class="input" name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map(([v, l]) => (
          <option value={v} selected={props.value === v}>
            {l}
          </option>
        ))}
        {props.value && !known && (
          <option value={props.value} selected>
            {props.value}
          </option>
        )}
      </select>
    </label>
  );
}

export function AuditPage(props: {
  base: LayoutBase;
  filters: AuditFilters;
  actors: AuditActorOption[];
  entries: AuditEntryJson[];
  next: string | null;
  error?: string;
}) {
  const f = props.filters;
  const csv = `/api/v1/audit-log${filterQuery(f, { format: 'csv' })}`;
  return (
    <AppLayout title="Audit log" {...props.base} active="audit">
      <PageHeader
        title="Audit log"
        description="Every change in your organization and every sign-in: who, what, when and from where. Secrets are never recorded."
        actions={
          <a class="btn btn-secondary" href={csv} download>
            <Icon name="download" />
            Export CSV
          </a>
        }
      />
      <form class="toolbar audit-filters" method="get" action="/app/settings/audit" aria-label="Filter the audit log">
        <Select name="actor" label="Person" value={f.actor} all="Everyone" options={props.actors.map((a) => [a.id, a.label])} />
        <Select name="action" label="Action" value={f.action} all="All actions" options={ACTIONS} />
        <Select name="resource_type" label="Resource" value={f.resource_type} all="All resources" options={TYPES.map((t) => [t, t])} />
        <label class="toolbar-field">
          <span>From</span>
          <input class="input" type="date" name="since" value={f.since} />
        </label>
        <label class="toolbar-field">
          <span>To</span>
          <input class="input" type="date" name="until" value={f.until} />
        </label>
        <button class="btn btn-secondary" type="submit">
          Apply
        </button>
      </form>
      {props.error && <Alert tone="error">{props.error}</Alert>}
      {props.entries.length ? (
        <div class="card table-wrap">
          <table class="table audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">IP</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <AuditEntryRow e={e} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !props.error && (
          <EmptyState
            icon="history"
            title="Nothing recorded here"
            description="Changes to agents, tools, connections, keys, members and settings, and every sign-in, show up here a few seconds after they happen."
          />
        )
      )}
      {props.next && (
        <p class="pager">
          <a class="btn btn-secondary btn-sm" href={`/app/settings/audit${filterQuery(f, { cursor: props.next })}`}>
            Older entries
          </a>
        </p>
      )}
    </AppLayout>
  );
}
