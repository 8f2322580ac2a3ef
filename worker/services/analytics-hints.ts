// Optimisation hints: pure rules over a range's figures and the agents' configurations. Each hint carries the
// numbers behind it and a link to act on it; a rule says nothing unless its minimum sample is met, so thin data
// gives no hints at all.
import type { ToolStat } from './analytics';
import { satisfaction, type KeyTotal } from './analytics-view';

export const HINT_MIN = {
  /** Ratings (thumbs) each model needs before satisfaction is compared. */
  ratings: 20,
  /** Satisfaction may be at most this much lower on the cheaper model (0.05 = 5 points). */
  satisfactionGap: 0.05,
  /** The cheaper model costs at most this share of the other per token. */
  costRatio: 0.6,
  /** Turns an agent needs before its instructions or step-limit hits are judged. */
  turns: 30,
  /** Estimated instruction tokens over input tokens per turn that counts as "dominates". */
  instructionsShare: 0.5,
  /** Input tokens per turn below which instructions are not worth trimming. */
  inputPerTurn: 500,
  /** Tool calls before a tool's failure rate is judged, and the rate that counts as often. */
  toolCalls: 20,
  toolErrorRate: 0.2,
  /** Step-limit hits, and their share of the agent's turns. */
  stepHits: 5,
  stepShare: 0.05,
} as const;

export type HintAgent = { id: string; name: string; model: string; instructions: string; maxSteps: number };
export type HintTool = { id: string; name: string };
export type HintInput = {
  /** Range totals per model (key = model name). */
  byModel: KeyTotal[];
  /** Range totals per agent (key = agent id). */
  byAgent: KeyTotal[];
  agents: HintAgent[];
  tools: ToolStat[];
  /** The organization's own tools, to link a failing tool to its page. */
  toolPages: HintTool[];
};
export type HintKind = 'cheaper_model' | 'long_instructions' | 'failing_tool' | 'step_limit';
export type Hint = { kind: HintKind; title: string; figures: string[]; href: string; action: string };

const pct = (n: number) => `${Math.round(n * 100)}%`;
const num = (n: number) => Math.round(n).toLocaleString('en');
/** About four characters per token for English text: enough to compare instructions with input per turn. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
const builder = (id: string) => `/app/agents/${encodeURIComponent(id)}`;

/** USD per million tokens a model actually cost over the range (priced turns only), or null. */
function costPerMtok(k: KeyTotal): number | null {
  const priced = k.sums.turns - k.sums.unpricedTurns;
  const tokens = k.sums.input + k.sums.output;
  if (priced <= 0 || k.sums.unpricedTurns > 0 || tokens <= 0 || k.sums.cost <= 0) return null;
  return (k.sums.cost / tokens) * 1e6;
}

/** A model with satisfaction within a few points of another's, on enough ratings each, at a much lower cost per token. */
export function cheaperModelHints(input: HintInput): Hint[] {
  const rated = input.byModel
    .map((k) => ({ k, sat: satisfaction(k.sums), ratings: k.sums.up + k.sums.down, cost: costPerMtok(k) }))
    .filter((m): m is typeof m & { sat: number; cost: number } => m.ratings >= HINT_MIN.ratings && m.sat !== null && m.cost !== null);
  const hints: Hint[] = [];
  for (const dear of rated) {
    const options = rated
      .filter((c) => c.k.key !== dear.k.key && c.cost <= dear.cost * HINT_MIN.costRatio && c.sat >= dear.sat - HINT_MIN.satisfactionGap)
      .sort((a, b) => a.cost - b.cost);
    const best = options[0];
    if (!best) continue;
    const onDear = input.agents.filter((a) => a.model === dear.k.key);
    const busiest = onDear.map((a) => ({ a, turns: input.byAgent.find((k) => k.key === a.id)?.sums.turns ?? 0 })).sort((x, y) => y.turns - x.turns)[0]?.a;
    hints.push({
      kind: 'cheaper_model',
      title: `${best.k.label} answers about as well as ${dear.k.label} for ${pct(1 - best.cost / dear.cost)} less per token`,
      figures: [
        `${dear.k.label}: $${dear.cost.toFixed(2)} per million tokens, ${pct(dear.sat)} satisfaction over ${num(dear.ratings)} ratings`,
        `${best.k.label}: $${best.cost.toFixed(2)} per million tokens, ${pct(best.sat)} satisfaction over ${num(best.ratings)} ratings`,
        ...(onDear.length ? [`Agents on ${dear.k.label}: ${onDear.map((a) => a.name).join(', ')}`] : []),
      ],
      href: busiest ? builder(busiest.id) : '/app/agents',
      action: busiest ? `Try ${best.k.label} in ${busiest.name}` : 'Open agents',
    });
  }
  return hints;
}

