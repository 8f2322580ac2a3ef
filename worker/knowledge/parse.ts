// Document parsing for knowledge bases. The ingestion queue consumer calls parseDocument (uploads, pasted text) or
// parseUrlResponse (documents added by URL, after the SSRF-guarded fetch) and hands the result to chunkDocument
// (chunk.ts). Answers { title, format, sections } or throws ParseError (types.ts) whose message is the reason shown
// on the failed document. Formats: text, Markdown, HTML, PDF (lazy-loaded PDF.js), DOCX, CSV, JSON (detect.ts).
import { detectFormat, extOf } from './detect';
import { ABSOLUTE_MAX_FILE_BYTES } from './limits';
import { parseCsv } from './parse-csv';
import { parseDocx } from './parse-docx';
import { parseHtml } from './parse-html';
import { parseJson } from './parse-json';
import { parseMarkdown } from './parse-markdown';
import { parsePdf } from './parse-pdf';
import { decodeText, normalizeText, squash } from './text-decode';
import { ParseError, type ParsedDocument, type Section } from './types';

export type ParseInput = {
  bytes: Uint8Array;
  filename?: string;
  contentType?: string;
  /** The plan's limit (limits.ts maxFileBytes); never above ABSOLUTE_MAX_FILE_BYTES. */
  maxBytes?: number;
  /**
   * A title the user gave (pasted text); otherwise the document's own, else the file name. Pasted text is best
   * passed with contentType 'text/markdown', so its headings (if any) become sections.
   */
  title?: string;
  /** Used when the document has no title of its own and no file name (a URL). */
  fallbackTitle?: string;
};

export async function parseDocument(input: ParseInput): Promise<ParsedDocument> {
  const { bytes, filename, contentType } = input;
  const max = Math.min(input.maxBytes ?? ABSOLUTE_MAX_FILE_BYTES, ABSOLUTE_MAX_FILE_BYTES);
  if (bytes.byteLength > max) throw tooLarge(bytes.byteLength, max);
  if (bytes.byteLength === 0) throw new ParseError('empty', 'This document is empty.');
  const format = detectFormat(bytes, filename, contentType);
  const named = input.title?.trim() || titleFromFilename(filename);

  let found: { title?: string; sections: Section[] };
  if (format === 'pdf') found = await parsePdf(bytes);
  else if (format === 'docx') found = parseDocx(bytes);
  else {
    const text = decodeText(bytes);
    if (!text.trim()) throw new ParseError('empty', 'This document has no text.');
    if (format === 'markdown') {
      const md = parseMarkdown(text);
      found = { title: md.firstHeading, sections: md.sections };
    } else if (format === 'html') found = await parseHtml(text);
    else if (format === 'csv') found = { sections: parseCsv(text, named || 'Rows') };
    else if (format === 'json') found = { sections: parseJson(text, named || 'Data') };
    else found = { sections: [{ headings: [], text, kind: 'text' }] };
  }

  const sections = found.sections
    .map((s) => ({ ...s, headings: s.headings.map((h) => h.normalize('NFC')), text: normalizeText(s.text) }))
    .filter((s) => s.text);
  if (!sections.length) throw new ParseError('empty', 'This document has no text to search.');
  const title = input.title?.trim() || found.title?.trim() || named || input.fallbackTitle || squash(sections[0]!.text).slice(0, 80);
  return { title: title.normalize('NFC'), format, sections };
}

/**
 * A document added by URL: the response of the (SSRF-guarded) fetch. The content type decides the format, HTML
 * when absent; the body is read up to maxBytes and no further.
 */
export async function parseUrlResponse(response: Response, opts: { url?: string; maxBytes?: number } = {}): Promise<ParsedDocument> {
  const url = opts.url ?? response.url;
  if (!response.ok) throw new ParseError('fetch_failed', `The address answered HTTP ${response.status}${url ? ` (${url})` : ''}.`);
  const max = Math.min(opts.maxBytes ?? ABSOLUTE_MAX_FILE_BYTES, ABSOLUTE_MAX_FILE_BYTES);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel();
    throw tooLarge(declared, max);
  }
  const bytes = await readCapped(response, max);
  const path = url ? safePath(url) : '';
  const filename = dispositionName(response.headers.get('content-disposition')) ?? path.split('/').pop() ?? '';
  const contentType = response.headers.get('content-type') || (extOf(filename) ? '' : 'text/html');
  return parseDocument({ bytes, filename, contentType, maxBytes: max, fallbackTitle: url || undefined });
}

async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(size, max);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function tooLarge(size: number, max: number): ParseError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  return new ParseError('too_large', `This document is larger than the ${mb(max)} limit${size > max ? ` (at least ${mb(size)})` : ''}.`);
}

function titleFromFilename(filename?: string): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  return squash(base.replace(/\.[a-z0-9]{1,10}$/i, '').replace(/[_]+/g, ' '));
}

function dispositionName(header: string | null): string | undefined {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header ?? '');
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1];
  }
}

function safePath(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return '';
  }
}
