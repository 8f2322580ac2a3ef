// Types of openapi-client-types.mjs for the TypeScript callers (the drift test).
export declare const OPENAPI_CLIENT_TYPES_PATH: string;
export declare const OPENAPI_CLIENT_TYPES_BANNER: string;
export declare function openApiClientTypes(doc: object): Promise<string>;
