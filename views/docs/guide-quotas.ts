// The /docs guide "Plan limits": what each plan's limits are, which refuse (402 quota_exceeded) and which are billed as
// overage through Stripe's meter, warnings at 80 %, and how quickly usage and plan changes apply (markdown).
import type { Guide } from './guides';

export const QUOTAS_GUIDE: Guide = {
  id: 'plan-limits',
  title: 'Plan limits',
  body: `Every organization has a **plan** (Free, Pro or Team) and the plan's **limits**. \`GET /api/v1/billing\` (owners; an API key needs \`*\`) and **Settings → Billing** (\`/app/billing\`) show the plan, the billing period and this period's usage against each limit. When billing is not configured on an installation, every organization has the Free plan's limits as the operator set them.

**Monthly limits** count in the billing period (the subscription's period on a paid plan, the calendar month in UTC on Free):

- \`messages\`: turns (each message you send that the agent answers, on any surface);
- \`tokens\`: input plus output tokens of those turns;
- \`workflow_runs\`: runs started (a replayed start — the same idempotency key, or a run id that exists — answers the existing run and is not counted again);
- \`code_tool_minutes\`: the wall time of code-tool runs (\`run_python\`, \`run_javascript\`, \`run_shell\`), each run rounded up to the second; shown in minutes (seconds / 60). Runs the code runner refused or never answered are not counted. This time is kept by the organization's usage counter only (no database column holds it).

**Count limits** are checked when something is created: \`agents\`, \`embed_keys\` (live keys), \`seats\` (members plus pending invitations; accepting an invitation checks again).

**Size limits**: \`chat_file_bytes\`, the largest file a person may attach to a chat message (Free 5 MB, Pro and Team 10 MB, never above the platform's 10 MB; the agent's own \`max_bytes\` may be lower). A larger file is refused with **413** \`payload_too_large\` naming the plan ("your Free plan accepts files up to 5 MB"); see Sessions, "Files in chat".

### When a limit is reached

A hard limit refuses with **402** \`quota_exceeded\`. The message names the limit, the plan, when the period resets and the upgrade page; \`details[0].path\` is the limit:

\`\`\`json
{"error": {"code": "quota_exceeded",
  "message": "The Free plan’s limit of 1,000 messages this billing period is reached (1,000 used). It resets on 2026-12-01 00:00 UTC. Upgrade at /app/billing.",
  "details": [{"path": "messages", "message": "…"}]}}
\`\`\`

- **Turns** are checked before any model call, on every surface: the sessions API (JSON and streamed), the app's chat and test panel, the OpenAI-compatible API (in OpenAI's error shape), the Responses API, MCP tools (the tool's error), workflow agent steps (the step fails, without retries), the widget and share links (visitors read "not available right now", never your plan). The turn that reaches the limit finishes; the next one is refused; a refused turn never reaches the model.
- **Code-tool minutes**: once they are used up, a code tool does not run: the model receives the tool's error ("the plan's code-tool minutes … are used up"), so the turn still answers, and the API and Billing page show the limit reached. From 80 % of the limit the counter decides every code-tool call; runs already under way when the limit is reached finish and count.
- **Workflow runs**: starting a run past \`workflow_runs\` is refused with 402 (API, triggers, sub-workflows).
- **Creating** an agent, an embed key or an invitation past its count limit is refused with 402; the app's forms show the message with the upgrade link. Nothing is ever deleted when limits fall (after a downgrade, existing agents keep working; only new ones are refused).

### Overage on paid plans

On Pro and Team, \`messages\` is a **soft** limit: turns beyond the plan's allowance keep working and are billed per message. Every turn of a paid organization is reported to Stripe's meter \`edgent_messages\` (one meter event of value 1 per turn, identified by the turn, so a retried delivery is never counted twice). **Operators:** give the metered price a free first tier equal to the plan's included messages (graduated tiers: 0–20,000 at $0 for Pro, 0–100,000 for Team, then the per-message price), so Stripe charges only the overage. The other monthly limits stay hard on every plan.

### Warnings

At **80 %** of a monthly limit, owners and admins see a banner on app pages (dismissible for the browser session, linking to \`/app/billing\`), and the owners get one email per limit and period.

### How quickly usage and changes apply

Usage is counted by one counter per organization, next to its budgets, without a database read on the chat path. Each server keeps a copy that is at most 5 seconds old below 80 % of a limit; from 80 %, the counter decides every turn. So a burst spread over many servers can pass 80 % unnoticed for up to 5 seconds, and a hard limit can be exceeded only by turns that were already running when the last allowed turn finished (at most your concurrent turns at that moment). Far from every limit (below 80 % and more than 100 messages away from a hard messages limit, with no blocking budget), a finished turn is counted with the other turns of its moment in one batch, within a few seconds, so that busy organizations do not wait on their counter; closer to a limit, every turn is counted as it ends. Either way each turn counts exactly once. A plan change (a Stripe webhook) or an operator's change of your limits applies at once on the server that received it and within 5 seconds everywhere. A new period starts counting from zero at its first turn.
`,
};
