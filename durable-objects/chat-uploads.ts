// Where a conversation's attached files appear for code tools: `uploads/<name>` in the run's working directory,
// decided once when the message is accepted (kept in the message's file JSON as `path`) so every later turn and the
// model's framing (worker/llm/user-file.ts) name the same path. Only for agents that can run code tools.
import type { AgentSnapshot } from '../worker/llm/snapshot';
import type { UserFile } from '../worker/llm/user-file';

/** Whether this conversation's agent runs code tools (container runtime and a code tool given). */
export const hasCodeTools = (s: AgentSnapshot) => s.runtime === 'container' && s.tools.some((t) => t.kind === 'code');

/** A file name safe as one path segment: letters, digits, `.`, `-`, `_`, spaces and parentheses; no leading dot. */
function safeName(name: string): string {
  const clean = name
    .replace(/[^\p{L}\p{N}._\- ()]/gu, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 120)
    .trim();
  return clean || 'file';
}

/** `uploads/<name>`, with ` (2)`, ` (3)`… before the extension when a file of the conversation already has it. */
export function uploadPath(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = safeName(name);
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  let path = `uploads/${base}`;
  for (let n = 2; used.has(path); n++) path = `uploads/${stem} (${n})${ext}`;
  return path;
}

/** The file with its `uploads/` path when code tools can see it (an original was kept and the agent has them). */
export function withUploadPath(file: UserFile | undefined, s: AgentSnapshot, taken: () => Iterable<string>): UserFile | undefined {
  if (!file?.id || file.path || !hasCodeTools(s)) return file;
  return { ...file, path: uploadPath(file.name, taken()) };
}
