// tenantDb(env, tenantId): the only data handle request code gets. Every repo in it is bound to one tenant.
import { type Database, database } from './client';
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

/** Every repo of the handle; each is made from the database, the tenant and (the repos that take it) the viewer. */
const REPOS = {
  tenant: tenantRepo,
  agents: agentsRepo,
  apiKeys: apiKeysRepo,
  apiRequests: apiRequestsRepo,
  sessions: chatSessionsRepo,
  connections: connectionsRepo,
  tools: toolsRepo,
  usage: usageRepo,
  embedKeys: embedKeysRepo,
  members: membersRepo,
  invitations: invitationsRepo,
  audit: auditLogRepo,
  workflowTriggers: workflowTriggersRepo,
  workflows: workflowsRepo,
  workflowRuns: workflowRunsRepo,
  budgets: budgetsRepo,
  modelPrices: modelPricesRepo,
  analytics: analyticsRepo,
  feedback: feedbackRepo,
  search: messageSearchRepo,
  billing: billingRepo,
  listingReviews: listingReviewsRepo,
  payouts: creatorPayoutsRepo,
  listings: listingsRepo,
  listingInstalls: listingInstallsRepo,
  creatorProfile: creatorProfilesRepo,
  knowledge: knowledgeBasesRepo,
} satisfies Record<string, (db: Database, tenantId: string, viewer: AgentViewer) => unknown>;

type Repos = { readonly [K in keyof typeof REPOS]: ReturnType<(typeof REPOS)[K]> };
type TenantDbShape = Repos & {
  readonly tenantId: string;
  readonly viewer: AgentViewer;
  /**
   * The same tenant with every agent: only for changes every agent must follow whoever causes them (a deleted
   * tool leaves every agent), never to answer the caller.
   */
  everyAgent(): TenantDbShape;
};

/**
 * The handle. Its repos are made when first used, not all of them for every request: a request uses one or two of
 * the 27, and making them all (each a set of closures over the tenant) cost about 0.1 ms of CPU per request.
 */
class Handle {
  readonly #env: { DB: D1Database };
  readonly #made: Partial<Record<keyof Repos, unknown>> = {};
  constructor(
    env: { DB: D1Database },
    readonly tenantId: string,
    readonly viewer: AgentViewer,
  ) {
    this.#env = env;
  }

  /** The repo `name`, bound to this tenant and viewer (made once per handle). */
  repo<K extends keyof Repos>(name: K): Repos[K] {
    return (this.#made[name] ??= REPOS[name](database(this.#env), this.tenantId, this.viewer)) as Repos[K];
  }

  everyAgent(): TenantDbShape {
    return tenantDb(this.#env, this.tenantId);
  }
}
for (const name of Object.keys(REPOS) as (keyof Repos)[]) {
  Object.defineProperty(Handle.prototype, name, {
    get(this: Handle) {
      return this.repo(name);
    },
  });
}

/**
 * `viewer`: whose view of the agents the handle takes (per-agent visibility, services/agent-access.ts): agents,
 * their conversations, usage and embed keys hidden from it are never read. Signed-in requests get the caller's view
 * (middleware/auth.ts); the default, every agent, is for the platform acting on the owner's configuration.
 */
export function tenantDb(env: { DB: D1Database }, tenantId: string, viewer: AgentViewer = EVERY_AGENT): TenantDbShape {
  return new Handle(env, tenantId, viewer) as unknown as TenantDbShape;
}

export { EVERY_AGENT, type AgentViewer } from './repos/agent-viewer';

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
