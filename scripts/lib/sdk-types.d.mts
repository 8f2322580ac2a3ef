// Types of sdk-types.mjs for the TypeScript callers (the drift test).
export const SDK_TYPES_PATH: string;
export const SDK_TYPES_BANNER: string;
