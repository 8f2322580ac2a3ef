// `npm run bench:analytics`: what analytics costs at volume. Seeds `--events` (1,000,000) usage events over `--days`
// (90) for one organization (6 agents with their models, 3 API keys, every source, a workflow), into the local D1 of
// a `wrangler dev`, then times (1) the EVENTS consumer's writer (the real worker/db/usage-writer.ts, in the bench-only
// Worker scripts/bench/analytics-writer-worker.ts under wrangler dev on the same local database, timed inside workerd) per `--rollup-events` (10,000) events in
// batches of 100 as the queue hands them over: raw row, session, hour and day rollups, tool calls and their rollups;
// (2) the 90-day chart through the usage API (GET /api/v1/analytics/usage, day interval, ungrouped and grouped by
// agent, model, source and API key; and a 31-day hourly chart), `--runs` (30) times each after `--warmup` (3), p50 /
// p95; and the chart's SQL alone over the collapsed rows charts read (worker/db/rollup-grains.ts) and over the full rows.
// Seeding: `--rollup-events` events go through the real writer; the rest are GENERATED SQL OF IDENTICAL EFFECT: raw
// usage_events rows from a recursive CTE, then hour and day rollups upserted from them with the same keys, sums and
// histogram bins as the incremental path, then the collapsed rows derived from those as migration 0019 does (test/workers/usage-rollups.test.ts checks that rollups equal such
// aggregates). Loopback only; starts and stops its own processes. Prints figures and writes
// test-results/bench-analytics.json. No assertions.
//   npm run bench:analytics -- [--events 1000000] [--days 90] [--runs 30] [--warmup 3] [--rollup-events 10000]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, applyMigrations, copyAssets, generateDevVars, startWrangler, waitForHealth, wranglerEnv } from './dev-env.mjs';
import { freePorts, log, onCleanup, parseOpts, runBench, setupAccount, spawnNode, stats, waitForOk } from './bench/harness.mjs';

const opts = parseOpts({ events: 1_000_000, days: 90, runs: 30, warmup: 3, 'rollup-events': 10_000 }, 'bench-analytics.mjs');
const DAY = 86_400_000;
const DATABASE_ID = '00000000-0000-0000-0000-000000000000';
// Collapsed day grains whose row counts are printed (worker/db/rollup-grains.ts).
const COLLAPSED = ['agent', 'all', 'all:model', 'all:api_key', 'all:source', 'all:workflow'];
const SOURCES = ['app', 'api', 'openai', 'mcp', 'widget', 'share_link', 'workflow', 'call_agent'];
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'claude-3-5-sonnet', '@cf/meta/llama-3.1-8b-instruct', 'my-local-model'];
// USD per million tokens of the models above (the last has none: cost null).
const PRICES = [[0.15, 0.6], [2.5, 10], [0.4, 1.6], [3, 15], [0.282, 0.827], null];

async function call(url, method, headers, body) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function platform(persistTo) {
  const [port] = await freePorts(1);
  // The organization has one agent per model: more than the Free plan's agents (worker/billing/plans.ts), lifted here.
  const vars = {
    ...generateDevVars(),
    API_LIMIT_PER_KEY: '10000000',
    API_LIMIT_PER_TENANT: '10000000',
    PLAN_LIMITS: JSON.stringify({ free: { agents: null, workflow_runs: null } }),
  };
  const p = await startWrangler({ port, inspector: false, persistTo, vars, stdio: 'pipe' });
  onCleanup(() => p.stop());
  try {
    await waitForHealth(p.url, { exited: p.exited });
  } catch (e) {
    throw new Error(`${e.message}\n${p.output().slice(-3000)}`);
  }
  return p;
}

/** The organization: agents (each with its model), API keys and a workflow, made through the API. */
async function organization(url) {
  const { auth, agent } = await setupAccount(url);
  const me = await call(`${url}/api/v1/me`, 'GET', auth);
  const agents = [agent.id];
  for (let i = 1; i < MODELS.length; i++)
    agents.push((await call(`${url}/api/v1/agents`, 'POST', auth, { name: `Bench ${i}`, instructions: 'Hi', model: MODELS[i] })).id);
  const keys = [];
  for (let i = 0; i < 3; i++) keys.push((await call(`${url}/api/v1/api-keys`, 'POST', auth, { name: `bench key ${i}` })).id);
  const workflow = (
    await call(`${url}/api/v1/workflows`, 'POST', auth, {
      name: 'Bench flow',
      definition: { steps: [{ id: 'a', kind: 'agent', agent_id: agent.id, input: 'hi' }] },
    })
  ).id;
  return { auth, tenantId: me.tenant?.id ?? me.tenant_id, agents, keys, workflow };
}

