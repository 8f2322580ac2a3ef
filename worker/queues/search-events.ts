// The search event a stored turn sends to the EVENTS queue: the user's message and the answer, with their ids, for
// conversation search (written to the FTS5 table by worker/db/search-writer.ts).
import type { TurnOutcome } from '../../durable-objects/turn';
import type { AgentSnapshot } from '../llm/snapshot';

/** Enough of a message to find it; the rest of a very long one is not searched. */
export const SEARCH_TEXT_CHARS = 4000;

export type SearchMessage = { id: string; role: 'user' | 'assistant'; text: string; at: number };
export type SearchEvent = { type: 'search'; tenant_id: string; session_id: string; agent_id: string; messages: SearchMessage[] };

// \u0001 and \u0002 mark highlights in search snippets (worker/db/repos/message-search.ts): never in indexed text.
const clip = (text: string) =>
  text
    .replace(/[\u0001\u0002\s]+/g, ' ')
    .trim()
    .slice(0, SEARCH_TEXT_CHARS);

/** The event for a turn of a stored conversation, or null when it stored nothing worth finding. */
export function searchEvent(s: AgentSnapshot, content: string, o: TurnOutcome): SearchEvent | null {
  const messages: SearchMessage[] = [];
  const answeredAt = o.message ? Date.parse(o.message.created_at) || Date.now() : Date.now();
  if (o.userMessageId && content.trim()) messages.push({ id: o.userMessageId, role: 'user', text: clip(content), at: answeredAt - o.latencyMs });
  if (o.message && o.message.role === 'assistant' && o.message.content.trim())
    messages.push({ id: o.message.id, role: 'assistant', text: clip(o.message.content), at: answeredAt });
  if (!messages.length) return null;
  return { type: 'search', tenant_id: s.tenantId, session_id: s.sessionId, agent_id: s.agentId, messages };
}

export function isSearchEvent(v: unknown): v is SearchEvent {
  const e = v as Partial<SearchEvent> | null;
  return !!e && e.type === 'search' && typeof e.tenant_id === 'string' && typeof e.session_id === 'string' && Array.isArray(e.messages);
}
