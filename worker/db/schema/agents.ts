// Agents: the current configuration (mirrors the newest version row) plus identity, slug and version counter.
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { type AttachmentSettings, DEFAULT_ATTACHMENTS } from '../../knowledge/chat-file-settings';
import { createdAt, id, json, tenantId, updatedAt } from './columns';

/** The versioned part of an agent: what a session snapshots. */
export const agentConfigColumns = () => ({
  name: text('name').notNull(),
  description: text('description'),
  instructions: text('instructions').notNull(),
  model: text('model').notNull(),
  connectionId: text('connection_id'),
  temperature: real('temperature'),
  maxSteps: integer('max_steps').notNull(),
  toolIds: json<string[]>('tool_ids').notNull(),
  /** The only agents this one may ask through call_agent (same tenant, never itself). */
  callableAgentIds: json<string[]>('callable_agent_ids').notNull().default([]),
  variables: json<Record<string, string>>('variables').notNull(),
  /** Knowledge bases of the same tenant the agent searches (search_knowledge, or before every turn). */
  knowledgeBaseIds: json<string[]>('knowledge_base_ids').notNull().default([]),
  knowledgeRetrieval: text('knowledge_retrieval', { enum: ['tool', 'always'] })
    .notNull()
    .default('tool'),
  runtime: text('runtime', { enum: ['edge', 'container'] }).notNull(),
  /** Files a person may attach to a message (knowledge/chat-file-settings.ts); migration 0028 sets the default. */
  attachments: json<AttachmentSettings>('attachments')
    .notNull()
    .$defaultFn(() => DEFAULT_ATTACHMENTS),
});

export const agents = sqliteTable(
  'agents',
  {
    id: id(),
    tenantId: tenantId(),
    slug: text('slug').notNull(),
    ...agentConfigColumns(),
    version: integer('version').notNull(),
    visibility: text('visibility', { enum: ['private', 'team', 'link', 'public'] })
      .notNull()
      .default('team'),
    createdBy: text('created_by'),
    /** Share link (visibility "link"): the salt its token is derived from, and the token's digest (lookup). */
    shareSalt: text('share_salt'),
    shareTokenHash: text('share_token_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('agents_tenant_slug_idx').on(t.tenantId, t.slug),
    index('agents_tenant_idx').on(t.tenantId, t.id),
    uniqueIndex('agents_share_token_hash_idx').on(t.shareTokenHash),
    index('agents_tenant_visibility_idx').on(t.tenantId, t.visibility, t.createdBy),
  ],
);
