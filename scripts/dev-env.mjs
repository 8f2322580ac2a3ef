// Local-environment building blocks shared by `npm start` (scripts/start.mjs), the browser e2e global setup
// (test/e2e/global-setup.ts) and benchmarks: dev vars, static assets, local D1 migrations, and a `wrangler dev`
// child process that stays offline (local bindings only, no metrics, no update check, no cf-object fetch).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The tool-runner (code tools) as a local process, the stand-in for the ToolRunner container without Docker. */
export { startToolRunner } from '../containers/tool-runner/local-process.mjs';
const WRANGLER_BIN = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

/**
 * Environment for every wrangler child: no telemetry, no cf-object fetch, no error reports, and no banner
 * (printing the banner is what makes wrangler ask the npm registry for a newer version).
 * @param {Record<string, string>} [extra]
 */
export function wranglerEnv(extra = {}) {
  return {
    ...process.env,
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    ...extra,
  };
}

/** Parses a .dev.vars / .env style file: `KEY=value` lines, `#` comments, optional matching quotes. */
export function parseVars(text) {
  /** @type {Record<string, string>} */
  const vars = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    vars[m[1]] = value;
  }
  return vars;
}

/** Fresh local secrets in their real formats: MASTER_KEY is `<key id>:<32 random bytes, base64>`. */
export function generateDevVars() {
  return {
    MASTER_KEY: `k1:${randomBytes(32).toString('base64')}`,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ALLOW_PRIVATE_NETWORK: 'true',
  };
}

/**
 * Creates `.dev.vars` (mode 0600) with fresh secrets when it is missing. Never prints the values.
 * @param {{ path?: string, log?: (line: string) => void }} [options]
 * @returns {{ created: boolean, path: string, vars: Record<string, string> }}
 */
export function ensureDevVars({ path = join(ROOT, '.dev.vars'), log = console.log } = {}) {
  if (existsSync(path)) return { created: false, path, vars: parseVars(readFileSync(path, 'utf8')) };
  const vars = generateDevVars();
  const text = [
    '# Local development settings for `npm start` (wrangler dev). Never commit this file.',
    '# MASTER_KEY wraps the per-tenant data keys: `<key id>:<32 bytes, base64>`. Changing it makes stored',
    '# connection secrets unreadable; delete .wrangler/state too if you do.',
    `MASTER_KEY=${vars.MASTER_KEY}`,
    '# Signs session cookies.',
    `SESSION_SECRET=${vars.SESSION_SECRET}`,
    '# Lets agents call private addresses such as Ollama on localhost. Never set this in production.',
    `ALLOW_PRIVATE_NETWORK=${vars.ALLOW_PRIVATE_NETWORK}`,
    '# Optional platform default model provider (any OpenAI-compatible API):',
    '# OPENAI_API_KEY=sk-...',
    '# OPENAI_BASE_URL=http://127.0.0.1:11434/v1',
    '# Optional password-reset email over a Resend-style API (without it, admins make reset links in Settings):',
    '# EMAIL_API_URL=https://api.resend.com/emails',
    '# EMAIL_API_KEY=re_...',
    '# EMAIL_FROM=Edgent <no-reply@example.com>',
    '# Optional single sign-on with an OpenID Connect provider (redirect URI: <origin>/auth/oidc/callback):',
    '# OIDC_ISSUER=https://accounts.google.com',
    '# OIDC_CLIENT_ID=...',
    '# OIDC_CLIENT_SECRET=...',
    '# OIDC_NAME=Google',
    '# Billing: `npm start` runs the Stripe-compatible fixture (test/fixtures/stripe-api.mjs) and sets STRIPE_* for',
    '# it, so upgrades work offline (fake Checkout, no card). To use your own Stripe test account instead, set:',
    '# STRIPE_SECRET_KEY=sk_test_...',
    '# STRIPE_WEBHOOK_SECRET=whsec_...   (stripe listen --forward-to <origin>/webhooks/stripe)',
    '# STRIPE_PRICE_PRO=price_...',
    '# STRIPE_PRICE_TEAM=price_...',
    '# Or STRIPE_OFFLINE=false to run without billing (everyone on the Free plan).',
    '',
  ].join('\n');
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  log('Created .dev.vars with a fresh MASTER_KEY and SESSION_SECRET (ALLOW_PRIVATE_NETWORK=true).');
  return { created: true, path, vars };
}

/** Runs scripts/copy-assets.mjs (htmx into views/static/assets/vendor/) when it exists. */
export function copyAssets({ quiet = false } = {}) {
  const script = join(ROOT, 'scripts/copy-assets.mjs');
  if (!existsSync(script)) return false;
  const r = spawnSync(process.execPath, [script], { cwd: ROOT, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`scripts/copy-assets.mjs failed (exit ${r.status ?? r.signal})`);
  }
  return true;
}

