// The /docs guide "Workflow triggers": schedules (cron in a time zone), signed webhooks (with a signing example),
// workflows as agent tools and as MCP tools, and the SDK (markdown).
import type { Guide } from './guides';

export const TRIGGERS_GUIDE: Guide = {
  id: 'triggers',
  title: 'Workflow triggers',
  body: `A workflow runs when you start it (\`POST /api/v1/workflows/{id}/runs\`), on a **schedule**, when a **webhook** is called, when an **agent** calls it as a tool, or from an **MCP** client. Every run records what started it (\`trigger: {kind, id}\`). Managing triggers needs \`workflows:write\`; listing them \`workflows:read\`. In the app, a workflow's **Triggers** tab lists them and adds, enables, disables and deletes them; a new webhook's secret (and a signed curl example) is shown there once, and **Rotate secret** shows the new one once.

### Schedules

\`\`\`sh
curl -s $EDGENT/api/v1/workflows/$WF/triggers -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"kind":"schedule","cron":"0 9 * * mon-fri","timezone":"Europe/Paris","inputs":{"topic":"daily digest"}}'
\`\`\`

\`cron\` has five fields (minute, hour, day of month, month, day of week) with \`*\`, lists (\`1,15\`), ranges (\`9-17\`), steps (\`*/15\`, \`9-17/2\`) and names (\`jan\`, \`mon-fri\`), or a macro: \`@hourly\`, \`@daily\`, \`@weekly\`, \`@monthly\`, \`@yearly\`. When both day fields are set, either one matching is enough (as in cron). It fires on the wall clock of \`timezone\` (an IANA name, default \`UTC\`): a time skipped by a clock change runs just after it, a repeated hour runs once. A wrong expression is a 400 naming the field (\`cron.minute\`, \`cron.day_of_week\`, …). The answer shows \`next_run_at\` and, once it ran, \`last_run_at\`. A schedule must give every required input that has no default. \`PATCH\` changes \`enabled\`, \`cron\`, \`timezone\` or \`inputs\`; a time missed while the platform was away runs once, late.

### Webhooks

\`\`\`sh
curl -s $EDGENT/api/v1/workflows/$WF/triggers -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"kind":"webhook"}'
# → {"id":"trg_…","url":"$EDGENT/hooks/workflows/trg_…","secret":"whsec_…", …}: keep the secret, it is shown only now
\`\`\`

The caller POSTs the run's inputs as JSON to \`url\` (merged over the trigger's own \`inputs\`), signed with the secret:

\`\`\`sh
BODY='{"topic":"new order"}'
SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')
curl -s "$URL" -H 'content-type: application/json' -H "X-Edgent-Signature: sha256=$SIG" -H 'Idempotency-Key: order-1042' -d "$BODY"
# → 202 {"run_id":"run_…"}
\`\`\`

A missing or wrong signature is a 401, an unknown trigger a 404, a disabled one a 409, inputs the workflow does not accept a 400 naming them. The body may be 256 KB; each trigger takes 60 calls a minute (then 429 with \`Retry-After\`). A delivery retried with the same \`Idempotency-Key\` answers the run it started. \`POST …/triggers/{trigger_id}/rotate-secret\` answers a new secret; the old one stops at once.

### Agents and MCP clients

Put a workflow's id in an agent's \`tool_ids\` (or tick it under **Workflows** in the builder): the model sees a tool \`workflow_<slug>\` whose parameters are the workflow's inputs. A call runs the version that was current when the conversation started, waits up to 30 s, and answers the run's output, or that it is still running with its run id. On \`/mcp\`, a key with \`workflows:read\` lists the same \`workflow_<slug>\` tools next to the agents; calling one needs \`runs:write\` and answers the output (with \`structuredContent: {run_id, status, output}\`).

### SDK

\`edgent.triggers.create(workflowId, {kind: 'webhook'})\`, \`edgent.workflows.runAndWait(id, inputs)\` and \`for await (const e of edgent.runs.events(runId))\` (resumes after the last event when the stream drops).`,
};
