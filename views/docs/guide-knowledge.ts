// The /docs guide "Knowledge bases": collections of documents agents search, adding documents (upload, URL, text),
// ingestion and its statuses, search, plan limits, and how the storage scales (markdown).
import type { Guide } from './guides';

export const KNOWLEDGE_GUIDE: Guide = {
  id: 'knowledge',
  title: 'Knowledge bases',
  body: `A **knowledge base** is a collection of the organization's documents that agents search. Everyone can read and search them (\`knowledge:read\`); members and up add and delete them (\`knowledge:write\`). Its chunks are embedded with \`embedding_model\` through the \`/embeddings\` of \`connection_id\` (a model connection, \`openai\` or \`openai_compatible\`), or of the operator's default when it is null; models starting with \`@cf/\` use Workers AI.

\`\`\`sh
curl -s $EDGENT/api/v1/knowledge-bases -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"name":"Support handbook"}'
# → {"id":"kb_…","name":"Support handbook","embedding_model":"text-embedding-3-small","document_count":0,…}

# A file (text, Markdown, HTML, PDF, DOCX, CSV or JSON):
curl -s $EDGENT/api/v1/knowledge-bases/kb_…/documents -H "authorization: Bearer $KEY" -F file=@returns.pdf
# A page, fetched again every 24 hours:
curl -s $EDGENT/api/v1/knowledge-bases/kb_…/documents -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"url":"https://example.com/shipping","refresh_hours":24}'
# Pasted text (Markdown headings become sections):
curl -s $EDGENT/api/v1/knowledge-bases/kb_…/documents -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"title":"Opening hours","text":"We open at nine and close at six."}'
# → 202 {"id":"doc_…","title":"…","status":"queued"}
\`\`\`

**Ingestion runs in the background.** A queue takes each document through \`queued\` → \`parsing\` → \`embedding\` → \`ready\`; \`GET …/documents/{doc_id}\` shows the status and \`chunk_count\`, and \`GET …/documents/{doc_id}/chunks\` the passages in order (with their headings and, for PDFs, the page). Documents are split into chunks of about 350 tokens that keep to their section and end on a sentence, each repeating the end of the previous one. A document that cannot be used is \`failed\` with \`error\` saying why in plain words (a damaged PDF, a scanned PDF without text, a page that answered 404, a provider that refused the key); fix the cause and add it again. A provider's rate limit or outage is retried a few times first.

- **No double work.** Adding the same file or text again (same content, by SHA-256) or the same URL answers the existing document. A URL re-fetched on schedule whose content did not change is not embedded again.
- **Deleting** a document (\`DELETE …/documents/{doc_id}\`) removes its passages from search results at once; deleting the base removes everything in it. Originals are kept (in R2) until then.
- **Refused at once:** a format that cannot be read (415, e.g. images or zip archives), a file over the plan's size (413), an address on a private network or a cloud metadata address (400), a plan limit reached (402 \`quota_exceeded\`).

**Search** (\`POST /api/v1/knowledge-bases/{id}/query\` \`{query, top_k?}\`) is hybrid: the query's embedding against every chunk (cosine similarity) and the words against a full-text index (bm25), the two rankings fused by reciprocal rank. Each passage says its document, position and each half's rank, so a paraphrase found only by meaning and an exact product code found only by keyword both come back. Without an embedding provider the keyword half answers alone, and \`degraded\` says why. Document text is data for the model, never instructions.

**Plan limits** (\`GET /api/v1/billing\` → \`knowledge\`): knowledge bases, documents across all bases, the bytes of stored originals, and the size of one file or fetched page. Free: 3 bases, 100 documents, 50 MB stored, 5 MB files; Pro: 25, 5,000, 2 GB, 25 MB; Team: unlimited bases, 50,000 documents, 20 GB, 50 MB.

**How it scales.** Each knowledge base is its own Durable Object with its own SQLite database: its chunks, their vectors and the full-text index live together, so bases never contend and a query touches one object. One object holds up to 10 GB; 10,000 chunks of 256-dimension vectors are about 10 MB in memory and searched in a few milliseconds. A collection past about 100,000 chunks is split into shards (objects named by the base and a shard number, documents placed by a hash of their id), each query fanned out to every shard and the per-half lists fused the same way. A deployment may move the vector half to Vectorize behind the same index interface, keeping the keyword half in the object.`,
};
