// Answers of the Responses API (/v1/responses) in OpenAI's own shapes (worker/openai-compat/response-writer.ts builds them).
import { z } from 'zod';

const outputText = z.object({ type: z.literal('output_text'), text: z.string(), annotations: z.array(z.unknown()), logprobs: z.array(z.unknown()) });

export const outputMessage = z.object({
  type: z.literal('message'),
  id: z.string(),
  status: z.enum(['in_progress', 'completed', 'incomplete']),
  role: z.literal('assistant'),
  content: z.array(outputText),
});

export const functionCallItem = z.object({
  type: z.literal('function_call'),
  id: z.string(),
  call_id: z.string().describe('Answer it with a `function_call_output` item of this `call_id`'),
  name: z.string(),
  arguments: z.string().describe('JSON text, as the model wrote it'),
  status: z.enum(['in_progress', 'completed', 'incomplete']),
});

export const responseUsage = z.object({
  input_tokens: z.number().int(),
  input_tokens_details: z.object({ cached_tokens: z.number().int() }),
  output_tokens: z.number().int(),
  output_tokens_details: z.object({ reasoning_tokens: z.number().int() }),
  total_tokens: z.number().int(),
});

export const responseObject = z.object({
  id: z.string().describe('`resp_…`: names the response and, when stored, its conversation'),
  object: z.literal('response'),
  created_at: z.number().int(),
  status: z.enum(['completed', 'failed', 'in_progress', 'incomplete']),
  background: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  incomplete_details: z.object({ reason: z.string() }).nullable(),
  instructions: z.string().nullable(),
  max_output_tokens: z.number().int().nullable(),
  metadata: z.record(z.string(), z.string()),
  model: z.string().describe('The agent id or slug you sent'),
  output: z.array(z.union([outputMessage, functionCallItem])),
  parallel_tool_calls: z.boolean(),
  previous_response_id: z.string().nullable(),
  store: z.boolean(),
  temperature: z.number().nullable(),
  text: z.object({ format: z.record(z.string(), z.unknown()) }),
  tool_choice: z.unknown(),
  tools: z.array(z.record(z.string(), z.unknown())),
  top_p: z.number().nullable(),
  truncation: z.literal('disabled'),
  usage: responseUsage.nullable(),
  user: z.string().nullable(),
  session_id: z.string().nullable().describe('Edgent: the stored conversation this response belongs to (null with `store: false`)'),
});

const inputContent = z.object({ type: z.enum(['input_text', 'output_text']), text: z.string() });
export const inputItem = z.union([
  z.object({
    type: z.literal('message'),
    id: z.string(),
    role: z.enum(['user', 'system', 'developer', 'assistant']),
    status: z.literal('completed'),
    content: z.array(inputContent),
  }),
  functionCallItem,
  z.object({ type: z.literal('function_call_output'), id: z.string(), call_id: z.string(), output: z.string(), status: z.literal('completed') }),
]);

export const inputItemList = z.object({
  object: z.literal('list'),
  data: z.array(inputItem),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
  has_more: z.boolean(),
});

export const responseDeleted = z.object({ id: z.string(), object: z.literal('response'), deleted: z.literal(true) });

export type ResponseJson = z.infer<typeof responseObject>;
export type OutputItemJson = ResponseJson['output'][number];
export type InputItemJson = z.infer<typeof inputItem>;
export type InputItemListJson = z.infer<typeof inputItemList>;

export const RESPONSE_EVENT_TYPES = [
  'response.created',
  'response.in_progress',
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.completed',
  'response.failed',
  'response.incomplete',
  'error',
] as const;

export const responseStreamEvent = z.looseObject({
  type: z.enum(RESPONSE_EVENT_TYPES),
  sequence_number: z.number().int().describe('0, 1, 2… in the order sent'),
  response: responseObject.optional().describe('response.created, .in_progress, .completed, .failed, .incomplete'),
  item_id: z.string().optional(),
  output_index: z.number().int().optional(),
  content_index: z.number().int().optional(),
  delta: z.string().optional().describe('response.output_text.delta: text as it comes; response.function_call_arguments.delta'),
  text: z.string().optional(),
  arguments: z.string().optional(),
  item: z.union([outputMessage, functionCallItem]).optional(),
  code: z.string().optional().describe('error: the stream broke for a reason other than the model’s (`internal_error`)'),
  message: z.string().optional(),
});
