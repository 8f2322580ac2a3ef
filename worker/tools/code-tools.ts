/**
 * Code tools (run_python, run_javascript, run_shell): their catalog entries and the `code` runner the registry
 * uses. They run in the session's tool-runner (worker/tools/tool-runner.ts) and only for container-runtime agents.
 * The model gets a compact JSON summary; produced files come back as size-limited attachments.
 */
import { Buffer } from 'node:buffer';
import type { AttachmentJson } from '../llm/events';
import type { ToolSpec } from '../llm/snapshot';
import { codeToolRefusal, recordCodeTime } from '../services/budget-check';
import type { BuiltinTool, ToolContext, ToolResult } from './types';
import { runUploads } from './run-uploads';
import { type RunFileIn, type RunLanguage, type RunResult, ToolRunnerError, toolRunnerClient } from './tool-runner';

const LANGUAGES: Record<string, RunLanguage> = { run_python: 'python', run_javascript: 'javascript', run_shell: 'shell' };
const RUN_TIMEOUT_MS = 30_000;
/** Per stream, in characters, so the summary stays well under the registry's cap on tool output. */
const MAX_STREAM_CHARS = 6_000;
const MAX_ATTACHMENT_BYTES = 256 * 1024;
const MAX_ATTACHMENTS_BYTES = 768 * 1024; // a message row in the session's SQLite must stay far below 2 MB

const codeTool = (name: string, language: string, description: string): BuiltinTool => ({
  id: `tol_${name}`,
  name,
  description,
  kind: 'code',
  runtime: 'container',
  parameters: {
    type: 'object',
    properties: {
      code: { type: 'string', description: `The ${language} program to run` },
      stdin: { type: 'string', description: 'Text given to the program on standard input' },
      files: {
        type: 'array',
        description: 'Files to put in the working directory first',
        items: {
          type: 'object',
          properties: {
            path: { type: 'string', description: 'Relative path, e.g. "data/input.csv"' },
            content: { type: 'string', description: 'Text content (UTF-8)' },
            content_base64: { type: 'string', description: 'Binary content, base64; instead of content' },
          },
          required: ['path'],
        },
      },
    },
    required: ['code'],
    additionalProperties: false,
  },
});

export const CODE_TOOLS: BuiltinTool[] = [
  codeTool(
    'run_python',
    'Python 3',
    'Run a Python 3 program (numpy and pandas available) in a sandbox without network access. Print results to stdout; files written to the working directory come back as attachments.',
  ),
  codeTool(
    'run_javascript',
    'JavaScript (Node.js 20, ESM or CommonJS)',
    'Run a JavaScript program on Node.js 20 in a sandbox without network access. Print results with console.log; files written to the working directory come back as attachments.',
  ),
  codeTool('run_shell', 'bash', 'Run a bash script in a sandbox without network access. Files written to the working directory come back as attachments.'),
];

function parseArgs(args: Record<string, unknown>): { code: string; stdin?: string; files: RunFileIn[] } | string {
  if (typeof args.code !== 'string' || !args.code.trim()) return 'Give the program as a non-empty "code" string.';
  if (args.stdin !== undefined && typeof args.stdin !== 'string') return '"stdin" must be a string.';
  const files: RunFileIn[] = [];
  if (args.files !== undefined) {
    if (!Array.isArray(args.files)) return '"files" must be an array of {path, content}.';
    for (const [i, f] of (args.files as unknown[]).entries()) {
      const file = (f ?? {}) as Record<string, unknown>;
      if (typeof file.path !== 'string') return `files[${i}] needs a "path" string.`;
      if (typeof file.content_base64 === 'string') files.push({ path: file.path, content_base64: file.content_base64 });
      else if (typeof file.content === 'string') files.push({ path: file.path, content_base64: Buffer.from(file.content, 'utf8').toString('base64') });
      else return `files[${i}] needs "content" (text) or "content_base64".`;
    }
  }
  return { code: args.code, ...(args.stdin !== undefined ? { stdin: args.stdin as string } : {}), files };
}

const MEDIA_TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  py: 'text/x-python',
  js: 'text/javascript',
};
const mediaType = (path: string) => MEDIA_TYPES[/\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

/** Produced files as attachments: content kept up to 256 KB each and 768 KB in all; larger ones only listed. */
export function attachmentsOf(result: RunResult): AttachmentJson[] {
  let budget = MAX_ATTACHMENTS_BYTES;
  return result.files_out.map((f) => {
    const a: AttachmentJson = { path: f.path, size: f.size, media_type: mediaType(f.path) };
    if (f.content_base64 !== null && f.size <= MAX_ATTACHMENT_BYTES && f.size <= budget) {
      budget -= f.size;
      a.content_base64 = f.content_base64;
    }
    return a;
  });
}

const clip = (text: string, truncated: boolean) =>
  text.length > MAX_STREAM_CHARS || truncated ? `${text.slice(0, MAX_STREAM_CHARS)}\n…[output truncated]` : text;

/** The registry's `code` runner. */
export async function runCode(spec: ToolSpec, args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  if (ctx.runtime !== 'container') {
    return {
      ok: false,
      output: `${spec.name} runs code in a container, and this agent's runtime is "${ctx.runtime}". Set the agent's runtime to "container" to use it.`,
    };
  }
  const language = LANGUAGES[spec.name] ?? (spec.config.language as RunLanguage | undefined);
  if (!language) return { ok: false, output: `${spec.name} has no language configured` };
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') return { ok: false, output: parsed };
  // Plan quota (code_tool_minutes): refused before running once the period's minutes are used up; the model reads the
  // refusal as this tool's error and the turn goes on. No D1 (the isolate's copy of the BudgetMeter's state).
  const refused = await codeToolRefusal(ctx.env, ctx.tenantId);
  if (refused) return { ok: false, output: refused };
  // The conversation's attached files, at uploads/<name> (run-uploads.ts).
  const uploads = await runUploads(ctx, parsed.files);
  let result: RunResult;
  const started = Date.now();
  try {
    const files = [...uploads.files, ...parsed.files];
    result = await toolRunnerClient(ctx.env, ctx.tenantId, ctx.sessionId).run({ language, ...parsed, files, timeout_ms: RUN_TIMEOUT_MS }, ctx.signal);
  } catch (e) {
    if (e instanceof ToolRunnerError) return { ok: false, output: e.message };
    throw e;
  }
  // The runner ran the code: its wall time (rounded up per call to the second) counts toward the period's minutes.
  // Calls the runner refused or never answered are not counted.
  await recordCodeTime(ctx.env, ctx.tenantId, Date.now() - started);
  const attachments = attachmentsOf(result);
  const summary = {
    exit_code: result.exit_code,
    ...(result.timed_out ? { timed_out: true, note: `Stopped after ${RUN_TIMEOUT_MS / 1000} s` } : {}),
    duration_ms: result.duration_ms,
    stdout: clip(result.stdout, result.stdout_truncated),
    stderr: clip(result.stderr, result.stderr_truncated),
    ...(attachments.length ? { files: attachments.map((a) => ({ path: a.path, size: a.size, ...(a.content_base64 ? {} : { attached: false }) })) } : {}),
    ...(result.files_truncated ? { files_note: 'More files were produced than can be returned' } : {}),
    ...(uploads.left.length ? { uploads_note: `Not in this run (too large together, or no longer kept): ${uploads.left.join(', ')}` } : {}),
  };
  return { ok: result.exit_code === 0 && !result.timed_out, output: JSON.stringify(summary), ...(attachments.length ? { files: attachments } : {}) };
}
