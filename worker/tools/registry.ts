/**
 * The tool registry of one turn: turns the agent snapshot's tools into OpenAI tool definitions and runs a call by
 * name. Each tool kind has a runner; later kinds (http, mcp, code) register here too.
 */
import type { ToolSpec } from '../llm/snapshot';
import { calculator } from './builtins/calculator';
import { callAgent } from './builtins/call-agent';
import { currentTime } from './builtins/current-time';
import { fetchUrl } from './builtins/fetch-url';
import { searchKnowledge } from './builtins/search-knowledge';
import { runCode } from './code-tools';
import { runHttpTool } from './http-tool';
import { runMcpTool } from './mcp-tool';
import { runWorkflowTool } from './workflow-tool';
import type { ToolContext, ToolResult } from './types';

type Runner = (spec: ToolSpec, args: Record<string, unknown>, ctx: ToolContext) => Promise<ToolResult> | ToolResult;

/** Tool output handed back to the model is capped so one tool cannot flood the context. */
export const MAX_TOOL_OUTPUT = 16_000;

const BUILTINS: Record<string, Runner> = {
  current_time: (_spec, args) => currentTime(args),
  fetch_url: (_spec, args, ctx) => fetchUrl(args, ctx),
  calculator: (_spec, args) => calculator(args),
  call_agent: (spec, args, ctx) => callAgent(args, ctx, spec),
  search_knowledge: searchKnowledge,
};

const RUNNERS: Partial<Record<ToolSpec['kind'], Runner>> = {
  code: runCode,
  http: runHttpTool,
  mcp: runMcpTool,
  workflow: runWorkflowTool,
  builtin: (spec, args, ctx) => {
    const run = BUILTINS[spec.name];
    return run ? run(spec, args, ctx) : { ok: false, output: `Built-in tool ${spec.name} is not available here` };
  },
};

export function toolDefinitions(tools: ToolSpec[]) {
  return tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));
}

function truncate(text: string): string {
  return text.length > MAX_TOOL_OUTPUT ? `${text.slice(0, MAX_TOOL_OUTPUT)}\n…[truncated ${text.length - MAX_TOOL_OUTPUT} characters]` : text;
}

/** Runs one call; a bad argument string, an unknown tool or a throwing runner becomes ok:false, never a crash. */
export async function runTool(tools: ToolSpec[], name: string, rawArgs: string, ctx: ToolContext): Promise<ToolResult> {
  const spec = tools.find((t) => t.name === name);
  if (!spec) return { ok: false, output: `Unknown tool "${name}". Available: ${tools.map((t) => t.name).join(', ') || 'none'}` };
  let args: Record<string, unknown>;
  try {
    const parsed: unknown = rawArgs.trim() ? JSON.parse(rawArgs) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    args = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, output: `The arguments for ${name} are not a JSON object: ${rawArgs.slice(0, 200)}` };
  }
  const runner = RUNNERS[spec.kind];
  if (!runner) return { ok: false, output: `Tools of kind ${spec.kind} cannot run in this runtime yet` };
  try {
    const r = await runner(spec, args, ctx);
    return { ok: r.ok, output: truncate(r.output), ...(r.files?.length ? { files: r.files } : {}) };
  } catch (e) {
    return { ok: false, output: `${name} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
