// `npm run bench:marketplace`: what marketplace search and the directory page cost at catalogue scale. Seeds
// `--listings` (10,000) published listings (varied titles, tags, taglines, descriptions; 50 creators; free and paid;
// ratings and popularity) into the local D1 of a `wrangler dev` by GENERATED SQL (a recursive CTE through
// `wrangler d1 execute --local`: the migration's triggers index every row in listings_fts and the trigram table,
// as for any insert), then times over HTTP, `--runs` (40) times each after `--warmup` (5): GET
// /api/v1/marketplace/listings for a few queries (a word, a prefix, two words, a typo that takes the trigram fallback,
// a filtered query, the unfiltered popular list), GET /api/v1/marketplace/listings/:slug, and the directory page
// (/marketplace and /marketplace?q=…). Prints p50 / p95 and writes test-results/bench-marketplace.json. Loopback only;
// starts and stops its own processes. No assertions (the aim: search under 20 ms at p95 locally). Last, a floor:
// GET /healthz (no D1), what any request to this wrangler costs on this machine, so that figures taken on different
// machines can be compared.
//   npm run bench:marketplace -- [--listings 10000] [--runs 40] [--warmup 5] [--keep 0|1]
// --keep 1 leaves the seeded local state (its path is printed) to study query plans with the sqlite3 shell.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, applyMigrations, copyAssets, generateDevVars, startWrangler, waitForHealth, wranglerEnv } from './dev-env.mjs';
import { freePorts, log, onCleanup, parseOpts, runBench, setupAccount, stats } from './bench/harness.mjs';

const opts = parseOpts({ listings: 10_000, runs: 40, warmup: 5, keep: 0 }, 'bench-marketplace.mjs');

const CATEGORIES = [
  'customer-support',
  'sales',
  'marketing',
  'engineering',
  'data',
  'productivity',
  'finance',
  'hr',
  'legal',
  'education',
  'research',
  'other',
];
const ADJ = ['Smart', 'Quick', 'Friendly', 'Tiny', 'Bright', 'Steady', 'Clever', 'Handy', 'Nimble', 'Calm', 'Bold', 'Swift', 'Keen', 'Lucid', 'Prime'];
const NOUN = [
  'Calendar',
  'Support',
  'Invoice',
  'Ticket',
  'Lead',
  'Contract',
  'Recipe',
  'Code',
  'Data',
  'Report',
  'Email',
  'Meeting',
  'Travel',
  'Budget',
  'Policy',
  'Quiz',
  'Resume',
  'Survey',
  'Sales',
  'Release',
  'Incident',
  'Onboarding',
  'Forecast',
  'Expense',
  'Research',
  'Social',
  'Blog',
  'SQL',
  'Chart',
  'Inventory',
];
const ROLE = [
  'Assistant',
  'Helper',
  'Concierge',
  'Coach',
  'Writer',
  'Reviewer',
  'Finder',
  'Tracker',
  'Planner',
  'Scout',
  'Buddy',
  'Analyst',
  'Drafter',
  'Checker',
  'Guide',
];
const VERB = [
  'answers questions',
  'drafts replies',
  'books meetings',
  'chases payments',
  'reviews changes',
  'summarizes threads',
  'finds leads',
  'writes reports',
  'plans trips',
  'tracks goals',
  'cleans data',
  'explains metrics',
];
const FOR = ['small teams', 'agencies', 'startups', 'freelancers', 'enterprises', 'nonprofits', 'schools', 'shops'];
const TAGS = ['email', 'crm', 'scheduling', 'billing', 'devops', 'sql', 'hiring', 'legal', 'seo', 'support', 'notes', 'travel', 'finance', 'okr', 'gdpr'];

const arr = (xs) => `'${JSON.stringify(xs).replace(/'/g, "''")}'`;
const pick = (xs, k) => `json_extract(${arr(xs)}, '$[' || ((((i + ${k * 7919}) * 2654435761 + ${k * 40503}) % 4294967296) % ${xs.length}) || ']')`;
const hash = (k) => `(((i + ${k * 7919}) * 2654435761 + ${k * 40503}) % 4294967296)`;

