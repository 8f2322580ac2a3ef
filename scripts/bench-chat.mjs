// `npm run bench:chat`: time to first token (TTFT) of a chat turn through the platform, native API,
// OpenAI-compatible /v1/chat/completions and the Responses API (/v1/responses: stateless, a new stored conversation,
// and a stored conversation continued with previous_response_id), against two references: the LLM upstream called directly, and a bare
// pass-through Worker (scripts/bench/passthrough-worker.js) under the same `wrangler dev`, which is the floor any
// Worker adds. Then throughput with many concurrent sessions.
// Starts and stops its own processes (loopback only): the fake LLM upstream (test/fixtures/llm-upstream.mjs, its
// own node process), the platform and the pass-through Worker, each with throwaway state and secrets.
//   npm run bench:chat -- [--turns 200] [--warmup 20] [--sessions 10] [--concurrency 50] [--duration 10] [--load-turns 20] [--strict-limits 0|1] [--gap 0] [--core 1] [--seed 1]
// --core 1: just the floors and the two chat APIs (the pass-through targets, platform and /v1), for quick
// before/after comparisons; the Responses API targets are left out.
// API-key rate limits are raised out of the way; --strict-limits 1 makes every request wait for the rate limiter
// (API_LIMITS_STRICT), which shows what one Durable Object round trip per request would cost.
// Prints a table and writes test-results/bench-chat.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './dev-env.mjs';
import { mulberry32, shuffled } from './lib/prng.mjs';
import { log, openAiToken, parseOpts, platformToken, runBench, setupAccount, startStack, stats, timeStream } from './bench/harness.mjs';

const opts = parseOpts(
  { turns: 200, warmup: 20, sessions: 10, concurrency: 50, duration: 10, 'load-turns': 20, 'strict-limits': 0, gap: 0, core: 0, seed: 1 },
  'bench-chat.mjs',
);

