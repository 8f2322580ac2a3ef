// GET /app/knowledge/:id/documents/:doc_id: one document: where it came from, its status (and why it failed), and its
// passages in order, each with the anchor `chunk-<position>` that citations link to (the :target one is highlighted).
// While the document is still being read, the part below the header refreshes itself (htmx) until it settles.
import type { Child } from 'hono/jsx';
import { Alert } from '../components/ui/alert';
import { Csrf } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { fmtWhen } from '../lib/format';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { KbDoc } from './knowledge-base-page';
import { DocStatus, type KbHead, KbHeader, docHref, fmtBytes, kbHref, settled } from './knowledge-parts';

export type KbChunk = { position: number; headings: string[]; text: string; tokens: number; page: number | null };
export type KbDocDetail = KbDoc & { content_type: string | null; refreshed_at: string | null; updated_at: string };

function Meta(props: { doc: KbDocDetail }) {
  const d = props.doc;
  const rows: [string, Child][] = [['Source', d.source === 'url' ? 'Web page' : d.source === 'upload' ? 'Uploaded file' : 'Pasted text']];
  // Only http(s) addresses are stored (the schema checks); checked again so no other scheme ever becomes a link.
  if (d.url && /^https?:\/\//i.test(d.url))
    rows.push([
      'Address',
      <a href={d.url} rel="noopener noreferrer nofollow" target="_blank" class="kb-url">
        {d.url}
      </a>,
    ]);
  if (d.filename) rows.push(['File', d.filename]);
  if (d.content_type) rows.push(['Type', d.content_type]);
  if (d.bytes) rows.push(['Size', fmtBytes(d.bytes)]);
  rows.push(['Passages', d.status === 'ready' ? String(d.chunk_count) : '—']);
  if (d.refresh_hours) rows.push(['Re-fetched', `every ${d.refresh_hours} h${d.refreshed_at ? `, last ${fmtWhen(Date.parse(d.refreshed_at))} UTC` : ''}`]);
  rows.push(['Added', `${fmtWhen(Date.parse(d.created_at))} UTC`]);
  return (
    <dl class="kb-meta">
      {rows.map(([k, v]) => (
        <div>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The document's card and passages; while it is in progress it polls itself (outerHTML) until ready or failed. */
export function KbDocBody(props: { kbId: string; doc: KbDocDetail; chunks: KbChunk[]; canWrite: boolean; csrfToken: string }) {
  const { doc, canWrite } = props;
  const poll = settled(doc.status) ? {} : { 'hx-get': docHref(props.kbId, doc.id), 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' };
  return (
    <div id="kb-doc-body" {...poll}>
      <section class="card kb-doc" aria-labelledby="kb-doc-title">
        <div class="kb-doc-head">
          <h2 class="section-title kb-doc-title" id="kb-doc-title">
            {doc.title}
          </h2>
          <DocStatus status={doc.status} />
        </div>
        {doc.status === 'failed' && doc.error && (
          <Alert tone="error" title="This document could not be added">
            {doc.error}
          </Alert>
        )}
        {!settled(doc.status) && <p class="muted">Being read and embedded: this page updates when it is done.</p>}
        <Meta doc={doc} />
        {canWrite && (
          <details class="kb-doc-delete">
            <summary>Delete this document</summary>
            <form method="post" action={`${docHref(props.kbId, doc.id)}/delete`}>
              <Csrf token={props.csrfToken} />
              <p class="muted">Its passages leave search results at once. This cannot be undone.</p>
              <button type="submit" class="btn btn-danger">
                <Icon name="trash" />
                Delete document
              </button>
            </form>
          </details>
        )}
      </section>
      <section class="section" aria-labelledby="kb-chunks-title">
        <div class="section-head">
          <h2 class="section-title" id="kb-chunks-title">
            Passages
          </h2>
          <p class="muted">In document order, as agents find and cite them.</p>
        </div>
        {props.chunks.length ? (
          <ol class="kb-chunks" role="list">
            {props.chunks.map((c) => (
              <li class="card kb-chunk" id={`chunk-${c.position}`}>
                <p class="kb-chunk-head">
                  <a class="kb-chunk-anchor" href={`#chunk-${c.position}`}>
                    Passage {c.position + 1}
                  </a>
                  {c.page !== null && <span class="badge">page {c.page}</span>}
                  {c.headings.length > 0 && <span class="kb-headings">{c.headings.join(' › ')}</span>}
                </p>
                <p class="kb-passage-text">{c.text}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p class="card kb-none">{doc.status === 'ready' ? 'This document has no text to search.' : 'Passages appear here once the document is ready.'}</p>
        )}
      </section>
    </div>
  );
}

export function KnowledgeDocumentPage(props: { base: LayoutBase; kb: KbHead; doc: KbDocDetail; chunks: KbChunk[] }) {
  const { base, kb, doc } = props;
  return (
    <AppLayout title={`${doc.title} · ${kb.name}`} {...base} active="knowledge">
      <link rel="stylesheet" href="/assets/knowledge.css" />
      <KbHeader kb={kb} active="documents" crumb={<a href={kbHref(kb.id)}>{kb.name}</a>} />
      <KbDocBody kbId={kb.id} doc={doc} chunks={props.chunks} canWrite={base.can['knowledge:write']} csrfToken={base.csrfToken} />
    </AppLayout>
  );
}
