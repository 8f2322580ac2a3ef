// The type of worker/generated/static-files.ts, which scripts/build-static.mjs writes from views/static/ (npm run
// assets; npm start, npm test and npm run check build it first). Committed so a clean checkout type-checks.
export declare const STATIC_FILES: Readonly<Record<string, readonly [type: string, etag: string, text: string]>>;
