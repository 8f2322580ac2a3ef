// The request body of POST /v1/chat/completions: OpenAI's Chat Completions shape, text content only. The model
// settings (response_format, tool_choice, sampling) are params.ts; other OpenAI parameters are accepted and ignored
// (the agent's own settings apply); see the OpenAI guide in /docs.
import { z } from 'zod';
import { chatParams } from './params';

/** Content as OpenAI sends it: a string or text parts (other part types are refused in messages.ts). */
const content = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]);

const toolCall = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('function').default('function'),
  function: z.object({ name: z.string().min(1).max(64), arguments: z.string().max(100_000) }),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer']), content, name: z.string().optional() }),
  z.object({ role: z.literal('user'), content, name: z.string().optional() }),
  z.object({
    role: z.literal('assistant'),
    content: content.nullish(),
    tool_calls: z.array(toolCall).max(64).optional(),
    name: z.string().optional(),
    refusal: z.string().nullish(),
  }),
  z.object({ role: z.literal('tool'), content, tool_call_id: z.string().min(1).max(200) }),
]);

export const clientToolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Tool names use letters, digits, _ and -, at most 64'),
    description: z.string().max(4000).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

export const chatCompletionSchema = z.looseObject({
  model: z.string().trim().min(1, 'Name an agent id or slug as the model').max(200),
  messages: z.array(chatMessageSchema).min(1, 'Send at least one message').max(1000),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(clientToolSchema).max(64).optional(),
  ...chatParams,
  n: z.number().int().min(1).max(1, 'Only n = 1 is supported').nullish(),
  user: z.string().max(256).optional(),
});

export type ChatCompletionInput = z.infer<typeof chatCompletionSchema>;
export type ChatMessageInput = z.infer<typeof chatMessageSchema>;
