// The tool-runner's HTTP server: POST /run executes code under limits, GET /health answers liveness. It runs in the
// ToolRunner container (production) or as a plain local process (development and tests); plain Node 20, no deps.
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { execute } from './lib/execute.mjs';
import { readLimits } from './lib/limits.mjs';
import { BadRequest, parseJob } from './lib/request.mjs';

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const digest = (s) => createHash('sha256').update(s).digest();
/** Constant-time: both sides are hashed to equal lengths first. */
const sameToken = (given, expected) => typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req, max) {
  const declared = Number(req.headers['content-length']);
  if (declared > max) throw new HttpError(413, 'too_large', `The body is larger than ${max} bytes`);
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > max) throw new HttpError(413, 'too_large', `The body is larger than ${max} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_request', 'The body is not valid JSON');
  }
}

/**
 * @param {{ token: string, limits?: import('./lib/limits.mjs').Limits, log?: (entry: object) => void }} options
 */
export function createRunnerServer({ token, limits = readLimits(), log = () => {} }) {
  if (!token) throw new Error('RUNNER_TOKEN is required');
  /** @type {Set<AbortController>} */
  const running = new Set();
  let stopping = false;

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://runner').pathname;
    try {
      if (path === '/health') {
        if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Use GET /health');
        return send(res, 200, { ok: !stopping, running: running.size });
      }
      if (path !== '/run') throw new HttpError(404, 'not_found', 'Not found: use POST /run or GET /health');
      if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST /run');
      if (!sameToken(req.headers['x-runner-token'], token)) throw new HttpError(401, 'unauthorized', 'Missing or wrong X-Runner-Token');
      if (stopping) throw new HttpError(503, 'shutting_down', 'The runner is shutting down');
      const job = parseJob(await readJson(req, limits.maxBodyBytes), limits);
      if (running.size >= limits.maxConcurrentRuns) throw new HttpError(429, 'busy', `At most ${limits.maxConcurrentRuns} runs at once; retry shortly`);
      const ac = new AbortController();
      running.add(ac);
      // The caller going away (a cancelled turn) stops the run.
      res.on('close', () => !res.writableFinished && ac.abort());
      try {
        const result = await execute(job, limits, ac.signal);
        log({ msg: 'run', language: job.language, exit_code: result.exit_code, duration_ms: result.duration_ms, timed_out: result.timed_out });
        if (!res.destroyed) send(res, 200, result);
      } finally {
        running.delete(ac);
      }
    } catch (e) {
      const err =
        e instanceof HttpError
          ? e
          : e instanceof BadRequest
            ? new HttpError(400, 'bad_request', e.message)
            : e?.code === 'EEXIST' || e?.code === 'ENOTDIR'
              ? new HttpError(400, 'bad_request', 'Two input files collide (one is inside the other)')
              : null;
      if (!err) log({ level: 'error', msg: 'run failed', error: String(e?.stack ?? e) });
      if (res.headersSent || res.destroyed) return;
      if (err) send(res, err.status, { error: { code: err.code, message: err.message } });
      else send(res, 500, { error: { code: 'internal', message: 'The runner failed; see its log' } });
    }
  });

  /** Stops accepting, kills running code, lets the answers go out, then closes. */
  async function shutdown() {
    if (stopping) return;
    stopping = true;
    const closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const ac of running) ac.abort();
    const deadline = Date.now() + 3000;
    while (running.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
    server.closeAllConnections();
  }

  return { server, shutdown, running };
}

async function main() {
  const log = (entry) => console.log(JSON.stringify({ service: 'tool-runner', ...entry }));
  const token = process.env.RUNNER_TOKEN ?? '';
  if (!token) {
    console.error('tool-runner: RUNNER_TOKEN is not set; refusing to start');
    process.exit(1);
  }
  const { server, shutdown } = createRunnerServer({ token, log });
  const host = process.env.HOST || '127.0.0.1';
  server.listen(Number(process.env.PORT ?? 8080), host, () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    log({ msg: 'listening', url: `http://${host}:${port}` });
  });
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.once(sig, async () => {
      log({ msg: `${sig}: shutting down` });
      await shutdown();
      process.exit(0);
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
