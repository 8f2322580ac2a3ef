// Answers of the OpenAI-compatible API, in OpenAI's own shapes (worker/openai-compat/ builds them).
import { z } from 'zod';

const usage = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() });
const toolCall = z.object({ id: z.string(), type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }) });

export const chatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string().describe('The agent id or slug you sent'),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), refusal: z.null(), tool_calls: z.array(toolCall).optional() }),
      logprobs: z.null(),
      finish_reason: z.enum(['stop', 'tool_calls', 'length']).describe('`length`: the last model step reached your `max_tokens`'),
    }),
  ),
  usage,
});
export const openAiError = z.object({ error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }) });
export const model = z.object({
  id: z.string().describe('The agent’s slug: pass it as `model`'),
  object: z.literal('model'),
  created: z.number().int(),
  owned_by: z.string(),
  agent_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  version: z.number().int(),
});
export const modelList = z.object({ object: z.literal('list'), data: z.array(model) });

export type ChatCompletionJson = z.infer<typeof chatCompletion>;
export type OpenAiErrorJson = z.infer<typeof openAiError>;
export type ModelJson = z.infer<typeof model>;