/** The bench-only writer Worker (scripts/bench/analytics-writer.toml) on the same local database. */
async function writerWorker(stateDir, persistTo) {
  const [port, inspector] = await freePorts(2);
  const emptyEnv = join(stateDir, 'writer.env');
  writeFileSync(emptyEnv, '', { mode: 0o600 });
  const w = await spawnNode(
    [
      join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
      ...['dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector)],
      ...['--show-interactive-dev-session=false', '--env-file', emptyEnv, '-c', 'scripts/bench/analytics-writer.toml', '--persist-to', persistTo],
    ],
    { env: wranglerEnv(), detached: true, what: 'the writer Worker' },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(url, 'the writer Worker', () => w.tail());
  // Its own process group (detached): stop it and its workerd before the platform opens the database again.
  const stop = async () => {
    if (w.child.exitCode !== null || w.child.signalCode !== null) return;
    process.kill(-w.child.pid, 'SIGTERM');
    const t = setTimeout(() => process.kill(-w.child.pid, 'SIGKILL'), 5000);
    await w.exited;
    clearTimeout(t);
  };
  return { url, stop };
}

/** `n` events like the queue carries, at random times of the range; cost as reportTurn computes it. */
function randomEvents(org, n, from) {
  const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const a = Math.floor(Math.random() * org.agents.length);
    const input = Math.floor(Math.random() * 4000);
    const output = Math.floor(Math.random() * 1000);
    const price = PRICES[a];
    const source = pick(SOURCES);
    const tools = Array.from({ length: pick([0, 0, 0, 1, 2]) }, (_, seq) => {
      const ok = Math.random() > 0.1;
      return { seq, name: pick(['search', 'lookup', 'http_get']), duration_ms: 20 + Math.floor(Math.random() * 800), ok, error_code: ok ? null : 'tool_error' };
    });
    return {
      type: 'turn',
      tenant_id: org.tenantId,
      agent_id: org.agents[a],
      agent_version: 1,
      session_id: 'ses_bench',
      turn_id: `trn_bench_${i}_${Math.random().toString(36).slice(2)}`,
      model: MODELS[a],
      input_tokens: input,
      output_tokens: output,
      latency_ms: 200 + Math.floor(Math.random() * 4000),
      ttft_ms: 80 + Math.floor(Math.random() * 1500),
      steps: tools.length + 1,
      status: 'completed',
      error_code: Math.random() < 0.03 ? 'upstream_error' : null,
      source,
      api_key_id: source === 'api' || source === 'openai' || source === 'mcp' ? pick(org.keys) : null,
      workflow_id: source === 'workflow' ? org.workflow : null,
      new_conversation: Math.random() < 0.3,
      cost_usd: price ? Math.round(((input * price[0] + output * price[1]) / 1e6) * 1e9) / 1e9 : null,
      tools,
      title: '',
      message_count: 2,
      at: from + Math.floor(Math.random() * opts.days * DAY),
    };
  });
}

// --- Generated SQL of identical effect -----------------------------------------------------------------------------

const sqlText = (s) => `'${String(s).replace(/'/g, "''")}'`;
const caseOf = (expr, values) => `case ${expr} ${values.map((v, i) => `when ${i} then ${v === null ? 'null' : sqlText(v)}`).join(' ')} end`;
/** A deterministic 32-bit hash of row number i and salt k (random() would be evaluated once per reference). */
const h = (k) => `(((i + ${k * 7919}) * 2654435761 + ${k * 40503}) % 4294967296)`;
const BASE_MS = 8;
const binEdges = Array.from({ length: 31 }, (_, i) => BASE_MS * Math.SQRT2 ** i);
const binSql = (col) => `(case ${binEdges.map((e, i) => `when ${col} < ${e} then ${i}`).join(' ')} else 31 end)`;
const bins = (prefix) => Array.from({ length: 32 }, (_, i) => `${prefix}_${String(i).padStart(2, '0')}`);

