// Types of openapi-to-ts.mjs for the TypeScript callers (the drift test).
/** The TypeScript module for an OpenAPI document: its component schemas, then its operations' request bodies. */
export function openApiToTs(document: object, options: { banner: string }): string;
