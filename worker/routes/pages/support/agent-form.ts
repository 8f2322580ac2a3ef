// The agent builder's form ↔ the agents API patch: field values as typed, {{variables}} detected from the
// instructions (their defaults come from `var.<name>` fields), and per-field error messages people can act on.
import type { AgentConfig, AgentRow } from '../../../db/tenant-db';
import { AppError } from '../../../errors';
import { validate } from '../../../lib/validate';
import { updateAgentSchema } from '../../../services/agents';
import { BUILTIN_VARIABLES, templateVariables } from '../../../services/template';
import { type AttachmentSettings, CHAT_FILE_MAX_BYTES, CHAT_FILE_TYPES, attachmentsOf } from '../../../knowledge/chat-file-settings';
import { type FormBody, text, texts } from './page-helpers';

export type BuilderValues = {
  name: string;
  description: string;
  instructions: string;
  model: string;
  connection_id: string;
  temperature: string;
  max_steps: string;
  runtime: string;
  tool_ids: string[];
  callable_agent_ids: string[];
  knowledge_base_ids: string[];
  knowledge_retrieval: string;
  variables: Record<string, string>;
  /** Files in chat: the `attachments` setting as the form holds it (size in MB). */
  files_enabled: boolean;
  file_types: string[];
  file_max_mb: string;
};

/** The variables the instructions use that people fill in (built-ins are filled by the runtime). */
export const ownVariables = (instructions: string) => templateVariables(instructions).filter((v) => !(BUILTIN_VARIABLES as readonly string[]).includes(v));

export function builderValues(b: FormBody): BuilderValues {
  const instructions = text(b, 'instructions').replace(/\r\n/g, '\n');
  return {
    name: text(b, 'name').trim(),
    description: text(b, 'description').trim(),
    instructions,
    model: text(b, 'model').trim(),
    connection_id: text(b, 'connection_id'),
    temperature: text(b, 'temperature').trim(),
    max_steps: text(b, 'max_steps').trim(),
    runtime: text(b, 'runtime') || 'edge',
    tool_ids: [...new Set(texts(b, 'tool_ids'))],
    callable_agent_ids: [...new Set(texts(b, 'callable_agent_ids'))],
    knowledge_base_ids: [...new Set(texts(b, 'knowledge_base_ids'))],
    knowledge_retrieval: text(b, 'knowledge_retrieval') || 'tool',
    variables: Object.fromEntries(ownVariables(instructions).map((v) => [v, text(b, `var.${v}`)])),
    files_enabled: text(b, 'attachments_enabled') === 'on',
    file_types: [...new Set(texts(b, 'attachment_types'))],
    file_max_mb: text(b, 'attachment_max_mb').trim(),
  };
}

export function agentValues(a: AgentRow | AgentConfig): BuilderValues {
  return {
    name: a.name,
    description: a.description ?? '',
    instructions: a.instructions,
    model: a.model,
    connection_id: a.connectionId ?? '',
    temperature: a.temperature === null ? '' : String(a.temperature),
    max_steps: String(a.maxSteps),
    runtime: a.runtime,
    tool_ids: a.toolIds,
    callable_agent_ids: a.callableAgentIds ?? [],
    knowledge_base_ids: a.knowledgeBaseIds ?? [],
    knowledge_retrieval: a.knowledgeRetrieval ?? 'tool',
    variables: a.variables,
    ...fileValues(attachmentsOf(a.attachments)),
  };
}

const MB = 1024 * 1024;
const fileValues = (s: AttachmentSettings) => ({
  files_enabled: s.enabled,
  file_types: s.types,
  file_max_mb: String(Math.round((s.max_bytes / MB) * 10) / 10),
});

/** Off with no type checked keeps every type (the form hides them); an empty size is the platform cap. */
function attachmentsPatch(v: BuilderValues) {
  const mb = v.file_max_mb === '' ? CHAT_FILE_MAX_BYTES / MB : Number(v.file_max_mb);
  return {
    enabled: v.files_enabled,
    types: v.file_types.length || v.files_enabled ? v.file_types : [...CHAT_FILE_TYPES],
    max_bytes: Number.isFinite(mb) ? Math.round(mb * MB) : -1,
  };
}

const FRIENDLY: Record<string, string> = {
  temperature: 'Use a number from 0 (focused) to 2 (creative), or leave it empty for the model’s default',
  max_steps: 'Use a whole number from 1 to 50',
  attachments: `Check at least one file type, and use a size from 0.1 to ${CHAT_FILE_MAX_BYTES / MB} MB`,
};

const num = (s: string) => (s === '' ? null : Number(s));

/** The update patch for the values; a 400 AppError (field details) when a field is not valid. */
export function builderPatch(v: BuilderValues) {
  try {
    return validate(updateAgentSchema, {
      name: v.name,
      description: v.description || null,
      instructions: v.instructions,
      model: v.model,
      connection_id: v.connection_id || null,
      temperature: num(v.temperature),
      max_steps: num(v.max_steps) ?? 8,
      runtime: v.runtime,
      tool_ids: v.tool_ids,
      callable_agent_ids: v.callable_agent_ids,
      knowledge_base_ids: v.knowledge_base_ids,
      knowledge_retrieval: v.knowledge_retrieval,
      variables: v.variables,
      attachments: attachmentsPatch(v),
    });
  } catch (e) {
    if (e instanceof AppError && e.details) {
      throw new AppError(
        e.code,
        'Some fields need attention',
        e.details.map((d) => ({ path: d.path, message: FRIENDLY[d.path.split('.')[0]!] ?? d.message })),
      );
    }
    throw e;
  }
}

/** Error paths of the agents service → builder fields. */
export const builderErrorField = (path: string) =>
  path.startsWith('tool_ids') ? 'tool_ids' : path.startsWith('variables') ? 'variables' : path.split('.')[0]!;
// (callable_agent_ids.N → callable_agent_ids, by the split above.)
