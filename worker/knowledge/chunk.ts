// Splits a parsed document (parse.ts) into chunks for embedding and keyword search; the ingestion consumer calls
// chunkDocument and hands the chunks to the knowledge base object. Rules:
// - a chunk never spans two sections, so it has exactly one heading path (and PDF page), shown as its context;
// - prose is split between sentences (Intl.Segmenter; a line break alone does not end one), never inside one unless
//   a sentence alone is over the limit, then between words; CJK, which has no spaces, between characters;
// - table rows, code blocks and JSON lines are units kept whole (an oversized one splits by lines, then words);
// - each chunk after the first in a section starts with the previous chunk's trailing whole sentences, up to
//   overlapTokens (at most half of maxTokens; rows, code and cut pieces are never repeated): `overlap` says how many
//   characters of `text` that is;
// - positions are dense from 0 and the same input always gives the same chunks.
// Sizes are approximate tokens (tokens.ts).
import { CHUNK_MAX_TOKENS, CHUNK_OVERLAP_TOKENS, MAX_CHUNKS_PER_DOCUMENT } from './limits';
import { splitUnits, type Unit } from './chunk-units';
import { countTokens } from './tokens';
import { ParseError, type Chunk, type ParsedDocument } from './types';

export { contentHash } from './content-hash';
export { countTokens } from './tokens';

export type ChunkOptions = { maxTokens?: number; overlapTokens?: number; maxChunks?: number };

export function chunkDocument(parsed: ParsedDocument, opts: ChunkOptions = {}): Chunk[] {
  const max = Math.max(8, opts.maxTokens ?? CHUNK_MAX_TOKENS);
  const overlapMax = Math.max(0, Math.min(opts.overlapTokens ?? CHUNK_OVERLAP_TOKENS, Math.floor(max / 2)));
  const maxChunks = opts.maxChunks ?? MAX_CHUNKS_PER_DOCUMENT;
  const chunks: Chunk[] = [];
  const emit = (headings: string[], page: number | undefined, overlap: Unit[], units: Unit[]) => {
    if (chunks.length >= maxChunks) {
      throw new ParseError('too_large', `This document splits into more than ${maxChunks} passages; split it into smaller documents.`);
    }
    const head = join(overlap);
    const body = join(units);
    const text = head ? head + units[0]!.sep + body : body;
    const overlapChars = head ? head.length + units[0]!.sep.length : 0;
    chunks.push({ position: chunks.length, headings: [...headings], text, overlap: overlapChars, tokens: countTokens(text), ...(page ? { page } : {}) });
  };

  for (const section of parsed.sections) {
    const units = splitUnits(section, max);
    let overlap: Unit[] = [];
    let current: Unit[] = [];
    let size = 0;
    for (const unit of units) {
      if (current.length && size + unit.tokens > max) {
        emit(section.headings, section.page, overlap, current);
        overlap = trailingSentences([...overlap, ...current], Math.min(overlapMax, max - unit.tokens));
        current = [];
        size = overlap.reduce((n, u) => n + u.tokens, 0);
      }
      current.push(unit);
      size += unit.tokens;
    }
    if (current.length) emit(section.headings, section.page, overlap, current);
  }
  return chunks;
}

/** The last whole sentences of a chunk that fit in `budget` tokens (none when the last unit is not a sentence). */
function trailingSentences(units: Unit[], budget: number): Unit[] {
  const out: Unit[] = [];
  let size = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const u = units[i]!;
    if (!u.sentence || size + u.tokens > budget) break;
    out.unshift(u);
    size += u.tokens;
  }
  return out;
}

function join(units: Unit[]): string {
  return units.map((u, i) => (i ? u.sep + u.text : u.text)).join('');
}

/**
 * What to embed (and show as a passage's context) for a chunk: the document title and heading path above the text,
 * e.g. "Handbook › Leave › Annual leave (p. 3)\n\n…". The stored chunk keeps text and headings apart.
 */
export function embeddingText(chunk: Pick<Chunk, 'headings' | 'text' | 'page'>, title?: string): string {
  const path = [title, ...chunk.headings].filter((h) => h && h.trim()).join(' › ');
  const where = chunk.page ? `${path ? ' ' : ''}(p. ${chunk.page})` : '';
  return path || where ? `${path}${where}\n\n${chunk.text}` : chunk.text;
}
