/**
 * The OpenAPI route registry: each route module's documentation is a `docs: RouteDoc[]` array in
 * worker/openapi/paths/<module>.ts, listed in paths/index.ts. Request bodies are the very zod schemas the routes
 * validate with; responses name component schemas (the answer schemas of worker/schemas/, registered in schemas.ts)
 * or give a zod schema inline. A workers test checks that the documented routes and the app's routes (app.routes)
 * are the same set. A new answer shape: add its schema to worker/schemas/, type the service's *Json function with
 * its z.infer type, register it in schemas.ts and run `npm run sdk:types`.
 */
import type { z } from 'zod';
import type { Scope } from '../services/permissions';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * - `key`: an API key (Bearer) or a browser session cookie (with X-CSRF-Token on unsafe methods);
 * - `api_key`: a Bearer API key only (the OpenAI-compatible API, MCP);
 * - `visitor`: the widget's visitor token (Bearer) from an embed key; `none`: public.
 */
export type AuthKind = 'key' | 'api_key' | 'visitor' | 'none';

export type ResponseDoc = {
  description: string;
  /** A component name (schemas.ts), an inline zod schema, or nothing (no body). */
  schema?: string | z.ZodType;
  /** Also (or only, without `schema`) text/event-stream; a component name says what each event is (`ChatEvent`). */
  sse?: boolean | string;
  /** Another media type served as is (the docs page). */
  mediaType?: string;
  /** Also text/csv (asked for with `Accept: text/csv`): this text describes its columns. */
  csv?: string;
  headers?: Record<string, string>;
};

export type RouteDoc = {
  method: Method;
  /** OpenAPI style: `/api/v1/agents/{id}`. Path parameters are strings. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth?: AuthKind;
  /** Scopes an API key needs (403 `insufficient_scope` naming the first missing one). */
  scopes?: Scope[];
  params?: Record<string, string>;
  query?: Record<string, { schema: z.ZodType; description: string }>;
  /** The request body as validated by the route (`jsonBody(c, schema)`), or a component name for hand-parsed bodies. */
  body?: z.ZodType | string;
  bodyDescription?: string;
  /** The route also takes `multipart/form-data` (an upload) with these parts. */
  multipart?: z.ZodType;
  responses: Record<number, ResponseDoc>;
  /** Error statuses beyond the ones added for the auth kind (401, 403 with scopes, 429 for API keys). */
  errors?: number[];
  /** Marks routes a browser page uses with a cookie only; still public, still documented. */
  deprecated?: boolean;
};

/** Defines one module's docs (typed, so a typo in a field is a compile error). */
export const routeDocs = (docs: RouteDoc[]) => docs;
