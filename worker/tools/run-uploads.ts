// The conversation's attached files for a code tool's run (issue 19 §2): each original (R2, services/chat-originals.ts)
// goes into the working directory at its `uploads/<name>` path (durable-objects/chat-uploads.ts), up to a total that
// keeps the run's request within the tool-runner's limits. Read from R2 per run; never logged.
import { Buffer } from 'node:buffer';
import { chatOriginalKey } from '../services/chat-originals';
import type { RunFileIn } from './tool-runner';
import type { ToolContext } from './types';

const MB = 1024 * 1024;
/** All uploads of one run together (the runner takes 20 MiB of files per run, the model's own files included). */
export const UPLOADS_MAX_BYTES = 12 * MB;
/** The runner takes 32 files per run; the model's own files need room too. */
const UPLOADS_MAX_FILES = 24;

export type RunUploads = { files: RunFileIn[]; left: string[] };

/**
 * The uploads to add to a run, newest first within the caps (the model's own `files` win a path they share); `left`
 * names the ones that did not fit or whose original is gone, so the model can be told.
 */
export async function runUploads(ctx: Pick<ToolContext, 'env' | 'tenantId' | 'sessionId' | 'uploads'>, given: RunFileIn[]): Promise<RunUploads> {
  const all = ctx.uploads?.() ?? [];
  if (!all.length) return { files: [], left: [] };
  const taken = new Set(given.map((f) => f.path.replace(/^\.\//, '')));
  let budget = UPLOADS_MAX_BYTES;
  const chosen: typeof all = [];
  const left: string[] = [];
  for (const u of [...all].reverse()) {
    if (taken.has(u.path)) continue;
    if (u.bytes > budget || chosen.length >= UPLOADS_MAX_FILES) left.push(u.path);
    else {
      chosen.push(u);
      budget -= u.bytes;
    }
  }
  const read = await Promise.all(
    chosen.map(async (u) => {
      const object = await ctx.env.ORIGINALS.get(chatOriginalKey(ctx.tenantId, ctx.sessionId, u.id));
      return object ? { path: u.path, content_base64: Buffer.from(await object.arrayBuffer()).toString('base64') } : null;
    }),
  );
  const files: RunFileIn[] = [];
  read.forEach((f, i) => (f ? files.push(f) : left.push(chosen[i]!.path)));
  return { files, left };
}
