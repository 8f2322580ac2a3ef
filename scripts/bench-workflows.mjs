// `npm run bench:workflows`: what the orchestration engine costs. (1) Scheduling overhead per step: a chain of
// `--steps` (100) `transform` steps, each reading the previous one's output; its run wall time / steps, median of
// `--runs` runs. (2) A `--width` (100)-way `map` of agent steps against the fake LLM upstream answering after
// `--latency` ms, all at once (concurrency = width): the run's wall time against that latency. (3) The same chain as
// a Cloudflare Workflow (`WorkflowEntrypoint`, one `step.do` per step; scripts/bench/workflow-ref-worker.js with its
// bench-only config scripts/bench/workflow-ref.toml) under wrangler dev, as the reference: per step, and the ratio.
// Starts and stops its own processes (loopback only): the fake LLM upstream, the platform, the reference Worker.
//   npm run bench:workflows -- [--runs 5] [--warmup 1] [--steps 100] [--width 100] [--latency 200] [--map-runs 3]
// Prints a table and writes test-results/bench-workflows.json. No assertions: figures only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, applyMigrations, copyAssets, generateDevVars, startWrangler, waitForHealth, wranglerEnv } from './dev-env.mjs';
import { freePorts, log, onCleanup, parseOpts, runBench, setupAccount, spawnNode, stats } from './bench/harness.mjs';

const opts = parseOpts({ runs: 5, warmup: 1, steps: 100, width: 100, latency: 200, 'map-runs': 3 }, 'bench-workflows.mjs');
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

async function startStack() {
  const stateDir = mkdtempSync(join(tmpdir(), 'edgent-bench-wf-'));
  onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
  onCleanup(() => rmSync(join(ROOT, 'scripts/bench/.wrangler'), { recursive: true, force: true }));
  copyAssets({ quiet: true });
  const llm = await spawnNode(['test/fixtures/llm-upstream.mjs', '--port', '0', '--host', '127.0.0.1'], {
    env: process.env,
    ready: (line) => /^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(line),
    what: 'the LLM upstream',
  });
  const upstream = llm.line.trim();
  const persistTo = join(stateDir, 'platform');
  await applyMigrations(persistTo, { log: () => {} });
  const vars = { ...generateDevVars(), OPENAI_BASE_URL: upstream, OPENAI_API_KEY: 'bench', API_LIMIT_PER_KEY: '10000000', API_LIMIT_PER_TENANT: '10000000' };
  const [port, refPort] = await freePorts(2);
  const platform = await startWrangler({ port, inspector: false, persistTo, vars, stdio: 'pipe' });
  onCleanup(() => platform.stop());
  const ref = await startWrangler({
    port: refPort,
    inspector: false,
    config: 'scripts/bench/workflow-ref.toml',
    persistTo: join(stateDir, 'ref'),
    stdio: 'pipe',
  });
  onCleanup(() => ref.stop());
  const refUrl = `http://127.0.0.1:${refPort}`;
  try {
    await Promise.all([waitForHealth(platform.url, { exited: platform.exited }), waitForHealth(refUrl, { exited: ref.exited })]);
  } catch (e) {
    throw new Error(`${e.message}\n--- platform ---\n${platform.output().slice(-3000)}\n--- reference ---\n${ref.output().slice(-3000)}`);
  }
  log(`LLM upstream at ${upstream}, platform at ${platform.url}, reference Workflow at ${refUrl}`);
  return { platformUrl: platform.url, refUrl };
}

async function call(url, method, headers, body) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const chain = (n) => ({
  inputs: { start: { type: 'number', required: true } },
  steps: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind: 'transform', value: i ? `{{steps.s${i - 1}.output}}` : '{{inputs.start}}' })),
  output: `{{steps.s${n - 1}.output}}`,
});
const fanOut = (agentId, width, latency) => ({
  inputs: { items: { type: 'array', required: true } },
  steps: [
    {
      id: 'fan',
      kind: 'map',
      over: '{{inputs.items}}',
      concurrency: Math.min(100, width),
      step: { kind: 'agent', agent_id: agentId, input: `Item {{item}} [[ttft:${latency}]]` },
    },
  ],
  output: '{{steps.fan.output}}',
});

