// `npm run profile:chat`: where the platform's CPU goes on a chat turn. Starts the bench stack (scripts/bench/harness.mjs),
// attaches to the platform's workerd through wrangler's inspector, samples the CPU while it runs `--turns` streamed
// turns of the native sessions API (or /v1 with `--target v1`), and prints the functions with the most self time
// and the biggest inclusive totals, per turn: over the whole run, then only from each request to its first token (what
// TTFT waits for). Writes the raw profile to test-results/chat.cpuprofile (open it in
// Chrome DevTools → Performance).
//   npm run profile:chat -- [--turns 300] [--warmup 30] [--v1 0|1] [--top 40] [--interval 50]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ROOT } from './dev-env.mjs';
import { log, openAiToken, parseOpts, platformToken, runBench, setupAccount, startStack, timeStream } from './bench/harness.mjs';

const opts = parseOpts({ turns: 300, warmup: 30, v1: 0, top: 40, interval: 50, gap: 0, network: 0 }, 'profile-chat.mjs');

async function inspector(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const target = targets.find((t) => /edgent/i.test(t.title ?? '') || /edgent/i.test(t.url ?? '')) ?? targets[0];
  log(`inspector targets: ${targets.map((t) => t.title || t.id).join(', ')}; profiling ${target.title || target.id}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let next = 0;
  const waiting = new Map();
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw));
    if (msg.id && waiting.has(msg.id)) {
      waiting.get(msg.id)(msg);
      waiting.delete(msg.id);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

const MAX_SAMPLE_US = 1000;

/**
 * `windows`: [start, end] pairs in µs of the monotonic clock (V8's profile timestamps and Node's hrtime both read
 * CLOCK_MONOTONIC on Linux): only samples inside one count, e.g. from each request's start to its first token.
 */
function summarize(profile, turns, title, windows = null) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let at = profile.startTime;
  let w = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // workerd's isolate is sampled only while its thread is in V8: the gap after a turn's last sample (waiting on the
    // network, idle between turns) is not that function's time. Each sample counts for at most MAX_SAMPLE_US.
    const dt = Math.min(profile.timeDeltas[i + 1] ?? 0, MAX_SAMPLE_US);
    if (windows) {
      while (w < windows.length && windows[w][1] < at) w++;
      if (w >= windows.length || at < windows[w][0]) continue;
    }
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n) => {
    const f = n.callFrame;
    const file = (f.url || '').split('/').pop();
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  };
  const selfBy = new Map();
  const totalBy = new Map();
  let all = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const n = nodes.get(id);
    all += us;
    const name = n.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') idle += us;
    selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + us);
    // Inclusive: each distinct function on the stack once.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(nodes.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + us);
    }
  }
  const per = (us) => (us / turns / 1000).toFixed(3);
  const print = (title, m) => {
    console.log(`\n${title} (ms per turn)`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, opts.top)) console.log(`${per(us).padStart(8)}  ${k}`);
  };
  console.log(
    `\n== ${title}\nsampled ${(all / 1000).toFixed(0)} ms of CPU over ${turns} turns; busy ${per(all - idle)} ms per turn (idle/program ${per(idle)})`,
  );
  print('Self time', selfBy);
  print('Inclusive time', totalBy);
}

async function main() {
  const { platformUrl, inspectorPort } = await startStack({ inspector: true });
  const { auth, agent, newSessions } = await setupAccount(platformUrl);
  const sessions = await newSessions(10);
  const turn = opts.v1
    ? (i) =>
        timeStream(
          `${platformUrl}/v1/chat/completions`,
          auth,
          { model: agent.slug, messages: [{ role: 'user', content: `hi ${i}` }], stream: true },
          openAiToken,
        )
    : (i) => timeStream(`${platformUrl}/api/v1/sessions/${sessions[i % sessions.length]}/messages`, auth, { content: `hi ${i}`, stream: true }, platformToken);
  for (let i = 0; i < opts.warmup; i++) await turn(i);
  const cdp = await inspector(inspectorPort);
  // wrangler's inspector proxy turns the DevTools Network domain on: every subrequest and chunk then costs an event,
  // which a deployed Worker does not pay. Off unless --network 1.
  if (!opts.network) await cdp.send('Network.disable').catch((e) => log(`Network.disable: ${e.message}`));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: opts.interval });
  await cdp.send('Profiler.start');
  const windows = [];
  const now = () => Number(process.hrtime.bigint() / 1000n);
  for (let i = 0; i < opts.turns; i++) {
    // --gap N: N ms between turns, so the last turn's background work is done before the next one's window opens.
    if (opts.gap) await new Promise((r) => setTimeout(r, opts.gap));
    const start = now();
    const r = await turn(i);
    windows.push([start, start + Math.round(r.ttft * 1000)]);
  }
  const { profile } = await cdp.send('Profiler.stop');
  const ttfts = windows.map(([a, b]) => (b - a) / 1000).sort((a, b) => a - b);
  log(`TTFT while profiled: median ${ttfts[ttfts.length >> 1].toFixed(1)} ms`);
  cdp.close();
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'chat.cpuprofile'), JSON.stringify(profile));
  writeFileSync(join(dir, 'chat-windows.json'), JSON.stringify(windows));
  summarize(profile, opts.turns, 'whole turns, and the background work after them');
  summarize(profile, opts.turns, 'from each request to its first token', windows);
}

runBench(main);
