// Shapes shared by the knowledge ingestion steps: a parsed document (parse.ts), its chunks (chunk.ts), ParseError.
import { AppError, type ErrorCode } from '../errors';
import type { DocumentFormat } from './limits';

/**
 * One run of text under one heading path. `kind` tells the chunker what its units are:
 * `text` — paragraphs (blank-line separated) of sentences; a fenced code block is one unit;
 * `table` — rows separated by a blank line, each row kept whole;
 * `lines` — one unit per line (flattened JSON).
 */
export type Section = {
  headings: string[];
  text: string;
  kind?: 'text' | 'table' | 'lines';
  /** 1-based PDF page, so a citation can say "p. 3". */
  page?: number;
};

export type ParsedDocument = { title: string; format: DocumentFormat; sections: Section[] };

export type Chunk = {
  /** 0-based, dense over the document, stable for the same input and options. */
  position: number;
  headings: string[];
  /** The chunk's text, starting with `overlap` characters repeated from the previous chunk. */
  text: string;
  /** Characters at the start of `text` that repeat the previous chunk's trailing sentences (0 for none). */
  overlap: number;
  /** Approximate tokens of `text` (tokens.ts). */
  tokens: number;
  page?: number;
};

export type ParseFailure = 'unsupported_type' | 'corrupt' | 'encrypted' | 'empty' | 'no_text' | 'too_large' | 'fetch_failed';

const CODE: Record<ParseFailure, ErrorCode> = {
  unsupported_type: 'unsupported_media_type',
  too_large: 'payload_too_large',
  corrupt: 'validation_failed',
  encrypted: 'validation_failed',
  empty: 'validation_failed',
  no_text: 'validation_failed',
  fetch_failed: 'upstream_error',
};

/**
 * Why a document could not be read, in words a user can act on. It is an AppError (415, 413 or 400), so a route may
 * throw it as is; the ingestion consumer stores `message` as the document's `error`.
 */
export class ParseError extends AppError {
  constructor(
    readonly reason: ParseFailure,
    message: string,
  ) {
    super(CODE[reason], message);
    this.name = 'ParseError';
  }
}
