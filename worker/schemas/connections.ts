// Answers about connections (model providers, HTTP APIs, MCP servers): never the secret, only its hint.
import { z } from 'zod';
import { iso, pageOf } from './common';

export const connectionKind = z.enum(['openai', 'openai_compatible', 'http', 'mcp']);
export const authType = z.enum(['bearer', 'header', 'query', 'basic', 'none']);

export const connection = z.object({
  id: z.string(),
  name: z.string(),
  kind: connectionKind,
  base_url: z.string().nullable(),
  auth: z.object({
    type: authType,
    hint: z.string().nullable().describe('e.g. sk-…9fQa; never the secret'),
    header_name: z.string().optional(),
    param_name: z.string().optional(),
    username: z.string().optional(),
  }),
  config: z.record(z.string(), z.unknown()),
  created_at: iso,
  updated_at: iso,
});
export const connectionList = pageOf(connection);
export const connectionTest = z.object({ ok: z.boolean(), latency_ms: z.number(), message: z.string() });

export type ConnectionJson = z.infer<typeof connection>;
export type ConnectionTestJson = z.infer<typeof connectionTest>;
