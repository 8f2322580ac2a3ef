// Knowledge-base limits in one place: file size per plan, chunks per document, the upload types we accept.
// Read by parseDocument/chunkDocument (hard caps) and, once wired, by the documents API and the upload pages.
import { PLANS, type PlanId } from '../billing/plans';

const MB = 1024 * 1024;

/** Largest original a plan may upload or fetch by URL by default (plans.ts `knowledge_file_bytes`; operators may change it). */
export const MAX_FILE_BYTES: Record<PlanId, number> = {
  free: PLANS.free.limits.knowledge_file_bytes ?? 50 * MB,
  pro: PLANS.pro.limits.knowledge_file_bytes ?? 50 * MB,
  team: PLANS.team.limits.knowledge_file_bytes ?? 50 * MB,
};

/** The hard cap whatever the plan: parseDocument refuses anything larger before looking at it. */
export const ABSOLUTE_MAX_FILE_BYTES = 50 * MB;

/** A document that splits into more chunks than this is refused as too large (about 2 MB of text at 350 tokens). */
export const MAX_CHUNKS_PER_DOCUMENT = 5_000;

/** Chunk sizing defaults (approximate tokens, see tokens.ts). */
export const CHUNK_MAX_TOKENS = 350;
export const CHUNK_OVERLAP_TOKENS = 50;

/** CSV and JSON arrays of objects are grouped this many rows to a section (a row is never split). */
export const TABLE_ROWS_PER_SECTION = 25;

export const DOCUMENT_FORMATS = ['text', 'markdown', 'html', 'pdf', 'docx', 'csv', 'json'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Accepted upload types: MIME types and extensions per format (an `accept=` attribute is built from these). */
export const FORMAT_TYPES: Record<DocumentFormat, { mime: string[]; ext: string[] }> = {
  text: { mime: ['text/plain'], ext: ['txt', 'text', 'log'] },
  markdown: { mime: ['text/markdown', 'text/x-markdown'], ext: ['md', 'markdown', 'mdx'] },
  html: { mime: ['text/html', 'application/xhtml+xml'], ext: ['html', 'htm', 'xhtml'] },
  pdf: { mime: ['application/pdf'], ext: ['pdf'] },
  docx: { mime: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'], ext: ['docx'] },
  csv: { mime: ['text/csv', 'application/csv'], ext: ['csv'] },
  json: { mime: ['application/json', 'text/json'], ext: ['json'] },
};

export const ALLOWED_MIME_TYPES: string[] = Object.values(FORMAT_TYPES).flatMap((t) => t.mime);
export const ALLOWED_EXTENSIONS: string[] = Object.values(FORMAT_TYPES).flatMap((t) => t.ext);
/** For `<input type="file" accept="…">`. */
export const ACCEPT_ATTRIBUTE = [...ALLOWED_EXTENSIONS.map((e) => `.${e}`), ...ALLOWED_MIME_TYPES].join(',');

export function maxFileBytes(plan: PlanId): number {
  return MAX_FILE_BYTES[plan];
}
