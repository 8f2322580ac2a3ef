// A run's directory on disk: input files written in, produced files collected out, everything removed after.
import { chmod, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { RESERVED_PREFIX } from './request.mjs';

const MAX_ENTRIES = 2000;
const MAX_DEPTH = 10;

/**
 * Writes the input files under `work`; their contents are returned to tell changed files from unchanged ones.
 * @param {string} work
 * @param {import('./request.mjs').InputFile[]} files
 */
export async function writeInputs(work, files) {
  /** @type {Map<string, Buffer>} */
  const inputs = new Map();
  for (const f of files) {
    const target = join(work, f.path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    // 'wx': never through something that already exists (e.g. "a" written as a file, then "a/b").
    await writeFile(target, f.content, { flag: 'wx', mode: 0o600 });
    inputs.set(f.path, f.content);
  }
  return inputs;
}

/**
 * The files a run created or changed: regular files only (symlinks are never followed), capped in count and size.
 * A file over the per-file cap is listed with its size and `content_base64: null`.
 * @param {string} work
 * @param {Map<string, Buffer>} inputs
 * @param {import('./limits.mjs').Limits} limits
 */
export async function collectOutputs(work, inputs, limits) {
  /** @type {{ path: string, size: number, content_base64: string | null }[]} */
  const out = [];
  let budget = limits.maxTotalOutBytes;
  let seen = 0;
  let truncated = false;
  const walk = async (dir, depth) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) return void (truncated = true);
      const full = join(dir, e.name);
      const path = relative(work, full).split(sep).join('/');
      if (depth === 0 && e.name.startsWith(RESERVED_PREFIX)) continue;
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(full, depth + 1);
        continue;
      }
      if (!e.isFile()) continue;
      const size = (await lstat(full).catch(() => null))?.size;
      if (size === undefined) continue;
      const before = inputs.get(path);
      if (before && before.length === size) {
        const now = await readFile(full).catch(() => null);
        if (!now || now.equals(before)) continue;
      }
      if (out.length >= limits.maxFilesOut) return void (truncated = true);
      let content = null;
      if (size <= limits.maxFileOutBytes && size <= budget) {
        const data = await readFile(full).catch(() => null);
        if (data) {
          content = data.toString('base64');
          budget -= data.length;
        }
      }
      out.push({ path, size, content_base64: content });
    }
  };
  await walk(work, 0);
  return { files: out, truncated };
}

/** Removes a run's directory, even when the code made parts of it unreadable. */
export async function removeTree(dir) {
  try {
    await rm(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    await restorePermissions(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
  }
}

async function restorePermissions(dir) {
  await chmod(dir, 0o700).catch(() => {});
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isDirectory()) await restorePermissions(join(dir, e.name));
}
