// `npm run bench:chat`: time to first token (TTFT) of a chat turn through the platform, native API and
// OpenAI-compatible /v1/chat/completions, against two references: the LLM upstream called directly, and a bare
// pass-through Worker (scripts/bench/passthrough-worker.js) under the same `wrangler dev`, which is the floor any
// Worker adds. Then throughput with many concurrent sessions.
// Starts and stops its own processes (loopback only): the fake LLM upstream (test/fixtures/llm-upstream.mjs, its
// own node process), the platform and the pass-through Worker, each with throwaway state and secrets.
//   npm run bench:chat -- [--turns 200] [--warmup 20] [--sessions 10] [--concurrency 50] [--duration 10] [--load-turns 20] [--strict-limits 0|1]
// API-key rate limits are raised out of the way; --strict-limits 1 makes every request wait for the rate limiter
// (API_LIMITS_STRICT), which shows what one Durable Object round trip per request would cost.
// Prints a table and writes test-results/bench-chat.json.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import net from 'node:net';
import { ROOT, applyMigrations, copyAssets, generateDevVars, startWrangler, waitForHealth, wranglerEnv } from './dev-env.mjs';

const opts = { turns: 200, warmup: 20, sessions: 10, concurrency: 50, duration: 10, 'load-turns': 20, 'strict-limits': 0 };
for (let i = 2; i < process.argv.length; i++) {
  const [flag, inline] = process.argv[i].split('=', 2);
  const name = flag.replace(/^--/, '');
  const value = Number(inline ?? process.argv[++i]);
  if (!(name in opts) || !flag.startsWith('--') || !Number.isFinite(value) || value < 0) {
    console.error(`usage: bench-chat.mjs ${Object.keys(opts).map((k) => `[--${k} N]`).join(' ')}  (bad argument: ${process.argv[i - (inline ? 0 : 1)]})`);
    process.exit(2);
  }
  opts[name] = value;
}

const log = (line) => console.error(`[bench] ${line}`);
const cleanups = [];
let cleaning;
const cleanup = () => (cleaning ??= (async () => {
  for (const fn of cleanups.reverse()) await Promise.resolve().then(fn).catch((e) => log(`cleanup: ${e?.message ?? e}`));
})());
const quit = () => void cleanup().then(() => process.exit(130));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, quit);
// Under `npm run`, `sh -c` does not pass on npm's SIGTERM: stop too when our parent goes away.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && quit(), 1000).unref();

/** `n` distinct free loopback ports (held open together, so two wrangler children never get the same one). */
async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Kills a detached child's process group (wrangler + workerd), or the child alone. */
function killTree(child, signal = 'SIGTERM') {
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch {} }
}
/** Spawns a node child and registers its stop; resolves once `ready(line)` matches a stdout line. */
function spawnNode(args, { env, detached = false, ready, what }) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let tail = '';
  child.stderr.on('data', (d) => (tail = (tail + d).slice(-4000)));
  cleanups.push(async () => {
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

// ---- timing one streamed request ------------------------------------------------------------------------------
/** POSTs and reads the SSE body to the end. TTFT is when `isToken(frame)` first matches a complete frame. */
async function timeStream(url, headers, body, isToken) {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
  if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const decoder = new TextDecoder();
  let buf = '', ttft = null, error = null;
  for await (const chunk of res.body) {
    buf += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      if (ttft === null && isToken(frame)) ttft = performance.now() - t0;
      if (frame.startsWith('event: error')) error = frame;
    }
  }
  if (error || ttft === null) throw new Error(error ?? 'the stream ended without a token');
  return { ttft, total: performance.now() - t0 };
}
const platformToken = (frame) => frame.startsWith('event: message.delta');
const openAiToken = (frame) => {
  const data = /^data: (.*)$/m.exec(frame)?.[1];
  if (!data || data === '[DONE]') return false;
  return Boolean(JSON.parse(data).choices?.[0]?.delta?.content);
};

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, median: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1), min: s[0], max: s[s.length - 1] };
}

