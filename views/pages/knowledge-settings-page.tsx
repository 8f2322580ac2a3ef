// GET /app/knowledge/:id/settings: the base's name, description and where its embeddings come from (members edit;
// the model is fixed once it holds documents), and "Delete" leading to a confirmation that says what goes with it.
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, SelectField, TextAreaField } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { KnowledgeBaseJson } from '../../worker/schemas/knowledge';
import { EMBEDDING_HINT, type KbFormState, connectionOptions } from './knowledge-list-page';
import { KbHeader, KbNotice, kbHref } from './knowledge-parts';

export function KnowledgeSettingsPage(props: {
  base: LayoutBase;
  kb: KnowledgeBaseJson;
  connections: { id: string; name: string }[];
  notice?: string | null;
  form?: KbFormState;
}) {
  const { base, kb } = props;
  const canWrite = base.can['knowledge:write'];
  const v = props.form?.values ?? {
    name: kb.name,
    description: kb.description ?? '',
    connection_id: kb.connection_id ?? '',
    embedding_model: kb.embedding_model,
  };
  const errors = props.form?.errors ?? {};
  const fixedModel = kb.document_count > 0;
  // A connection that is gone (or no longer a model connection) still shows, so saving keeps what is stored visible.
  const connections =
    kb.connection_id && !props.connections.some((c) => c.id === kb.connection_id)
      ? [...props.connections, { id: kb.connection_id, name: 'A connection that is no longer a model connection' }]
      : props.connections;
  return (
    <AppLayout title={`${kb.name} settings`} {...base} active="knowledge">
      <link rel="stylesheet" href="/assets/knowledge.css" />
      <KbHeader kb={kb} active="settings" />
      <KbNotice code={props.notice} />
      <section class="card form-card" aria-labelledby="kb-settings-title">
        <h2 class="section-title" id="kb-settings-title">
          Settings
        </h2>
        {props.form?.error && <Alert tone="error">{props.form.error}</Alert>}
        {!canWrite && <p class="muted">Read only: members and above change knowledge bases.</p>}
        <form class="form" method="post" action={`${kbHref(kb.id)}/settings`}>
          <Csrf token={base.csrfToken} />
          <fieldset class="plain-fieldset" disabled={!canWrite}>
            <div class="form">
              <InputField name="name" id="kb-name" label="Name" required value={v.name} error={errors.name} attrs={{ maxlength: '80' }} />
              <TextAreaField
                name="description"
                id="kb-description"
                label="Description"
                note="optional"
                rows={3}
                maxlength={2000}
                value={v.description}
                error={errors.description}
              />
              <div class="form-row">
                <SelectField
                  name="connection_id"
                  id="kb-connection"
                  class="field-grow"
                  label="Embeddings from"
                  options={connectionOptions(connections)}
                  value={v.connection_id ?? ''}
                  error={errors.connection_id}
                />
                <InputField
                  name="embedding_model"
                  id="kb-model"
                  class="field-grow"
                  label="Embedding model"
                  value={v.embedding_model}
                  error={errors.embedding_model}
                  hint={fixedModel ? 'Fixed while the base holds documents: vectors of two models cannot be compared.' : EMBEDDING_HINT}
                  attrs={fixedModel ? { readonly: '' } : undefined}
                />
              </div>
            </div>
          </fieldset>
          {canWrite && (
            <div class="form-actions">
              <button type="submit" class="btn btn-primary">
                Save settings
              </button>
            </div>
          )}
        </form>
      </section>
      {canWrite && (
        <section class="card form-card kb-danger" aria-labelledby="kb-delete-title">
          <h2 class="section-title" id="kb-delete-title">
            Delete this knowledge base
          </h2>
          <p class="muted">
            Its {kb.document_count} document{kb.document_count === 1 ? '' : 's'} and {kb.chunk_count} passage{kb.chunk_count === 1 ? '' : 's'} go with it;
            agents that search it find nothing there any more.
          </p>
          <div>
            <a class="btn btn-danger" href={`${kbHref(kb.id)}/delete`}>
              <Icon name="trash" />
              Delete…
            </a>
          </div>
        </section>
      )}
    </AppLayout>
  );
}
