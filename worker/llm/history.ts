// Fits the conversation into the model's context budget: the system prompt always stays, the oldest turns go first,
// and an assistant tool call never loses its tool results (the API refuses one without the other).
export type WireMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; content: string; tool_call_id: string };

const CONTEXT_WINDOWS: [RegExp, number][] = [
  [/gpt-4\.1|gemini/i, 1_000_000],
  [/^o\d|claude/i, 200_000],
  [/gpt-4o|gpt-4-turbo|gpt-5|llama-3\.[1-3]|qwen2\.5|mistral-large/i, 128_000],
  [/gpt-3\.5/i, 16_000],
  [/gpt-4/i, 8_000],
];
/** Unknown models get a conservative window; the budget only has to be safe, not tight. */
export const DEFAULT_CONTEXT = 32_000;
export const OUTPUT_RESERVE = 4_096;

export function contextWindow(model: string): number {
  return CONTEXT_WINDOWS.find(([re]) => re.test(model))?.[1] ?? DEFAULT_CONTEXT;
}

/** A cheap, deterministic estimate (about 4 characters a token plus framing); no tokenizer on the hot path. */
export function estimateTokens(m: WireMessage): number {
  let chars = m.content?.length ?? 0;
  if (m.role === 'assistant') for (const c of m.tool_calls ?? []) chars += c.function.name.length + c.function.arguments.length;
  return Math.ceil(chars / 4) + 4;
}

/** Groups messages so a tool-call assistant message and its tool results are kept or dropped together. */
function groups(history: WireMessage[]): WireMessage[][] {
  const out: WireMessage[][] = [];
  for (const m of history) {
    if (m.role === 'tool' && out.length) out[out.length - 1]!.push(m);
    else out.push([m]);
  }
  return out;
}

export function fitToContext(system: WireMessage, history: WireMessage[], model: string, budget = contextWindow(model)): WireMessage[] {
  let room = budget - OUTPUT_RESERVE - estimateTokens(system);
  const kept: WireMessage[][] = [];
  const all = groups(history);
  for (let i = all.length - 1; i >= 0; i--) {
    const g = all[i]!;
    const cost = g.reduce((n, m) => n + estimateTokens(m), 0);
    // The newest group (the user's message) is always sent, even when it alone is over budget.
    if (cost > room && kept.length) break;
    room -= cost;
    kept.unshift(g);
  }
  // A window must not open on orphan tool results.
  while (kept.length && kept[0]![0]!.role === 'tool') kept.shift();
  return [system, ...kept.flat()];
}

/**
 * A history the provider accepts: every assistant tool call followed by a result for each of its ids (`missing` for
 * those without one), and tool results that answer no waiting call dropped. Providers refuse either with a 400.
 */
export function pairToolCalls(history: WireMessage[], missing: string): WireMessage[] {
  const out: WireMessage[] = [];
  let waiting: Set<string> | null = null;
  const close = () => {
    for (const id of waiting ?? []) out.push({ role: 'tool', content: missing, tool_call_id: id });
    waiting = null;
  };
  for (const m of history) {
    if (m.role === 'tool') {
      if (waiting?.delete(m.tool_call_id)) out.push(m);
      continue;
    }
    close();
    out.push(m);
    if (m.role === 'assistant' && m.tool_calls?.length) waiting = new Set(m.tool_calls.map((c) => c.id));
  }
  close();
  return out;
}
