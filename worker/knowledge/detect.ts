// Which format a document is: magic bytes first (a PDF named .txt is a PDF), then the declared content type,
// then the file extension, then a look at the text. Binary files we cannot read are refused here.
import { FORMAT_TYPES, type DocumentFormat } from './limits';
import { ParseError } from './types';

const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'text/plain', 'application/x-www-form-urlencoded']);

export function detectFormat(bytes: Uint8Array, filename?: string, contentType?: string): DocumentFormat {
  const head = bytes.subarray(0, 1024);
  // Readers accept junk before the header; past offset 0 we also want a PDF trailer, so prose about PDFs stays text.
  const pdfAt = indexOf(head, '%PDF-');
  if (pdfAt === 0 || (pdfAt > 0 && indexOf(bytes.subarray(-2048), '%%EOF') >= 0)) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (indexOf(bytes.subarray(0, 64 * 1024), 'word/') >= 0 || extOf(filename) === 'docx') return 'docx';
    throw new ParseError('unsupported_type', 'This is a zip archive, not a document we can read. Upload the files inside it one by one.');
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ParseError(
      'unsupported_type',
      'This is a legacy Office (.doc/.xls) or password-protected Office file. Save it as an unprotected .docx or PDF and upload that.',
    );
  }
  const binary = BINARY.find((b) => startsWith(bytes, b.magic));
  if (binary) throw new ParseError('unsupported_type', `${binary.name} files are not supported. Upload text, Markdown, HTML, PDF, DOCX, CSV or JSON.`);

  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const byMime = formatOf((t) => t.mime.includes(mime));
  const ext = extOf(filename);
  const byExt = ext ? formatOf((t) => t.ext.includes(ext)) : undefined;
  if (mime && !GENERIC.has(mime) && !byMime && !mime.startsWith('text/')) {
    throw new ParseError('unsupported_type', `Files of type ${mime} are not supported. Upload text, Markdown, HTML, PDF, DOCX, CSV or JSON.`);
  }
  // A declared binary format whose bytes do not match is a damaged file, not a text file.
  const declared = byMime && !GENERIC.has(mime) ? byMime : (byExt ?? byMime);
  if (declared === 'pdf') throw new ParseError('corrupt', 'This file is named as a PDF but is not one (it may be damaged).');
  if (declared === 'docx') throw new ParseError('corrupt', 'This file is named as a Word document but is not one (it may be damaged).');
  if (declared && (declared !== 'text' || byExt)) return declared;
  // No known format by type or name: text only if it reads as text (an unknown extension or none at all).
  if (!mime.startsWith('text/') && hasBinaryBytes(head)) {
    throw new ParseError(
      'unsupported_type',
      `${ext ? `.${ext} files are` : 'This file is binary and'} not supported. Upload text, Markdown, HTML, PDF, DOCX, CSV or JSON.`,
    );
  }
  return sniffText(new TextDecoder().decode(head));
}

/** For text with no useful name or type: HTML and JSON announce themselves; everything else is plain text. */
function sniffText(text: string): DocumentFormat {
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'html';
  return 'text';
}

const BINARY = [
  { name: 'PNG image', magic: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG image', magic: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'WebP/RIFF', magic: [0x52, 0x49, 0x46, 0x46] },
  { name: 'Gzip', magic: [0x1f, 0x8b] },
  { name: 'Executable', magic: [0x7f, 0x45, 0x4c, 0x46] },
];

function formatOf(match: (t: { mime: string[]; ext: string[] }) => boolean): DocumentFormat | undefined {
  return (Object.keys(FORMAT_TYPES) as DocumentFormat[]).find((f) => match(FORMAT_TYPES[f]));
}

export function extOf(filename?: string): string {
  const m = /\.([a-z0-9]{1,10})$/i.exec(filename ?? '');
  return m ? m[1]!.toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function indexOf(bytes: Uint8Array, ascii: string): number {
  const first = ascii.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - ascii.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < ascii.length; j++) if (bytes[i + j] !== ascii.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** NUL bytes outside a UTF-16 pattern mean a binary file. */
function hasBinaryBytes(head: Uint8Array): boolean {
  if (!head.length) return false;
  let zeros = 0;
  let oddZeros = 0;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) {
      zeros++;
      if (i % 2) oddZeros++;
    } else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  // UTF-16 without a byte-order mark: a zero in every other byte (ASCII range), nearly all at one parity, and no
  // control characters between them.
  const utf16 = zeros >= head.length / 4 && Math.max(oddZeros, zeros - oddZeros) >= zeros * 0.9 && control <= head.length * 0.05;
  if (utf16) return false;
  return zeros > 0 || control > head.length * 0.1;
}
