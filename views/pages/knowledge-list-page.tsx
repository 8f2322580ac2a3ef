// GET /app/knowledge: the organization's knowledge bases (documents, passages, size, last change) and, for members,
// the "New knowledge base" form (a plain post; no JavaScript needed). Viewers read and test but create nothing.
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, type Option, SelectField, TextAreaField } from '../components/ui/form-field';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { fmtWhen } from '../lib/format';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { KnowledgeBaseJson } from '../../worker/schemas/knowledge';
import { KbNotice, fmtBytes, kbHref } from './knowledge-parts';

export type KbFormValues = { name?: string; description?: string; connection_id?: string; embedding_model?: string };
export type KbFormState = { values: KbFormValues; errors: Record<string, string>; error?: string };

/** The model connection select: the operator's default first, then the org's openai / openai_compatible ones. */
export function connectionOptions(connections: { id: string; name: string }[]): Option[] {
  return [{ value: '', label: 'Platform default' }, ...connections.map((c) => ({ value: c.id, label: c.name }))];
}

export const EMBEDDING_HINT = 'Any model the connection’s /embeddings serves (e.g. text-embedding-3-small), or a Workers AI model (@cf/…).';

export function KnowledgeListPage(props: {
  base: LayoutBase;
  bases: KnowledgeBaseJson[];
  connections: { id: string; name: string }[];
  defaultModel: string;
  notice?: string | null;
  form?: KbFormState;
}) {
  const { base } = props;
  const canWrite = base.can['knowledge:write'];
  const v = props.form?.values ?? {};
  const errors = props.form?.errors ?? {};
  const newButton = canWrite && (
    <a class="btn btn-primary" href="#new-kb">
      <Icon name="plus" />
      New knowledge base
    </a>
  );
  return (
    <AppLayout title="Knowledge" {...base} active="knowledge">
      <link rel="stylesheet" href="/assets/knowledge.css" />
      <PageHeader
        title="Knowledge"
        description="Document collections your agents search and cite: handbooks, product docs, policies, FAQs."
        actions={props.bases.length ? newButton : undefined}
      />
      <KbNotice code={props.notice} />
      {props.bases.length ? (
        <div class="table-wrap card">
          <table class="table kb-table">
            <thead>
              <tr>
                <th scope="col">Knowledge base</th>
                <th scope="col" class="num">
                  Documents
                </th>
                <th scope="col" class="num hide-sm">
                  Passages
                </th>
                <th scope="col" class="num hide-sm">
                  Size
                </th>
                <th scope="col" class="hide-sm">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody>
              {props.bases.map((kb) => (
                <tr>
                  <th scope="row" class="agent-cell">
                    <a class="row-link" href={kbHref(kb.id)}>
                      {kb.name}
                    </a>
                    {kb.description && <span class="agent-cell-description">{kb.description}</span>}
                  </th>
                  <td class="num">{kb.document_count}</td>
                  <td class="num hide-sm">{kb.chunk_count}</td>
                  <td class="num hide-sm">{fmtBytes(kb.bytes)}</td>
                  <td class="hide-sm kb-when">
                    <time datetime={kb.updated_at}>{fmtWhen(Date.parse(kb.updated_at))}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState
          icon="book"
          title="No knowledge bases yet"
          description={
            <>
              A knowledge base is a collection of documents (files, web pages or pasted text) split into passages. Agents that have it search it with the{' '}
              <code>search_knowledge</code> tool and cite the passages they answer from.
            </>
          }
          action={canWrite ? undefined : <p class="muted">Ask a member of your organization to create one.</p>}
        />
      )}
      {canWrite && (
        <section class="card form-card kb-new" id="new-kb" aria-labelledby="new-kb-title">
          <h2 class="section-title" id="new-kb-title">
            New knowledge base
          </h2>
          {props.form?.error && <Alert tone="error">{props.form.error}</Alert>}
          <form class="form" method="post" action="/app/knowledge">
            <Csrf token={base.csrfToken} />
            <InputField
              name="name"
              id="kb-name"
              label="Name"
              required
              value={v.name}
              error={errors.name}
              placeholder="Support handbook"
              attrs={{ maxlength: '80' }}
            />
            <TextAreaField
              name="description"
              id="kb-description"
              label="Description"
              note="optional"
              rows={2}
              maxlength={2000}
              value={v.description}
              error={errors.description}
              hint="What is in it: agents see this when they choose where to search."
            />
            <div class="form-row">
              <SelectField
                name="connection_id"
                id="kb-connection"
                class="field-grow"
                label="Embeddings from"
                options={connectionOptions(props.connections)}
                value={v.connection_id ?? ''}
                error={errors.connection_id}
                hint={
                  props.connections.length
                    ? 'A model connection (OpenAI or OpenAI-compatible).'
                    : 'Add an OpenAI or OpenAI-compatible connection to use your own.'
                }
              />
              <InputField
                name="embedding_model"
                id="kb-model"
                class="field-grow"
                label="Embedding model"
                value={v.embedding_model ?? props.defaultModel}
                error={errors.embedding_model}
                hint={EMBEDDING_HINT}
              />
            </div>
            <div class="form-actions">
              <button type="submit" class="btn btn-primary">
                <Icon name="plus" />
                Create knowledge base
              </button>
            </div>
          </form>
        </section>
      )}
    </AppLayout>
  );
}
