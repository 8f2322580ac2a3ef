// A workflow run survives the dev server's restart: a run waiting on a `wait` step (the WorkflowRun object's alarm)
// while `wrangler dev` is killed finishes once a new `wrangler dev` starts on the same local state, without running
// its finished steps again. Its own server and state directory, so the shared browser-test server is untouched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { applyMigrations, freePort, generateDevVars, startWrangler, waitForHealth } from '../../scripts/dev-env.mjs';

type Server = Awaited<ReturnType<typeof startWrangler>>;

const stateDir = mkdtempSync(join(tmpdir(), 'edgent-wf-restart-'));
const persistTo = join(stateDir, 'wrangler');
const vars: Record<string, string> = generateDevVars();
const servers: Server[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function boot(): Promise<Server> {
  const server = await startWrangler({ port: await freePort(), persistTo, vars, stdio: 'pipe' });
  servers.push(server);
  try {
    await waitForHealth(server.url, { exited: server.exited, timeoutMs: 90_000 });
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${server.output().slice(-3000)}`);
  }
  return server;
}

async function call<T = any>(base: string, key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as T };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn().catch((e) => e);
    if (last !== undefined && !(last instanceof Error)) return last as T;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

it('a run waiting on its alarm when wrangler dev is killed finishes after a restart, its finished steps not run again', { timeout: 240_000 }, async () => {
  await applyMigrations(persistTo, { log: () => {} });
  let server = await boot();

  // An owner with an API key (the cookie flow needs CSRF; the key is simpler for a script).
  const email = `restart-${crypto.randomUUID()}@example.com`;
  const signup = await fetch(`${server.url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email, password: 'correct horse battery', organization: 'Restart Co' }),
  });
  expect(signup.status).toBe(201);
  const { csrf_token } = (await signup.json()) as { csrf_token: string };
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const made = await fetch(`${server.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, cookie, 'x-csrf-token': csrf_token },
    body: JSON.stringify({ name: 'restart test' }),
  });
  expect(made.status).toBe(201);
  const { key } = (await made.json()) as { key: string };

  const wf = await call(server.url, key, 'POST', '/api/v1/workflows', {
    name: 'Survives a restart',
    definition: {
      inputs: { topic: { type: 'string', required: true } },
      steps: [
        { id: 'first', kind: 'transform', value: 'about {{inputs.topic}}' },
        { id: 'pause', kind: 'wait', seconds: 6, needs: ['first'] },
        { id: 'last', kind: 'transform', value: '{{steps.first.output}}, after the pause', needs: ['pause'] },
      ],
      output: '{{steps.last.output}}',
    },
  });
  expect(wf.status).toBe(201);
  const started = await call(server.url, key, 'POST', `/api/v1/workflows/${wf.json.id}/runs`, { inputs: { topic: 'restarts' } });
  expect(started.status).toBe(202);
  const runId = started.json.id as string;

  // Kill the server while the run waits on the object's alarm.
  await until(
    'the run waits on its wait step',
    async () => {
      const r = await call(server.url, key, 'GET', `/api/v1/runs/${runId}`);
      const pause = r.json?.steps?.find((s: { id: string }) => s.id === 'pause');
      return r.json?.status === 'waiting' && pause?.status === 'waiting' ? r.json : undefined;
    },
    30_000,
  );
  await server.stop();
  expect(server.child.exitCode !== null || server.child.signalCode !== null).toBe(true);

  server = await boot();
  const done = await until(
    'the run finishes after the restart',
    async () => {
      const r = await call(server.url, key, 'GET', `/api/v1/runs/${runId}`);
      return ['succeeded', 'failed', 'cancelled'].includes(r.json?.status) ? r.json : undefined;
    },
    60_000,
  );
  expect(done.status).toBe('succeeded');
  expect(done.output).toBe('about restarts, after the pause');
  const byId = Object.fromEntries(done.steps.map((s: { id: string }) => [s.id, s]));
  expect(byId.first).toMatchObject({ status: 'succeeded', attempts: 1 });
  expect(byId.pause).toMatchObject({ status: 'succeeded' });
  expect(byId.last).toMatchObject({ status: 'succeeded', attempts: 1 });
});
