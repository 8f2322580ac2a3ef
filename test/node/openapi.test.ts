// The OpenAPI document (worker/openapi/) is valid OpenAPI 3.1 by an independent validator, and internally sound:
// unique operation ids, every $ref resolves, request bodies come from the routes' zod schemas.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../worker/errors';
import { buildDocument } from '../../worker/openapi/document';
import { ERROR_STATUS_TEXT } from '../../worker/schemas/errors';
import { NATIVE_GUIDES } from '../../views/docs/guides';

const doc = buildDocument() as any;
const operations = Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.entries<any>(item).map(([method, op]) => ({ path, method, op })));

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // the validator does catch mistakes: a response needs a description
    const broken = structuredClone(doc);
    delete broken.paths['/v1/models'].get.responses['200'].description;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('has unique operation ids and no dangling $ref', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of refs(doc)) {
      const [, section, name] = /^#\/components\/(schemas|headers)\/(.+)$/.exec(ref) ?? [];
      expect(section && doc.components[section][name!], ref).toBeTruthy();
    }
  });

  it('describes request bodies from the validating zod schemas, with their rules', () => {
    const create = doc.paths['/api/v1/agents'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(['name', 'model']);
    expect(create.properties.max_steps).toMatchObject({ type: 'integer', minimum: 1, maximum: 50, default: 8 });
    expect(create.additionalProperties).toBe(false);
    const chat = doc.paths['/v1/chat/completions'].post;
    expect(chat.requestBody.content['application/json'].schema.required).toEqual(['model', 'messages']);
    expect(chat.security).toEqual([{ bearerAuth: [] }]);
    expect(chat['x-scopes']).toEqual(['agents:read', 'sessions:write']);
    expect(chat.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/OpenAIError');
  });

  it('documents errors, scopes and rate limits on every authenticated route', () => {
    for (const { path, method, op } of operations) {
      // The visitor APIs (widget, share links, marketplace try-it) have their own limits, documented where they apply.
      if (op.security.length === 0 || path.startsWith('/embed/') || path.startsWith('/s/') || /^\/marketplace\/\{slug\}\/try\/api\//.test(path)) continue;
      expect(op.responses['401'], `${method} ${path}`).toBeDefined();
      expect(op.responses['429'], `${method} ${path}`).toBeDefined();
      if (op['x-scopes']) expect(op.responses['403'], `${method} ${path}`).toBeDefined();
    }
  });

  it('lists the error codes of the code table, each under its status', () => {
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(Object.keys(ERROR_STATUS));
    const send = doc.paths['/api/v1/sessions/{id}/messages'].post.responses;
    expect(send['400'].description).toContain('Codes: `validation_failed`, `invalid_json`, `bad_request`');
    expect(send['404'].description).toContain('Code: `not_found`');
    const model = doc.paths['/v1/models/{model}'].get.responses['404'];
    expect(model.content['application/json'].schema.$ref).toBe('#/components/schemas/OpenAIError');
    expect(model.description).not.toContain('Code');
  });

  it('explains every status of the code table, and the errors guide lists every code', () => {
    for (const status of new Set(Object.values(ERROR_STATUS))) expect(ERROR_STATUS_TEXT[status], `status ${status}`).toBeTruthy();
    const guide = NATIVE_GUIDES.find((g) => g.id === 'errors')!.body;
    for (const [code, status] of Object.entries(ERROR_STATUS)) expect(guide).toMatch(new RegExp(`\\*\\*${status}\\*\\* [^\\n]*\`${code}\``));
  });

  it('describes the chat event stream with the schema the runtime emits', () => {
    const stream = doc.paths['/api/v1/sessions/{id}/messages'].post.responses['200'].content['text/event-stream'].schema;
    expect(stream['x-sse-event']).toEqual({ $ref: '#/components/schemas/ChatEvent' });
    const types = doc.components.schemas.ChatEvent.oneOf.map((e: any) => e.properties.type.const);
    expect(types).toEqual(['message.delta', 'tool.call', 'tool.result', 'message.citations', 'message.completed', 'error']);
    expect(doc.components.schemas.Reply.description).toMatch(/finished turn/);
  });
});
