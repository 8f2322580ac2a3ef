// Knowledge bases: document collections agents search (knowledge:read / knowledge:write). Documents are added by
// upload, URL or pasted text and ingested in the background: poll `documents.get` (or `waitUntilReady`) for `ready`.
import type { Transport } from '../client.js';
import type {
  KnowledgeBase,
  KnowledgeBaseInput,
  KnowledgeBasePatch,
  KnowledgeChunk,
  KnowledgeDocument,
  KnowledgeDocumentAdded,
  KnowledgeQueryAnswer,
  KnowledgeQueryInput,
  Page,
  PageParams,
} from '../types.js';

const id = (v: string) => encodeURIComponent(v);

/** What `documents.add` takes: a file (Blob/File, with a name), a URL to fetch (and re-fetch), or text with a title. */
export type KnowledgeDocumentSource =
  { file: Blob; filename?: string; title?: string } | { url: string; refresh_hours?: number | null } | { title: string; text: string };

export class KnowledgeDocuments {
  constructor(private readonly t: Transport) {}

  /** Adds a document: 202 `queued` (or the existing document with the same content or URL). */
  add(kbId: string, source: KnowledgeDocumentSource): Promise<KnowledgeDocumentAdded> {
    const path = `/api/v1/knowledge-bases/${id(kbId)}/documents`;
    if ('file' in source) {
      const form = new FormData();
      const name = source.filename ?? (source.file as { name?: string }).name ?? 'document';
      form.set('file', source.file, name);
      if (source.title) form.set('title', source.title);
      return this.t.json('POST', path, { body: form });
    }
    return this.t.json('POST', path, { body: source });
  }
  list(kbId: string, params?: PageParams): Promise<Page<KnowledgeDocument>> {
    return this.t.json('GET', `/api/v1/knowledge-bases/${id(kbId)}/documents`, { query: params });
  }
  get(kbId: string, docId: string): Promise<KnowledgeDocument> {
    return this.t.json('GET', `/api/v1/knowledge-bases/${id(kbId)}/documents/${id(docId)}`);
  }
  /** Its chunks leave search results at once. */
  delete(kbId: string, docId: string): Promise<void> {
    return this.t.json('DELETE', `/api/v1/knowledge-bases/${id(kbId)}/documents/${id(docId)}`);
  }
  /** The document's passages in order (empty until it is ready). */
  async chunks(kbId: string, docId: string): Promise<KnowledgeChunk[]> {
    const answer = await this.t.json<{ data: KnowledgeChunk[] }>('GET', `/api/v1/knowledge-bases/${id(kbId)}/documents/${id(docId)}/chunks`);
    return answer.data;
  }
  /** Polls until the document is `ready` or `failed` (then answers it; check `status` and `error`), or the time is up. */
  async waitUntilReady(kbId: string, docId: string, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<KnowledgeDocument> {
    const until = Date.now() + (opts.timeoutMs ?? 120_000);
    for (;;) {
      const d = await this.get(kbId, docId);
      if (d.status === 'ready' || d.status === 'failed') return d;
      if (Date.now() > until) throw new Error(`Document ${docId} is still ${d.status}`);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
    }
  }
}

export class KnowledgeBases {
  readonly documents: KnowledgeDocuments;
  constructor(private readonly t: Transport) {
    this.documents = new KnowledgeDocuments(t);
  }

  create(input: KnowledgeBaseInput): Promise<KnowledgeBase> {
    return this.t.json('POST', '/api/v1/knowledge-bases', { body: input });
  }
  list(params?: PageParams): Promise<Page<KnowledgeBase>> {
    return this.t.json('GET', '/api/v1/knowledge-bases', { query: params });
  }
  get(kbId: string): Promise<KnowledgeBase> {
    return this.t.json('GET', `/api/v1/knowledge-bases/${id(kbId)}`);
  }
  /** The embedding model may change only while the base is empty (409 otherwise). */
  update(kbId: string, patch: KnowledgeBasePatch): Promise<KnowledgeBase> {
    return this.t.json('PATCH', `/api/v1/knowledge-bases/${id(kbId)}`, { body: patch });
  }
  /** Deletes the base, its documents, their chunks and originals. */
  delete(kbId: string): Promise<void> {
    return this.t.json('DELETE', `/api/v1/knowledge-bases/${id(kbId)}`);
  }
  /** Hybrid search: ranked passages with their document, position and each half's rank. */
  query(kbId: string, input: KnowledgeQueryInput | string): Promise<KnowledgeQueryAnswer> {
    const body = typeof input === 'string' ? { query: input } : input;
    return this.t.json('POST', `/api/v1/knowledge-bases/${id(kbId)}/query`, { body });
  }
}
