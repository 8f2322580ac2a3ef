// Answers about agents: the agent (its current version) and its version history.
import { z } from 'zod';
import { iso, pageOf } from './common';
import { attachmentSettings } from '../knowledge/chat-file-settings';

export const runtime = z.enum(['edge', 'container']);

/** The configuration an agent version holds (the agent and each version carry it). */
export const agentConfig = z.object({
  name: z.string(),
  description: z.string().nullable(),
  instructions: z.string(),
  model: z.string(),
  connection_id: z.string().nullable(),
  temperature: z.number().nullable(),
  max_steps: z.number().int(),
  tool_ids: z.array(z.string()),
  callable_agent_ids: z
    .array(z.string())
    .describe('The only agents this agent may ask through the call_agent tool (agents of the same organization, never itself).'),
  variables: z.record(z.string(), z.string()),
  runtime,
  attachments: attachmentSettings.describe('Files people may attach to a message (off by default); see the Sessions guide, "Files in chat"'),
  knowledge_base_ids: z
    .array(z.string())
    .describe('Knowledge bases of the organization this agent searches (the built-in search_knowledge tool is added when there is one)'),
  knowledge_retrieval: z
    .enum(['tool', 'always'])
    .describe("tool: the model calls search_knowledge when it needs to; always: passages for the user's message are retrieved before every turn"),
});

export const agent = z.object({
  id: z.string(),
  slug: z.string(),
  version: z.number().int(),
  ...agentConfig.shape,
  visibility: z
    .enum(['private', 'team', 'link', 'public'])
    .describe(
      'private: its creator, admins and owners; team: the organization; link: the team, and anyone with the share URL may chat; public: like team for now',
    ),
  created_at: iso,
  updated_at: iso,
});
export const agentList = pageOf(agent);

export const agentVersion = z.object({
  agent_id: z.string(),
  version: z.number().int(),
  ...agentConfig.shape,
  restored_from: z.number().int().nullable(),
  created_by: z.string().nullable(),
  created_at: iso,
});
export const agentVersionList = pageOf(agentVersion);

/** A `link` agent's share URL: anyone holding it may chat on the hosted page, without an account. */
export const shareLink = z.object({ url: z.string().describe('The hosted chat page `…/s/<token>`; a credential: share it like a password') });

export type ShareLinkJson = z.infer<typeof shareLink>;
export type AgentConfigJson = z.infer<typeof agentConfig>;
export type AgentJson = z.infer<typeof agent>;
export type AgentVersionJson = z.infer<typeof agentVersion>;
