// tenantDb(env, tenantId): the only data handle request code gets. Every repo in it is bound to one tenant.
import { database } from './client';
import { agentsRepo } from './repos/agents';
import { apiKeysRepo } from './repos/api-keys';
import { apiRequestsRepo } from './repos/api-requests';
import { auditLogRepo } from './repos/audit-log';
import { chatSessionsRepo } from './repos/chat-sessions';
import { connectionsRepo } from './repos/connections';
import { embedKeysRepo } from './repos/embed-keys';
import { tenantRepo } from './repos/tenant';
import { toolsRepo } from './repos/tools';
import { usageRepo } from './repos/usage';

export function tenantDb(env: { DB: D1Database }, tenantId: string) {
  const db = database(env);
  return {
    tenantId,
    tenant: tenantRepo(db, tenantId),
    agents: agentsRepo(db, tenantId),
    apiKeys: apiKeysRepo(db, tenantId),
    apiRequests: apiRequestsRepo(db, tenantId),
    sessions: chatSessionsRepo(db, tenantId),
    connections: connectionsRepo(db, tenantId),
    tools: toolsRepo(db, tenantId),
    usage: usageRepo(db, tenantId),
    embedKeys: embedKeysRepo(db, tenantId),
    audit: auditLogRepo(db, tenantId),
  };
}

export type TenantDb = ReturnType<typeof tenantDb>;
export type { AgentConfig, AgentRow, AgentVersionRow } from './repos/agents';
export type { ApiKeyRow } from './repos/api-keys';
export type { ApiRequestRow } from './repos/api-requests';
export type { AuditFilter, AuditRow } from './repos/audit-log';
export type { ChatSessionRow } from './repos/chat-sessions';
export type { ConnectionRow } from './repos/connections';
export type { EmbedKeyRow, EmbedKeyValues } from './repos/embed-keys';
export type { EmbedSettings } from './schema/embed-keys';
export type { ToolRow, ToolValues } from './repos/tools';
export type { UsageRow, UsageStats } from './repos/usage';
export type { SessionFilter } from './repos/chat-sessions';
