// The request body of POST /v1/responses: OpenAI's Responses API shape. Items and their parts are checked one by one
// in responses-input.ts (a 400 names the `param`); the model settings are responses-params.ts; other OpenAI
// parameters are accepted and ignored.
import { z } from 'zod';
import { responseParams } from './responses-params';

const item = z.looseObject({ type: z.string().optional(), role: z.string().optional() });

export const responseToolSchema = z.looseObject({
  type: z.string().describe('Only `function` tools: the agent’s own tools run server-side'),
  name: z.string().optional(),
  description: z.string().max(4000).nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

export const responseCreateSchema = z.looseObject({
  model: z.string().trim().min(1, 'Name an agent id or slug as the model').max(200),
  input: z.union([z.string(), z.array(item).min(1, 'Send at least one input item').max(1000)]),
  instructions: z.string().max(32_000).nullish().describe('Added to the agent’s own instructions for this response only'),
  tools: z.array(responseToolSchema).max(64).optional(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish().describe('Default true: the response is a turn of a stored conversation (a session); false keeps nothing'),
  previous_response_id: z.string().max(200).nullish(),
  metadata: z
    .record(z.string().max(64), z.string().max(512))
    .refine((m) => Object.keys(m).length <= 16, 'At most 16 metadata keys')
    .nullish(),
  ...responseParams,
  user: z.string().max(256).optional(),
});

export type ResponseCreateInput = z.infer<typeof responseCreateSchema>;
export type ResponseItemInput = z.infer<typeof item>;
