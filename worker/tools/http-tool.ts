// Runner of `http` tools: validates the arguments against the tool's JSON Schema, builds the request, adds the
// connection's credential (only for the connection's own origin), calls through the SSRF guard, and answers text.
import { OutboundError, outboundFetch } from '../lib/outbound';
import { applyConnectionAuth, redactAll, sameOrigin } from './connection-auth';
import { buildHttpRequest, httpConfigSchema } from './http-request';
import { validateArgs } from './json-schema';
import type { ToolSpec } from '../llm/snapshot';
import type { ToolContext, ToolResult } from './types';
import { responseText } from './response-text';

const TIMEOUT_MS = 30_000;
/** Read up to this much of an answer; the registry then caps what the model sees. */
const READ_BYTES = 512 * 1024;
const ERROR_EXCERPT = 1500;

export async function runHttpTool(spec: ToolSpec, args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  const problems = validateArgs(spec.parameters, args);
  if (problems.length) return { ok: false, output: `Invalid arguments for ${spec.name}: ${problems.join('; ')}` };
  const config = httpConfigSchema.safeParse(spec.config);
  if (!config.success) return { ok: false, output: `The tool ${spec.name} is misconfigured: ${config.error.issues[0]?.message}` };
  const conn = spec.connectionId ? ctx.connection(spec.connectionId) : undefined;
  if (spec.connectionId && !conn) return { ok: false, output: `The connection of ${spec.name} no longer exists; ask the agent's owner to fix the tool.` };

  let req;
  try {
    req = buildHttpRequest(config.data, args, conn?.baseUrl ?? null);
  } catch (e) {
    return { ok: false, output: `${spec.name}: ${(e as Error).message}` };
  }
  const redactions: string[] = [];
  if (conn && conn.authType !== 'none' && sameOrigin(req.url, conn.baseUrl)) {
    redactions.push(...applyConnectionAuth(conn, await ctx.secretFor(conn.id), req.url, req.headers));
  }
  const where = `${req.method} ${req.url.origin}${req.url.pathname}`;
  try {
    const fetcher = outboundFetch(ctx.env, { timeoutMs: TIMEOUT_MS });
    const res = await fetcher(req.url, { method: req.method, headers: req.headers, body: req.body, signal: ctx.signal });
    const body = await responseText(res, READ_BYTES, req.url.href);
    const output = res.ok
      ? body.text || `HTTP ${res.status} (no content)`
      : `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${where}: ${body.text.slice(0, ERROR_EXCERPT) || '(no body)'}`;
    return { ok: res.ok, output: redactAll(output, redactions) };
  } catch (e) {
    if (ctx.signal.aborted) return { ok: false, output: `${spec.name} was cancelled` };
    const reason = e instanceof OutboundError ? e.message : `the request failed (${e instanceof Error ? e.message : String(e)})`;
    return { ok: false, output: redactAll(`${where}: ${reason}`, redactions) };
  }
}
