// tenantDb(env, tenantId): the only data handle request code gets. Every repo in it is bound to one tenant.
import { database } from './client';
import { type AgentViewer, EVERY_AGENT } from './repos/agent-viewer';
import { agentsRepo } from './repos/agents';
import { analyticsRepo } from './repos/analytics';
import { apiKeysRepo } from './repos/api-keys';
import { apiRequestsRepo } from './repos/api-requests';
import { billingRepo } from './repos/billing';
import { budgetsRepo } from './repos/budgets';
import { creatorPayoutsRepo } from './repos/creator-payouts';
import { auditLogRepo } from './repos/audit-log';
import { chatSessionsRepo } from './repos/chat-sessions';
import { connectionsRepo } from './repos/connections';
import { creatorProfilesRepo } from './repos/creator-profiles';
import { embedKeysRepo } from './repos/embed-keys';
import { feedbackRepo } from './repos/feedback';
import { messageSearchRepo } from './repos/message-search';
import { invitationsRepo } from './repos/invitations';
import { knowledgeBasesRepo } from './repos/knowledge-bases';
import { listingReviewsRepo } from './repos/listing-reviews';
import { listingInstallsRepo } from './repos/listing-installs';
import { listingsRepo } from './repos/listings';
import { membersRepo } from './repos/members';
import { modelPricesRepo } from './repos/model-prices';
import { tenantRepo } from './repos/tenant';
import { toolsRepo } from './repos/tools';
import { usageRepo } from './repos/usage';
import { workflowTriggersRepo } from './repos/workflow-triggers';
import { workflowsRepo } from './repos/workflows';
import { workflowRunsRepo } from './repos/workflow-runs';

/**
 * `viewer`: whose view of the agents the handle takes (per-agent visibility, services/agent-access.ts): agents,
 * their conversations, usage and embed keys hidden from it are never read. Signed-in requests get the caller's view
 * (middleware/auth.ts); the default, every agent, is for the platform acting on the owner's configuration.
 */
export function tenantDb(env: { DB: D1Database }, tenantId: string, viewer: AgentViewer = EVERY_AGENT): TenantDbShape {
  const db = database(env);
  return {
    tenantId,
    viewer,
    /**
     * The same tenant with every agent: only for changes every agent must follow whoever causes them (a deleted
     * tool leaves every agent), never to answer the caller.
     */
    everyAgent: () => (viewer.all ? tenantDb(env, tenantId) : tenantDb(env, tenantId, EVERY_AGENT)),
    tenant: tenantRepo(db, tenantId),
    agents: agentsRepo(db, tenantId, viewer),
    apiKeys: apiKeysRepo(db, tenantId),
    apiRequests: apiRequestsRepo(db, tenantId),
    sessions: chatSessionsRepo(db, tenantId, viewer),
    connections: connectionsRepo(db, tenantId),
    tools: toolsRepo(db, tenantId),
    usage: usageRepo(db, tenantId, viewer),
    embedKeys: embedKeysRepo(db, tenantId, viewer),
    members: membersRepo(db, tenantId),
    invitations: invitationsRepo(db, tenantId),
    audit: auditLogRepo(db, tenantId),
    workflowTriggers: workflowTriggersRepo(db, tenantId),
    workflows: workflowsRepo(db, tenantId),
    workflowRuns: workflowRunsRepo(db, tenantId),
    budgets: budgetsRepo(db, tenantId, viewer),
    modelPrices: modelPricesRepo(db, tenantId),
    analytics: analyticsRepo(db, tenantId, viewer),
    feedback: feedbackRepo(db, tenantId),
    search: messageSearchRepo(db, tenantId, viewer),
    billing: billingRepo(db, tenantId),
    listingReviews: listingReviewsRepo(db, tenantId),
    payouts: creatorPayoutsRepo(db, tenantId),
    listings: listingsRepo(db, tenantId),
    listingInstalls: listingInstallsRepo(db, tenantId),
    creatorProfile: creatorProfilesRepo(db, tenantId),
    knowledge: knowledgeBasesRepo(db, tenantId),
  };
}

export { EVERY_AGENT, type AgentViewer } from './repos/agent-viewer';

type Repos = {
  tenantId: string;
  viewer: AgentViewer;
  tenant: ReturnType<typeof tenantRepo>;
  agents: ReturnType<typeof agentsRepo>;
  apiKeys: ReturnType<typeof apiKeysRepo>;
  apiRequests: ReturnType<typeof apiRequestsRepo>;
  sessions: ReturnType<typeof chatSessionsRepo>;
  connections: ReturnType<typeof connectionsRepo>;
  tools: ReturnType<typeof toolsRepo>;
  usage: ReturnType<typeof usageRepo>;
  embedKeys: ReturnType<typeof embedKeysRepo>;
  members: ReturnType<typeof membersRepo>;
  invitations: ReturnType<typeof invitationsRepo>;
  audit: ReturnType<typeof auditLogRepo>;
  workflowTriggers: ReturnType<typeof workflowTriggersRepo>;
  workflows: ReturnType<typeof workflowsRepo>;
  workflowRuns: ReturnType<typeof workflowRunsRepo>;
  budgets: ReturnType<typeof budgetsRepo>;
  billing: ReturnType<typeof billingRepo>;
  payouts: ReturnType<typeof creatorPayoutsRepo>;
  modelPrices: ReturnType<typeof modelPricesRepo>;
  analytics: ReturnType<typeof analyticsRepo>;
  feedback: ReturnType<typeof feedbackRepo>;
  search: ReturnType<typeof messageSearchRepo>;
  listingReviews: ReturnType<typeof listingReviewsRepo>;
  listings: ReturnType<typeof listingsRepo>;
  listingInstalls: ReturnType<typeof listingInstallsRepo>;
  creatorProfile: ReturnType<typeof creatorProfilesRepo>;
  knowledge: ReturnType<typeof knowledgeBasesRepo>;
};
type TenantDbShape = Repos & { everyAgent: () => TenantDbShape };
export type TenantDb = TenantDbShape;
export type { AgentConfig, AgentRow, AgentVersionRow } from './repos/agents';
export type { ApiKeyRow } from './repos/api-keys';
export type { ApiRequestRow } from './repos/api-requests';
export type { BudgetRow } from './repos/budgets';
export type { AuditFilter, AuditRow } from './repos/audit-log';
export type { ChatSessionRow } from './repos/chat-sessions';
export type { ConnectionRow } from './repos/connections';
export type { EmbedKeyRow, EmbedKeyValues } from './repos/embed-keys';
export type { InvitationRow } from './repos/invitations';
export type { KnowledgeBaseRow, KnowledgeDocumentRow } from './repos/knowledge-bases';
export type { ListingRow, ListingValues, ListingVersionRow } from './repos/listings';
export type { ListingInstallRow } from './repos/listing-installs';
export type { CreatorProfileRow } from './repos/creator-profiles';
export type { MemberRow } from './repos/members';
export type { EmbedSettings } from './schema/embed-keys';
export type { ToolRow, ToolValues } from './repos/tools';
export type { UsageRow, UsageStats } from './repos/usage';
export type { TriggerRow } from './repos/workflow-triggers';
export type { WorkflowContent, WorkflowRow, WorkflowVersionRow } from './repos/workflows';
export type { WorkflowRunRow } from './repos/workflow-runs';
export type { SessionFilter } from './repos/chat-sessions';
export type { FeedbackJson, RollupTarget } from './repos/feedback';
export { type FeedbackFilter, type SearchHit, MARK_CLOSE, MARK_OPEN } from './repos/message-search';
export type { ListingSnapshot } from './schema/marketplace';
