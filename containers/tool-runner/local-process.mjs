// Starts the tool-runner server as a local child process (no Docker): used by `npm start` (scripts/start.mjs), the
// workers test setup (test/setup/tool-runner.global.ts) and the runner's own Node tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL'); // last resort if a caller forgot stop()
});

/**
 * @param {{ host?: string, port?: number, token?: string, env?: Record<string, string>, log?: (line: string) => void,
 *           timeoutMs?: number }} [options]
 */
export async function startToolRunner({
  host = '127.0.0.1',
  port = 0,
  token = randomBytes(24).toString('base64url'),
  env = {},
  log = () => {},
  timeoutMs = 10_000,
} = {}) {
  // Only what the runner needs: no platform secrets from our own environment reach it.
  const child = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOST: host,
      PORT: String(port),
      RUNNER_TOKEN: token,
      // RLIMIT_NPROC counts every process of the user; on a workstation that is the whole desktop, so it is off here.
      RUNNER_MAX_PROCESSES: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  child.stderr.on('data', (d) => log(String(d).trimEnd()));

  // The server prints {"msg":"listening","url":…} first; with PORT=0 that is how we learn the port.
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the tool-runner did not start within ${timeoutMs} ms`)), timeoutMs);
    exited.then((code) => reject(new Error(`the tool-runner exited during startup (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry = null;
      try {
        entry = JSON.parse(line);
      } catch {}
      if (entry?.msg === 'listening') {
        clearTimeout(timer);
        resolve(String(entry.url));
      } else log(line);
    });
  }).catch(async (e) => {
    child.kill('SIGKILL');
    await exited;
    throw e;
  });

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (!running.has(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    })());
  return { url, token, pid: child.pid, exited, stop };
}
