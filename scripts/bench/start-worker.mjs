// Starts a Worker locally like `wrangler dev --local` does, through wrangler's own API (unstable_startWorker), with
// the one thing the CLI cannot turn off turned off: the inspector. With it on, wrangler's inspector proxy enables
// the runtime's DevTools Network domain and forwards every event (one per subrequest, one per streamed chunk) to
// wrangler's node process as a debug-log request; benchmarks pay for that on every request and every token, and a
// deployed Worker does not. Used by the benchmarks (scripts/bench/harness.mjs); `npm start` keeps the inspector.
//   node scripts/bench/start-worker.mjs '{"config":"wrangler.toml","port":8787,"envFile":"…","persistTo":"…","vars":{}}'
// Prints "Ready on http://127.0.0.1:PORT" once it answers; SIGTERM/SIGINT stop it.
import { unstable_startWorker } from 'wrangler';

const o = JSON.parse(process.argv[2] ?? '{}');
const worker = await unstable_startWorker({
  config: o.config ?? 'wrangler.toml',
  envFiles: o.envFile ? [o.envFile] : [],
  bindings: Object.fromEntries(Object.entries(o.vars ?? {}).map(([k, v]) => [k, { type: 'plain_text', value: String(v), hidden: true }])),
  dev: {
    remote: false,
    inspector: false,
    server: { hostname: '127.0.0.1', port: o.port ?? 8787 },
    persist: o.persistTo ?? false,
    watch: false,
    liveReload: false,
    logLevel: o.logLevel ?? 'log',
  },
});
await worker.ready;
console.log(`Ready on ${(await worker.url).origin}`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.dispose().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
