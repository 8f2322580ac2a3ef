// The ingestion consumer's first step for one document: hash the original, and only when the hash differs from the
// one stored for this document parse and chunk it. Answers what to embed and store (embed.ts, the knowledge base
// object) or that nothing needs doing; a ParseError (types.ts) is the document's failure reason.
import { chunkDocument, type ChunkOptions } from './chunk';
import { contentHash } from './content-hash';
import { parseDocument, type ParseInput } from './parse';
import type { Chunk, ParsedDocument } from './types';

export type PreparedDocument = { unchanged: true; hash: string } | { unchanged: false; hash: string; parsed: ParsedDocument; chunks: Chunk[] };

export async function prepareDocument(input: ParseInput & { previousHash?: string | null; chunking?: ChunkOptions }): Promise<PreparedDocument> {
  const hash = await contentHash(input.bytes);
  if (input.previousHash === hash) return { unchanged: true, hash };
  const parsed = await parseDocument(input);
  return { unchanged: false, hash, parsed, chunks: chunkDocument(parsed, input.chunking) };
}
