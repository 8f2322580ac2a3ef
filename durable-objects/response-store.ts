// A Responses turn's view of its store: the response's input is held in memory and written only with the turn's first
// message (a write before the model call would hold the upstream fetch: output gate), and the caller's
// `instructions` (and system or developer input items) reach the model for this turn only, never stored.
import { newId } from '../worker/db/ids';
import type { MessageJson, MessageStatus } from '../worker/llm/events';
import type { WireMessage } from '../worker/llm/history';
import type { NewMessage, TraceStep } from './session-store';
import type { TurnStore } from './turn';

type Base = TurnStore & { wireHistory(extra?: WireMessage[]): WireMessage[] };

function asMessage(w: WireMessage, turnId: string, status: MessageStatus): NewMessage {
  const base = { id: newId('message'), turn_id: turnId, status };
  if (w.role === 'tool') return { ...base, role: 'tool', content: w.content, tool_call_id: w.tool_call_id };
  if (w.role === 'assistant') {
    const calls = w.tool_calls?.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
    return { ...base, role: 'assistant', content: w.content ?? '', ...(calls?.length ? { tool_calls: calls } : {}) };
  }
  return { ...base, role: 'user', content: w.content };
}

export class ResponseInputStore implements TurnStore {
  constructor(
    private readonly base: Base,
    private pending: WireMessage[],
    private readonly instructions: string | null,
  ) {}

  wireHistory(): WireMessage[] {
    const history = this.pending.length ? this.base.wireHistory(this.pending) : this.base.wireHistory();
    return this.instructions ? [{ role: 'system', content: this.instructions }, ...history] : history;
  }

  addMessage(m: NewMessage, now?: number): MessageJson {
    this.flush(m.turn_id, 'completed', now);
    return this.base.addMessage(m, now);
  }

  /** Writes the input not written yet; `failed` when the turn got no answer (kept out of the model's history). */
  flush(turnId: string, status: MessageStatus, now = Date.now()): void {
    const input = this.pending;
    this.pending = [];
    // A conversation keeps user, assistant and tool messages: system and developer items apply to their turn only.
    for (const w of input) if (w.role !== 'system') this.base.addMessage(asMessage(w, turnId, status), now);
  }

  addStep(step: TraceStep): void {
    this.base.addStep(step);
  }

  steps(turnId?: string): TraceStep[] {
    return this.base.steps(turnId);
  }
}
