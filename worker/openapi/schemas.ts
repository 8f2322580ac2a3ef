// The answer schemas (worker/schemas/, the types the services' *Json functions return) registered as the OpenAPI
// document's component schemas: a schema registered here is a `$ref` wherever another one contains it.
import { z } from 'zod';
import * as accounts from '../schemas/accounts';
import * as analytics from '../schemas/analytics';
import * as billing from '../schemas/billing';
import * as creatorPayouts from '../schemas/creator-payouts';
import * as agents from '../schemas/agents';
import * as audit from '../schemas/audit';
import * as budgets from '../schemas/budgets';
import * as chat from '../schemas/chat';
import * as connections from '../schemas/connections';
import * as embed from '../schemas/embed';
import * as knowledge from '../schemas/knowledge';
import * as listingInstalls from '../schemas/listing-installs';
import * as marketplace from '../schemas/marketplace';
import { errorBody } from '../schemas/errors';
import * as sessions from '../schemas/sessions';
import * as teams from '../schemas/teams';
import * as tools from '../schemas/tools';
import * as workflowApi from '../schemas/workflow-api';
import * as workflows from '../schemas/workflows';

export const components = z.registry<{ id: string }>();
/** What each component is, by id (z.toJSONSchema leaves a registry's own metadata out; document.ts adds it). */
export const componentDescriptions = new Map<string, string>();

/** Registers `schema` as `#/components/schemas/<id>` and returns it. */
export function component<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  components.add(schema, { id });
  if (description) componentDescriptions.set(id, description);
  return schema;
}

component('Error', errorBody, 'Every error: an HTTP status, a stable code and a message; X-Request-Id identifies the request.');

component('AuthResult', accounts.authResult, 'The signed-in account; a session cookie is set.');
component('Identity', accounts.identity);
component('ApiKey', accounts.apiKey);
component('ApiKeyCreated', accounts.apiKeyCreated);
component('ApiKeyList', accounts.apiKeyList);
component('Membership', accounts.membership, 'An organization the person belongs to, with their role in it.');

component('Member', teams.member);
component('MemberList', teams.memberList);
component('Invitation', teams.invitation);
component('InvitationCreated', teams.invitationCreated, 'The invitation with its single-use link, shown this once.');
component('InvitationList', teams.invitationList);
component('InvitationAccepted', teams.accepted, 'The organization joined and the role in it.');

component('AuditEntry', audit.auditEntry, 'One recorded change or sign-in: who, what, when, from which IP; never a secret.');
component('AuditLog', audit.auditLog);

component('Agent', agents.agent);
component('AgentList', agents.agentList);
component('AgentVersion', agents.agentVersion);
component('AgentVersionList', agents.agentVersionList);
component('ShareLink', agents.shareLink);

component('Session', sessions.session);
component('SessionList', sessions.sessionList);
component('CancelResult', sessions.cancelResult);
component('MessageStatus', chat.messageStatus);
component('ToolCall', chat.toolCall);
component('Attachment', chat.attachment, 'A file a code tool produced; over the size cap it has no content.');
component('Message', chat.message);
component('MessageList', chat.messageList);
component('Usage', chat.usage);
component('TraceStep', chat.traceStep, 'A model call or a tool call of a turn; secrets redacted.');
component('Trace', chat.trace);
component('Reply', chat.reply, 'A finished turn (messages without `stream`).');
component('ChatEvent', chat.chatEvent, 'One event of a streamed turn: the SSE frame is `event: <type>` and `data: <data as JSON>`.');

component('Connection', connections.connection);
component('ConnectionList', connections.connectionList);
component('ConnectionTest', connections.connectionTest);

component('Tool', tools.tool);
component('ToolList', tools.toolList);
component('ToolImport', tools.toolImport);
component('McpDiscovery', tools.mcpDiscovery);

component('WidgetTheme', embed.widgetTheme, 'How the widget looks; data attributes on the host page may override each field.');
component('EmbedKey', embed.embedKey);
component('EmbedKeyList', embed.embedKeyList);
component('WidgetConfig', embed.widgetConfig);
component('VisitorToken', embed.visitorToken);
component('VisitorMessage', embed.visitorMessage);
component('VisitorHistory', embed.visitorHistory);
component('VisitorEvent', embed.visitorEvent, 'One event of the widget’s reply stream.');

