// Copy-paste snippets for one agent, every way in (the developer portal): curl, the SDK, the openai client in
// JavaScript and Python, an MCP client configuration and the widget tag. Pure text; the key is a placeholder.
export type SnippetAgent = { id: string; slug: string; name: string };
export type Snippet = { id: string; title: string; lang: string; code: string };

const KEY = '$EDGENT_API_KEY';

export function agentSnippets(origin: string, agent: SnippetAgent, publicKey: string | null): Snippet[] {
  const h = origin;
  return [
    {
      id: 'curl',
      title: 'curl: native API (a conversation, streamed)',
      lang: 'sh',
      code: `SESSION=$(curl -s ${h}/api/v1/agents/${agent.id}/sessions \\
  -H "authorization: Bearer ${KEY}" -H 'content-type: application/json' -d '{}' \\
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
curl -N ${h}/api/v1/sessions/$SESSION/messages \\
  -H "authorization: Bearer ${KEY}" -H 'content-type: application/json' \\
  -d '{"content":"Hello!","stream":true}'`,
    },
    {
      id: 'curl-openai',
      title: 'curl: OpenAI-compatible',
      lang: 'sh',
      code: `curl ${h}/v1/chat/completions \\
  -H "authorization: Bearer ${KEY}" -H 'content-type: application/json' \\
  -d '{"model":"${agent.slug}","messages":[{"role":"user","content":"Hello!"}]}'`,
    },
    {
      id: 'sdk',
      title: 'TypeScript SDK (@edgent/sdk)',
      lang: 'ts',
      code: `import { Edgent } from '@edgent/sdk';

const edgent = new Edgent({ apiKey: process.env.EDGENT_API_KEY!, baseUrl: '${h}' });
const session = await edgent.sessions.create('${agent.id}');
for await (const event of edgent.messages.stream(session.id, 'Hello!')) {
  if (event.type === 'message.delta') process.stdout.write(event.data.text);
}`,
    },
    {
      id: 'openai-js',
      title: 'openai (JavaScript)',
      lang: 'js',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ baseURL: '${h}/v1', apiKey: process.env.EDGENT_API_KEY });
const stream = await client.chat.completions.create({
  model: '${agent.slug}',
  messages: [{ role: 'user', content: 'Hello!' }],
  stream: true,
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');`,
    },
    {
      id: 'openai-python',
      title: 'openai (Python)',
      lang: 'python',
      code: `import os
from openai import OpenAI

client = OpenAI(base_url="${h}/v1", api_key=os.environ["EDGENT_API_KEY"])
reply = client.chat.completions.create(
    model="${agent.slug}",
    messages=[{"role": "user", "content": "Hello!"}],
)
print(reply.choices[0].message.content)`,
    },
    {
      id: 'mcp',
      title: `MCP client configuration (tool ask_${agent.slug})`,
      lang: 'json',
      code: JSON.stringify({ mcpServers: { edgent: { url: `${h}/mcp`, headers: { Authorization: 'Bearer <your API key>' } } } }, null, 2),
    },
    {
      id: 'widget',
      title: publicKey ? 'Chat widget' : 'Chat widget (create an embed key for this agent first)',
      lang: 'html',
      code: `<script src="${h}/widget.js" data-agent="${publicKey ?? 'pk_…'}" async></script>`,
    },
  ];
}
