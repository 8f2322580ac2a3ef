// GET /app/connections: model providers and APIs the agents call, each with a live test, who uses it and actions;
// GET /app/connections/new and /:id: the form; /:id/delete: the confirmation (also inline in the list).
import type { Child } from 'hono/jsx';
import type { ConnectionRow } from '../../worker/db/tenant-db';
import { Alert } from '../components/ui/alert';
import { ButtonLink } from '../components/ui/button';
import { type AdoptedAgent, ConnectionCard, type CheckResult } from '../components/connections/connection-card';
import { ConnectionForm, type ConnectionFormValues } from '../components/connections/connection-form';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

type Users = { agents: { id: string; name: string }[]; tools: { id: string; name: string }[] };

export function ConnectionsPage(props: {
  base: LayoutBase;
  connections: ConnectionRow[];
  users: Map<string, Users>;
  notice?: string | null;
  results?: Record<string, CheckResult>;
  adopted?: AdoptedAgent[];
  message?: string;
  error?: string;
}) {
  const add = props.base.can['connections:write'] && (
    <ButtonLink href="/app/connections/new">
      <Icon name="plus" />
      Add connection
    </ButtonLink>
  );
  return (
    <AppLayout title="Connections" {...props.base} active="connections">
      <PageHeader
        title="Connections"
        description="Model providers and APIs your agents call. Secrets are encrypted and write-only."
        actions={props.connections.length ? add : undefined}
      />
      <Notice code={props.notice} extra={props.message} />
      {props.error && <Alert tone="error">{props.error}</Alert>}
      {props.connections.length ? (
        <ul class="conn-list" role="list">
          {props.connections.map((c) => (
            <ConnectionCard
              c={c}
              users={props.users.get(c.id) ?? { agents: [], tools: [] }}
              csrfToken={props.base.csrfToken}
              canEdit={props.base.can['connections:write']}
              canMakeTools={props.base.can['tools:write']}
              result={props.results?.[c.id]}
              adopted={props.results?.[c.id] ? props.adopted : undefined}
            />
          ))}
        </ul>
      ) : (
        <EmptyState
          icon="connections"
          title="No connections yet"
          description="Add your model provider's API key (OpenAI or any OpenAI-compatible API) so your agents can answer, or an API your tools call."
          action={add}
        />
      )}
    </AppLayout>
  );
}

export function ConnectionFormPage(props: {
  base: LayoutBase;
  id?: string;
  values: ConnectionFormValues;
  errors: Record<string, string>;
  formError?: string;
  hint?: string | null;
}) {
  const editing = !!props.id;
  return (
    <AppLayout title={editing ? `Edit ${props.values.name}` : 'Add a connection'} {...props.base} active="connections">
      <PageHeader
        eyebrow="Connections"
        title={editing ? `Edit ${props.values.name}` : 'Add a connection'}
        description={editing ? 'Changes apply to new conversations.' : 'Connect a model provider or an API. You can test it right after.'}
      />
      <ConnectionForm
        action={editing ? `/app/connections/${encodeURIComponent(props.id!)}` : '/app/connections/new'}
        csrfToken={props.base.csrfToken}
        values={props.values}
        errors={props.errors}
        formError={props.formError}
        hint={props.hint}
        editing={editing}
      />
    </AppLayout>
  );
}

/** The delete confirmation as a page of its own (no JavaScript, or a refused delete). */
export function ConfirmPage(props: { base: LayoutBase; title: string; section: 'connections' | 'tools' | 'agents' | 'knowledge'; children: Child }) {
  return (
    <AppLayout title={props.title} {...props.base} active={props.section}>
      <PageHeader eyebrow={props.section[0]!.toUpperCase() + props.section.slice(1)} title={props.title} />
      {props.children}
    </AppLayout>
  );
}
