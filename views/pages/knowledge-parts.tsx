// Pieces the knowledge pages share (views/pages/knowledge-*.tsx): the base's header with its tabs, document status
// badges, sizes, and the fixed notices shown after a redirect.
import type { Child } from 'hono/jsx';
import { Alert } from '../components/ui/alert';
import { Icon } from '../components/ui/icon';
import { StatusBadge, type Tone } from '../components/ui/status-badge';

export const kbHref = (id: string) => `/app/knowledge/${encodeURIComponent(id)}`;
export const docHref = (kbId: string, docId: string) => `${kbHref(kbId)}/documents/${encodeURIComponent(docId)}`;

/** 512 → "512 B", 20_480 → "20 KB", 3_400_000 → "3.2 MB" (binary units, as file pickers show them). */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  const mb = n / (1024 * 1024);
  return `${Number.isInteger(mb) || mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

export const DOC_STATUS: Record<string, { tone: Tone; label: string; title: string }> = {
  queued: { tone: 'neutral', label: 'Queued', title: 'Waiting for its turn to be read' },
  parsing: { tone: 'warn', label: 'Parsing', title: 'Reading the text out of the original' },
  embedding: { tone: 'warn', label: 'Embedding', title: 'Splitting into passages and embedding them' },
  ready: { tone: 'ok', label: 'Ready', title: 'Searchable' },
  failed: { tone: 'error', label: 'Failed', title: 'Could not be added: see the reason' },
};

export const settled = (status: string) => status === 'ready' || status === 'failed';

export function DocStatus(props: { status: string }) {
  const s = DOC_STATUS[props.status] ?? { tone: 'neutral' as const, label: props.status, title: '' };
  return <StatusBadge tone={s.tone} label={s.label} title={s.title} />;
}

/** Fixed notice codes after a redirect (the URL carries a code, never text). */
const NOTICES: Record<string, string> = {
  kb_created: 'Knowledge base created. Add documents below: they are searchable once ready.',
  kb_updated: 'Settings saved.',
  kb_deleted: 'Knowledge base deleted, with its documents and passages.',
  doc_added: 'Document added. It is read and embedded in the background: its status updates here.',
  doc_unchanged: 'This document is already in the knowledge base with the same content: nothing to do.',
  doc_deleted: 'Document deleted. Its passages no longer appear in results.',
};

export function KbNotice(props: { code?: string | null }) {
  const text = props.code ? NOTICES[props.code] : undefined;
  return text ? <Alert tone="success">{text}</Alert> : null;
}

export type KbTab = 'documents' | 'test' | 'settings';
const TABS: { id: KbTab; label: string; href: (id: string) => string }[] = [
  { id: 'documents', label: 'Documents', href: kbHref },
  { id: 'test', label: 'Test retrieval', href: (id) => `${kbHref(id)}/test` },
  { id: 'settings', label: 'Settings', href: (id) => `${kbHref(id)}/settings` },
];

export type KbHead = { id: string; name: string; description: string | null; embedding_model: string; document_count: number; chunk_count: number };

/** Breadcrumb, name, model and counts, then the base's tabs. */
export function KbHeader(props: { kb: KbHead; active: KbTab; crumb?: Child; actions?: Child }) {
  const kb = props.kb;
  return (
    <header class="agent-head kb-head">
      <div class="agent-head-row">
        <span class="agent-avatar agent-avatar-lg" aria-hidden="true">
          <Icon name="book" size={18} />
        </span>
        <div class="agent-head-text">
          <p class="eyebrow">
            <a href="/app/knowledge">Knowledge</a>
            {props.crumb && <> / {props.crumb}</>}
          </p>
          <h1 class="page-title">{kb.name}</h1>
          <p class="agent-head-meta">
            <code class="badge">{kb.embedding_model}</code>
            <span class="badge">
              {kb.document_count} document{kb.document_count === 1 ? '' : 's'}
            </span>
            <span class="badge">
              {kb.chunk_count} passage{kb.chunk_count === 1 ? '' : 's'}
            </span>
            {kb.description && <span class="agent-head-description">{kb.description}</span>}
          </p>
        </div>
        {props.actions && <div class="btn-row">{props.actions}</div>}
      </div>
      <nav class="tabs" aria-label="Knowledge base pages">
        {TABS.map((t) => (
          <a class="tab" href={t.href(kb.id)} aria-current={t.id === props.active ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
    </header>
  );
}
