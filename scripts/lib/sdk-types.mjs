// Where the SDK's generated types live and the header they start with (gen-sdk-types.mjs and its drift test).
export const SDK_TYPES_PATH = 'sdk/src/generated/api.ts';
export const SDK_TYPES_BANNER = [
  '// Generated from the OpenAPI document (GET /api/v1/openapi.json) by scripts/gen-sdk-types.mjs: do not edit.',
  "// Change the zod schemas in worker/schemas/ (or a route's body schema), then run `npm run sdk:types`.",
].join('\n');
