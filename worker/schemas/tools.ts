// Answers about tools: the built-in ones and the organization's (http, mcp, code), OpenAPI import, MCP discovery.
import { z } from 'zod';
import { runtime } from './agents';
import { iso, pageOf } from './common';

export const toolKind = z.enum(['http', 'builtin', 'mcp', 'code']);

export const tool = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: toolKind,
  parameters: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()),
  connection_id: z.string().nullable(),
  builtin: z.boolean(),
  runtime,
  created_at: iso.nullable(),
  updated_at: iso.nullable(),
});
export const toolList = pageOf(tool);
export const toolImport = z.object({ data: z.array(tool), skipped: z.array(z.object({ operation: z.string(), operationId: z.string(), reason: z.string() })) });
export const mcpDiscovery = z.object({
  data: z.array(tool),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  removed: z.array(z.string()),
  stale: z.array(z.string()),
});

export type ToolJson = z.infer<typeof tool>;
export type ToolImportJson = z.infer<typeof toolImport>;
export type McpDiscoveryJson = z.infer<typeof mcpDiscovery>;
