// The tenant's agents as MCP prompts: one per agent, named by its slug, whose arguments are the agent's declared
// {{variables}} (each optional: the agent's default fills it); prompts/get answers the instructions filled in.
import type { AgentRow, TenantDb } from '../db/tenant-db';
import { findAgentByRef, listAgents } from '../services/agents';
import { BUILTIN_VARIABLES, renderTemplate, templateVariables } from '../services/template';
import { RPC, RpcError } from './json-rpc';

const PAGE = 100;

function promptArguments(a: AgentRow) {
  const used = new Set(templateVariables(a.instructions));
  return Object.entries(a.variables).map(([name, fallback]) => ({
    name,
    description: `${used.has(name) ? '' : 'Not used by the instructions. '}Default: ${fallback ? JSON.stringify(fallback) : '(empty)'}`,
    required: false,
  }));
}

export function agentPrompt(a: AgentRow) {
  const about = a.description?.trim() || `The instructions of the ${a.name} agent.`;
  return { name: a.slug, title: a.name, description: about, arguments: promptArguments(a) };
}

/** One page of prompts, newest agents first; the cursor is the last agent id of the previous page. */
export async function listAgentPrompts(db: TenantDb, cursor: unknown) {
  if (cursor !== undefined && (typeof cursor !== 'string' || !/^agt_[0-9a-z]{24}$/.test(cursor))) throw new RpcError(RPC.invalidParams, 'Invalid cursor');
  const rows = await listAgents(db, { limit: PAGE, cursor: (cursor as string | undefined) ?? null });
  const page = rows.slice(0, PAGE);
  return { prompts: page.map(agentPrompt), ...(rows.length > PAGE ? { nextCursor: page[PAGE - 1]!.id } : {}) };
}

/** The agent's instructions with the caller's arguments over its defaults (and the built-ins the runtime fills). */
export async function getAgentPrompt(db: TenantDb, name: unknown, args: unknown, now = new Date()) {
  if (typeof name !== 'string' || !name) throw new RpcError(RPC.invalidParams, 'Pass "name": the prompt to get');
  const agent = /^[a-z0-9-]{1,64}$/.test(name) ? await findAgentByRef(db, name) : undefined;
  if (!agent || agent.slug !== name) throw new RpcError(RPC.invalidParams, `Unknown prompt: ${name}`);
  const given = (args ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) throw new RpcError(RPC.invalidParams, '"arguments" must be an object of strings');
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    if (!(k in agent.variables))
      throw new RpcError(RPC.invalidParams, `Unknown argument "${k}" for ${name}; its arguments: ${Object.keys(agent.variables).join(', ') || 'none'}`);
    if (typeof v !== 'string') throw new RpcError(RPC.invalidParams, `Argument "${k}" must be a string`);
    values[k] = v;
  }
  const builtins: Record<(typeof BUILTIN_VARIABLES)[number], string> = { current_date: now.toISOString().slice(0, 10), agent_name: agent.name };
  const text = renderTemplate(agent.instructions, { ...builtins, ...agent.variables, ...values });
  return {
    description: agent.description?.trim() || `The instructions of the ${agent.name} agent.`,
    messages: [{ role: 'user', content: { type: 'text', text } }],
  };
}