/**
 * `npm start`: runs scripts/copy-assets.mjs again when a source under views/static/ or views/widget/ changes, so the
 * Worker's bundle of static files (worker/generated/static-files.ts) follows and wrangler reloads. What the script
 * itself writes (widget.js, the vendored files) is ignored. Returns a function that stops watching.
 */
export function watchAssets({ log = () => {} } = {}) {
  let timer = null;
  let running = false;
  let again = false;
  const run = () => {
    if (running) return void (again = true);
    running = true;
    const child = spawn(process.execPath, [join(ROOT, 'scripts/copy-assets.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      for (const line of out.trim().split('\n').filter(Boolean)) log(line);
      if (code !== 0) log(`scripts/copy-assets.mjs failed (exit ${code}); the Worker keeps the last good static files`);
      running = false;
      if (again) ((again = false), run());
    });
  };
  const generated = (name) => name === 'widget.js' || name.startsWith('assets/vendor');
  const watchers = [
    ['views/static', generated],
    ['views/widget', () => false],
  ].map(([dir, skip]) =>
    watch(join(ROOT, dir), { recursive: true }, (_event, name) => {
      if (name && skip(String(name).split('\\').join('/'))) return;
      clearTimeout(timer);
      timer = setTimeout(run, 100);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}

function runWrangler(args, { env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      cwd: ROOT,
      env: wranglerEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/**
 * `wrangler d1 migrations apply DB --local` without a prompt (no TTY and CI=true make wrangler take its
 * "yes" fallback). Into `.wrangler/state` by default, or into `persistDir`.
 * @param {string} [persistDir]
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function applyMigrations(persistDir, { log = console.log } = {}) {
  const args = ['d1', 'migrations', 'apply', 'DB', '--local'];
  if (persistDir) args.push('--persist-to', persistDir);
  const { code, output } = await runWrangler(args, { env: { CI: 'true' } });
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  if (code !== 0) {
    process.stderr.write(plain);
    throw new Error(`wrangler d1 migrations apply failed (exit ${code})`);
  }
  const applied = appliedMigrations(plain);
  log(applied.length ? `Applied D1 migrations: ${applied.join(', ')}` : 'D1 migrations are up to date.');
  return { applied, output: plain };
}

/**
 * The migrations one `wrangler d1 migrations apply` run applied, each once, in order. Wrangler first prints the
 * table of pending migrations, then reprints the whole status table after every migration it applies (earlier
 * ones ✅ again each time), so collecting every ✅ row would list the first migration once per migration.
 * @param {string} output wrangler's output without ANSI colours
 */
export function appliedMigrations(output) {
  const tables = output
    .split(/┌[─┬]+┐/)
    .slice(1)
    .map((t) => [...t.matchAll(/│\s*(\S+\.sql)\s*│\s*(\S+)/g)]);
  if (!tables.length) return [];
  const pending = new Set(tables[0].map((m) => m[1]));
  const done = tables
    .at(-1)
    .filter((m) => m[2].startsWith('✅'))
    .map((m) => m[1]);
  return done.filter((name) => pending.has(name));
}

/** The `[secrets] required` names in wrangler.toml (wrangler reads only these from env files). */
export function requiredSecrets() {
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const section = /^\[secrets\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? '';
  const list = /^\s*required\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1];
  return list ? [...list.matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]) : [];
}

/** Whether nothing listens on host:port. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free right now. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * `preferred` when it is free, else the next free one of the following ten, else any free port.
 * @param {number} preferred
 * @returns {Promise<{ port: number, moved: boolean }>}
 */
export async function nearestFreePort(preferred, host = '127.0.0.1') {
  for (let port = preferred; port <= Math.min(preferred + 10, 65535); port++) {
    if (await isPortFree(port, host)) return { port, moved: port !== preferred };
  }
  return { port: await freePort(host), moved: true };
}

const running = new Set();
process.once('exit', () => {
  // Last resort if a caller forgot stop(): never leave wrangler/workerd behind.
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

/**
 * Starts `wrangler dev` with local bindings on 127.0.0.1.
 *
 * Vars: with `[secrets] required` in wrangler.toml, wrangler 4.86 takes only the required names from .dev.vars
 * or env files and silently ignores every other key there (e.g. ALLOW_PRIVATE_NETWORK, OPENAI_API_KEY). So the
 * required secrets go to the child through its environment (and a 0600 temp env file, never argv), and every
 * other key becomes a `--var KEY:VALUE` flag, which overrides `[vars]`.
 *
 * `inspector: false` starts the Worker through wrangler's API instead (scripts/bench/start-worker.mjs, the same
 * local runtime and bindings) with the inspector off, which the CLI cannot do: the benchmarks use it, since the
 * inspector forwards an event to wrangler's node process for every subrequest and every streamed chunk.
 * `config` is the wrangler config file (default wrangler.toml).
 *
 * @param {{ port?: number, persistTo?: string, vars?: Record<string, string>, inspectorPort?: number,
 *           inspector?: boolean, config?: string, stdio?: 'inherit' | 'pipe', logLevel?: string }} [options]
 * @returns {Promise<{ url: string, port: number, child: import('node:child_process').ChildProcess,
 *           exited: Promise<number | null>, output: () => string, stop: () => Promise<void> }>}
 */
export async function startWrangler({ port = 8787, persistTo, vars = {}, inspectorPort, inspector = true, config, stdio = 'inherit', logLevel } = {}) {
  const secretNames = new Set(requiredSecrets());
  const secretVars = Object.fromEntries(Object.entries(vars).filter(([k]) => secretNames.has(k)));
  const plainVars = Object.entries(vars).filter(([k]) => !secretNames.has(k));

  // An explicit env file also stops wrangler from reading the developer's .dev.vars.
  const varsDir = mkdtempSync(join(tmpdir(), 'edgent-vars-'));
  const envFile = join(varsDir, 'dev.env');
  writeFileSync(
    envFile,
    Object.entries(secretVars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}\n`)
      .join(''),
    { mode: 0o600 },
  );

  const args = inspector
    ? [WRANGLER_BIN, 'dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false', '--env-file', envFile]
    : [join(ROOT, 'scripts/bench/start-worker.mjs'), JSON.stringify({ config, port, envFile, persistTo, logLevel, vars: Object.fromEntries(plainVars) })];
  if (inspector) {
    if (config) args.push('-c', config);
    if (persistTo) args.push('--persist-to', persistTo);
    if (inspectorPort !== undefined) args.push('--inspector-port', String(inspectorPort));
    if (logLevel) args.push('--log-level', logLevel);
    for (const [k, v] of plainVars) args.push('--var', `${k}:${v}`);
  }

  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: wranglerEnv(secretVars),
    // Own process group, so stop() reaches workerd too and a terminal Ctrl-C is handled once, by the parent.
    detached: true,
    stdio: ['ignore', stdio, stdio],
  });
  running.add(child);
  let output = '';
  if (stdio === 'pipe') {
    child.stdout?.on('data', (d) => (output = (output + d).slice(-200_000)));
    child.stderr?.on('data', (d) => (output = (output + d).slice(-200_000)));
  }
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 128 : null));
    });
    child.once('error', () => {
      running.delete(child);
      resolve(1);
    });
  });

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (running.has(child)) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        killGroup(child, 'SIGKILL'); // stragglers in the group (workerd), if any
      }
      rmSync(varsDir, { recursive: true, force: true });
    })());

  return { url: `http://127.0.0.1:${port}`, port, child, exited, output: () => output, stop };
}

/**
 * Polls `${url}/healthz` until it answers 200. Fails early if `exited` (the server's exit promise) settles first.
 * @param {string} url
 * @param {{ timeoutMs?: number, exited?: Promise<unknown> }} [options]
 */
export async function waitForHealth(url, { timeoutMs = 90_000, exited } = {}) {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  exited?.then(() => (gone = true));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the server exited before ${url}/healthz answered`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (e) {
      last = e?.cause?.code ?? e?.message ?? String(e);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url}/healthz did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Starts the Stripe-compatible fixture (test/fixtures/stripe-api.mjs) as a child process on a free loopback port,
 * delivering its SDK-signed webhooks to `webhookUrl`, and answers the STRIPE_* vars that point the Worker at it
 * (a fresh webhook secret each time; the fixture accepts any `sk_test_` key; its seeded prices are the plans').
 * @param {{ webhookUrl: string, port?: number, log?: (line: string) => void }} options
 */
export async function startStripeFixture({ webhookUrl, port, log = () => {} }) {
  const listen = port ?? (await freePort());
  const secret = `whsec_local_${randomBytes(18).toString('base64url')}`;
  const script = join(ROOT, 'test/fixtures/stripe-api.mjs');
  const child = spawn(process.execPath, [script, '--port', String(listen), '--webhook-url', webhookUrl, '--webhook-secret', secret], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 128 : null));
    });
    child.once('error', () => {
      running.delete(child);
      resolve(1);
    });
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Stripe fixture did not start: ${output.slice(-500)}`)), 15_000);
    const onData = (d) => {
      output = (output + d).slice(-20_000);
      const m = /^(http:\/\/[^\s]+)$/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the Stripe fixture exited (${code}): ${output.slice(-500)}`));
    });
  });
  log(`Stripe-compatible fixture at ${url} (hosted Checkout and portal pages; webhooks to ${webhookUrl}).`);
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (!running.has(child)) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    })());
  const vars = {
    STRIPE_SECRET_KEY: 'sk_test_edgent_local',
    STRIPE_WEBHOOK_SECRET: secret,
    STRIPE_PRICE_PRO: 'price_pro_test',
    STRIPE_PRICE_TEAM: 'price_team_test',
    STRIPE_API_BASE: url,
  };
  return { url, vars, child, exited, stop };
}
