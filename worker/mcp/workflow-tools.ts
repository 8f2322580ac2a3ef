// The tenant's workflows as MCP tools, next to the agents: `workflow_<slug>` takes the workflow's inputs (its
// definition's input schema); a call runs the current version (trigger `mcp`), waits up to WAIT_MS for it, and
// answers its output as text (plus the run id), or says it is still running.
import type { TenantDb } from '../db/tenant-db';
import type { WorkflowRow } from '../db/tenant-db';
import { AppError } from '../errors';
import { runAndWait } from '../services/workflow-runs';
import { inputsJsonSchema, runOutcome } from '../services/workflow-tool-schema';
import type { ToolCallContext } from './agent-tools';
import { RPC, RpcError } from './json-rpc';

export const WORKFLOW_TOOL_PREFIX = 'workflow_';
const LISTED = 100;
/** How long a call waits for the run before answering "still running" (mutable for tests). */
export const MCP_WORKFLOW_WAIT = { ms: 50_000 };

export function workflowTool(w: Pick<WorkflowRow, 'slug' | 'name' | 'description' | 'definition'>) {
  const about = w.description?.trim() || `Run the ${w.name} workflow.`;
  return {
    name: `${WORKFLOW_TOOL_PREFIX}${w.slug}`,
    title: w.name,
    description: `${about} Runs the workflow with these inputs and answers its output (or its run id, if it takes longer).`,
    inputSchema: inputsJsonSchema(w.definition),
    annotations: { title: w.name, readOnlyHint: false, openWorldHint: true },
  };
}

/** The tenant's newest workflows as tools (listed on the first page of tools/list). */
export async function listWorkflowTools(db: TenantDb) {
  const rows = await db.workflows.list({ limit: LISTED, cursor: null });
  return rows.slice(0, LISTED).map(workflowTool);
}

const toolError = (text: string) => ({ content: [{ type: 'text', text }], isError: true });

export async function callWorkflowTool(ctx: ToolCallContext & { createdBy: string | null }, name: string, args: unknown) {
  const wf = await ctx.db.workflows.getBySlug(name.slice(WORKFLOW_TOOL_PREFIX.length));
  if (!wf) throw new RpcError(RPC.invalidParams, `Unknown tool: ${name}`);
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args)))
    throw new RpcError(RPC.invalidParams, 'arguments must be an object');
  let run;
  try {
    run = await runAndWait(
      ctx.env,
      {
        tenantId: ctx.db.tenantId,
        workflow: { id: wf.id, version: wf.version, definition: wf.definition },
        inputs: (args ?? {}) as Record<string, unknown>,
        trigger: { kind: 'mcp', id: null },
        createdBy: ctx.createdBy,
      },
      MCP_WORKFLOW_WAIT.ms,
    );
  } catch (e) {
    if (e instanceof AppError && e.status < 500) {
      const details = e.details?.map((d) => `${d.path} ${d.message}`).join('; ');
      return toolError(`${wf.name} did not start: ${e.message}${details ? ` (${details})` : ''}`);
    }
    throw e;
  }
  const out = runOutcome(run);
  const structured = { run_id: run.id, status: run.status, output: run.status === 'succeeded' ? run.output : null };
  if (!out.ok) return { ...toolError(out.text), structuredContent: structured };
  return {
    content: [
      { type: 'text', text: out.text },
      { type: 'text', text: `run_id: ${run.id}` },
    ],
    structuredContent: structured,
  };
}
