// `npm start`: everything a fresh clone needs to run Edgent locally, offline, in one command.
//   1. copy the vendored browser scripts (htmx) into views/static/assets/vendor/, build the widget and bundle
//      views/static/ for the Worker (again whenever a file there or in views/widget/ changes)
//   2. create .dev.vars with fresh local secrets when it is missing
//   3. apply the D1 migrations to the local database (.wrangler/state)
//   4. start the tool-runner (code tools) as a local process on a free loopback port, with a random token
//   5. unless .dev.vars configures Stripe (or STRIPE_OFFLINE=false), start the Stripe-compatible fixture
//      (test/fixtures/stripe-api.mjs) delivering webhooks to the Worker, so the upgrade path works offline
//   6. run `wrangler dev` on 127.0.0.1:$PORT (default 8787, or the next free port when another wrangler holds it,
//      with a free inspector port too) with local D1, KV, Durable Objects and Queues
//   7. wait for GET /healthz, print the URL; Ctrl-C / SIGTERM stop wrangler and the runner, and exit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  applyMigrations,
  copyAssets,
  watchAssets,
  ensureDevVars,
  isPortFree,
  nearestFreePort,
  requiredSecrets,
  startStripeFixture,
  startToolRunner,
  startWrangler,
  waitForHealth,
} from './dev-env.mjs';

const started = performance.now();
const log = (line) => console.log(`[start] ${line}`);
const fail = (message) => {
  console.error(`[start] ${message}`);
  process.exit(1);
};

if (!existsSync(join(ROOT, 'node_modules/wrangler/bin/wrangler.js'))) fail('wrangler is not installed; run `npm install` first.');

const DEFAULT_PORT = 8787;
const DEFAULT_INSPECTOR_PORT = 9229;
const explicitPort = process.env.PORT !== undefined && process.env.PORT !== '';
let port = Number(explicitPort ? process.env.PORT : DEFAULT_PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}".`);

try {
  copyAssets();
} catch (e) {
  fail(e.message);
}

const { vars } = ensureDevVars({ log });
const missing = requiredSecrets().filter((name) => !vars[name]);
if (missing.length) log(`Warning: .dev.vars has no ${missing.join(', ')}; delete .dev.vars to get fresh ones.`);

// Another wrangler (another `npm start`, a second checkout) may hold the default HTTP port and the inspector
// port; wrangler would then fail or ask. An explicit PORT is a promise, so it is not moved.
if (explicitPort) {
  if (!(await isPortFree(port))) fail(`Port ${port} on 127.0.0.1 is already in use. Stop what uses it, or choose another PORT.`);
} else {
  const free = await nearestFreePort(DEFAULT_PORT);
  if (free.moved) log(`Port ${DEFAULT_PORT} is in use (another wrangler?); using port ${free.port} instead. Set PORT to choose one.`);
  port = free.port;
}
const { port: inspectorPort } = await nearestFreePort(DEFAULT_INSPECTOR_PORT);

try {
  await applyMigrations(undefined, { log });
} catch (e) {
  fail(e.message);
}

// No Docker here: code tools reach the same server as a local process (README.md, Containers) unless
// .dev.vars names another runner with TOOL_RUNNER_URL and RUNNER_TOKEN.
let runner = null;
if (!vars.TOOL_RUNNER_URL) {
  try {
    runner = await startToolRunner({ log: (line) => console.log(`[tool-runner] ${line}`) });
  } catch (e) {
    fail(`the tool-runner did not start: ${e.message}`);
  }
  log(`Tool-runner (code tools) running as a local process at ${runner.url}, without container isolation.`);
}
const runnerVars = runner ? { TOOL_RUNNER_URL: runner.url, RUNNER_TOKEN: runner.token } : {};

// Billing offline: the Stripe-compatible fixture, unless the developer configured Stripe (or turned it off).
let stripe = null;
const stripeOff = (vars.STRIPE_OFFLINE ?? process.env.STRIPE_OFFLINE) === 'false';
if (!vars.STRIPE_SECRET_KEY && !stripeOff) {
  try {
    stripe = await startStripeFixture({ webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`, log });
  } catch (e) {
    await runner?.stop();
    fail(e.message);
  }
}
const stripeVars = stripe ? stripe.vars : {};

log(`Starting wrangler dev on http://127.0.0.1:${port} (local D1, KV, Durable Objects and Queues; state in .wrangler/state)…`);
const server = await startWrangler({ port, inspectorPort, vars: { ...vars, ...runnerVars, ...stripeVars }, stdio: 'inherit' });
// Edits to the static files or the widget rebuild the Worker's bundle of them; wrangler then reloads the Worker.
const stopWatching = watchAssets({ log: (line) => log(line) });

let shuttingDown = false;
async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`${signal}: stopping wrangler…`);
  stopWatching();
  await Promise.all([server.stop(), runner?.stop(), stripe?.stop()]);
  log('Stopped.');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(signal));
// `npm start` runs us under `sh -c`, which does not pass on the SIGTERM npm forwards; if our parent goes away,
// stop anyway instead of leaving wrangler running.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && void shutdown('parent process exited'), 1000).unref();

runner?.exited.then((code) => {
  if (!shuttingDown) log(`The tool-runner exited (${code}); code tools fail until you restart npm start.`);
});

server.exited.then(async (code) => {
  if (shuttingDown) return;
  await Promise.all([server.stop(), runner?.stop(), stripe?.stop()]);
  console.error(`[start] wrangler dev exited (code ${code}).`);
  process.exit(code || 1);
});

try {
  await waitForHealth(server.url, { exited: server.exited });
} catch (e) {
  if (shuttingDown) await new Promise(() => {}); // a signal arrived while waiting; shutdown() exits
  console.error(`[start] ${e.message}`);
  await Promise.all([server.stop(), runner?.stop(), stripe?.stop()]);
  process.exit(1);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`
  Edgent is running at ${server.url}   (ready in ${seconds} s)

    Sign up:  ${server.url}/signup   (your organization gets a ready "Hello World" agent)
    Log in:   ${server.url}/login
    Health:   ${server.url}/healthz
    Billing:  ${server.url}/app/billing   ${stripe ? `(offline Stripe at ${stripe.url}: Upgrade → Pay, no card)` : vars.STRIPE_SECRET_KEY ? '(your Stripe account)' : '(off)'}

  Settings live in .dev.vars (restart after editing). Press Ctrl-C to stop.
`);
