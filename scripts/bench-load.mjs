// `npm run bench:load`: many concurrent conversations against the local platform and the fake LLM upstream, with
// clients that drop the connection mid-answer at random and re-attach (GET /api/v1/sessions/:id/stream with
// Last-Event-ID). Afterwards every history is read back and checked: no lost, duplicated or reordered message, and
// every re-attached stream delivered each event exactly once. Prints turns/s beside a bare pass-through Worker's rate
// at the same concurrency, and the p50/p95 time to first token each, with what the platform adds.
//   npm run bench:load -- [--sessions 200] [--turns 10] [--disconnect 25] [--delay 2] [--words 12]
// --disconnect is the percentage of turns whose client goes away after the first token; --delay the upstream's
// milliseconds between tokens (so a turn is still running when its client leaves); --words the reply's length.
// Loopback only; starts and stops its own processes (scripts/bench/harness.mjs). Writes test-results/bench-load.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './dev-env.mjs';
import { log, openAiToken, parseOpts, runBench, setupAccount, sseFrames, startStack, stats, timeStream } from './bench/harness.mjs';

const opts = parseOpts({ sessions: 200, turns: 10, disconnect: 25, delay: 2, words: 12 }, 'bench-load.mjs');
const words = (s, n) => Array.from({ length: opts.words }, (_, i) => `w${s}.${n}.${i}`).join(' ');
const script = (s, n) => `[[reply:${words(s, n)}]] [[delay:${opts.delay}]] turn ${s}.${n}`;

/** Runs `fn` over `items` with every item started at once (the concurrency is the number of items). */
const all = (items, fn) => Promise.all(items.map(fn));
/** Runs `fn` over `items`, `size` at a time. */
async function inBatches(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)));
}