/** One run from POST to its end: wall time at the client, and the run's own created → finished time. */
async function timeRun(base, auth, workflowId, inputs) {
  const t0 = performance.now();
  let run = await call(`${base}/api/v1/workflows/${workflowId}/runs`, 'POST', auth, { inputs, wait: true });
  while (!FINISHED.has(run.status)) {
    await new Promise((r) => setTimeout(r, 5));
    run = await call(`${base}/api/v1/runs/${run.id}`, 'GET', auth);
  }
  const wall = performance.now() - t0;
  if (run.status !== 'succeeded') throw new Error(`run ${run.id} ${run.status}: ${JSON.stringify(run.error)}`);
  return { wall, server: Date.parse(run.finished_at) - Date.parse(run.created_at) };
}

async function main() {
  const loadAtStart = loadavg()[0];
  const { platformUrl, refUrl } = await startStack();
  const { auth, agent } = await setupAccount(platformUrl);
  const wfChain = await call(`${platformUrl}/api/v1/workflows`, 'POST', auth, { name: 'Bench chain', definition: chain(opts.steps) });
  const wfMap = await call(`${platformUrl}/api/v1/workflows`, 'POST', auth, { name: 'Bench fan-out', definition: fanOut(agent.id, opts.width, opts.latency) });

  const samples = { platform: [], platformServer: [], reference: [], referenceServer: [], map: [], mapServer: [] };
  log(`chain of ${opts.steps} transform steps: ${opts.warmup} warm-up + ${opts.runs} runs each, platform and reference interleaved…`);
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const p = await timeRun(platformUrl, auth, wfChain.id, { start: i });
    const t0 = performance.now();
    const r = await call(`${refUrl}/run?steps=${opts.steps}`, 'GET', {});
    const refWall = performance.now() - t0;
    if (r.status !== 'complete') throw new Error(`reference Workflow ${r.status}: ${JSON.stringify(r.error)}`);
    if (i < opts.warmup) continue;
    (samples.platform.push(p.wall), samples.platformServer.push(p.server));
    (samples.reference.push(refWall), samples.referenceServer.push(r.ms));
    log(`run ${i - opts.warmup + 1}: platform ${p.wall.toFixed(0)} ms, reference ${refWall.toFixed(0)} ms`);
  }
  log(`${opts.width}-way map of agent steps, upstream latency ${opts.latency} ms: ${opts['map-runs']} runs…`);
  for (let i = 0; i < opts['map-runs']; i++) {
    const m = await timeRun(platformUrl, auth, wfMap.id, { items: Array.from({ length: opts.width }, (_, k) => `#${i}.${k}`) });
    (samples.map.push(m.wall), samples.mapServer.push(m.server));
    log(`map run ${i + 1}: ${m.wall.toFixed(0)} ms`);
  }

  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
  const perStep = { platform: s.platform.median / opts.steps, reference: s.reference.median / opts.steps };
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadavg_1m_at_start: loadAtStart,
    options: opts,
    chain: { platform_ms: s.platform, platform_server_ms: s.platformServer, reference_ms: s.reference, reference_server_ms: s.referenceServer },
    per_step_ms: perStep,
    ratio_platform_over_reference: perStep.platform / perStep.reference,
    map: { wall_ms: s.map, server_ms: s.mapServer, ideal_ms: opts.latency * Math.ceil(opts.width / Math.min(100, opts.width)) },
  };
  const f = (x) => x.toFixed(1);
  console.log(`\nWorkflows (${result.cpus} CPU cores, load avg ${loadAtStart.toFixed(2)} at start, ${result.node}, wrangler dev --local)`);
  console.log(`chain of ${opts.steps} transform steps, median of ${opts.runs} runs:`);
  console.log(
    `  platform   ${f(s.platform.median)} ms run (p95 ${f(s.platform.p95)}; server ${f(s.platformServer.median)}) → ${f(perStep.platform)} ms per step`,
  );
  console.log(
    `  reference  ${f(s.reference.median)} ms run (p95 ${f(s.reference.p95)}; inside ${f(s.referenceServer.median)}) → ${f(perStep.reference)} ms per step (Cloudflare Workflow, step.do)`,
  );
  console.log(`  ratio platform / reference per step: ${result.ratio_platform_over_reference.toFixed(2)}`);
  console.log(`${opts.width}-way map of agent steps (upstream ${opts.latency} ms to first token), median of ${opts['map-runs']} runs:`);
  console.log(`  wall ${f(s.map.median)} ms (p95 ${f(s.map.p95)}; server ${f(s.mapServer.median)}), ideal ≈ ${result.map.ideal_ms} ms`);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results/bench-workflows.json'), JSON.stringify(result, null, 2) + '\n');
  log('wrote test-results/bench-workflows.json');
}

await runBench(main);
