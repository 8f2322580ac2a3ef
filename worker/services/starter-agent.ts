// The "Hello World" agent every new tenant gets, ready to chat once a model connection or the operator default exists.
import type { AgentConfig } from '../db/tenant-db';
import { DEFAULT_ATTACHMENTS } from '../knowledge/chat-file-settings';

export const DEFAULT_MODEL = 'gpt-4o-mini';

export function helloWorldAgent(organization: string): { config: AgentConfig; slug: string } {
  return {
    slug: 'hello-world',
    config: {
      name: 'Hello World',
      description: 'A friendly first agent. Ask it anything, or ask it for the time.',
      instructions:
        'You are Hello World, the first agent of {{organization}} on Edgent. Be friendly, concise and helpful. ' +
        'When the user asks about the date or time, use the current_time tool.',
      model: DEFAULT_MODEL,
      connectionId: null,
      temperature: 0.7,
      maxSteps: 8,
      toolIds: ['tol_current_time'],
      callableAgentIds: [],
      knowledgeBaseIds: [],
      knowledgeRetrieval: 'tool',
      variables: { organization },
      runtime: 'edge',
      attachments: DEFAULT_ATTACHMENTS,
    },
  };
}
