// A turn store in memory for stateless completions (the OpenAI-compatible API): seeded with the conversation the
// caller sent, it lives for one request and writes nothing to the Durable Object's storage.
import type { MessageJson } from '../worker/llm/events';
import type { WireMessage } from '../worker/llm/history';
import type { NewMessage, TraceStep } from './session-store';
import type { TurnStore } from './turn';

export class MemoryStore implements TurnStore {
  private readonly wire: WireMessage[];
  private readonly trace: TraceStep[] = [];

  constructor(conversation: WireMessage[]) {
    this.wire = [...conversation];
  }

  addMessage(m: NewMessage, now = Date.now()): MessageJson {
    if (m.role === 'tool') this.wire.push({ role: 'tool', content: m.content, tool_call_id: m.tool_call_id ?? '' });
    else if (m.role === 'user') this.wire.push({ role: 'user', content: m.content });
    else if (m.tool_calls?.length) {
      const calls = m.tool_calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
      this.wire.push({ role: 'assistant', content: m.content || null, tool_calls: calls });
    } else this.wire.push({ role: 'assistant', content: m.content });
    const { turn_id: _t, ...rest } = m;
    return { ...rest, created_at: new Date(now).toISOString() };
  }

  wireHistory(): WireMessage[] {
    return [...this.wire];
  }

  addStep(step: TraceStep): void {
    this.trace.push(step);
  }

  steps(turnId?: string): TraceStep[] {
    return turnId ? this.trace.filter((s) => s.turn_id === turnId) : [...this.trace];
  }
}