function seedSql(tenantId, n, now) {
  const seq = `with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${n - 1})`;
  const title = `${pick(ADJ, 1)} || ' ' || ${pick(NOUN, 2)} || ' ' || ${pick(ROLE, 3)} || ' ' || i`;
  // Creators: one profile per organization; the bench's organization gets one, the rest reuse it (tenant FK).
  return [
    `insert or ignore into creator_profiles (tenant_id, slug, display_name, created_at, updated_at) values ('${tenantId}', 'bench-creator', 'Bench Creator', ${now}, ${now});`,
    `insert into agents (id, tenant_id, slug, name, instructions, model, max_steps, tool_ids, variables, runtime, version, visibility, created_at, updated_at)
     ${seq} select 'agt_bm' || i, '${tenantId}', 'bench-listed-' || i, 'Listed ' || i, 'x', 'edgent-test', 5, '[]', '{}', 'edge', 1, 'public', ${now}, ${now} from seq;`,
    `insert into listings (id, tenant_id, agent_id, slug, title, tagline, description, category, tags, pricing_type, price_cents, status, version,
       agent_version, installs, conversations, popularity, rating_sum, rating_count, published_at, created_at, updated_at)
     ${seq} select 'lst_bm' || i, '${tenantId}', 'agt_bm' || i, 'bench-listing-' || i, ${title},
       ${pick(NOUN, 4)} || ' ' || lower(${pick(ROLE, 5)}) || ' that ' || ${pick(VERB, 6)} || ' for ' || ${pick(FOR, 7)},
       '## What it does' || char(10) || char(10) || 'It ' || ${pick(VERB, 8)} || ' and ' || ${pick(VERB, 9)} || ' for ' || ${pick(FOR, 10)} || ', step by step, and explains each answer. Works with ' || lower(${pick(NOUN, 11)}) || ' tools.',
       ${pick(CATEGORIES, 12)}, json_array(${pick(TAGS, 13)}, ${pick(TAGS, 14)}),
       case when (i / 7) % 5 = 0 then 'subscription' else 'free' end, case when (i / 7) % 5 = 0 then 500 + ${hash(16)} % 4500 else null end,
       'published', 1, 1, ${hash(17)} % 200, ${hash(18)} % 2000, (${hash(17)} % 200) + ln(1 + ${hash(18)} % 2000) * 2,
       (${hash(19)} % 40) * (2 + ${hash(20)} % 4), ${hash(19)} % 40, ${now} - i * 60000, ${now}, ${now} from seq;`,
    `insert into listing_versions (id, tenant_id, listing_id, version, agent_version, snapshot, created_at)
     ${seq} select 'lsv_bm' || i, '${tenantId}', 'lst_bm' || i, 1, 1,
       '{"name":"x","description":null,"instructions":"Be helpful.","model":"edgent-test","temperature":null,"max_steps":5,"variables":{},"runtime":"edge","tools":[]}', ${now} from seq;`,
  ].join('\n');
}

function wrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args], {
      cwd: ROOT,
      env: wranglerEnv({ CI: 'true' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.join(' ')} exited ${code}\n${out.slice(-2000)}`))));
  });
}

async function platform(persistTo) {
  const [port] = await freePorts(1);
  const vars = { ...generateDevVars(), API_LIMIT_PER_KEY: '10000000', API_LIMIT_PER_TENANT: '10000000' };
  const p = await startWrangler({ port, inspector: false, persistTo, vars, stdio: 'pipe' });
  onCleanup(() => p.stop());
  try {
    await waitForHealth(p.url, { exited: p.exited });
  } catch (e) {
    throw new Error(`${e.message}\n${p.output().slice(-3000)}`);
  }
  return p;
}

async function time(url, check) {
  const times = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { accept: 'text/html, application/json' } });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${body.slice(0, 300)}`);
    if (i === 0 && check) {
      try {
        check(body);
      } catch (e) {
        throw new Error(`GET ${url}: ${e.message}`);
      }
    }
    if (i >= opts.warmup) times.push(ms);
  }
  return stats(times);
}

