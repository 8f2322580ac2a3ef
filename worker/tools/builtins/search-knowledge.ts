// search_knowledge: searches the agent's knowledge bases (carried in the tool's snapshot config: never another
// organization's, they were checked when the agent was saved) and answers numbered passages framed as quoted data.
// Added to an agent's tools by the snapshot when it has knowledge bases (services/chat-sessions.ts), never listed in
// tool_ids. The turn numbers the passages (its citations) and traces the retrieval through `ctx.cite`.
import type { KnowledgeRef, ToolSpec } from '../../llm/snapshot';
import { MAX_TOP_K, PASSAGES_NOTE, retrieve } from '../../services/knowledge-retrieval';
import type { BuiltinTool, ToolContext, ToolResult } from '../types';

export const SEARCH_KNOWLEDGE: BuiltinTool = {
  id: 'tol_search_knowledge',
  name: 'search_knowledge',
  description:
    "Search this agent's knowledge bases (the organization's documents) and get the most relevant passages, numbered, with their document titles. Use it before answering questions the documents may cover, then cite the passages you used as [n].",
  kind: 'builtin',
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What to look for, in words the documents would use, e.g. "refund period for annual plans"' },
      top_k: { type: 'integer', minimum: 1, maximum: MAX_TOP_K, description: 'How many passages to return (default 5)' },
    },
    required: ['query'],
    additionalProperties: false,
  },
};

/** The tool as a snapshot carries it: the bases it searches are its configuration. */
export const searchKnowledgeSpec = (bases: KnowledgeRef[]): ToolSpec => ({
  id: SEARCH_KNOWLEDGE.id,
  name: SEARCH_KNOWLEDGE.name,
  description: SEARCH_KNOWLEDGE.description,
  kind: 'builtin',
  parameters: SEARCH_KNOWLEDGE.parameters,
  config: { bases },
  connectionId: null,
});

export async function searchKnowledge(spec: ToolSpec, args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  const query = typeof args.query === 'string' ? args.query.trim().slice(0, 1000) : '';
  if (!query) return { ok: false, output: 'Pass {"query": "<what to look for>"} (and optionally "top_k", 1 to 10).' };
  const k = Number(args.top_k ?? 5);
  const topK = Number.isInteger(k) ? Math.min(MAX_TOP_K, Math.max(1, k)) : 5;
  const bases = Array.isArray(spec.config.bases) ? (spec.config.bases as KnowledgeRef[]) : [];
  if (!bases.length) return { ok: false, output: 'This agent has no knowledge bases.' };
  const r = await retrieve(ctx.env, ctx.tenantId, bases, query, topK, ctx, { titlesFromD1: true });
  const numbers = ctx.cite ? ctx.cite(r, 'tool') : r.passages.map((_, i) => i + 1);
  const passages = r.passages.map((p, i) => ({ n: numbers[i], title: p.title, document_id: p.document_id, position: p.position, text: p.text }));
  const output = { note: PASSAGES_NOTE, passages, ...(passages.length ? {} : { result: 'No passage matches this query.' }) };
  return { ok: true, output: JSON.stringify(output) };
}