/** Instructions that make up most of the input tokens of each turn, on an agent with enough turns. */
export function longInstructionHints(input: HintInput): Hint[] {
  const hints: Hint[] = [];
  for (const a of input.agents) {
    const k = input.byAgent.find((x) => x.key === a.id);
    if (!k || k.sums.turns < HINT_MIN.turns) continue;
    const perTurn = k.sums.input / k.sums.turns;
    const instr = estimateTokens(a.instructions);
    if (perTurn < HINT_MIN.inputPerTurn || instr / perTurn < HINT_MIN.instructionsShare) continue;
    hints.push({
      kind: 'long_instructions',
      title: `${a.name}: the instructions are most of every turn's input`,
      figures: [
        `Instructions: about ${num(instr)} tokens (${num(a.instructions.length)} characters)`,
        `Input per turn: ${num(perTurn)} tokens on average over ${num(k.sums.turns)} turns (instructions ≈ ${pct(Math.min(1, instr / perTurn))})`,
      ],
      href: builder(a.id),
      action: 'Shorten the instructions',
    });
  }
  return hints;
}

/** Tools whose calls fail often, over enough calls. */
export function failingToolHints(input: HintInput): Hint[] {
  const names = new Map(input.agents.map((a) => [a.id, a.name]));
  return input.tools
    .filter((t) => t.calls >= HINT_MIN.toolCalls && t.errors / t.calls >= HINT_MIN.toolErrorRate)
    .sort((a, b) => b.errors / b.calls - a.errors / a.calls)
    .map((t) => {
      const page = input.toolPages.find((p) => p.name === t.tool_name);
      const agent = t.agent_id ? names.get(t.agent_id) : undefined;
      return {
        kind: 'failing_tool' as const,
        title: `The tool ${t.tool_name} fails ${pct(t.errors / t.calls)} of its calls${agent ? ` in ${agent}` : ''}`,
        figures: [`${num(t.errors)} failed of ${num(t.calls)} calls`, ...(t.latency_ms.p95 !== null ? [`p95 ${num(t.latency_ms.p95)} ms`] : [])],
        href: page ? `/app/tools/${encodeURIComponent(page.id)}` : t.agent_id && agent ? builder(t.agent_id) : '/app/tools',
        action: page ? 'Check the tool' : agent ? 'Open the agent' : 'Open tools',
      };
    });
}

/** Agents whose turns stop at the step limit, often enough to matter. */
export function stepLimitHints(input: HintInput): Hint[] {
  const hints: Hint[] = [];
  for (const a of input.agents) {
    const k = input.byAgent.find((x) => x.key === a.id);
    if (!k || k.sums.turns < HINT_MIN.turns) continue;
    const hits = k.sums.stepLimitHits;
    if (hits < HINT_MIN.stepHits || hits / k.sums.turns < HINT_MIN.stepShare) continue;
    hints.push({
      kind: 'step_limit',
      title: `${a.name}: ${pct(hits / k.sums.turns)} of turns stop at the step limit`,
      figures: [`${num(hits)} of ${num(k.sums.turns)} turns reached max steps (${a.maxSteps})`],
      href: builder(a.id),
      action: 'Raise max steps or simplify the tools',
    });
  }
  return hints;
}

/** Every hint the data supports, cheapest wins first. */
export function optimisationHints(input: HintInput): Hint[] {
  return [...cheaperModelHints(input), ...longInstructionHints(input), ...failingToolHints(input), ...stepLimitHints(input)];
}
