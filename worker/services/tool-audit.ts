// Audit entries for tool changes (create, update, delete), shared by the tools service, OpenAPI import and MCP discovery.
import type { ToolRow } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { diffFields } from '../lib/audit-diff';

const AUDITED: Record<string, (t: ToolRow) => unknown> = {
  name: (t) => t.name,
  kind: (t) => t.kind,
  description: (t) => t.description,
  parameters: (t) => t.parameters,
  config: (t) => t.config,
  connection_id: (t) => t.connectionId,
};

/** `source`: how it was made (api, openapi import, mcp discovery). */
export function auditToolCreate(actor: Actor, row: ToolRow, source: 'api' | 'openapi_import' | 'mcp_discovery') {
  actor.audit({ action: 'tool.create', resource: { type: 'tool', id: row.id }, changes: { ...diffFields(AUDITED, null, row), source: { after: source } } });
}

export function auditToolUpdate(actor: Actor, before: ToolRow, after: ToolRow) {
  const changes = diffFields(AUDITED, before, after);
  if (changes) actor.audit({ action: 'tool.update', resource: { type: 'tool', id: after.id }, changes });
}

export function auditToolDelete(actor: Actor, row: ToolRow, why?: string) {
  actor.audit({
    action: 'tool.delete',
    resource: { type: 'tool', id: row.id },
    changes: { name: { before: row.name }, kind: { before: row.kind }, ...(why ? { reason: { after: why } } : {}) },
  });
}
