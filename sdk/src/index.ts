// @edgent/sdk: a typed client for the Edgent API. `new Edgent({apiKey, baseUrl})`, then agents, sessions, messages
// (send, or stream as an async iterator of events), connections, tools, API keys, the Responses API, and workflows with
// their runs and triggers. No dependencies but fetch.
import { type ClientOptions, Transport } from './client.js';
import { Agents } from './resources/agents.js';
import { Billing } from './resources/billing.js';
import { Budgets } from './resources/budgets.js';
import { KnowledgeBases } from './resources/knowledge-bases.js';
import { Creator } from './resources/creator.js';
import { Marketplace } from './resources/marketplace.js';
import { Listings } from './resources/listings.js';
import { Analytics, ModelPrices } from './resources/analytics.js';
import { Connections, Tools } from './resources/connections.js';
import { Responses } from './resources/responses.js';
import { Messages, Sessions } from './resources/sessions.js';
import { Runs } from './resources/runs.js';
import { Triggers, Workflows } from './resources/workflows.js';
import type { ApiKey, ApiKeyCreated, ApiKeyInput, Identity, Page, PageParams } from './types.js';

export class Edgent {
  readonly agents: Agents;
  readonly sessions: Sessions;
  readonly messages: Messages;
  readonly connections: Connections;
  readonly tools: Tools;
  /** The Responses API (OpenAI's shape) at /v1/responses. */
  readonly responses: Responses;
  /** Workflows: CRUD, versions, and starting runs (`run`, `runAndWait`). */
  readonly workflows: Workflows;
  /** Workflow runs: list, get, cancel, approve, retry, re-run, and their events as an async iterator. */
  readonly runs: Runs;
  /** A workflow's schedules and signed webhooks. */
  readonly triggers: Triggers;
  /** Monthly cost limits of the organization or one agent, with this month's spend. */
  readonly budgets: Budgets;
  /** The plan, its usage against the limits, Checkout, the Customer Portal and invoices (owners). */
  readonly billing: Billing;
  /** Selling paid listings: Stripe Connect onboarding and earnings (owners). */
  readonly creator: Creator;
  /** The public marketplace catalogue: search, a listing in full, categories; installing a listing; `.reviews`: listings' reviews. */
  readonly marketplace: Marketplace;
  /** Usage, cost, errors and latency over time. */
  readonly analytics: Analytics;
  /** Your agents' marketplace listings (publish, get, update, unpublish), installed copies' updates, the creator profile. */
  readonly listings: Listings;
  /** Model prices: defaults and the organization's overrides. */
  readonly modelPrices: ModelPrices;
  /** Knowledge bases and their documents (upload, URL, text), and hybrid search over them. */
  readonly knowledgeBases: KnowledgeBases;
  readonly apiKeys: {
    create(input: ApiKeyInput): Promise<ApiKeyCreated>;
    list(params?: PageParams): Promise<Page<ApiKey>>;
    revoke(id: string): Promise<void>;
  };
  private readonly t: Transport;

  constructor(options: ClientOptions) {
    const t = (this.t = new Transport(options));
    this.agents = new Agents(t);
    this.sessions = new Sessions(t);
    this.messages = new Messages(t);
    this.connections = new Connections(t);
    this.tools = new Tools(t);
    this.responses = new Responses(t);
    this.workflows = new Workflows(t);
    this.runs = new Runs(t);
    this.triggers = new Triggers(t);
    this.budgets = new Budgets(t);
    this.knowledgeBases = new KnowledgeBases(t);
    this.billing = new Billing(t);
    this.creator = new Creator(t);
    this.marketplace = new Marketplace(t);
    this.analytics = new Analytics(t);
    this.listings = new Listings(t);
    this.modelPrices = new ModelPrices(t);
    this.apiKeys = {
      create: (input) => t.json('POST', '/api/v1/api-keys', { body: input }),
      list: (params = {}) => t.json('GET', '/api/v1/api-keys', { query: params }),
      revoke: (id) => t.json('DELETE', `/api/v1/api-keys/${encodeURIComponent(id)}`),
    };
  }

  /** Who the key belongs to: user, organization, role and the key's scopes. */
  me(): Promise<Identity> {
    return this.t.json('GET', '/api/v1/me');
  }
}

export type { ClientOptions, FetchLike } from './client.js';
export type { StreamEvent, StreamOptions } from './resources/sessions.js';
export type { AgentResponseWithText } from './resources/responses.js';
export type { RunEventsOptions, RunListParams } from './resources/runs.js';
export type { RunOptions } from './resources/workflows.js';
export type { KnowledgeDocumentSource } from './resources/knowledge-bases.js';
export type { ListingReview, ListingReviewInput } from './resources/marketplace-reviews.js';
export { EdgentConnectionError, EdgentError, type ErrorDetail } from './errors.js';
export type * from './types.js';
