// The /docs guide "Sharing agents": visibility levels, who sees a private agent where, share links (markdown).
import type { Guide } from './guides';

export const SHARING_GUIDE: Guide = {
  id: 'sharing',
  title: 'Sharing agents',
  body: `Every agent has a \`visibility\`, set on create or with \`PATCH /api/v1/agents/{id}\` by anyone who may edit agents (member and above) and can see it. Changing it writes no new version.

| visibility | who sees and uses it |
|---|---|
| \`private\` | its creator, admins and owners |
| \`team\` (default) | everyone in the organization |
| \`link\` | the team, and anyone holding the share URL may chat on a hosted page, without an account |
| \`public\` | the team; it may be listed in the marketplace later (for now it is treated like \`team\`) |

**A private agent does not exist for anyone else.** Members and viewers who are not its creator get 404 (never 403) everywhere: the agents list and search, the agent and its versions, its conversations (lists, filters, messages, streams), its embed keys, every page, \`/v1/models\`, chat completions and Responses with it as \`model\`, and MCP tool and prompt lists. An API key acts as the person who created it, with that person's role. Conversations check this in their own object, so a turn still makes no database query; a conversation started before the agent became private closes to others at once.

**call_agent.** An agent calling another may reach a private one only when the caller is itself a private agent of the same creator: a team agent's users are the whole team, so it cannot pass a private agent on to them. An editor can only list agents they can see in \`callable_agent_ids\`.

**Widget and share links** run with the agent owner's configuration: an embed key keeps working when its agent becomes private (publishing a widget was a deliberate choice of someone who could see it; revoke the key to stop it).

### Share links

For a \`link\` agent, \`GET /api/v1/agents/{id}/share-link\` answers \`{url}\` (the same URL until rotated; 409 for any other visibility). Anyone with it chats on \`/s/<token>\`: the agent's name and description and the chat, streaming and resuming like the widget. Visitors are rate limited per conversation and per IP (429 with \`Retry-After\`). Their conversations appear in your conversations as **via share link** (\`metadata.via: "share_link"\`).

\`\`\`sh
curl -s -X PATCH $EDGENT/api/v1/agents/$AGENT -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"visibility":"link"}'
curl -s $EDGENT/api/v1/agents/$AGENT/share-link -H "authorization: Bearer $KEY"
\`\`\`

\`DELETE /api/v1/agents/{id}/share-link\` rotates it: the old URL answers 404 at once, and its visitors' conversations cannot be opened from it any more. Changing the visibility away from \`link\` kills the link too; setting \`link\` again makes a new one. The URL is a credential: it is never stored (only a salt and a digest are), never written to the audit log, and the page sends no \`Referer\`. The audit log records \`agent.visibility_change\` (before and after) and \`agent.share_link_rotate\`.`,
};
