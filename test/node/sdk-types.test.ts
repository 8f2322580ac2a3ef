// The SDK's types (sdk/src/generated/api.ts) are what scripts/gen-sdk-types.mjs makes of the OpenAPI document:
// regenerated here in memory, they must equal the committed file, so a schema change without `npm run sdk:types`
// fails the suite. Also checks the JSON Schema → TypeScript translation on the shapes the document uses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiToTs } from '../../scripts/lib/openapi-to-ts.mjs';
import { SDK_TYPES_BANNER, SDK_TYPES_PATH } from '../../scripts/lib/sdk-types.mjs';
import { buildDocument } from '../../worker/openapi/document';

const generate = (doc: object) => openApiToTs(doc, { banner: SDK_TYPES_BANNER });

describe('the SDK types generated from the OpenAPI document', () => {
  it('are committed as generated (run npm run sdk:types after changing a schema)', () => {
    const committed = readFileSync(new URL(`../../${SDK_TYPES_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(generate(buildDocument()));
  });

  it('change when a schema changes', () => {
    const doc = buildDocument() as any;
    const before = generate(doc);
    doc.components.schemas.Agent.properties.color = { type: 'string', description: 'A new field' };
    const after = generate(doc);
    expect(after).not.toBe(before);
    expect(after).toContain('  /** A new field */\n  color?: string;');
  });

  it('carry the document’s shapes: refs, nullables, enums, unions, records and request bodies', () => {
    const ts = generate(buildDocument());
    expect(ts).toContain("export type MessageStatus = 'completed' | 'interrupted' | 'cancelled' | 'failed';");
    expect(ts).toMatch(/export type Reply = \{\n {2}message: Message \| null;\n {2}usage: Usage;\n {2}steps: TraceStep\[\];\n {2}status: MessageStatus;\n\};/);
    expect(ts).toMatch(/export type ChatEvent = \{\n {2}type: 'message\.delta';[\s\S]*\} \| \{\n {2}type: 'tool\.call';\n {2}data: ToolCall;\n\}/);
    expect(ts).toContain('  variables: Record<string, string>;');
    expect(ts).toContain("    code: 'validation_failed' | 'invalid_json' | ");
    expect(ts).toMatch(/export type CreateAgentBody = \{\n {2}name: string;\n {2}slug\?: string;/);
    expect(ts).toContain('export type McpBody = JsonRpcRequest;');
  });

  it('translates JSON Schema as zod writes it', () => {
    const ts = generate({
      components: {
        schemas: {
          Pair: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
          Open: { type: 'object', properties: { kind: { type: 'string', const: "it's" } }, required: ['kind'], additionalProperties: {} },
          Both: { allOf: [{ $ref: '#/components/schemas/Open' }, { type: 'object', properties: { 'x-y': { type: ['number', 'null'] } } }] },
          Any: {},
        },
      },
      paths: {},
    });
    expect(ts).toContain('export type Pair = (string | number)[];');
    expect(ts).toContain("export type Open = {\n  kind: 'it\\'s';\n  [key: string]: unknown;\n};");
    expect(ts).toContain("export type Both = Open & {\n  'x-y'?: number | null;\n};");
    expect(ts).toContain('export type Any = unknown;');
  });
});
