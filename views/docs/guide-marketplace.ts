// The /docs guide "Marketplace: publishing and installing" (markdown): listing a public agent, versions, what a
// listing never contains, installing a copy, mapping connections, updates.
import type { Guide } from './guides';

export const MARKETPLACE_GUIDE: Guide = {
  id: 'marketplace',
  title: 'Marketplace: publishing and installing',
  body: `### Publishing

Only a **public** agent can be listed (\`visibility: "public"\`). Admins publish (\`listings:write\`), in the app on the agent's **Marketplace** tab or with the API:

\`\`\`sh
curl -s $EDGENT/api/v1/agents/$AGENT/listing -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"title":"Invoice Helper","tagline":"Answers questions about invoices","description":"It **reads** invoices.","category":"finance","tags":["invoices"],"pricing":{"type":"free"}}'
\`\`\`

Publishing freezes the agent's current version as listing version 1: instructions, model, settings, variables and its tools as definitions. **A listing never contains a connection or a secret**: no connection ids, no credentials, no credential-like headers or query parameters. Each tool says which hosts it reaches and, when it used one of your connections, its name and kind, so installers know what to connect. Whole MCP servers are listed as \`mcp_server\`; workflows are not part of a listing.

- One listing per agent; \`slug\` (the address \`/marketplace/<slug>\`) comes from the title, unique across the marketplace, or give your own (409 when taken).
- \`PATCH …/listing\` changes any field; \`{"publish_version": true, "version_notes": "…"}\` freezes the agent's current version as the next listing version (409 when nothing changed). Installers are offered it as an update.
- \`DELETE …/listing\` unpublishes (the listing leaves search and its page at once; its versions and installed copies stay); POST again republishes. Changing the agent's visibility away from \`public\` unpublishes it too.
- Your organization's creator profile (\`GET/PATCH /api/v1/creator/profile\`: slug, display name, bio, https website) is made on the first publish; edit it on the Marketplace tab.

The audit log records \`listing.publish\`, \`listing.update\`, \`listing.unpublish\` and \`creator.profile_update\`.

### Installing

Anyone who may create agents (member and above, \`agents:write\`) installs from the listing's page, or:

\`\`\`sh
curl -s -X POST $EDGENT/api/v1/marketplace/listings/invoice-helper/install -H "authorization: Bearer $KEY"
\`\`\`

The answer is \`{agent, install, needs_connections, previous_installs}\`: a **new agent** in your organization (visibility \`team\`, named after the listing unless you send \`{"name": …}\`) with new tool rows, none connected. It is usable at once in the app, the API, \`/v1/chat/completions\`, MCP and the widget; tools that need a connection work once you map one. Installing again makes another copy (\`previous_installs\` lists the earlier ones); your plan's agent limit applies. A subscription listing without an active subscription answers 402 \`subscription_required\` with the checkout \`url\`.

### Connecting your accounts

After installing in the app you land on the agent's **Setup** page (\`/app/agents/<id>/setup\`): each tool that needs a connection, with the kind and the creator's connection name; pick one of your connections (or create one) and save. With the API, set each tool's connection:

\`\`\`sh
curl -s -X PATCH $EDGENT/api/v1/tools/$TOOL -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"connection_id":"con_…"}'
\`\`\`

For a whole MCP server (\`tool_id: null\` in \`needs_connections\`), add one of your MCP connections' ids to the agent's \`tool_ids\`.

### Updates

When the creator publishes a newer version, \`GET /api/v1/agents/{id}/listing-update\` answers \`available: true\` with \`from\`, \`to\`, the release \`notes\` and a \`diff\` (settings, instructions line by line, tools added, removed and changed); the Setup page shows **Update available** with Apply and Dismiss. \`POST /api/v1/agents/{id}/listing-update\` applies it as a new agent version: tools still in the listing keep your connections, new ones come unconnected, removed ones leave the agent; your agent's name, variable values and attached MCP servers stay.`,
};