await runBench(async () => {
  const started = performance.now();
  const stateDir = mkdtempSync(join(tmpdir(), 'edgent-bench-marketplace-'));
  onCleanup(() => (opts.keep ? log(`kept the seeded state in ${stateDir}`) : rmSync(stateDir, { recursive: true, force: true })));
  copyAssets({ quiet: true });
  const persistTo = join(stateDir, 'platform');
  await applyMigrations(persistTo, { log: () => {} });

  // 1. An organization through the API (the creator of every listing).
  let p = await platform(persistTo);
  const { auth } = await setupAccount(p.url);
  const me = await (await fetch(`${p.url}/api/v1/me`, { headers: auth })).json();
  const tenantId = me.tenant?.id ?? me.tenant_id;
  if (!tenantId) throw new Error(`no organization in /api/v1/me: ${JSON.stringify(me).slice(0, 200)}`);
  await p.stop();

  // 2. The catalogue, by generated SQL into the same local database (triggers index it).
  const file = join(stateDir, 'seed.sql');
  writeFileSync(file, seedSql(tenantId, opts.listings, Date.now()));
  const seedStart = performance.now();
  await wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file]);
  log(`seeded ${opts.listings} listings in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  // 3. Timings over HTTP.
  p = await platform(persistTo);
  const api = (qs) => `${p.url}/api/v1/marketplace/listings?${qs}`;
  const hasData = (body) => {
    const j = JSON.parse(body);
    if (!j.data?.length) throw new Error(`no results: ${body.slice(0, 200)}`);
    return j.data.length;
  };
  const cases = [
    ['search "calendar"', api('q=calendar'), hasData],
    ['search prefix "cal"', api('q=cal'), hasData],
    ['search "support assistant"', api('q=support%20assistant'), hasData],
    ['search typo "calender" (trigram fallback)', api('q=calender'), hasData],
    ['search "invoice" paid, sort rating', api('q=invoice&pricing=paid&sort=rating'), hasData],
    ['list popular (no q)', api(''), hasData],
    ['list category=finance, sort new', api('category=finance&sort=new'), hasData],
    ['detail /listings/:slug', `${p.url}/api/v1/marketplace/listings/bench-listing-42`, null],
    ['page /marketplace', `${p.url}/marketplace`, null],
    ['page /marketplace?q=calendar', `${p.url}/marketplace?q=calendar`, null],
    ['floor: GET /healthz (no D1)', `${p.url}/healthz`, null],
  ];
  const results = {};
  for (const [name, url, check] of cases) results[name] = await time(url, check);
  await p.stop();

  const fmt = (s) => `p50 ${s.median.toFixed(1)} ms   p95 ${s.p95.toFixed(1)} ms   (n=${s.n})`;
  const lines = [`marketplace bench: ${opts.listings} published listings, over HTTP to a local wrangler dev (loopback)`];
  for (const [name, s] of Object.entries(results)) lines.push(`  ${name.padEnd(44)} ${fmt(s)}`);
  const searchP95 = Math.max(
    ...Object.entries(results)
      .filter(([k]) => k.startsWith('search'))
      .map(([, s]) => s.p95),
  );
  const floor = results['floor: GET /healthz (no D1)'];
  lines.push(`  worst search p95: ${searchP95.toFixed(1)} ms (aim: under 20 ms); ${(searchP95 - floor.p95).toFixed(1)} ms over the floor's p95`);
  lines.push(`  total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(lines.join('\n'));
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'test-results/bench-marketplace.json'),
    JSON.stringify({ listings: opts.listings, runs: opts.runs, results, searchP95, floorP95: floor.p95 }, null, 2),
  );
});
