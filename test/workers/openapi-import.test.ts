// OpenAPI import (POST /api/v1/tools/import/openapi, worker/tools/openapi/): realistic 3.0 (YAML) and 3.1 (JSON)
// specs with $refs become http tools with sensible names, descriptions and schemas; an imported tool works in a
// chat turn; invalid specs get clear errors.
import { describe, expect, it, inject } from 'vitest';
import petstore from '../fixtures/openapi/petstore-3.0.yaml?raw';
import tasks from '../fixtures/openapi/tasks-3.1.json?raw';
import { api, expectError, post, signup } from './helpers';

const API = inject('toolsApiUrl');

const byName = (data: any[]) => Object.fromEntries(data.map((t) => [t.name, t]));

describe('OpenAPI 3.0 (YAML) import', () => {
  it('turns each JSON operation into a tool, resolving $refs, relative to the connection', async () => {
    const a = await signup();
    const conn = await post(a, '/api/v1/connections', {
      name: 'Petstore',
      kind: 'http',
      base_url: `${API}/echo`,
      auth: { type: 'bearer', secret: 'pet-secret-123456' },
    });
    const r = await post(a, '/api/v1/tools/import/openapi', { spec: petstore, connection_id: conn.id });
    const t = byName(r.data);
    expect(Object.keys(t).sort()).toEqual(['createCategory', 'createPet', 'deletePet', 'listCategories', 'listPets', 'showPetById', 'updatePet']);
    expect(r.skipped).toEqual([{ operation: 'POST /pets/{petId}/photo', operationId: 'uploadPhoto', reason: expect.stringContaining('multipart/form-data') }]);
    for (const tool of r.data) expect(tool).toMatchObject({ kind: 'http', connection_id: conn.id, builtin: false });

    expect(t.listPets.description).toBe('List all pets\n\nReturns the pets in the store, newest first.');
    expect(t.listPets.config).toEqual({ method: 'GET', url: '/v1/pets', query: ['limit', 'tags'], headers: { 'X-Request-Source': '{X-Request-Source}' } });
    expect(t.listPets.parameters).toEqual({
      type: 'object',
      properties: {
        limit: { type: 'integer', format: 'int32', minimum: 1, maximum: 100, description: 'How many items to return at one time (max 100)' },
        tags: { type: 'array', items: { type: 'string' }, description: 'Only pets with these tags' },
        'X-Request-Source': { type: 'string', enum: ['web', 'agent'] },
      },
    });
    // the object body is flattened; readOnly id is dropped; 3.0 nullable becomes a null type
    expect(t.createPet.config).toEqual({ method: 'POST', url: '/v1/pets', body: 'json' });
    expect(t.createPet.parameters).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, examples: ['Rex'] },
        tag: { type: ['string', 'null'] },
        status: { type: 'string', enum: ['available', 'pending', 'sold'], default: 'available' },
      },
      required: ['name'],
    });
    expect(t.showPetById.parameters).toEqual({
      type: 'object',
      properties: { petId: { type: 'integer', format: 'int64', minimum: 1, description: 'The id of the pet' } },
      required: ['petId'],
    });
    expect(t.showPetById.config).toEqual({ method: 'GET', url: '/v1/pets/{petId}' });
    expect(t.updatePet.config).toEqual({ method: 'PATCH', url: '/v1/pets/{petId}', body_param: 'body' });
    expect(t.updatePet.parameters.properties.body.allOf[0].properties.name).toEqual({ type: 'string', minLength: 1, examples: ['Rex'] });
    expect(t.deletePet.description).toBe('(Deprecated) Delete a pet');
    expect(t.createCategory.parameters.properties.parent).toEqual({ type: 'object', description: 'Category (recursive, not expanded)' });

    // an imported tool works in a chat turn: the echo API shows the request it built
    const agent = await post(a, '/api/v1/agents', { name: 'Pets', model: 'edgent-test', tool_ids: [t.listPets.id, t.createPet.id] });
    const s = await post(a, `/api/v1/agents/${agent.id}/sessions`, {});
    await post(
      a,
      `/api/v1/sessions/${s.id}/messages`,
      { content: '[[tool:listPets {"limit":5,"tags":["cat","dog"],"X-Request-Source":"agent"}]] [[tool:createPet {"name":"Rex","tag":null}]]' },
      200,
    );
    const steps = ((await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).json()) as any).data.filter((x: any) => x.type === 'tool');
    const [list, create] = steps.map((x: any) => JSON.parse(x.output));
    expect(list).toMatchObject({
      method: 'GET',
      path: '/echo/v1/pets',
      query: { limit: '5', tags: 'dog' },
      headers: { 'x-request-source': 'agent', authorization: 'Bearer [redacted]' },
    });
    expect(create).toMatchObject({ method: 'POST', path: '/echo/v1/pets', body: { name: 'Rex', tag: null } });
  });
});

