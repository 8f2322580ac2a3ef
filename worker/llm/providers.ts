/**
 * Which model endpoint a turn talks to: the agent's connection (OpenAI or any OpenAI-compatible base URL), else the
 * operator default (OPENAI_API_KEY / OPENAI_BASE_URL), else Workers AI for `@cf/` models when the AI binding exists.
 */
import type { Bindings } from '../env';
import { outboundFetch } from '../lib/outbound';
import type { OpenAiEndpoint } from './openai-stream';
import type { ConnectionRef } from './snapshot';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export type Provider = { kind: 'openai'; endpoint: OpenAiEndpoint; label: string } | { kind: 'workers_ai'; ai: Ai; label: string };

/** `secret` is the decrypted credential of `connection` (looked up by the caller, cached in the Durable Object). */
export function resolveProvider(env: Bindings, model: string, connection: ConnectionRef | null, secret: string | null): Provider | null {
  // No overall time limit here: completeStep keeps its own first-token and between-token timers.
  const maxBytes = 32 * 1024 * 1024;
  if (connection && (connection.kind === 'openai' || connection.kind === 'openai_compatible')) {
    const baseURL = connection.baseUrl || OPENAI_BASE_URL;
    const headers: Record<string, string> = {};
    // Bearer "none" is sent for auth types other than bearer: providers without auth ignore it.
    let apiKey = 'none';
    if (connection.authType === 'bearer' && secret) apiKey = secret;
    if (connection.authType === 'header' && secret && connection.authMeta.header_name) headers[connection.authMeta.header_name] = secret;
    const query = connection.authType === 'query' && secret && connection.authMeta.param_name ? { [connection.authMeta.param_name]: secret } : undefined;
    const fetch = outboundFetch(env, { timeoutMs: null, maxBytes: null });
    return { kind: 'openai', endpoint: { baseURL, apiKey, headers, query, fetch, maxBytes }, label: baseURL };
  }
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    const baseURL = env.OPENAI_BASE_URL || OPENAI_BASE_URL;
    // The operator's endpoint is configuration, not tenant input: it may be a gateway on a private address even
    // with ALLOW_PRIVATE_NETWORK=false. Tenants' base URLs (above) stay under the guard.
    const fetch = outboundFetch(env, { timeoutMs: null, maxBytes: null, operatorConfigured: true });
    return { kind: 'openai', endpoint: { baseURL, apiKey: env.OPENAI_API_KEY || 'none', headers: {}, fetch, maxBytes }, label: baseURL };
  }
  if (env.AI && model.startsWith('@cf/')) return { kind: 'workers_ai', ai: env.AI, label: 'Workers AI' };
  return null;
}
