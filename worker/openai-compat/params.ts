/**
 * The caller's model settings of the OpenAI-compatible APIs: zod fields in OpenAI's ranges (a bad value is a 400
 * naming its `param`) and their checks against the agent (a named tool must exist, JSON mode needs the word "json"),
 * turned into the CallOptions the turn carries (worker/llm/call-options.ts says how they combine with the agent's
 * loop). The Responses API reuses the pieces for its own field names.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import type { CallOptions, ResponseFormat, ToolChoice } from '../llm/step';

const nameRule = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Names use letters, digits, _ and -, at most 64');

/** A JSON Schema response format: `name` as OpenAI checks it, the schema an object. */
export const jsonSchemaFormat = z.object({
  name: nameRule,
  description: z.string().max(4000).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({ type: z.literal('json_schema'), json_schema: jsonSchemaFormat }),
]);

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: nameRule }) }),
]);

/** Sampling settings with OpenAI's ranges. */
export const sampling = {
  temperature: z.number().min(0).max(2).nullish().describe('Replaces the agent’s temperature for this call'),
  top_p: z.number().min(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
};

/** A token limit: a positive whole number. */
export const tokenLimit = z.number().int().min(1).max(1_000_000).nullish();

export const chatParams = {
  ...sampling,
  response_format: responseFormatSchema.nullish().describe('Applies to every model step of the turn, so the final answer has this format'),
  tool_choice: toolChoiceSchema
    .nullish()
    .describe(
      '`none`: no tool is called, yours or the agent’s; `required` or a named function (yours or the agent’s): the first model step only, later steps are `auto`',
    ),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: tokenLimit.describe('Caps each model step; `finish_reason: "length"` when the last step hit it'),
  max_completion_tokens: tokenLimit.describe('As `max_tokens` (OpenAI’s newer name); sent to the model under the name you used'),
  stop: z
    .union([z.string().min(1), z.array(z.string().min(1)).max(4, 'At most 4 stop sequences')])
    .nullish()
    .describe('Up to 4 sequences; the reply ends before the first'),
};

type ChatParams = { [K in keyof typeof chatParams]?: z.infer<(typeof chatParams)[K]> };

/** What the checks need to know of the turn: the tools the model may be offered and every text it reads. */
export type ParamContext = { toolNames: string[]; texts: string[] };

const invalid = (param: string, message: string) => new AppError('validation_failed', 'The request is not valid', [{ path: param, message }]);

/** Checks a tool choice against the tools on offer (the agent's and the caller's); 400 on `tool_choice` otherwise. */
export function checkToolChoice(choice: ToolChoice | undefined, toolNames: string[]) {
  if (!choice || choice === 'none' || choice === 'auto') return;
  if (!toolNames.length)
    throw invalid('tool_choice', `"${typeof choice === 'string' ? choice : 'function'}" needs tools: send tools or use an agent that has some`);
  if (typeof choice !== 'string' && !toolNames.includes(choice.function.name)) {
    throw invalid('tool_choice', `"${choice.function.name}" is neither one of your tools nor one of this agent's (${toolNames.join(', ')})`);
  }
}

/** JSON mode needs the word "json" in some message, as OpenAI requires (the agent's instructions count). */
export function checkResponseFormat(format: ResponseFormat | undefined, texts: string[]) {
  if (format?.type === 'json_object' && !texts.some((t) => /json/i.test(t))) {
    throw invalid('response_format', 'With json_object, some message (or the agent’s instructions) must contain the word "json"');
  }
}

/** The validated body fields as CallOptions, checked against the turn (400 naming the param). */
export function chatCallOptions(p: ChatParams, ctx: ParamContext): CallOptions {
  const responseFormat = p.response_format ?? undefined;
  const toolChoice = p.tool_choice ?? undefined;
  checkToolChoice(toolChoice, ctx.toolNames);
  checkResponseFormat(responseFormat, ctx.texts);
  const limitParam = p.max_completion_tokens != null ? 'max_completion_tokens' : p.max_tokens != null ? 'max_tokens' : undefined;
  const out: CallOptions = {
    responseFormat,
    toolChoice,
    temperature: p.temperature ?? undefined,
    topP: p.top_p ?? undefined,
    maxTokens: p.max_completion_tokens ?? p.max_tokens ?? undefined,
    maxTokensParam: limitParam,
    stop: p.stop == null ? undefined : typeof p.stop === 'string' ? [p.stop] : p.stop,
    seed: p.seed ?? undefined,
    presencePenalty: p.presence_penalty ?? undefined,
    frequencyPenalty: p.frequency_penalty ?? undefined,
    parallelToolCalls: p.parallel_tool_calls ?? undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as CallOptions;
}
