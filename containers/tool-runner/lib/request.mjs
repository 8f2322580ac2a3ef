// Validates a POST /run body into a job, or throws BadRequest with a reason a caller can act on.

export const LANGUAGES = /** @type {const} */ (['python', 'javascript', 'shell']);
/** The code is written into the work directory under this name; input files may not use the prefix. */
export const RESERVED_PREFIX = '.edgent-';

export class BadRequest extends Error {}

/**
 * @typedef {{ path: string, content: Buffer }} InputFile
 * @typedef {{ language: typeof LANGUAGES[number], code: string, stdin: string, files: InputFile[], timeoutMs: number }} Job
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const FIELDS = new Set(['language', 'code', 'stdin', 'files', 'timeout_ms']);

/** A relative path inside the work directory: no absolute paths, no `..`, no empty or `.` segments. */
export function checkPath(path) {
  if (typeof path !== 'string' || !path) return 'a path is required';
  if (path.length > 255) return 'a path is longer than 255 characters';
  if (path.startsWith('/')) return `"${path}" is absolute; use a path relative to the working directory`;
  if (/[\0\\]/.test(path)) return `"${path}" contains a NUL or a backslash`;
  const parts = path.split('/');
  if (parts.some((p) => p === '..')) return `"${path}" leaves the working directory ("..")`;
  if (parts.some((p) => p === '' || p === '.')) return `"${path}" has an empty or "." segment`;
  if (parts.length > 8) return `"${path}" is nested deeper than 8 directories`;
  if (parts[0].startsWith(RESERVED_PREFIX)) return `"${path}" uses the reserved prefix ${RESERVED_PREFIX}`;
  return null;
}

const bytes = (s) => Buffer.byteLength(s, 'utf8');

/**
 * @param {unknown} body parsed JSON
 * @param {import('./limits.mjs').Limits} limits
 * @returns {Job}
 */
export function parseJob(body, limits) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('The body must be a JSON object');
  const b = /** @type {Record<string, unknown>} */ (body);
  const unknown = Object.keys(b).filter((k) => !FIELDS.has(k));
  if (unknown.length) throw new BadRequest(`Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  if (!LANGUAGES.includes(/** @type {any} */ (b.language))) {
    throw new BadRequest(`language must be one of ${LANGUAGES.join(', ')}; got ${JSON.stringify(b.language ?? null)}`);
  }
  if (typeof b.code !== 'string' || !b.code.trim()) throw new BadRequest('code must be a non-empty string');
  if (bytes(b.code) > limits.maxCodeBytes) throw new BadRequest(`code is ${bytes(b.code)} bytes; the limit is ${limits.maxCodeBytes}`);
  if (b.stdin !== undefined && typeof b.stdin !== 'string') throw new BadRequest('stdin must be a string');
  const stdin = /** @type {string} */ (b.stdin ?? '');
  if (bytes(stdin) > limits.maxStdinBytes) throw new BadRequest(`stdin is ${bytes(stdin)} bytes; the limit is ${limits.maxStdinBytes}`);

  let timeoutMs = limits.defaultTimeoutMs;
  if (b.timeout_ms !== undefined) {
    const t = b.timeout_ms;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 100 || t > limits.maxTimeoutMs) {
      throw new BadRequest(`timeout_ms must be an integer from 100 to ${limits.maxTimeoutMs}`);
    }
    timeoutMs = t;
  }
  return { language: /** @type {Job['language']} */ (b.language), code: b.code, stdin, files: parseFiles(b.files, limits), timeoutMs };
}

/** @returns {InputFile[]} */
function parseFiles(files, limits) {
  if (files === undefined) return [];
  if (!Array.isArray(files)) throw new BadRequest('files must be an array of {path, content_base64}');
  if (files.length > limits.maxFilesIn) throw new BadRequest(`At most ${limits.maxFilesIn} files`);
  const seen = new Set();
  let total = 0;
  return files.map((f, i) => {
    if (!f || typeof f !== 'object') throw new BadRequest(`files[${i}] must be an object {path, content_base64}`);
    const problem = checkPath(f.path);
    if (problem) throw new BadRequest(`files[${i}].path: ${problem}`);
    if (seen.has(f.path)) throw new BadRequest(`files[${i}].path: "${f.path}" is given twice`);
    seen.add(f.path);
    if (typeof f.content_base64 !== 'string' || !BASE64.test(f.content_base64)) {
      throw new BadRequest(`files[${i}].content_base64 must be standard base64`);
    }
    const content = Buffer.from(f.content_base64, 'base64');
    if (content.length > limits.maxFileInBytes) throw new BadRequest(`files[${i}] is ${content.length} bytes; the limit per file is ${limits.maxFileInBytes}`);
    total += content.length;
    if (total > limits.maxTotalInBytes) throw new BadRequest(`The files add up to more than ${limits.maxTotalInBytes} bytes`);
    return { path: f.path, content };
  });
}
