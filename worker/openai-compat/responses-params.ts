// The Responses API's model settings (`temperature`, `top_p`, `max_output_tokens`, `tool_choice`, `text.format`,
// `parallel_tool_calls`) checked like chat completions' (openai-compat/params.ts) and turned into the turn's
// CallOptions (worker/llm/call-options.ts says how they combine with the agent's loop).
import { z } from 'zod';
import { AppError } from '../errors';
import type { CallOptions, ResponseFormat, ToolChoice } from '../llm/step';
import { type ParamContext, checkResponseFormat, checkToolChoice, jsonSchemaFormat, sampling, tokenLimit } from './params';

const nameRule = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Names use letters, digits, _ and -, at most 64');

/** `text.format` as the Responses API sends it: the JSON Schema's fields at the top, not under `json_schema`. */
export const textFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  jsonSchemaFormat.extend({ type: z.literal('json_schema') }),
]);

export const responseToolChoiceSchema = z.union([z.enum(['none', 'auto', 'required']), z.object({ type: z.literal('function'), name: nameRule })]);

export const responseParams = {
  temperature: sampling.temperature,
  top_p: sampling.top_p,
  max_output_tokens: tokenLimit.describe('Caps each model step; the Response is `incomplete` (`max_output_tokens`) when the last step hit it'),
  tool_choice: responseToolChoiceSchema
    .nullish()
    .describe('`none`: no tool is called, yours or the agent’s; `required` or a named function (yours or the agent’s): the first model step only'),
  text: z.object({ format: textFormatSchema.optional() }).nullish().describe('`format` applies to every model step, so the final answer has it'),
  parallel_tool_calls: z.boolean().nullish(),
};

type Params = { [K in keyof typeof responseParams]?: z.infer<(typeof responseParams)[K]> };

function format(f: z.infer<typeof textFormatSchema> | undefined): ResponseFormat | undefined {
  if (!f || f.type !== 'json_schema') return f;
  const { type: _t, ...json_schema } = f;
  return { type: 'json_schema', json_schema };
}

/** The validated fields as CallOptions, checked against the turn (400 naming the param: `tool_choice`, `text.format`). */
export function responseCallOptions(p: Params, ctx: ParamContext): CallOptions {
  const responseFormat = format(p.text?.format);
  const c = p.tool_choice ?? undefined;
  const toolChoice: ToolChoice | undefined = c && typeof c === 'object' ? { type: 'function', function: { name: c.name } } : c;
  checkToolChoice(toolChoice, ctx.toolNames);
  try {
    checkResponseFormat(responseFormat, ctx.texts);
  } catch (e) {
    // Named for chat completions' field; the Responses API calls it `text.format`.
    if (e instanceof AppError && e.details)
      throw new AppError(
        e.code,
        e.message,
        e.details.map((d) => ({ ...d, path: 'text.format' })),
      );
    throw e;
  }
  const out: CallOptions = {
    responseFormat,
    toolChoice,
    temperature: p.temperature ?? undefined,
    topP: p.top_p ?? undefined,
    maxTokens: p.max_output_tokens ?? undefined,
    parallelToolCalls: p.parallel_tool_calls ?? undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as CallOptions;
}