function seedRawSql(org, fromMs, start, count) {
  const agent = `(${h(1)} % ${org.agents.length})`;
  const source = `(${h(2)} % ${SOURCES.length})`;
  const input = `(${h(3)} % 4000)`;
  const output = `(${h(4)} % 1000)`;
  const cost = `case ${agent} ${PRICES.map((p, i) => `when ${i} then ${p ? `round((${input} * ${p[0]} + ${output} * ${p[1]}) / 1e6, 9)` : 'null'}`).join(' ')} end`;
  const keyed = `${source} in (1, 2, 3)`;
  return `with recursive n(i) as (select ${start} union all select i + 1 from n where i < ${start + count - 1})
insert into usage_events (id, tenant_id, agent_id, agent_version, session_id, turn_id, model, input_tokens, output_tokens, latency_ms, ttft_ms, steps,
  status, error_code, source, api_key_id, workflow_id, cost_usd, new_conversation, created_at)
select 'use_seed_' || printf('%09d', i), ${sqlText(org.tenantId)}, ${caseOf(agent, org.agents)}, 1, 'ses_bench', 'trn_seed_' || i,
  ${caseOf(agent, MODELS)}, ${input}, ${output}, 200 + ${h(5)} % 4000, 80 + ${h(6)} % 1500, 1,
  'completed', case when ${h(7)} % 100 < 3 then 'upstream_error' else null end, ${caseOf(source, SOURCES)},
  case when ${keyed} then ${caseOf(`(${h(8)} % ${org.keys.length})`, org.keys)} else null end,
  case when ${source} = 6 then ${sqlText(org.workflow)} else null end, ${cost}, case when ${h(9)} % 10 < 3 then 1 else 0 end,
  ${fromMs} + ${h(10)} % ${opts.days * DAY}
from n`;
}

function seedRollupSql(org, grain, size, lo, hi) {
  const lat = bins('lat');
  const ttft = bins('ttft');
  const metrics = ['conversations', 'turns', 'input_tokens', 'output_tokens', 'cost_usd', 'priced_turns', 'errors', 'step_limit_hits', ...lat, ...ttft];
  const keys = ['tenant_id', 'grain', 'bucket', 'agent_id', 'agent_version', 'model', 'api_key_id', 'source', 'workflow_id'];
  return `insert into usage_rollups (${keys.join(', ')}, ${metrics.join(', ')})
select tenant_id, '${grain}', (created_at / ${size}) * ${size}, agent_id, agent_version, model, coalesce(api_key_id, ''), source, coalesce(workflow_id, ''),
  sum(new_conversation), count(*), sum(input_tokens), sum(output_tokens), coalesce(sum(cost_usd), 0), count(cost_usd),
  sum(error_code is not null and error_code != 'cancelled'), sum(coalesce(error_code, '') = 'max_steps'),
  ${lat.map((_, i) => `sum(${binSql('latency_ms')} = ${i})`).join(', ')},
  ${ttft.map((_, i) => `sum(ttft_ms is not null and ${binSql('ttft_ms')} = ${i})`).join(', ')}
from usage_events where tenant_id = ${sqlText(org.tenantId)} and id >= ${sqlText(lo)} and id < ${sqlText(hi)}
group by 3, 4, 5, 6, 7, 8, 9
on conflict (${keys.join(', ')}) do update set ${metrics.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`;
}

