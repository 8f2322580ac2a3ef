/**
 * How a caller's per-call settings (CallOptions) combine with the agent's loop, step by step:
 * - `tool_choice: "none"`: on every step, for the agent's tools and the caller's alike; the definitions are still sent
 *   (providers that see tool calls in a conversation want the tools declared), the model is told to call none;
 * - `"required"` or a named function (a caller's tool or one of the agent's): the first model step only, later steps
 *   are `auto` (the agent's tool results must be answerable in words, or the loop would never end);
 * - `response_format`, `max_tokens`, `stop`, `seed`, the penalties: every step (the last step's answer is the reply);
 * - `temperature`: the caller's value over the agent's.
 */
import type { AgentSnapshot } from './snapshot';
import type { CallOptions, StepRequest, StepSettings } from './step';
import type { WireMessage } from './history';

export function stepRequest(s: AgentSnapshot, messages: WireMessage[], tools: unknown[], step: number, options?: CallOptions): StepRequest {
  const base = { model: s.model, messages, temperature: s.temperature };
  if (!options) return { ...base, tools };
  const { temperature, toolChoice, parallelToolCalls, ...rest } = options;
  // OpenAI refuses a tool choice (or parallel_tool_calls) without tools.
  const forced = toolChoice === 'required' || typeof toolChoice === 'object';
  const choice = !tools.length ? undefined : toolChoice === 'none' || (forced && step === 1) ? toolChoice : undefined;
  const settings: StepSettings = {
    ...rest,
    ...(choice ? { toolChoice: choice } : {}),
    ...(tools.length && parallelToolCalls !== undefined ? { parallelToolCalls } : {}),
  };
  return { ...base, tools, temperature: temperature ?? s.temperature, settings };
}

/**
 * The settings as OpenAI Chat Completions body fields (OpenAI and OpenAI-compatible providers). The token limit goes
 * by the name the caller used; without one, `official` (OpenAI's own endpoint, whose reasoning models refuse
 * `max_tokens`) gets `max_completion_tokens` and compatible servers the older `max_tokens` most of them read.
 */
export function openAiSettings(x: StepSettings | undefined, official: boolean): Record<string, unknown> {
  if (!x) return {};
  const limitName = x.maxTokensParam ?? (official ? 'max_completion_tokens' : 'max_tokens');
  const out: Record<string, unknown> = {
    response_format: x.responseFormat,
    tool_choice: x.toolChoice,
    top_p: x.topP,
    [limitName]: x.maxTokens,
    stop: x.stop,
    seed: x.seed,
    presence_penalty: x.presencePenalty,
    frequency_penalty: x.frequencyPenalty,
    parallel_tool_calls: x.parallelToolCalls,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
