// The /docs guide "Budgets": monthly cost limits of the organization or one agent, alerts, blocking (402
// budget_exceeded) and how quickly changes apply (markdown).
import type { Guide } from './guides';

export const BUDGETS_GUIDE: Guide = {
  id: 'budgets',
  title: 'Budgets',
  body: `A **budget** limits what the organization, or one agent, spends on models in a calendar month (UTC). Spend is each turn's tokens at the model's price when the turn ran (the platform's list prices, or the organization's own). Everyone can read budgets (\`analytics:read\`); admins and owners create, change and delete them (\`analytics:write\`). In the app: **Settings → Budgets** (\`/app/budgets\`).

\`\`\`sh
curl -s $EDGENT/api/v1/budgets -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"scope":"tenant","limit_usd":200,"action":"block"}'
curl -s $EDGENT/api/v1/budgets -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"scope":"agent","agent_id":"agt_…","limit_usd":25,"action":"alert"}'
curl -s $EDGENT/api/v1/budgets -H "authorization: Bearer $KEY"
# → {"data":[{"id":"bud_…","scope":"tenant","limit_usd":200,"action":"block","spent_usd":12.4,"reached_pct":0,"period_start":"…"}, …]}
\`\`\`

- **Alerts.** At 50, 80 and 100 % of the limit, owners and admins get an email (once per budget, threshold and month), and every app page shows a notice from 80 % on (red once spent). \`reached_pct\` is the highest threshold reached this month.
- **Blocking.** With \`action: "block"\`, once the month's spend reaches the limit every new turn of its scope (the organization, or that agent) is refused before any model call: **402** \`budget_exceeded\`, naming the budget, its limit and when it resets. The turn that crosses the limit finishes; the next one is refused. This holds on every entry point: the sessions API, the chat page, the OpenAI-compatible API (in OpenAI's error shape), the Responses API, MCP tools (as the tool's error), workflow steps (the step fails without retries), the widget and share links (visitors see "not available right now", never your budget). An \`alert\` budget never refuses.
- **Changes apply within seconds.** \`PATCH /api/v1/budgets/{id}\` changes \`limit_usd\` or \`action\`; raising a spent budget, switching it to \`alert\` or deleting it lets turns through again. The month rolls over at 00:00 UTC on the 1st.
- A turn whose model has no price costs nothing here: set the price of such models (\`PUT /api/v1/model-prices/{model}\`) if budgets should count them.`,
};
