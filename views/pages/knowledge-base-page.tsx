// GET /app/knowledge/:id: one base's documents with their status (queued → parsing → embedding → ready, or failed
// with the reason), refreshed while any is still in progress (htmx polls the table, which stops polling once every
// document has settled), and, for members, the three ways to add one: upload a file, a URL, or pasted text.
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, TextAreaField } from '../components/ui/form-field';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { fmtWhen } from '../lib/format';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import { DocStatus, type KbHead, KbHeader, KbNotice, docHref, fmtBytes, kbHref, settled } from './knowledge-parts';

/** A document as the API answers it (KnowledgeDocumentJson): the fields the pages show. */
export type KbDoc = {
  id: string;
  title: string;
  source: 'upload' | 'url' | 'text';
  url: string | null;
  filename: string | null;
  bytes: number;
  status: string;
  error: string | null;
  chunk_count: number;
  refresh_hours: number | null;
  created_at: string;
};

export type AddForm = { kind: 'file' | 'url' | 'text'; values: Record<string, string>; errors: Record<string, string>; error?: string };

export const sourceOf = (d: KbDoc) =>
  d.source === 'url' ? (d.url ?? 'A web page') : d.source === 'upload' ? (d.filename ?? 'An uploaded file') : 'Pasted text';

/** The documents table; it polls itself (outerHTML swap) while any document is not yet ready or failed. */
export function KbDocuments(props: { kbId: string; docs: KbDoc[]; canWrite: boolean; csrfToken: string }) {
  const busy = props.docs.some((d) => !settled(d.status));
  const poll = busy ? { 'hx-get': `${kbHref(props.kbId)}/documents`, 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' } : {};
  return (
    <div id="kb-docs" class="kb-docs" {...poll} data-busy={busy ? 'true' : 'false'}>
      {props.docs.length ? (
        <div class="table-wrap card">
          <table class="table kb-table">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Status</th>
                <th scope="col" class="num hide-sm">
                  Passages
                </th>
                <th scope="col" class="num hide-sm">
                  Size
                </th>
                <th scope="col" class="hide-sm">
                  Added
                </th>
                {props.canWrite && (
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {props.docs.map((d) => (
                <tr id={`doc-${d.id}`}>
                  <th scope="row" class="agent-cell kb-doc-cell">
                    <a class="row-link" href={docHref(props.kbId, d.id)}>
                      {d.title}
                    </a>
                    <span class="agent-cell-description kb-source">
                      {sourceOf(d)}
                      {d.refresh_hours ? ` · re-fetched every ${d.refresh_hours} h` : ''}
                    </span>
                  </th>
                  <td class="kb-status-cell">
                    <DocStatus status={d.status} />
                    {d.status === 'failed' && d.error && <span class="cell-sub kb-error">{d.error}</span>}
                  </td>
                  <td class="num hide-sm">{d.status === 'ready' ? d.chunk_count : '—'}</td>
                  <td class="num hide-sm">{d.bytes ? fmtBytes(d.bytes) : '—'}</td>
                  <td class="hide-sm kb-when">
                    <time datetime={d.created_at}>{fmtWhen(Date.parse(d.created_at))}</time>
                  </td>
                  {props.canWrite && (
                    <td class="actions">
                      <form
                        method="post"
                        action={`${docHref(props.kbId, d.id)}/delete`}
                        hx-post={`${docHref(props.kbId, d.id)}/delete`}
                        hx-confirm={`Delete “${d.title}”? Its passages leave results at once.`}
                      >
                        <Csrf token={props.csrfToken} />
                        <button type="submit" class="btn btn-secondary btn-sm" title="Delete document">
                          <Icon name="trash" />
                          <span class="sr-only">Delete {d.title}</span>
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState
          icon="book"
          title="No documents yet"
          description={
            props.canWrite
              ? 'Add a file, a web page or pasted text below. Each is split into passages and embedded; then agents can find it.'
              : 'Members of your organization add documents here.'
          }
        />
      )}
    </div>
  );
}

function AddDocument(props: { kbId: string; csrfToken: string; accept: string; formats: string; fileLimit: number; form?: AddForm }) {
  const f = props.form;
  const of = (kind: AddForm['kind']) => (f?.kind === kind ? f : undefined);
  const action = `${kbHref(props.kbId)}/documents`;
  return (
    <section class="section" aria-labelledby="kb-add-title">
      <div class="section-head">
        <h2 class="section-title" id="kb-add-title">
          Add a document
        </h2>
        <p class="muted">Unchanged content is recognised and not added twice.</p>
      </div>
      <div class="kb-add">
        <form class="card form-card kb-add-file" method="post" action={action} enctype="multipart/form-data">
          <h3 class="kb-add-title">
            <Icon name="upload" />
            Upload a file
          </h3>
          {of('file')?.error && <Alert tone="error">{of('file')!.error}</Alert>}
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="kind" value="file" />
          <InputField
            type="file"
            name="file"
            id="kb-file"
            label="File"
            required
            class="kb-file-field"
            error={of('file')?.errors.file}
            hint={`${props.formats}; up to ${fmtBytes(props.fileLimit)}.`}
            attrs={{ accept: props.accept, class: 'input input-file' }}
          />
          <InputField
            name="title"
            id="kb-file-title"
            label="Title"
            note="optional"
            value={of('file')?.values.title}
            error={of('file')?.errors.title}
            hint="Default: the file’s name."
          />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              Upload
            </button>
          </div>
        </form>
        <form class="card form-card kb-add-url" method="post" action={action}>
          <h3 class="kb-add-title">
            <Icon name="connections" />
            From a web address
          </h3>
          {of('url')?.error && <Alert tone="error">{of('url')!.error}</Alert>}
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="kind" value="url" />
          <InputField
            name="url"
            id="kb-url"
            type="url"
            label="URL"
            required
            placeholder="https://example.com/help/refunds"
            value={of('url')?.values.url}
            error={of('url')?.errors.url}
          />
          <InputField
            name="refresh_hours"
            id="kb-refresh"
            type="number"
            min="1"
            max="720"
            label="Re-fetch every (hours)"
            note="optional"
            value={of('url')?.values.refresh_hours}
            error={of('url')?.errors.refresh_hours}
            hint="Leave empty to fetch once. Unchanged pages are not embedded again."
          />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              Add page
            </button>
          </div>
        </form>
        <form class="card form-card kb-add-text" method="post" action={action}>
          <h3 class="kb-add-title">
            <Icon name="edit" />
            Paste text
          </h3>
          {of('text')?.error && <Alert tone="error">{of('text')!.error}</Alert>}
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="kind" value="text" />
          <InputField
            name="title"
            id="kb-text-title"
            label="Title"
            required
            value={of('text')?.values.title}
            error={of('text')?.errors.title}
            attrs={{ maxlength: '200' }}
          />
          <TextAreaField
            name="text"
            id="kb-text"
            label="Text"
            required
            rows={8}
            value={of('text')?.values.text}
            error={of('text')?.errors.text}
            hint="Markdown headings (# …) become sections that passages keep as context."
          />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              Add text
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}

export function KnowledgeBasePage(props: {
  base: LayoutBase;
  kb: KbHead;
  docs: KbDoc[];
  more: boolean;
  upload: { accept: string; formats: string; fileLimit: number };
  notice?: string | null;
  form?: AddForm;
}) {
  const { base, kb } = props;
  const canWrite = base.can['knowledge:write'];
  return (
    <AppLayout title={kb.name} {...base} active="knowledge">
      <link rel="stylesheet" href="/assets/knowledge.css" />
      <KbHeader kb={kb} active="documents" />
      <KbNotice code={props.notice} />
      <section class="section-first" aria-labelledby="kb-docs-title">
        <div class="section-head">
          <h2 class="section-title" id="kb-docs-title">
            Documents
          </h2>
          {props.more && <p class="muted">The 100 newest are shown.</p>}
        </div>
        <KbDocuments kbId={kb.id} docs={props.docs} canWrite={canWrite} csrfToken={base.csrfToken} />
      </section>
      {canWrite && <AddDocument kbId={kb.id} csrfToken={base.csrfToken} {...props.upload} form={props.form} />}
    </AppLayout>
  );
}
