// The compatibility suite's generated client types (test/compat-generated/openapi.ts) are what openapi-typescript
// makes of the OpenAPI document today: regenerated here in memory, they must equal the committed file, so a schema
// change without `npm run sdk:types` fails the suite, as a third-party generator would see it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_CLIENT_TYPES_PATH, openApiClientTypes } from '../../scripts/lib/openapi-client-types.mjs';
import { buildDocument } from '../../worker/openapi/document';

// Generating the types of the whole document takes seconds on a loaded machine (and the document keeps growing).
describe('the openapi-typescript client types of the OpenAPI document', { timeout: 30_000 }, () => {
  it('are committed as generated (run npm run sdk:types after changing a schema)', async () => {
    const committed = readFileSync(new URL(`../../${OPENAPI_CLIENT_TYPES_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(await openApiClientTypes(buildDocument()));
  });

  it('change when a schema changes, and type every operation the routes declare', async () => {
    const doc = buildDocument() as any;
    const before = await openApiClientTypes(doc);
    for (const [path, item] of Object.entries<Record<string, { operationId?: string }>>(doc.paths)) {
      expect(before).toContain(`    ${JSON.stringify(path)}: {`);
      for (const op of Object.values(item)) if (op?.operationId) expect(before).toContain(`    ${op.operationId}: {`);
    }
    doc.components.schemas.Agent.properties.color = { type: 'string', description: 'A new field' };
    const after = await openApiClientTypes(doc);
    expect(after).not.toBe(before);
    expect(after).toMatch(/\/\*\* @description A new field \*\/\n\s+color\?: string;/);
  });
});
