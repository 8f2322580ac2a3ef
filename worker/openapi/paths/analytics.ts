// OpenAPI entries of worker/routes/api/analytics.ts (usage figures and model prices).
import { z } from 'zod';
import { modelPriceInput } from '../../schemas/analytics';
import { MAX_HOURLY_DAYS, MAX_RANGE_DAYS, USAGE_CSV_HEADER } from '../../services/analytics';
import { routeDocs } from '../registry';

const model = { model: 'The model name, URL-encoded (`@cf/meta/llama-3.1-8b-instruct` → `%40cf%2Fmeta%2Fllama-3.1-8b-instruct`)' };

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/analytics/usage',
    operationId: 'getUsage',
    tag: 'Analytics',
    scopes: ['analytics:read'],
    query: {
      from: {
        schema: z.string(),
        description: 'Start (inclusive): a date (`2026-05-01`, UTC) or an ISO 8601 date-time with a zone. Default: 7 days before `to`',
      },
      to: { schema: z.string(), description: 'End (exclusive); a bare date includes that whole day. Default: now' },
      interval: {
        schema: z.enum(['hour', 'day']),
        description: `Bucket size (UTC). Default \`hour\` for ranges of 48 h or less, else \`day\`; \`hour\` only for ranges up to ${MAX_HOURLY_DAYS} days`,
      },
      group_by: { schema: z.enum(['agent', 'model', 'api_key', 'source', 'workflow']), description: 'One row per bucket and key (only where there was usage)' },
      agent_id: { schema: z.string(), description: 'Only this agent’s usage (404 when it is not the caller’s to see)' },
      format: { schema: z.enum(['csv']), description: '`csv`: the same as `Accept: text/csv` (for a plain download link)' },
    },
    summary: 'Usage, cost, errors and latency over time',
    description: `Figures per hour or day (UTC) over up to ${MAX_RANGE_DAYS} days, from rollups written as turns end (a turn appears within a few seconds). Without \`group_by\` every bucket of the range is present (zeros included) with \`key\` null; with it, one row per bucket and key ordered by turns, with a readable \`label\` (agent, API key or workflow name; the source’s label). \`cost_usd\` is tokens × the model’s price at the time of each turn (GET /api/v1/model-prices), null when no turn in the row had a price. Latency and time-to-first-token percentiles come from log-scale histograms (within a factor √2 of the exact value). Agents hidden from the caller are left out. A bad parameter answers 400 naming it.`,
    responses: {
      200: {
        description: 'The usage rows',
        schema: 'UsageAnswer',
        csv: `With \`Accept: text/csv\` (or \`?format=csv\`): a header row (${USAGE_CSV_HEADER.join(', ')}) and one row per bucket (and key), as an attachment. A cell starting with = + - or @ gets a leading '.`,
      },
    },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/api/v1/model-prices',
    operationId: 'listModelPrices',
    tag: 'Analytics',
    scopes: ['analytics:read'],
    summary: 'Model prices: the defaults and the organization’s own',
    description:
      'Every price that applies: the platform’s defaults for well-known models (`source: "default"`; dated variants such as `gpt-4o-2024-08-06` use their family’s price) and the organization’s overrides (`source: "override"`, which win). `unpriced` lists the models seen in the organization’s usage in the last 90 days that have no price: their turns have `cost_usd` null until one is set.',
    responses: { 200: { description: 'Prices and unpriced models', schema: 'ModelPriceList' } },
  },
  {
    method: 'put',
    path: '/api/v1/model-prices/{model}',
    operationId: 'setModelPrice',
    tag: 'Analytics',
    scopes: ['analytics:write'],
    params: model,
    body: modelPriceInput,
    summary: 'Set the organization’s price for a model (admins)',
    description:
      'USD per million input / output tokens. Applies to turns that end from now on (a few seconds at most); earlier costs stay as they were. Audited.',
    responses: { 200: { description: 'The override', schema: 'ModelPrice' } },
    errors: [400],
  },
  {
    method: 'delete',
    path: '/api/v1/model-prices/{model}',
    operationId: 'deleteModelPrice',
    tag: 'Analytics',
    scopes: ['analytics:write'],
    params: model,
    summary: 'Remove the organization’s price for a model (back to the default, if any)',
    description: '404 when the organization has no price of its own for the model. Audited.',
    responses: { 204: { description: 'Removed' } },
    errors: [400, 404],
  },
]);
