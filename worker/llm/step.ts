// What one model step sends and what a provider's stream yields, apart from the providers that speak them.
import type { WireMessage } from './history';

/** A structured-output request, in OpenAI Chat Completions' wire form. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

/** Which tool the model must (or must not) call, in OpenAI Chat Completions' wire form. */
export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/**
 * A caller's settings for one call (the OpenAI-compatible APIs), over the agent's own. How they combine with the
 * agent's loop is decided in call-options.ts; a provider sends what it supports.
 */
export type CallOptions = {
  responseFormat?: ResponseFormat;
  toolChoice?: ToolChoice;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** The body field the caller named its limit with; unset: OpenAI's own endpoint gets the newer name, others `max_tokens`. */
  maxTokensParam?: 'max_tokens' | 'max_completion_tokens';
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  parallelToolCalls?: boolean;
};

/** One step's sampling settings, as sent (the step's tool choice included; `temperature` lives on the request). */
export type StepSettings = Omit<CallOptions, 'temperature'>;

export type StepRequest = { model: string; messages: WireMessage[]; tools: unknown[]; temperature: number | null; settings?: StepSettings };

export type Chunk = {
  text?: string;
  toolDeltas?: { index: number; id?: string; name?: string; arguments?: string }[];
  finishReason?: string | null;
  usage?: { input: number; output: number };
};
