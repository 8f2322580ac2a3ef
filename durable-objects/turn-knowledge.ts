/**
 * Knowledge in a turn (issue 19 §2, §3): the turn's citations (every passage retrieved gets a number, kept for the
 * turn; the answer carries those it cites), the retrieval trace span and the `message.citations` event, and the
 * 'always' mode's retrieval before the first model call, whose passages go into the system message as quoted data.
 */
import { newId } from '../worker/db/ids';
import type { Bindings } from '../worker/env';
import type { ChatEvent, CitationJson } from '../worker/llm/events';
import type { AgentSnapshot } from '../worker/llm/snapshot';
import { KNOWLEDGE_SYSTEM_NOTE, PASSAGES_NOTE, type Retrieval, type RetrievalAccess, retrieve } from '../worker/services/knowledge-retrieval';
import type { TraceStep } from './session-store';

/** Passages retrieved before a turn ('always'): enough to answer from, few enough to leave room for the history. */
const ALWAYS_TOP_K = 5;

export class TurnCitations {
  private readonly byKey = new Map<string, CitationJson>();

  constructor(
    private readonly turnId: string,
    private readonly addStep: (step: TraceStep) => void,
    private readonly emit: (e: ChatEvent) => void,
  ) {}

  /** Numbers the passages (a passage seen earlier in the turn keeps its number), traces the retrieval, tells the client. */
  cite(r: Retrieval, mode: 'tool' | 'always', ok = true): number[] {
    const numbers = r.passages.map((p) => {
      const key = `${p.knowledge_base_id}\u0000${p.document_id}\u0000${p.position}`;
      let c = this.byKey.get(key);
      if (!c) {
        c = { n: this.byKey.size + 1, knowledge_base_id: p.knowledge_base_id, document_id: p.document_id, title: p.title, position: p.position, text: p.text };
        this.byKey.set(key, c);
      }
      return c.n;
    });
    this.addStep({
      id: newId('step'),
      turn_id: this.turnId,
      type: 'retrieval',
      ok,
      duration_ms: r.duration_ms,
      started_at: new Date(r.started_at).toISOString(),
      query: r.query,
      knowledge_base_ids: r.knowledge_base_ids,
      mode,
      passages: r.passages.map((p, i) => ({
        n: numbers[i]!,
        knowledge_base_id: p.knowledge_base_id,
        document_id: p.document_id,
        title: p.title,
        position: p.position,
        score: p.score,
      })),
      degraded: r.degraded,
    });
    if (this.byKey.size) this.emit({ type: 'message.citations', data: { citations: [...this.byKey.values()] } });
    return numbers;
  }

  /** The citations an answer carries: those its text cites as [n]; every passage of the turn when it cites none. */
  used(text: string): CitationJson[] | undefined {
    if (!this.byKey.size) return undefined;
    const all = [...this.byKey.values()];
    const cited = new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])));
    const picked = all.filter((c) => cited.has(c.n));
    return picked.length ? picked : all;
  }
}

/** The system message's knowledge part: the data-not-instructions rule, and the passages retrieved before the turn. */
export function knowledgeSystemText(s: AgentSnapshot, before: Retrieval | null, numbers: number[]): string {
  if (!s.knowledge?.bases.length) return '';
  let out = `\n\n${KNOWLEDGE_SYSTEM_NOTE}`;
  if (before?.passages.length) {
    // JSON keeps each passage inside its quotes, and `<` escaped: a passage cannot close the block or open another.
    const passages = before.passages.map((p, i) => ({ n: numbers[i], title: p.title, text: p.text }));
    const quoted = JSON.stringify(passages, null, 1).replace(/</g, '\\u003c');
    out += `\n\nKnowledge passages retrieved for the user's latest message. ${PASSAGES_NOTE}\n<passages>\n${quoted}\n</passages>`;
  }
  return out;
}

/**
 * 'always' mode: retrieves for the user's message before the first model call. A failing search never fails the
 * turn: it is traced (not ok) and the turn goes on without passages.
 */
export async function retrieveBeforeTurn(
  env: Bindings,
  s: AgentSnapshot,
  question: string,
  access: RetrievalAccess,
  citations: TurnCitations,
): Promise<{ retrieval: Retrieval | null; numbers: number[] }> {
  if (s.knowledge?.retrieval !== 'always' || !s.knowledge.bases.length || !question.trim()) return { retrieval: null, numbers: [] };
  const started = Date.now();
  try {
    const retrieval = await retrieve(env, s.tenantId, s.knowledge.bases, question.slice(0, 1000), ALWAYS_TOP_K, access, { titlesFromD1: false });
    return { retrieval, numbers: citations.cite(retrieval, 'always') };
  } catch (e) {
    const failed: Retrieval = {
      query: question.slice(0, 1000),
      knowledge_base_ids: s.knowledge.bases.map((b) => b.id),
      passages: [],
      degraded: `The search failed: ${e instanceof Error ? e.message : String(e)}`,
      started_at: started,
      duration_ms: Date.now() - started,
    };
    citations.cite(failed, 'always', false);
    return { retrieval: null, numbers: [] };
  }
}
