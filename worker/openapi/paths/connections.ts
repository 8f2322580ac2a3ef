// OpenAPI entries of worker/routes/api/connections.ts (credentials for models and tools; secrets are write-only).
import { createConnectionSchema, updateConnectionSchema } from '../../services/connections';
import { routeDocs } from '../registry';
import { forceQuery, pageQuery } from './common';

const id = { id: 'The connection id (`con_…`)' };

export const docs = routeDocs([
  {
    method: 'post', path: '/api/v1/connections', operationId: 'createConnection', tag: 'Connections', scopes: ['connections:write'], body: createConnectionSchema,
    summary: 'Add a connection (a model provider, an HTTP API or an MCP server)', description: 'The secret is envelope-encrypted; answers show only `auth.hint`.',
    responses: { 201: { description: 'The connection', schema: 'Connection' } }, errors: [409],
  },
  { method: 'get', path: '/api/v1/connections', operationId: 'listConnections', tag: 'Connections', scopes: ['connections:read'], query: pageQuery, summary: 'List connections', responses: { 200: { description: 'A page of connections', schema: 'ConnectionList' } } },
  { method: 'get', path: '/api/v1/connections/{id}', operationId: 'getConnection', tag: 'Connections', scopes: ['connections:read'], params: id, summary: 'Read a connection', responses: { 200: { description: 'The connection', schema: 'Connection' } }, errors: [404] },
  {
    method: 'patch', path: '/api/v1/connections/{id}', operationId: 'updateConnection', tag: 'Connections', scopes: ['connections:write'], params: id, body: updateConnectionSchema,
    summary: 'Change a connection', description: 'Leave `auth.secret` out to keep the stored secret.',
    responses: { 200: { description: 'The connection', schema: 'Connection' } }, errors: [404, 409],
  },
  {
    method: 'delete', path: '/api/v1/connections/{id}', operationId: 'deleteConnection', tag: 'Connections', scopes: ['connections:write'], params: id, query: forceQuery,
    summary: 'Delete a connection', description: '409 while agents or tools use it, unless `force=true`.', responses: { 204: { description: 'Deleted' } }, errors: [404, 409],
  },
  {
    method: 'post', path: '/api/v1/connections/{id}/test', operationId: 'testConnection', tag: 'Connections', scopes: ['connections:write'], params: id,
    summary: 'Check that the connection works, with its credential', responses: { 200: { description: 'The result', schema: 'ConnectionTest' } }, errors: [404],
  },
  {
    method: 'post', path: '/api/v1/connections/{id}/tools', operationId: 'discoverMcpTools', tag: 'Tools', scopes: ['connections:read', 'tools:write'], params: id,
    summary: 'MCP connections: create or refresh one tool per server tool', responses: { 200: { description: 'What changed', schema: 'McpDiscovery' } }, errors: [400, 404, 502],
  },
]);