/** One streamed turn; the client may leave after the first token and re-attach with the last id it saw. */
async function turn(base, auth, sessionId, content, leave) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/sessions/${sessionId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ content, stream: true }),
    signal: AbortSignal.timeout(120_000),
  });
  if (res.status !== 200 || !res.body) throw new Error(`POST messages: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  const seen = []; // event ids in arrival order, across both connections
  let text = '',
    ttft = null,
    final = null,
    lastId = null,
    reattached = false;
  const read = async (body, stopEarly) => {
    for await (const f of sseFrames(body)) {
      if (f.id) (seen.push(f.id), (lastId = f.id));
      if (f.event === 'message.delta') {
        ttft ??= performance.now() - t0;
        text += JSON.parse(f.data).text;
        if (stopEarly) return false;
      }
      if (f.event === 'message.completed') final = JSON.parse(f.data).message;
      if (f.event === 'error') throw new Error(`error event: ${f.data}`);
    }
    return true;
  };
  const finished = await read(res.body, leave);
  if (!finished) {
    await res.body.cancel().catch(() => {});
    reattached = true;
    const again = await fetch(`${base}/api/v1/sessions/${sessionId}/stream`, {
      headers: { ...auth, 'last-event-id': lastId ?? '' },
      signal: AbortSignal.timeout(120_000),
    });
    if (again.status === 200 && again.body) await read(again.body, false);
    else if (again.status !== 204) throw new Error(`GET stream: HTTP ${again.status} ${(await again.text()).slice(0, 200)}`);
  }
  const duplicates = seen.length - new Set(seen).size;
  return { ttft, total: performance.now() - t0, text, final, duplicates, reattached };
}

async function main() {
  const loadAtStart = loadavg()[0];
  const { upstream, platformUrl, passUrl } = await startStack();
  const { auth, newSessions } = await setupAccount(platformUrl);
  const n = opts.sessions;

  // The floor: the same concurrency and turn count through a bare pass-through Worker.
  log(`pass-through Worker: ${n} concurrent clients × ${opts.turns} turns…`);
  const pass = { ttft: [], errors: 0 };
  let t = performance.now();
  await all([...Array(n).keys()], async (s) => {
    for (let k = 0; k < opts.turns; k++) {
      const body = { model: 'edgent-test', stream: true, messages: [{ role: 'user', content: script(s, k) }] };
      try {
        pass.ttft.push((await timeStream(`${passUrl}/v1/chat/completions`, { authorization: 'Bearer bench' }, body, openAiToken)).ttft);
      } catch {
        pass.errors++;
      }
    }
  });
  const passSeconds = (performance.now() - t) / 1000;

  // The platform: n conversations, each `turns` turns in a row, some clients leaving and re-attaching.
  const sessions = await newSessions(n);
  log(`platform: ${n} concurrent sessions × ${opts.turns} turns, ${opts.disconnect}% of clients leave after the first token…`);
  const plat = { ttft: [], errors: 0, errorSamples: [], reattached: 0, streamDuplicates: 0, streamMismatches: 0 };
  // Turns the platform refused before accepting them (an HTTP error instead of a stream): nothing of them is stored.
  const refused = new Set();
  t = performance.now();
  await all(sessions, async (id, s) => {
    for (let k = 0; k < opts.turns; k++) {
      try {
        const r = await turn(platformUrl, auth, id, script(s, k), Math.random() * 100 < opts.disconnect);
        if (r.ttft !== null) plat.ttft.push(r.ttft);
        if (r.reattached) plat.reattached++;
        plat.streamDuplicates += r.duplicates;
        if (!r.final || r.final.content !== words(s, k) || r.text !== words(s, k)) plat.streamMismatches++;
      } catch (e) {
        if (/^POST messages: HTTP/.test(e.message)) refused.add(`${s}.${k}`);
        plat.errors++;
        if (plat.errorSamples.length < 3) plat.errorSamples.push(String(e.message).slice(0, 200));
      }
    }
  });
  const platSeconds = (performance.now() - t) / 1000;

  // Every history, read back: user/assistant pairs in order, each turn exactly once, every answer complete.
  log('checking every history…');
  const check = { lost: 0, duplicated: 0, reordered: 0, incomplete: 0 };
  // Read back ten at a time: two hundred reads at once only measure the socket pool of this client.
  await inBatches(sessions, 10, async (id, s) => {
    const res = await fetch(`${platformUrl}/api/v1/sessions/${id}/messages`, { headers: auth });
    const msgs = (await res.json()).data ?? [];
    const users = msgs
      .filter((m) => m.role === 'user')
      .map((m) => /turn (\d+)\.(\d+)$/.exec(m.content)?.[2])
      .map(Number);
    const expected = [...Array(opts.turns).keys()].filter((k) => !refused.has(`${s}.${k}`));
    check.lost += expected.filter((k) => !users.includes(k)).length;
    check.duplicated += users.length - new Set(users).size;
    if (users.some((k, i) => i > 0 && k < users[i - 1])) check.reordered++;
    for (const k of expected) {
      const at = msgs.findIndex((m) => m.role === 'user' && m.content.endsWith(`turn ${s}.${k}`));
      const answer = msgs[at + 1];
      if (at < 0 || answer?.role !== 'assistant' || answer.content !== words(s, k) || answer.status !== 'completed') check.incomplete++;
    }
  });

  const ps = stats(pass.ttft),
    qs = stats(plat.ttft);
  const result = {
    date: new Date().toISOString(),
    cpus: availableParallelism(),
    loadavg_1m_at_start: loadAtStart,
    options: opts,
    passthrough: { turns: pass.ttft.length, errors: pass.errors, seconds: passSeconds, turns_per_second: pass.ttft.length / passSeconds, ttft: ps },
    platform: {
      turns: plat.ttft.length,
      errors: plat.errors,
      seconds: platSeconds,
      turns_per_second: (n * opts.turns - plat.errors) / platSeconds,
      ttft: qs,
      reattached: plat.reattached,
      stream_duplicates: plat.streamDuplicates,
      stream_mismatches: plat.streamMismatches,
      error_samples: plat.errorSamples,
    },
    added_ttft_ms: { p50: qs.median - ps.median, p95: qs.p95 - ps.p95 },
    histories: check,
    refused_before_accepting: refused.size,
  };
  const ms = (x) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(1));
  console.log(
    `\nLoad: ${n} concurrent sessions × ${opts.turns} turns (${opts.disconnect}% leave and re-attach; ${result.cpus} CPU cores, load avg ${loadAtStart.toFixed(2)} at start, wrangler dev --local)`,
  );
  console.log('target                turns/s   TTFT p50 ms   TTFT p95 ms   errors');
  console.log(
    `pass-through Worker  ${result.passthrough.turns_per_second.toFixed(1).padStart(8)}  ${ms(ps.median).padStart(12)}  ${ms(ps.p95).padStart(12)}  ${String(pass.errors).padStart(7)}`,
  );
  console.log(
    `platform             ${result.platform.turns_per_second.toFixed(1).padStart(8)}  ${ms(qs.median).padStart(12)}  ${ms(qs.p95).padStart(12)}  ${String(plat.errors).padStart(7)}`,
  );
  console.log(`added time to first token: p50 ${ms(result.added_ttft_ms.p50)} ms, p95 ${ms(result.added_ttft_ms.p95)} ms`);
  console.log(
    `re-attached ${plat.reattached} turns; events seen twice: ${plat.streamDuplicates}; streams whose text differed from the stored answer: ${plat.streamMismatches}`,
  );
  console.log(`turns refused before they were accepted (HTTP error, nothing stored): ${refused.size}`);
  console.log(`histories: lost ${check.lost}, duplicated ${check.duplicated}, reordered ${check.reordered}, incomplete ${check.incomplete}`);
  if (plat.errorSamples.length) console.log(`errors, e.g.: ${plat.errorSamples.join(' | ')}`);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results/bench-load.json'), JSON.stringify(result, null, 2) + '\n');
  const clean = !plat.errors && !plat.streamDuplicates && !plat.streamMismatches && !check.lost && !check.duplicated && !check.reordered && !check.incomplete;
  if (!clean) process.exitCode = 1;
}

await runBench(main);