/** The same API key, a trivial authenticated read: what any API call costs here before its own work. */
async function timeBaseline(url, auth) {
  const times = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/me`, { headers: auth });
    await res.text();
    if (i >= opts.warmup) times.push(performance.now() - t0);
  }
  return stats(times);
}

async function timeQuery(url, auth, query) {
  const times = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/analytics/usage?${query}`, { headers: auth });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`usage API: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    const ms = performance.now() - t0;
    if (i >= opts.warmup) times.push(ms);
    if (i === 0) log(`  ${query}: ${body.data.length} rows, ${body.data.reduce((n, r) => n + r.turns, 0)} turns`);
  }
  return stats(times);
}

await runBench(async () => {
  const started = performance.now();
  const stateDir = mkdtempSync(join(tmpdir(), 'edgent-bench-analytics-'));
  onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
  onCleanup(() => rmSync(join(ROOT, 'scripts/bench/.wrangler'), { recursive: true, force: true }));
  copyAssets({ quiet: true });
  const persistTo = join(stateDir, 'platform');
  await applyMigrations(persistTo, { log: () => {} });

  // 1. The organization, through the API.
  let p = await platform(persistTo);
  const org = await organization(p.url);
  await p.stop();
  log(`organization ${org.tenantId}: ${org.agents.length} agents, ${org.keys.length} API keys`);

  // 2. The writer Worker on the same local database.
  const writer = await writerWorker(stateDir, persistTo);
  const post = async (path, body) => {
    // wrangler dev may restart the Worker mid-request (503): seeding steps are idempotent (/step runs each once).
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(writer.url + path, 'POST', {}, body);
      } catch (e) {
        if (attempt >= 4 || path === '/write' || !/HTTP 503/.test(e.message)) throw e;
        log(`retrying ${path} ${body.name ?? ''} after: ${e.message.slice(0, 120)}`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  };
  const tenants = await post('/first', { sql: 'select count(*) n from tenants where id = ?', params: [org.tenantId] });
  if (!tenants?.n) throw new Error('the writer Worker did not open the platform’s local database');

  const now = Date.now();
  const from = Math.floor((now - opts.days * DAY) / DAY) * DAY;
  const viaWriter = Math.min(opts['rollup-events'], opts.events);
  const events = randomEvents(org, viaWriter, from);
  // Batches of 100, as the EVENTS queue hands them over; timed inside workerd (and wall time from here).
  let writerMs = 0;
  const w0 = performance.now();
  for (let i = 0; i < events.length; i += 100) writerMs += (await post('/write', { events: events.slice(i, i + 100) })).ms;
  const writerWallMs = performance.now() - w0;
  log(`writer: ${viaWriter} events in ${writerMs.toFixed(0)} ms inside workerd (${writerWallMs.toFixed(0)} ms wall)`);

  const rest = opts.events - viaWriter;
  const CHUNK = 50_000;
  const s0 = performance.now();
  for (let start = 0; start < rest; start += CHUNK) {
    const count = Math.min(CHUNK, rest - start);
    const lo = `use_seed_${String(start).padStart(9, '0')}`;
    const hi = `use_seed_${String(start + count).padStart(9, '0')}`;
    // One batch per chunk: the raw rows and their hour and day rollups commit together.
    await post('/step', {
      name: `seed ${start}`,
      sql: [seedRawSql(org, from, start, count), seedRollupSql(org, 'hour', 3_600_000, lo, hi), seedRollupSql(org, 'day', DAY, lo, hi)],
    });
    log(`seeded ${start + count} / ${rest} events by SQL (${((performance.now() - s0) / 1000).toFixed(0)} s)`);
  }
  // The collapsed rows (day:agent, day:all, day:all:model, …) from the full ones, as migration 0019 back-fills them.
  if (rest) await post('/rebuild', { tenant: org.tenantId });
  const counts = await post('/first', {
    sql: `select (select count(*) from usage_events where tenant_id = ?1) raw, (select count(*) from usage_rollups where tenant_id = ?1 and grain = 'day') day_rows,
      (select count(*) from usage_rollups where tenant_id = ?1 and grain = 'hour') hour_rows, (select sum(turns) from usage_rollups where tenant_id = ?1 and grain = 'day') turns,
      ${COLLAPSED.map((g) => `(select count(*) from usage_rollups where tenant_id = ?1 and grain = 'day:${g}') "day:${g}"`).join(', ')},
      (select sum(turns) from usage_rollups where tenant_id = ?1 and grain = 'day:all') collapsed_turns`,
    params: [org.tenantId],
  });
  log(`database: ${counts.raw} usage events, ${counts.day_rows} day rollup rows, ${counts.hour_rows} hour rollup rows, ${counts.turns} turns in day rollups`);
  if (counts.collapsed_turns !== counts.turns) throw new Error(`collapsed day rows count ${counts.collapsed_turns} turns, the full ones ${counts.turns}`);
  // The chart's SQL alone, inside workerd (an ungrouped day chart, histograms summed into 64 columns where the repo packs
  // them into two text cells, worker/db/repos/analytics.ts): over the
  // collapsed grain an organization-wide chart reads (day:all), and over the full day rows for comparison.
  const sums = (prefix) =>
    bins(prefix)
      .map((c) => `sum(${c})`)
      .join(', ');
  const chartSql = `select bucket, sum(conversations), sum(turns), sum(input_tokens), sum(output_tokens), sum(cost_usd), sum(priced_turns), sum(errors),
    sum(step_limit_hits), sum(tool_calls), sum(tool_errors), sum(feedback_up), sum(feedback_down), ${sums('lat')}, ${sums('ttft')}
    from usage_rollups where tenant_id = ?1 and grain = ?4 and bucket >= ?2 and bucket < ?3 group by bucket order by bucket`;
  const sqlTimes = (await post('/time', { sql: chartSql, params: [org.tenantId, from, now, 'day:all'], runs: opts.warmup + opts.runs })).times.slice(
    opts.warmup,
  );
  const fullSqlTimes = (await post('/time', { sql: chartSql, params: [org.tenantId, from, now, 'day'], runs: opts.warmup + opts.runs })).times.slice(
    opts.warmup,
  );
  const groupedSql = chartSql.replace('select bucket,', 'select bucket, source,').replace('group by bucket', 'group by bucket, source');
  const groupedSqlTimes = (
    await post('/time', { sql: groupedSql, params: [org.tenantId, from, now, 'day:all:source'], runs: opts.warmup + opts.runs })
  ).times.slice(opts.warmup);
  const plan = await post('/first', { sql: `explain query plan ${chartSql}`, params: [org.tenantId, from, now, 'day:all'] });
  log(`chart SQL plan: ${plan?.detail}`);
  await writer.stop();

  // 3. The 90-day chart through the API.
  p = await platform(persistTo);
  const range = `from=${new Date(from).toISOString().slice(0, 10)}&to=${new Date(now).toISOString()}&interval=day`;
  const baseline = await timeBaseline(p.url, org.auth);
  const ungrouped = await timeQuery(p.url, org.auth, range);
  const byAgent = await timeQuery(p.url, org.auth, `${range}&group_by=agent`);
  const byModel = await timeQuery(p.url, org.auth, `${range}&group_by=model`);
  const bySource = await timeQuery(p.url, org.auth, `${range}&group_by=source`);
  const byKey = await timeQuery(p.url, org.auth, `${range}&group_by=api_key`);
  const hourFrom = new Date(now - 31 * DAY).toISOString();
  const hourly = await timeQuery(p.url, org.auth, `from=${hourFrom}&to=${new Date(now).toISOString()}&interval=hour`);
  await p.stop();

  const per10k = (writerMs / viaWriter) * 10_000;
  const wallPer10k = (writerWallMs / viaWriter) * 10_000;
  const fmt = (s) => `p50 ${s.median.toFixed(1)} ms   p95 ${s.p95.toFixed(1)} ms   (n=${s.n})`;
  const lines = [
    `analytics bench: ${counts.raw} usage events over ${opts.days} days (${viaWriter} through the writer, ${rest} by generated SQL of identical effect)`,
    `  rollup rows: ${counts.day_rows} day, ${counts.hour_rows} hour (full); collapsed day: ${COLLAPSED.map((g) => `${g} ${counts[`day:${g}`]}`).join(', ')}`,
    `  EVENTS writer (raw + session + hour/day rollups + tool calls), batches of 100: ${per10k.toFixed(0)} ms per 10,000 events inside workerd (${wallPer10k.toFixed(0)} ms with HTTP)`,
    `  baseline: GET /api/v1/me with the same key:              ${fmt(baseline)}`,
    `  90-day chart SQL alone (ungrouped, inside workerd):      ${fmt(stats(sqlTimes))}`,
    `    the same over the full day rows (before collapsing):   ${fmt(stats(fullSqlTimes))}`,
    `    grouped by source (day:all:source):                   ${fmt(stats(groupedSqlTimes))}`,
    `  90-day chart, usage API, day interval, ungrouped:       ${fmt(ungrouped)}`,
    `  90-day chart, usage API, day interval, group_by=agent:  ${fmt(byAgent)}`,
    `  90-day chart, usage API, day interval, group_by=model:  ${fmt(byModel)}`,
    `  90-day chart, usage API, day interval, group_by=source: ${fmt(bySource)}`,
    `  90-day chart, usage API, day interval, group_by=api_key:${fmt(byKey)}`,
    `  31-day chart, usage API, hour interval, ungrouped:      ${fmt(hourly)}`,
    `  total bench time: ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'test-results/bench-analytics.json'),
    JSON.stringify(
      {
        opts,
        counts,
        writer_ms_per_10k: per10k,
        baseline,
        chart_sql: stats(sqlTimes),
        chart_sql_full_rows: stats(fullSqlTimes),
        chart_sql_by_source: stats(groupedSqlTimes),
        chart: { ungrouped, by_agent: byAgent, by_model: byModel, by_source: bySource, by_api_key: byKey, hourly_31_days: hourly },
      },
      null,
      2,
    ),
  );
});
