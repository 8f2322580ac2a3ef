// OpenAPI entries of worker/routes/api/agents.ts (agents, versions, new sessions).
import { z } from 'zod';
import { createAgentSchema, updateAgentSchema } from '../../services/agents';
import { createSessionSchema } from '../../services/chat-sessions';
import { routeDocs } from '../registry';
import { pageQuery } from './common';

const id = { id: 'The agent id (`agt_…`)' };

export const docs = routeDocs([
  {
    method: 'post', path: '/api/v1/agents', operationId: 'createAgent', tag: 'Agents', scopes: ['agents:write'], body: createAgentSchema,
    summary: 'Create an agent', description: 'Instructions may use `{{variables}}` (declared in `variables`), `{{current_date}}` and `{{agent_name}}`. `tool_ids` takes tool ids, built-in ids (`tol_calculator`…) or MCP connection ids.',
    responses: { 201: { description: 'The agent, version 1', schema: 'Agent' } }, errors: [409],
  },
  {
    method: 'get', path: '/api/v1/agents', operationId: 'listAgents', tag: 'Agents', scopes: ['agents:read'],
    query: { ...pageQuery, q: { schema: z.string().max(100), description: 'Filter by name or slug' } },
    summary: 'List agents, newest first', responses: { 200: { description: 'A page of agents', schema: 'AgentList' } },
  },
  { method: 'get', path: '/api/v1/agents/{id}', operationId: 'getAgent', tag: 'Agents', scopes: ['agents:read'], params: id, summary: 'Read an agent', responses: { 200: { description: 'The agent', schema: 'Agent' } }, errors: [404] },
  {
    method: 'patch', path: '/api/v1/agents/{id}', operationId: 'updateAgent', tag: 'Agents', scopes: ['agents:write'], params: id, body: updateAgentSchema,
    summary: 'Change an agent (writes a new version)', description: 'Existing sessions keep the version they started with.',
    responses: { 200: { description: 'The agent, new version', schema: 'Agent' } }, errors: [404, 409],
  },
  { method: 'delete', path: '/api/v1/agents/{id}', operationId: 'deleteAgent', tag: 'Agents', scopes: ['agents:write'], params: id, summary: 'Delete an agent', responses: { 204: { description: 'Deleted' } }, errors: [404] },
  {
    method: 'get', path: '/api/v1/agents/{id}/versions', operationId: 'listAgentVersions', tag: 'Agents', scopes: ['agents:read'], params: id, query: pageQuery,
    summary: 'Version history, newest first', responses: { 200: { description: 'A page of versions', schema: 'AgentVersionList' } }, errors: [404],
  },
  {
    method: 'post', path: '/api/v1/agents/{id}/versions/{n}/restore', operationId: 'restoreAgentVersion', tag: 'Agents', scopes: ['agents:write'],
    params: { ...id, n: 'The version to restore' }, summary: 'Roll back to a version (writes a new version equal to it)',
    responses: { 200: { description: 'The agent, new version', schema: 'Agent' } }, errors: [400, 404],
  },
  {
    method: 'post', path: '/api/v1/agents/{id}/sessions', operationId: 'createSession', tag: 'Sessions', scopes: ['sessions:write'], params: id, body: createSessionSchema,
    summary: 'Start a conversation', description: 'Snapshots the agent’s current version; `variables` override the agent’s defaults for this conversation.',
    responses: { 201: { description: 'The session', schema: 'Session' } }, errors: [404],
  },
]);
