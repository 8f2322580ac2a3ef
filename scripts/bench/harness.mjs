// Shared pieces of the benchmarks (scripts/bench-chat.mjs, scripts/bench-load.mjs): argument parsing, child
// processes that are always stopped, the local stack (the fake LLM upstream, the platform under `wrangler dev` and a
// bare pass-through Worker as the floor), an account with an API key and an agent, SSE reading and statistics.
// Loopback only: every server is started here on 127.0.0.1 and stopped on exit.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, applyMigrations, copyAssets, generateDevVars, startWrangler, waitForHealth, wranglerEnv } from '../dev-env.mjs';

export const log = (line) => console.error(`[bench] ${line}`);

/** `--name N` / `--name=N` flags over numeric defaults; exits 2 with a usage line on anything else. */
export function parseOpts(defaults, script) {
  const opts = { ...defaults };
  for (let i = 2; i < process.argv.length; i++) {
    const [flag, inline] = process.argv[i].split('=', 2);
    const name = flag.replace(/^--/, '');
    const value = Number(inline ?? process.argv[++i]);
    if (!(name in opts) || !flag.startsWith('--') || !Number.isFinite(value) || value < 0) {
      console.error(
        `usage: ${script} ${Object.keys(opts)
          .map((k) => `[--${k} N]`)
          .join(' ')}  (bad argument: ${process.argv[i - (inline ? 0 : 1)]})`,
      );
      process.exit(2);
    }
    opts[name] = value;
  }
  return opts;
}

const cleanups = [];
let cleaning;
export const onCleanup = (fn) => cleanups.push(fn);
export const cleanup = () =>
  (cleaning ??= (async () => {
    for (const fn of cleanups.reverse())
      await Promise.resolve()
        .then(fn)
        .catch((e) => log(`cleanup: ${e?.message ?? e}`));
  })());
const quit = () => void cleanup().then(() => process.exit(130));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, quit);
// Under `npm run`, `sh -c` does not pass on npm's SIGTERM: stop too when our parent goes away.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && quit(), 1000).unref();

/** Runs `main`, prints a failure, always cleans up. */
export async function runBench(main) {
  try {
    await main();
  } catch (e) {
    console.error(`[bench] failed: ${e?.stack ?? e}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

/** Waits (up to 90 s) until `url` answers 2xx; else throws with `tail()` (the child's last output). */
export async function waitForOk(url, what, tail = () => '') {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start\n${tail()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** `n` distinct free loopback ports (held open together, so two wrangler children never get the same one). */
export async function freePorts(n) {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve, reject) => {
          const s = net.createServer().once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Kills a detached child's process group (wrangler + workerd), or the child alone. */
function killTree(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

/** Spawns a node child and registers its stop; resolves once `ready(line)` matches a stdout line. */
export function spawnNode(args, { env, detached = false, ready, what }) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let tail = '';
  child.stderr.on('data', (d) => (tail = (tail + d).slice(-4000)));
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killTree(child);
      const t = setTimeout(() => killTree(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    if (detached) killTree(child, 'SIGKILL'); // stragglers in the group (workerd)
  });
  process.once('exit', () => killTree(child, 'SIGKILL'));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      tail = (tail + line + '\n').slice(-4000);
      if (ready?.(line)) resolve({ child, line, exited });
    });
    exited.then((code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${tail}`)));
    if (!ready) resolve({ child, exited, tail: () => tail });
  });
}

/**
 * The fake LLM upstream (its own process, so its event loop does not compete with the client), the platform (throwaway
 * state and secrets, API-key rate limits out of the way) and the pass-through Worker under the same `wrangler dev`.
 * `passthrough: false` leaves the pass-through Worker out; `vars` are added to (or replace) the platform's settings.
 * Both Workers run with wrangler's inspector off (startWrangler's `inspector: false`), as deployed Workers do: with it
 * on, every subrequest and streamed chunk is also an event sent to wrangler's node process. `inspector: true` keeps
 * it (the CPU profiler, scripts/profile-chat.mjs, needs it).
 */