// ---- the run ---------------------------------------------------------------------------------------------------
async function main() {
  const started = performance.now();
  const loadAtStart = loadavg()[0]; // other work on the machine skews every number: it is printed with the table
  const stateDir = mkdtempSync(join(tmpdir(), 'edgent-bench-'));
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const scratch = join(ROOT, 'scripts/bench/.wrangler'); // wrangler's bundle dir next to passthrough.toml
  if (!existsSync(scratch)) cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
  copyAssets({ quiet: true });

  // 1. The LLM upstream, in its own process so its event loop does not compete with this client.
  const llm = await spawnNode(['test/fixtures/llm-upstream.mjs', '--port', '0', '--host', '127.0.0.1'], {
    env: process.env, ready: (line) => /^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(line), what: 'the LLM upstream',
  });
  const upstream = llm.line.trim();
  log(`LLM upstream at ${upstream} (pid ${llm.child.pid})`);

  // 2. The platform (like the e2e global setup: throwaway state and secrets) and 3. the pass-through Worker.
  const persistTo = join(stateDir, 'platform');
  await applyMigrations(persistTo, { log: () => {} });
  const vars = {
    ...generateDevVars(), OPENAI_BASE_URL: upstream, OPENAI_API_KEY: 'bench', ALLOW_PRIVATE_NETWORK: 'true',
    API_LIMIT_PER_KEY: '10000000', API_LIMIT_PER_TENANT: '10000000', API_LIMITS_STRICT: opts['strict-limits'] ? 'true' : 'false',
  };
  const [port, inspectorPort, passPort, passInspector] = await freePorts(4);
  const platform = await startWrangler({ port, inspectorPort, persistTo, vars, stdio: 'pipe' });
  cleanups.push(() => platform.stop());
  const emptyEnv = join(stateDir, 'passthrough.env');
  writeFileSync(emptyEnv, '', { mode: 0o600 });
  const pass = await spawnNode([join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--local', '--ip', '127.0.0.1', '--port', String(passPort), '--inspector-port', String(passInspector),
    '--show-interactive-dev-session=false', '--env-file', emptyEnv, '-c', 'scripts/bench/passthrough.toml', '--persist-to', join(stateDir, 'passthrough'),
    '--var', `UPSTREAM:${upstream}`], { env: wranglerEnv(), detached: true, what: 'the pass-through wrangler dev' });
  const passUrl = `http://127.0.0.1:${passPort}`;
  try {
    await Promise.all([waitForHealth(platform.url, { exited: platform.exited }), waitForHealth(passUrl, { exited: pass.exited })]);
  } catch (e) {
    throw new Error(`${e.message}\n--- platform ---\n${platform.output().slice(-3000)}\n--- pass-through ---\n${pass.tail()}`);
  }
  log(`platform at ${platform.url}, pass-through Worker at ${passUrl}`);

  // 4. An account, an API key, an agent, and sessions.
  const api = async (path, body, headers = {}) => {
    const res = await fetch(platform.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${path}: HTTP ${res.status} ${await res.text()}`);
    return { res, json: await res.json() };
  };
  const signup = await api('/api/v1/auth/signup', { email: `bench-${randomUUID().slice(0, 8)}@example.com`, password: 'bench password 123', organization: 'Bench' });
  const cookie = /(edgent_session=[^;]+)/.exec(signup.res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const key = (await api('/api/v1/api-keys', { name: 'bench' }, { cookie, 'x-csrf-token': signup.json.csrf_token })).json.key;
  const auth = { authorization: `Bearer ${key}` };
  const instructions = 'You are a benchmark agent. Answer briefly.';
  const agent = (await api('/api/v1/agents', { name: 'Bench', instructions, model: 'edgent-test' }, auth)).json;
  const newSessions = (n) => Promise.all(Array.from({ length: n }, async () => (await api(`/api/v1/agents/${agent.id}/sessions`, {}, auth)).json.id));
  const sessions = await newSessions(Math.max(1, opts.sessions));

  // 5. Sequential TTFT, the three targets interleaved turn by turn so drift (GC, disk) hits them alike.
  const openAiBody = (text) => ({ model: 'edgent-test', messages: [{ role: 'system', content: instructions }, { role: 'user', content: text }], stream: true, stream_options: { include_usage: true } });
  const targets = {
    direct: (i) => timeStream(`${upstream}/chat/completions`, { authorization: 'Bearer bench' }, openAiBody(`hi ${i}`), openAiToken),
    'pass-through Worker': (i) => timeStream(`${passUrl}/v1/chat/completions`, { authorization: 'Bearer bench' }, openAiBody(`hi ${i}`), openAiToken),
    platform: (i) => timeStream(`${platform.url}/api/v1/sessions/${sessions[i % sessions.length]}/messages`, auth, { content: `hi ${i}`, stream: true }, platformToken),
    // The same agent through the OpenAI-compatible API: stateless, the conversation is sent each time.
    'platform /v1 (OpenAI)': (i) => timeStream(`${platform.url}/v1/chat/completions`, auth, { ...openAiBody(`hi ${i}`), model: agent.slug, messages: [{ role: 'user', content: `hi ${i}` }] }, openAiToken),
  };
  const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, { ttft: [], total: [], errors: 0 }]));
  log(`sequential: ${opts.warmup} warm-up + ${opts.turns} measured turns per target…`);
  for (let i = 0; i < opts.warmup + opts.turns; i++) {
    for (const [name, run] of Object.entries(targets)) {
      try {
        const r = await run(i);
        if (i >= opts.warmup) (samples[name].ttft.push(r.ttft), samples[name].total.push(r.total));
      } catch (e) {
        if (i >= opts.warmup) samples[name].errors++;
        if (samples[name].errors <= 3) log(`${name} turn ${i}: ${e.message}`);
      }
    }
  }

  // 6. Throughput: `concurrency` fresh sessions, each sending turns back to back until the time or turn budget ends.
  const loadSessions = opts.duration > 0 ? await newSessions(opts.concurrency) : [];
  if (loadSessions.length) log(`load: ${opts.concurrency} concurrent sessions, ${opts.duration} s or ${opts['load-turns']} turns each…`);
  const load = { ttft: [], completed: 0, errors: 0, errorSamples: [] };
  const t0 = performance.now();
  const deadline = t0 + opts.duration * 1000;
  await Promise.all(loadSessions.map(async (id, s) => {
    for (let n = 0; n < opts['load-turns'] && performance.now() < deadline; n++) {
      try {
        const r = await timeStream(`${platform.url}/api/v1/sessions/${id}/messages`, auth, { content: `load ${s}.${n}`, stream: true }, platformToken);
        load.ttft.push(r.ttft);
        load.completed++;
      } catch (e) {
        load.errors++;
        if (load.errorSamples.length < 3) load.errorSamples.push(e.message.slice(0, 200));
      }
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;

  // 7. Report.
  const seq = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { ttft: stats(v.ttft), total: stats(v.total), errors: v.errors }]));
  const overhead = seq.platform.ttft.median - seq['pass-through Worker'].ttft.median;
  const openAiOverhead = seq['platform /v1 (OpenAI)'].ttft.median - seq['pass-through Worker'].ttft.median;
  const result = {
    date: new Date().toISOString(), node: process.version, cpus: availableParallelism(), cpu_model: cpus()[0]?.model, loadavg_1m_at_start: loadAtStart,
    options: opts, sequential: seq, platform_minus_passthrough_median_ms: overhead, openai_minus_passthrough_median_ms: openAiOverhead,
    load: { sessions: opts.concurrency, seconds: elapsed, completed: load.completed, errors: load.errors, turns_per_second: load.completed / elapsed, ttft: stats(load.ttft), error_samples: load.errorSamples },
  };
  printTable(result);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results/bench-chat.json'), JSON.stringify(result, null, 2) + '\n');
  log(`wrote test-results/bench-chat.json (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
}

function printTable(r) {
  const ms = (x) => (x === undefined ? '-' : x.toFixed(1));
  const row = (cols, widths) => cols.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  const w = [22, 5, 10, 10, 10, 12, 7];
  console.log(`\nChat TTFT, sequential (${r.options.turns} turns each after ${r.options.warmup} warm-up; ${r.cpus} CPU cores, load avg ${r.loadavg_1m_at_start.toFixed(2)} at start, ${r.node}, wrangler dev --local)`);
  console.log(row(['target', 'n', 'median ms', 'p95 ms', 'mean ms', 'turn med ms', 'errors'], w));
  console.log(row(w.map((n) => '-'.repeat(n)), w));
  for (const [name, s] of Object.entries(r.sequential)) console.log(row([name, s.ttft.n, ms(s.ttft.median), ms(s.ttft.p95), ms(s.ttft.mean), ms(s.total.median), s.errors], w));
  console.log(`platform − pass-through (median TTFT): ${ms(r.platform_minus_passthrough_median_ms)} ms; /v1 − pass-through: ${ms(r.openai_minus_passthrough_median_ms)} ms`);
  if (r.options['strict-limits']) console.log('(strict rate limits: every request waited for the rate limiter)');
  const l = r.load;
  if (!l.completed && !l.errors) return console.log('\nLoad: skipped');
  console.log(`\nLoad: ${l.sessions} concurrent sessions for ${l.seconds.toFixed(1)} s`);
  console.log(row(['turns/s', 'completed', 'errors', 'TTFT median ms', 'TTFT p95 ms'], [10, 10, 7, 15, 12]));
  console.log(row([l.turns_per_second.toFixed(1), l.completed, l.errors, ms(l.ttft.median), ms(l.ttft.p95)], [10, 10, 7, 15, 12]));
  if (l.error_samples.length) console.log(`errors, e.g.: ${l.error_samples.join(' | ')}`);
}

try {
  await main();
} catch (e) {
  console.error(`[bench] failed: ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
