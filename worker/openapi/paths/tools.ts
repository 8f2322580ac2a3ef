// OpenAPI entries of worker/routes/api/tools.ts (the tenant's tools and the built-in ones, OpenAPI import).
import { z } from 'zod';
import { importOpenApiSchema } from '../../services/openapi-import';
import { createToolSchema, updateToolSchema } from '../../services/tools';
import { routeDocs } from '../registry';
import { forceQuery, pageQuery } from './common';

const id = { id: 'The tool id (`tol_…`)' };

export const docs = routeDocs([
  {
    method: 'post',
    path: '/api/v1/tools',
    operationId: 'createTool',
    tag: 'Tools',
    scopes: ['tools:write'],
    body: createToolSchema,
    summary: 'Create a tool',
    description: 'For `http`: `config = {method, url, headers?, query?, body?: "json"}`; `{param}` placeholders in the URL are filled from the arguments.',
    responses: { 201: { description: 'The tool', schema: 'Tool' } },
    errors: [409],
  },
  {
    method: 'get',
    path: '/api/v1/tools',
    operationId: 'listTools',
    tag: 'Tools',
    scopes: ['tools:read'],
    query: {
      ...pageQuery,
      kind: { schema: z.enum(['http', 'builtin', 'mcp', 'code']), description: 'Only tools of this kind' },
      builtin: { schema: z.enum(['true', 'false']), description: '`false` leaves the built-in tools out' },
    },
    summary: 'The built-in tools (first page) and the organization’s tools',
    responses: { 200: { description: 'A page of tools', schema: 'ToolList' } },
  },
  {
    method: 'post',
    path: '/api/v1/tools/import/openapi',
    operationId: 'importOpenApiTools',
    tag: 'Tools',
    scopes: ['tools:write'],
    body: importOpenApiSchema,
    summary: 'Create one http tool per operation of an OpenAPI 3.x spec',
    responses: { 201: { description: 'The tools and what was skipped', schema: 'ToolImport' } },
    errors: [409],
  },
  {
    method: 'get',
    path: '/api/v1/tools/{id}',
    operationId: 'getTool',
    tag: 'Tools',
    scopes: ['tools:read'],
    params: id,
    summary: 'Read a tool',
    responses: { 200: { description: 'The tool', schema: 'Tool' } },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/tools/{id}',
    operationId: 'updateTool',
    tag: 'Tools',
    scopes: ['tools:write'],
    params: id,
    body: updateToolSchema,
    summary: 'Change a tool (new sessions use the change)',
    responses: { 200: { description: 'The tool', schema: 'Tool' } },
    errors: [404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/tools/{id}',
    operationId: 'deleteTool',
    tag: 'Tools',
    scopes: ['tools:write'],
    params: id,
    query: forceQuery,
    summary: 'Delete a tool',
    description: '409 while agents use it, unless `force=true`.',
    responses: { 204: { description: 'Deleted' } },
    errors: [404, 409],
  },
]);
