// The /docs guide "Feedback and conversation search": thumbs on answers, satisfaction, searching conversations (markdown).
import type { Guide } from './guides';

export const FEEDBACK_GUIDE: Guide = {
  id: 'feedback',
  title: 'Feedback and conversation search',
  body: `People rate answers with a thumb up or down: under every answer in the app's chat and the builder's test panel, in the widget and on share-link pages, or through the API. One rating per answer; a new one replaces it, \`DELETE\` clears it. Only assistant messages can be rated (a user message → 400); another organization's or a hidden agent's answer is 404.

\`\`\`sh
curl -s $EDGENT/api/v1/sessions/$SES/messages/$MSG/feedback -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"rating":"down","comment":"It guessed the price"}'          # 204
curl -s -X DELETE $EDGENT/api/v1/sessions/$SES/messages/$MSG/feedback -H "authorization: Bearer $KEY"   # 204
\`\`\`

\`GET /api/v1/sessions/{id}/messages\` shows each answer's current rating as \`feedback: {rating, comment} | null\`. Ratings count in the usage figures (\`feedback: {up, down}\` of \`GET /api/v1/analytics/usage\`) in the hour of the answered turn, and per agent version on the agent's **Versions** page ("Satisfaction: 92 % of 38").

### Searching conversations

\`GET /api/v1/sessions?q=refund&feedback=down&agent_id=…\` searches the messages of stored conversations of the last 30 days: every word must appear, the last one also as a prefix (\`refu\` finds "refund"); quotes, \`*\`, \`NEAR\`, \`-\` and other search syntax are plain text. Results are ranked best first, each with \`match: {message_id, role, snippet}\` where \`snippet\` is HTML-escaped with the matched words in \`<mark>\`; the cursor pages through the ranking. \`feedback\` is \`up\`, \`down\`, \`any\` (rated) or \`none\` (not rated) and works without \`q\` too. In the app, an agent's **Conversations** page and **Logs** have the same search.`,
};
