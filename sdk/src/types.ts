// The API's shapes (GET /api/v1/openapi.json has the full reference): resources, inputs and the chat event stream.
// They are generated from the OpenAPI document into generated/api.ts; this module names them for the client.
import type * as api from './generated/api.js';

export type Page<T> = { data: T[]; next_cursor: string | null };
export type PageParams = { limit?: number; cursor?: string };

export type Agent = api.Agent;
export type AgentVersion = api.AgentVersion;
export type AgentConfig = Omit<Agent, 'id' | 'slug' | 'version' | 'visibility' | 'created_at' | 'updated_at'>;
export type Runtime = Agent['runtime'];
export type AgentInput = api.CreateAgentBody;
export type AgentPatch = api.UpdateAgentBody;

export type Session = api.Session;
export type SessionInput = api.CreateSessionBody;

export type ToolCall = api.ToolCall;
export type Attachment = api.Attachment;
export type MessageStatus = api.MessageStatus;
export type Message = api.Message;
export type Usage = api.Usage;
export type TraceStep = api.TraceStep;
export type Reply = api.Reply;
/** What a streamed turn emits, in order (API.md, Sessions); `id` is the event's SSE id (`<turn>-<event>`), to re-attach after it with `messages.resume`. */
export type ChatEvent = api.ChatEvent & { id?: string };

export type Connection = api.Connection;
export type ConnectionKind = Connection['kind'];
export type AuthType = Connection['auth']['type'];
export type ConnectionInput = api.CreateConnectionBody;
export type ConnectionPatch = api.UpdateConnectionBody;
export type ConnectionTest = api.ConnectionTest;

export type Tool = api.Tool;
export type ToolKind = Tool['kind'];
export type ToolInput = api.CreateToolBody;
export type ToolPatch = api.UpdateToolBody;
export type OpenApiImport = api.ImportOpenApiToolsBody;
export type ToolImport = api.ToolImport;
export type McpDiscovery = api.McpDiscovery;

export type ApiKey = api.ApiKey;
export type ApiKeyCreated = api.ApiKeyCreated;
export type ApiKeyInput = api.CreateApiKeyBody;
export type Identity = api.Identity;

/** A Response of the Responses API (`/v1/responses`, OpenAI's shape). */
export type AgentResponse = api.Response;
export type ResponseInput = api.CreateResponseBody;
export type ResponseStreamEvent = api.ResponseStreamEvent;
export type ResponseInputItemList = api.ResponseInputItemList;

export type Workflow = api.Workflow;
export type WorkflowDefinition = api.WorkflowDefinition;
export type WorkflowVersion = api.WorkflowVersion;
export type WorkflowInput = api.CreateWorkflowBody;
export type WorkflowPatch = api.UpdateWorkflowBody;
/** A run's inputs, checked against the workflow's definition (a 400 names each bad input). */
export type RunInput = Record<string, unknown>;
export type Run = api.Run;
export type RunStep = api.RunStep;
export type RunSummary = api.RunSummary;
export type RunStatus = Run['status'];
/** One event of a run's stream; `id` is its sequence number, to resume after it (`runs.events(id, {lastEventId})`). */
export type RunEvent = {
  type: 'run.started' | 'step.started' | 'step.completed' | 'step.failed' | 'step.waiting' | 'run.completed' | 'run.failed' | 'run.cancelled';
  data: { run_id: string; step_id?: string; status: string; at: string } & Record<string, unknown>;
  id?: string;
};
export type Trigger = api.Trigger;
export type TriggerWithSecret = api.TriggerWithSecret;
export type TriggerInput = api.CreateTriggerBody;
export type TriggerPatch = api.UpdateTriggerBody;
export type KnowledgeBase = api.KnowledgeBase;
export type KnowledgeBaseInput = api.CreateKnowledgeBaseBody;
export type KnowledgeBasePatch = api.UpdateKnowledgeBaseBody;
export type KnowledgeQueryInput = api.QueryKnowledgeBaseBody;
export type KnowledgeQueryAnswer = api.KnowledgeQueryAnswer;
export type KnowledgeDocument = api.KnowledgeDocument;
export type KnowledgeDocumentAdded = api.KnowledgeDocumentAdded;
export type KnowledgeChunk = api.KnowledgeChunkList['data'][number];
export type Budget = api.Budget;
export type BudgetInput = api.CreateBudgetBody;
export type BudgetPatch = api.UpdateBudgetBody;
export type BillingOverview = api.BillingAnswer;
export type BillingRedirect = api.BillingRedirect;
export type Invoice = api.Invoice;
export type CreatorConnect = api.CreatorConnect;
export type CreatorEarnings = api.CreatorEarnings;
export type ListingPayment = api.ListingPayment;
export type OwnListing = api.OwnListing;
export type ListingInput = api.PublishListingBody;
export type ListingPatch = api.UpdateListingBody;
export type ListingUpdate = api.ListingUpdate;
export type InstallAnswer = api.InstallAnswer;
export type CreatorProfile = api.CreatorProfile;
export type CreatorProfilePatch = api.UpdateCreatorProfileBody;
/** A plan that can be bought (Free is never sold). */
export type PaidPlan = Exclude<api.CreateBillingCheckoutBody['plan'], 'free'>;

/** The JSON body of every API error; EdgentError carries its fields. */
export type ErrorBody = api.Error;
export type ErrorCode = ErrorBody['error']['code'];

export type UsageRow = api.UsageRow;
export type ModelPrice = api.ModelPrice;
export type ModelPriceList = api.ModelPriceList;
export type ModelPriceInput = api.SetModelPriceBody;
/** GET /api/v1/analytics/usage: `from`/`to` dates or ISO date-times (default the last 7 days). */
export type UsageParams = {
  from?: string;
  to?: string;
  interval?: 'hour' | 'day';
  group_by?: 'agent' | 'model' | 'api_key' | 'source' | 'workflow';
  agent_id?: string;
};

/** The public marketplace catalogue (no credentials needed). */
export type ListingSummary = api.ListingSummary;
export type ListingDetail = api.ListingDetail;
export type MarketplaceCategory = api.MarketplaceCategory;
export type ListingListParams = {
  q?: string;
  category?: string;
  tag?: string;
  pricing?: 'free' | 'paid';
  sort?: 'relevance' | 'popular' | 'new' | 'rating';
  cursor?: string;
  limit?: number;
};
