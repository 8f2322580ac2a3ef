// What one model step sends and what a provider's stream yields, apart from the providers that speak them.
import type { WireMessage } from './history';

export type StepRequest = { model: string; messages: WireMessage[]; tools: unknown[]; temperature: number | null };

export type Chunk = {
  text?: string;
  toolDeltas?: { index: number; id?: string; name?: string; arguments?: string }[];
  finishReason?: string | null;
  usage?: { input: number; output: number };
};
