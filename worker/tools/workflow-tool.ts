// Workflow tools: an agent lists a workflow (`wfl_…`) in its tool_ids and the model may call it like any tool, named
// `workflow_<slug>`, its parameters the workflow's inputs. A call runs the version pinned in the conversation's
// snapshot (trigger `agent`), waits up to the tool's wait_seconds, and answers the run's output, why it failed, or
// that it is still running with its run id.
import type { ToolSpec } from '../llm/snapshot';
import type { WorkflowDefinition } from '../schemas/workflows';
import { runOutcome } from '../services/workflow-tool-schema';
import type { ToolContext, ToolResult } from './types';

/** How long a call waits for its run by default (and at most). */
export const WORKFLOW_TOOL_WAIT_S = { default: 30, max: 120 };

export const isWorkflowRef = (id: string) => id.startsWith('wfl_');

/** A tool name the model APIs accept (`^[A-Za-z0-9_-]{1,64}$`) for a workflow's slug. */
export const workflowToolName = (slug: string) => `workflow_${slug.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);

export async function runWorkflowTool(spec: ToolSpec, args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  if (!ctx.runWorkflow) return { ok: false, output: `${spec.name} cannot be run from here (workflows do not call workflows as tools)` };
  const c = spec.config as { workflow_id?: string; version?: number; definition?: WorkflowDefinition; wait_seconds?: number };
  if (!c.workflow_id || !c.version || !c.definition) return { ok: false, output: `${spec.name} is not configured` };
  const waitS = Math.min(Math.max(1, c.wait_seconds ?? WORKFLOW_TOOL_WAIT_S.default), WORKFLOW_TOOL_WAIT_S.max);
  try {
    const run = await ctx.runWorkflow({ id: c.workflow_id, version: c.version, definition: c.definition }, args, waitS * 1000);
    const out = runOutcome(run);
    return { ok: out.ok, output: out.text };
  } catch (e) {
    const details = (e as { details?: { path: string; message: string }[] }).details?.map((d) => `${d.path} ${d.message}`).join('; ');
    return { ok: false, output: `${spec.name} did not start: ${e instanceof Error ? e.message : String(e)}${details ? ` (${details})` : ''}` };
  }
}