component(
  'WorkflowDefinition',
  workflows.definition,
  'Typed inputs, steps (agent, tool, transform, router, map, approval, wait, workflow) and the output; templates read `{{inputs.x}}` and `{{steps.<id>.output}}`.',
);
component('Workflow', workflows.workflow);
component('WorkflowList', workflows.workflowList);
component('WorkflowVersion', workflows.workflowVersion);
component('WorkflowVersionList', workflows.workflowVersionList);
component('WorkflowValidation', workflowApi.workflowValidation, 'Every problem of a definition, each naming its step.');
component('WorkflowVersionDiff', workflowApi.workflowDiff, 'What changed between two versions of a workflow.');
component('WorkflowTemplateList', workflowApi.workflowTemplateList);
component('RunStep', workflows.runStep, 'A step of a run: status, attempts, input, output, error, tokens, timings.');
component('Run', workflows.run, 'A workflow run with its steps.');
component('RunSummary', workflows.runSummary);
component('RunList', workflows.runList);
component('Trigger', workflows.trigger, 'A workflow trigger: a schedule (cron in a time zone) or a signed webhook.');
component('TriggerList', workflows.triggerList);
component('TriggerWithSecret', workflows.triggerWithSecret, 'A webhook trigger with its secret (answered once).');
component('Budget', analytics.budget, 'A monthly cost limit of the organization or one agent, with this month’s spend from the meter.');
component('BudgetList', budgets.budgetList);
component('KnowledgeBase', knowledge.knowledgeBase, 'A document collection agents search: its embedding model and what it holds.');
component('KnowledgeBaseList', knowledge.knowledgeBaseList);
component(
  'KnowledgeDocument',
  knowledge.knowledgeDocument,
  'A document of a knowledge base: where it came from and its ingestion status (with the reason when it failed).',
);
component('KnowledgeDocumentList', knowledge.knowledgeDocumentList);
component('KnowledgeDocumentAdded', knowledge.knowledgeDocumentAdded, 'A document just added (queued), or the existing one with the same content.');
component('KnowledgeChunkList', knowledge.knowledgeChunkList, 'A document’s passages in order, as stored for search.');
component('KnowledgeQueryAnswer', knowledge.knowledgeQueryAnswer, 'Ranked passages of a hybrid search, with each half’s rank.');

component('UsageRow', analytics.usageRow, 'Usage of one time bucket (and group key): turns, tokens, cost, errors, latency percentiles, feedback.');
component('UsageAnswer', analytics.usageAnswer);
component('ModelPrice', analytics.modelPrice, 'A model’s price in USD per million input and output tokens.');
component('ModelPriceList', analytics.modelPriceList);
component('BillingAnswer', billing.billingAnswer, 'An organization’s plan, its billing period and usage against each limit.');
component('BillingRedirect', billing.billingRedirect, 'A Stripe page (Checkout or the Customer Portal) to send the person to.');
component('Invoice', billing.invoiceJson, 'A Stripe invoice of the organization (amounts in the currency’s smallest unit).');
component('InvoiceList', billing.invoiceList);
component(
  'CreatorConnect',
  creatorPayouts.creatorConnectJson,
  'The organization’s Stripe Connect onboarding state for selling paid listings (no account id, no secrets).',
);
component('ListingPayment', creatorPayouts.listingPaymentJson, 'A paid listing’s payment: amount, the platform’s fee and the creator’s net, in cents.');
component(
  'CreatorEarnings',
  creatorPayouts.creatorEarningsJson,
  'A creator’s earnings from paid listings, in cents: totals, this month, per listing, the latest payments.',
);
component(
  'OwnListing',
  marketplace.ownListingJson,
  'A marketplace listing as its creator sees it: the public detail, the agent it lists, its status and versions.',
);
component('CreatorProfile', listingInstalls.creatorProfileJson, 'An organization’s public face as a marketplace creator.');
component(
  'InstallAnswer',
  listingInstalls.installAnswer,
  'An installed copy of a listing: the new agent, the install and the tools to map to your connections.',
);
component('ListingUpdate', listingInstalls.listingUpdateJson, 'Whether an installed agent’s listing offers a newer version, and what it changes.');

// Marketplace catalogue (issue 18, mkt-discovery): the public listing shapes.
component('ListingSummary', marketplace.listingSummaryJson, 'A published marketplace listing as the catalogue lists it.');
component('ListingDetail', marketplace.listingDetailJson, 'A published listing in full: never a subscription listing’s instructions, never credentials.');
component('ListingList', z.object({ data: z.array(marketplace.listingSummaryJson), next_cursor: z.string().nullable() }));
component('MarketplaceCategory', marketplace.categoryJson, 'A marketplace category with its count of published listings.');
component('MarketplaceCategoryList', z.object({ data: z.array(marketplace.categoryJson) }));