export async function startStack({ strictLimits = false, passthrough = true, inspector = false, vars: extraVars = {} } = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'edgent-bench-'));
  onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
  const scratch = join(ROOT, 'scripts/bench/.wrangler'); // wrangler's bundle dir next to passthrough.toml
  if (!existsSync(scratch)) onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
  copyAssets({ quiet: true });

  const llm = await spawnNode(['test/fixtures/llm-upstream.mjs', '--port', '0', '--host', '127.0.0.1'], {
    env: process.env,
    ready: (line) => /^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(line),
    what: 'the LLM upstream',
  });
  const upstream = llm.line.trim();
  log(`LLM upstream at ${upstream} (pid ${llm.child.pid})`);

  const persistTo = join(stateDir, 'platform');
  await applyMigrations(persistTo, { log: () => {} });
  const vars = {
    ...generateDevVars(),
    OPENAI_BASE_URL: upstream,
    OPENAI_API_KEY: 'bench',
    ALLOW_PRIVATE_NETWORK: 'true',
    API_LIMIT_PER_KEY: '10000000',
    API_LIMIT_PER_TENANT: '10000000',
    API_LIMITS_STRICT: strictLimits ? 'true' : 'false',
    // The bench's organization sends thousands of turns: the Free plan's monthly limits (worker/billing/plans.ts) are
    // lifted, as the rate limits are, so every turn is measured (the quota check still runs on each).
    PLAN_LIMITS: JSON.stringify({ free: { messages: null, tokens: null, workflow_runs: null } }),
    ...extraVars,
  };
  // Inspector ports only when the inspector is on (profile:chat); `inspectorPort` is then returned, else null.
  const [port, passPort, inspectorPort = null, passInspector] = await freePorts(inspector ? 4 : 2);
  const platform = await startWrangler({ port, inspectorPort: inspectorPort ?? undefined, inspector, persistTo, vars, stdio: 'pipe' });
  onCleanup(() => platform.stop());
  if (!passthrough) {
    try {
      await waitForHealth(platform.url, { exited: platform.exited });
    } catch (e) {
      throw new Error(`${e.message}\n--- platform ---\n${platform.output().slice(-3000)}`);
    }
    log(`platform at ${platform.url}`);
    return { upstream, platformUrl: platform.url, passUrl: null, inspectorPort };
  }
  const pass = await startWrangler({
    port: passPort,
    inspectorPort: passInspector,
    inspector,
    config: 'scripts/bench/passthrough.toml',
    persistTo: join(stateDir, 'passthrough'),
    vars: { UPSTREAM: upstream },
    stdio: 'pipe',
  });
  onCleanup(() => pass.stop());
  const passUrl = `http://127.0.0.1:${passPort}`;
  try {
    await Promise.all([waitForHealth(platform.url, { exited: platform.exited }), waitForHealth(passUrl, { exited: pass.exited })]);
  } catch (e) {
    throw new Error(`${e.message}\n--- platform ---\n${platform.output().slice(-3000)}\n--- pass-through ---\n${pass.output().slice(-3000)}`);
  }
  log(`platform at ${platform.url}, pass-through Worker at ${passUrl}`);
  return { upstream, platformUrl: platform.url, passUrl, inspectorPort };
}

/** A fresh organization with an API key and one agent on the operator's default model (the fake upstream). */
export async function setupAccount(platformUrl, instructions = 'You are a benchmark agent. Answer briefly.') {
  const post = async (path, body, headers = {}) => {
    const res = await fetch(platformUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${path}: HTTP ${res.status} ${await res.text()}`);
    return { res, json: await res.json() };
  };
  const signup = await post('/api/v1/auth/signup', {
    email: `bench-${randomUUID().slice(0, 8)}@example.com`,
    password: 'bench password 123',
    organization: 'Bench',
  });
  const cookie = /(edgent_session=[^;]+)/.exec(signup.res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const key = (await post('/api/v1/api-keys', { name: 'bench' }, { cookie, 'x-csrf-token': signup.json.csrf_token })).json.key;
  const auth = { authorization: `Bearer ${key}` };
  const agent = (await post('/api/v1/agents', { name: 'Bench', instructions, model: 'edgent-test' }, auth)).json;
  const newSessions = (n) => Promise.all(Array.from({ length: n }, async () => (await post(`/api/v1/agents/${agent.id}/sessions`, {}, auth)).json.id));
  return { auth, agent, instructions, newSessions };
}

/** SSE frames of a response body, as {id, event, data, raw}, as they arrive. */
export async function* sseFrames(body) {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body) {
    buf += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const raw = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      const field = (name) => new RegExp(`^${name}: ?(.*)$`, 'm').exec(raw)?.[1];
      yield { id: field('id'), event: field('event'), data: field('data'), raw };
    }
  }
}

/** POSTs and reads the SSE body to the end. TTFT is when `isToken(frame)` first matches a complete frame. */
export async function timeStream(url, headers, body, isToken) {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  let ttft = null,
    error = null;
  for await (const f of sseFrames(res.body)) {
    if (ttft === null && isToken(f.raw)) ttft = performance.now() - t0;
    if (f.event === 'error') error = f.raw;
  }
  if (error || ttft === null) throw new Error(error ?? 'the stream ended without a token');
  return { ttft, total: performance.now() - t0 };
}
export const platformToken = (frame) => /^event: message\.delta$/m.test(frame);
export const openAiToken = (frame) => {
  const data = /^data: (.*)$/m.exec(frame)?.[1];
  if (!data || data === '[DONE]') return false;
  return Boolean(JSON.parse(data).choices?.[0]?.delta?.content);
};

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, median: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1), min: s[0], max: s[s.length - 1] };
}