// ---- the run ---------------------------------------------------------------------------------------------------
async function main() {
  const started = performance.now();
  const loadAtStart = loadavg()[0]; // other work on the machine skews every number: it is printed with the table
  // 1–3. The fake upstream, the platform and the pass-through Worker; 4. an account, an API key, an agent, sessions.
  const { upstream, platformUrl, passUrl } = await startStack({ strictLimits: !!opts['strict-limits'] });
  const platform = { url: platformUrl };
  const { auth, agent, instructions, newSessions } = await setupAccount(platformUrl);
  const sessions = await newSessions(Math.max(1, opts.sessions));

  // 5. Sequential TTFT, the targets interleaved turn by turn so drift (GC, disk) hits them alike.
  const openAiBody = (text) => ({
    model: 'edgent-test',
    messages: [
      { role: 'system', content: instructions },
      { role: 'user', content: text },
    ],
    stream: true,
    stream_options: { include_usage: true },
  });
  const conversationAt = (i) => {
    const history = [];
    for (let j = i % sessions.length; j < i; j += sessions.length)
      history.push({ role: 'user', content: `hi ${j}` }, { role: 'assistant', content: `Hello! You said: hi ${j}` });
    return [{ role: 'system', content: instructions }, ...history, { role: 'user', content: `hi ${i}` }];
  };
  const targets = {
    direct: (i) => timeStream(`${upstream}/chat/completions`, { authorization: 'Bearer bench' }, openAiBody(`hi ${i}`), openAiToken),
    'pass-through Worker': (i) => timeStream(`${passUrl}/v1/chat/completions`, { authorization: 'Bearer bench' }, openAiBody(`hi ${i}`), openAiToken),
    // The same through a Durable Object (one per session, as the platform's conversations): the architecture's floor.
    'pass-through via object': (i) =>
      timeStream(`${passUrl}/hop/s${i % sessions.length}/v1/chat/completions`, { authorization: 'Bearer bench' }, openAiBody(`hi ${i}`), openAiToken),
    // The pass-through Worker sent the request the platform sends upstream for turn i: the system prompt and the
    // conversation so far (earlier turns of the same session; the test upstream answers "Hello! You said: …"), so
    // the upstream's work on a longer prompt is in the floor too and the difference is what the platform adds.
    'pass-through, same conversation': (i) =>
      timeStream(`${passUrl}/v1/chat/completions`, { authorization: 'Bearer bench' }, { ...openAiBody(`hi ${i}`), messages: conversationAt(i) }, openAiToken),
    platform: (i) =>
      timeStream(`${platform.url}/api/v1/sessions/${sessions[i % sessions.length]}/messages`, auth, { content: `hi ${i}`, stream: true }, platformToken),
    // The same agent through the OpenAI-compatible API: stateless, the conversation is sent each time.
    'platform /v1 (OpenAI)': (i) =>
      timeStream(
        `${platform.url}/v1/chat/completions`,
        auth,
        { ...openAiBody(`hi ${i}`), model: agent.slug, messages: [{ role: 'user', content: `hi ${i}` }] },
        openAiToken,
      ),
  };
  // The Responses API: its first text delta is the first token. `continued` chains previous_response_id turn by turn.
  const responsesToken = (frame) => /^event: response\.output_text\.delta$/m.test(frame);
  const chain = { previous: null };
  const responses = (i, extra) =>
    timeStream(`${platform.url}/v1/responses`, auth, { model: agent.slug, input: `hi ${i}`, stream: true, ...extra }, responsesToken);
  targets['/v1/responses store:false'] = (i) => responses(i, { store: false });
  targets['/v1/responses new'] = (i) => responses(i, {});
  targets['/v1/responses continued'] = async (i) => {
    let id = null;
    const r = await timeStream(
      `${platform.url}/v1/responses`,
      auth,
      { model: agent.slug, input: `hi ${i}`, stream: true, ...(chain.previous ? { previous_response_id: chain.previous } : {}) },
      (frame) => ((id ??= /"id":"(resp_[0-9a-z]+)"/.exec(frame)?.[1] ?? null), responsesToken(frame)),
    );
    chain.previous = id;
    return r;
  };
  if (opts.core) for (const k of Object.keys(targets)) if (k.startsWith('/v1/responses') || k === 'direct') delete targets[k];
  const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, { ttft: [], total: [], at: [], errors: 0 }]));
  log(`sequential: ${opts.warmup} warm-up + ${opts.turns} measured turns per target…`);
  // The order is shuffled turn by turn (seeded: --seed). What a target leaves running in the background (the native
  // turn's writes, a usage report) falls on whichever target comes next, and the first request to a wrangler process
  // after requests to the other one is slower (about 1 ms here): a fixed order, or one that only rotates (each target
  // then keeps the same predecessor), charges both to the same targets every time. Measured with the rotation: the
  // native API, always right after a pass-through request, 1 ms slower than the same turns in a shuffled order.
  const names = Object.keys(targets);
  const random = mulberry32(opts.seed);
  for (let i = 0; i < opts.warmup + opts.turns; i++) {
    for (const name of shuffled(names, random)) {
      const run = targets[name];
      // --gap N: N ms between turns, as between a person's messages (background work of the last turn done by then).
      if (opts.gap) await new Promise((r) => setTimeout(r, opts.gap));
      try {
        const at = performance.now() - started;
        const r = await run(i);
        if (i >= opts.warmup) (samples[name].ttft.push(r.ttft), samples[name].total.push(r.total), samples[name].at.push(Math.round(at)));
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
  await Promise.all(
    loadSessions.map(async (id, s) => {
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
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;

  // 7. Report.
  const seq = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { ttft: stats(v.ttft), total: stats(v.total), errors: v.errors }]));
  const overhead = seq.platform.ttft.median - seq['pass-through Worker'].ttft.median;
  const sameConversation = seq['pass-through, same conversation'].ttft;
  const overSame = { median: seq.platform.ttft.median - sameConversation.median, p95: seq.platform.ttft.p95 - sameConversation.p95 };
  const openAiOverhead = seq['platform /v1 (OpenAI)'].ttft.median - seq['pass-through Worker'].ttft.median;
  // What the platform adds over the same call made from an object (the conversation's home in this design).
  const objectFloor = seq['pass-through via object'].ttft;
  const overObject = { native: seq.platform.ttft.median - objectFloor.median, openai: seq['platform /v1 (OpenAI)'].ttft.median - objectFloor.median };
  const p95OverObject = { native: seq.platform.ttft.p95 - objectFloor.p95, openai: seq['platform /v1 (OpenAI)'].ttft.p95 - objectFloor.p95 };
  const responsesMinusChat = Object.fromEntries(
    Object.keys(seq)
      .filter((k) => k.startsWith('/v1/responses'))
      .map((k) => [k, seq[k].ttft.median - seq['platform /v1 (OpenAI)'].ttft.median]),
  );
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    cpu_model: cpus()[0]?.model,
    loadavg_1m_at_start: loadAtStart,
    options: opts,
    sequential: seq,
    // Every measured turn's TTFT and when it started (ms since the bench started), to look for background work.
    samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { ttft_ms: v.ttft.map((x) => Math.round(x * 100) / 100), at_ms: v.at }])),
    platform_minus_passthrough_median_ms: overhead,
    openai_minus_passthrough_median_ms: openAiOverhead,
    platform_minus_passthrough_same_conversation_ms: overSame,
    minus_object_floor_median_ms: overObject,
    minus_object_floor_p95_ms: p95OverObject,
    responses_minus_chat_completions_median_ms: responsesMinusChat,
    load: {
      sessions: opts.concurrency,
      seconds: elapsed,
      completed: load.completed,
      errors: load.errors,
      turns_per_second: load.completed / elapsed,
      ttft: stats(load.ttft),
      error_samples: load.errorSamples,
    },
  };
  printTable(result);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results/bench-chat.json'), JSON.stringify(result, null, 2) + '\n');
  log(`wrote test-results/bench-chat.json (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
}

function printTable(r) {
  const ms = (x) => (x === undefined ? '-' : x.toFixed(1));
  const row = (cols, widths) => cols.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  const w = [32, 5, 10, 10, 10, 12, 7];
  console.log(
    `\nChat TTFT, sequential (${r.options.turns} turns each after ${r.options.warmup} warm-up; ${r.cpus} CPU cores, load avg ${r.loadavg_1m_at_start.toFixed(2)} at start, ${r.node}, wrangler dev --local, inspector off)`,
  );
  console.log(row(['target', 'n', 'median ms', 'p95 ms', 'mean ms', 'turn med ms', 'errors'], w));
  console.log(
    row(
      w.map((n) => '-'.repeat(n)),
      w,
    ),
  );
  for (const [name, s] of Object.entries(r.sequential))
    console.log(row([name, s.ttft.n, ms(s.ttft.median), ms(s.ttft.p95), ms(s.ttft.mean), ms(s.total.median), s.errors], w));
  console.log(
    `platform − pass-through (median TTFT): ${ms(r.platform_minus_passthrough_median_ms)} ms; /v1 − pass-through: ${ms(r.openai_minus_passthrough_median_ms)} ms`,
  );
  console.log(
    `platform − pass-through with the same conversation: ${ms(r.platform_minus_passthrough_same_conversation_ms.median)} ms median, ${ms(r.platform_minus_passthrough_same_conversation_ms.p95)} ms p95`,
  );
  console.log(
    `platform − pass-through via object: native ${ms(r.minus_object_floor_median_ms.native)} ms median, ${ms(r.minus_object_floor_p95_ms.native)} ms p95; /v1 ${ms(r.minus_object_floor_median_ms.openai)} ms median, ${ms(r.minus_object_floor_p95_ms.openai)} ms p95`,
  );
  if (Object.keys(r.responses_minus_chat_completions_median_ms).length)
    console.log(
      `Responses API − /v1/chat/completions (median TTFT): ${Object.entries(r.responses_minus_chat_completions_median_ms)
        .map(([k, v]) => `${k.replace('/v1/responses ', '')} ${ms(v)} ms`)
        .join(', ')}`,
    );
  if (r.options['strict-limits']) console.log('(strict rate limits: every request waited for the rate limiter)');
  const l = r.load;
  if (!l.completed && !l.errors) return console.log('\nLoad: skipped');
  console.log(`\nLoad: ${l.sessions} concurrent sessions for ${l.seconds.toFixed(1)} s`);
  console.log(row(['turns/s', 'completed', 'errors', 'TTFT median ms', 'TTFT p95 ms'], [10, 10, 7, 15, 12]));
  console.log(row([l.turns_per_second.toFixed(1), l.completed, l.errors, ms(l.ttft.median), ms(l.ttft.p95)], [10, 10, 7, 15, 12]));
  if (l.error_samples.length) console.log(`errors, e.g.: ${l.error_samples.join(' | ')}`);
}

await runBench(main);