describe('OpenAPI 3.1 (JSON) import', () => {
  it('uses the server URL with its variables, path item $refs, 3.1 types and array bodies', async () => {
    const a = await signup();
    const r = await post(a, '/api/v1/tools/import/openapi', { spec: tasks, prefix: 'tasks' });
    const t = byName(r.data);
    expect(Object.keys(t).sort()).toEqual([
      'tasks_comments_replace',
      'tasks_get_tasks_taskId_comments',
      'tasks_tasks_create',
      'tasks_tasks_delete',
      'tasks_tasks_get',
      'tasks_tasks_list',
    ]);
    expect(t.tasks_tasks_list.config).toEqual({ method: 'GET', url: 'https://eu.tasks.example.com/api/v2/tasks', query: ['status', 'assignee', 'page_size'] });
    expect(t.tasks_tasks_list.parameters.properties).toEqual({
      status: { type: 'string', enum: ['todo', 'doing', 'done'] },
      assignee: { type: ['string', 'null'], description: 'User id, or null for unassigned' },
      page_size: { type: 'integer', exclusiveMinimum: 0, maximum: 50 },
    });
    expect(t.tasks_tasks_create).toMatchObject({
      description: 'Create a task\n\nCreates a task. The title is required.',
      config: { method: 'POST', body: 'json' },
    });
    expect(t.tasks_tasks_create.parameters.properties.status).toEqual({
      type: 'string',
      enum: ['todo', 'doing', 'done'],
      description: 'Initial status (todo when omitted)',
    });
    expect(t.tasks_tasks_create.parameters.properties.kind).toEqual({ const: 'task' });
    expect(t.tasks_tasks_create.parameters.required).toEqual(['title']);
    expect(t.tasks_tasks_get.config.url).toBe('https://eu.tasks.example.com/api/v2/tasks/{taskId}');
    expect(t.tasks_tasks_get.parameters.properties.taskId).toEqual({ type: 'string', pattern: '^tsk_[a-z0-9]+$' });
    expect(t.tasks_comments_replace.config).toEqual({ method: 'PUT', url: 'https://eu.tasks.example.com/api/v2/tasks/{taskId}/comments', body_param: 'body' });
    expect(t.tasks_comments_replace.parameters.required).toEqual(['taskId', 'body']);
    expect(t.tasks_get_tasks_taskId_comments.description).toBe('List the comments of a task');
    // importing the same spec again clashes by name (409, nothing created); another prefix works
    const clash = await expectError(await api('/api/v1/tools/import/openapi', { body: { spec: tasks, prefix: 'tasks' }, as: a }), 409, 'conflict');
    expect(clash.details).toHaveLength(6);
    const only = await post(a, '/api/v1/tools/import/openapi', { spec: JSON.parse(tasks), prefix: 'v2', operations: ['tasks.get', 'DELETE /tasks/{taskId}'] });
    expect(only.data.map((x: any) => x.name).sort()).toEqual(['v2_tasks_delete', 'v2_tasks_get']);
  });
});

describe('OpenAPI import: errors', () => {
  const spec = (extra: Record<string, unknown>) => ({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths: { '/x': { get: { operationId: 'getX' } } },
    ...extra,
  });
  const cases: [string, unknown, RegExp][] = [
    ['invalid YAML', 'openapi: 3.0.0\npaths: [unclosed', /neither valid JSON nor valid YAML/],
    ['invalid JSON', '{"openapi": "3.0.0",', /neither valid JSON nor valid YAML/],
    ['a Swagger 2.0 document', { swagger: '2.0', paths: {} }, /Swagger 2\.0.*only OpenAPI 3\.0 and 3\.1/],
    ['no openapi field', { paths: { '/x': {} } }, /Only OpenAPI 3\.0 and 3\.1/],
    ['no paths', spec({ paths: {} }), /no paths/],
    [
      'an external $ref',
      spec({ paths: { '/x': { get: { parameters: [{ $ref: 'common.yaml#/p' }] } } } }),
      /External \$ref .*common\.yaml#\/p.* bundle the spec/,
    ],
    ['a $ref to nothing', spec({ paths: { '/x': { get: { parameters: [{ $ref: '#/components/parameters/nope' }] } } } }), /points to nothing/],
    ['no server URL and no connection', spec({ servers: [] }), /no absolute server URL.*connection_id/],
    ['a server on the metadata address', spec({ servers: [{ url: 'http://169.254.169.254/latest' }] }), /network guard/],
    [
      'only multipart operations',
      spec({ paths: { '/u': { post: { requestBody: { content: { 'multipart/form-data': {} } } } } } }),
      /no operation that can become a tool/,
    ],
    ['a YAML scalar', 'just text', /must be an OpenAPI document/],
  ];
  for (const [what, body, message] of cases) {
    it(`answers 400 for ${what}`, async () => {
      const a = await signup();
      const err = await expectError(await api('/api/v1/tools/import/openapi', { body: { spec: body }, as: a }), 400, 'validation_failed');
      expect(JSON.stringify(err)).toMatch(message);
      expect(((await (await api('/api/v1/tools?builtin=false', { as: a })).json()) as any).data).toEqual([]);
    });
  }

  it('answers 400 for unknown operations, an MCP connection, or a bad prefix', async () => {
    const a = await signup();
    const mcp = await post(a, '/api/v1/connections', { name: 'M', kind: 'mcp', base_url: 'https://mcp.example.com', auth: { type: 'none' } });
    const e1 = await expectError(await api('/api/v1/tools/import/openapi', { body: { spec: spec({}), operations: ['getX', 'nope'] }, as: a }), 400);
    expect(e1.details).toEqual([{ path: 'operations', message: 'No operation nope' }]);
    const e2 = await expectError(await api('/api/v1/tools/import/openapi', { body: { spec: spec({}), connection_id: mcp.id }, as: a }), 400);
    expect(e2.details).toEqual([{ path: 'connection_id', message: 'Use an http connection with a base_url' }]);
    const e3 = await expectError(await api('/api/v1/tools/import/openapi', { body: { spec: spec({}), prefix: 'bad prefix!' }, as: a }), 400);
    expect(e3.details!.map((d) => d.path)).toEqual(['prefix']);
  });
});
