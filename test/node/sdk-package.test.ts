// @edgent/sdk as a user gets it: `npm pack` in sdk/ (its prepack builds dist/), the tarball installed offline in an
// empty folder, then imported by plain Node (an .mjs calling a tiny local HTTP server, streaming included) and
// compiled by TypeScript with module/moduleResolution NodeNext.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SDK = join(ROOT, 'sdk');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const KEY = 'edg_test_key_for_the_packed_sdk';

let work = '';
let app = '';
let tarball = '';
let files: string[] = [];
let server: Server;
let base = '';
const seen: string[] = [];

/** The few answers the scripts below need, in the API's shapes. */
function startServer() {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers.authorization === `Bearer ${KEY}`}`);
    if (req.url === '/api/v1/me') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({ user: { id: 'usr_1', email: 'a@example.com', name: 'Ada' }, tenant: { id: 'ten_1', name: 'Acme' }, role: 'owner', scopes: ['*'] }),
      );
    }
    if (req.url === '/api/v1/sessions/ses_1/messages' && req.method === 'POST') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      return res.end('id: 1\nevent: message.delta\ndata: {"text":"Hel"}\n\nid: 2\nevent: message.delta\ndata: {"text":"lo"}\n\n'); // drops
    }
    if (req.url === '/api/v1/sessions/ses_1/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      return res.end(
        `id: 3\nevent: message.delta\ndata: {"text":" after ${req.headers['last-event-id']}"}\n\nid: 4\nevent: message.completed\ndata: {"message":{"id":"msg_1","role":"assistant","content":"Hello"},"usage":null}\n\n`,
      );
    }
    res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req_404' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'Agent not found' } }));
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => (base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
}

beforeAll(async () => {
  await startServer();
  work = mkdtempSync(join(tmpdir(), 'edgent-sdk-pack-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: SDK,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0]!.filename);
  files = info[0]!.files.map((f) => f.path);
  app = join(work, 'app');
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app });
}, 180_000);

afterAll(async () => {
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed SDK', () => {
  it('ships the built ESM, its declarations and the README, not the tests', () => {
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/resources/sessions.js', 'dist/sse.js']),
    );
    expect(files.some((f) => f.startsWith('test/') || f.endsWith('.test.ts'))).toBe(false);
  });

  it('is imported by plain Node, calls the API and resumes a dropped stream', async () => {
    writeFileSync(
      join(app, 'main.mjs'),
      `import { Edgent, EdgentError } from '@edgent/sdk';
import pkg from '@edgent/sdk/package.json' with { type: 'json' };
const edgent = new Edgent({ apiKey: process.env.KEY, baseUrl: process.env.BASE, retryDelayMs: 1 });
const me = await edgent.me();
let error;
try { await edgent.agents.get('agt_missing'); } catch (e) { error = { isEdgentError: e instanceof EdgentError, status: e.status, code: e.code, requestId: e.requestId }; }
const events = [];
for await (const e of edgent.messages.stream('ses_1', 'Hi')) events.push([e.id, e.type, e.data.text ?? e.data.message.content]);
console.log(JSON.stringify({ name: pkg.name, tenant: me.tenant.name, error, events }));
`,
    );
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: app, env: { ...process.env, KEY, BASE: base } });
    expect(JSON.parse(stdout)).toEqual({
      name: '@edgent/sdk',
      tenant: 'Acme',
      error: { isEdgentError: true, status: 404, code: 'not_found', requestId: 'req_404' },
      events: [
        ['1', 'message.delta', 'Hel'],
        ['2', 'message.delta', 'lo'],
        ['3', 'message.delta', ' after 2'],
        ['4', 'message.completed', 'Hello'],
      ],
    });
    expect(seen).toEqual([
      'GET /api/v1/me auth=true',
      'GET /api/v1/agents/agt_missing auth=true',
      'POST /api/v1/sessions/ses_1/messages auth=true',
      'GET /api/v1/sessions/ses_1/stream auth=true',
    ]);
  }, 60_000);

  it('compiles in a TypeScript project with module and moduleResolution NodeNext', async () => {
    const source = `import { Edgent, EdgentError, type Agent, type StreamEvent } from '@edgent/sdk';
const edgent = new Edgent({ apiKey: 'edg_x', baseUrl: 'http://localhost' });
export async function names(): Promise<string[]> {
  const page = await edgent.agents.list({ limit: 5 });
  return page.data.map((a: Agent) => a.slug);
}
export async function text(sessionId: string): Promise<string> {
  let out = '';
  for await (const e of edgent.messages.stream(sessionId, 'Hi')) {
    const event: StreamEvent = e;
    if (event.type === 'message.delta') out += event.data.text;
  }
  return out;
}
export const isError = (e: unknown): e is EdgentError => e instanceof EdgentError;
`;
    writeFileSync(join(app, 'main.ts'), source);
    const args = [
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--strict',
      '--noEmit',
      '--types',
      'node',
      '--typeRoots',
      join(ROOT, 'node_modules/@types'),
      'main.ts',
    ];
    const ok = await run(process.execPath, [TSC, ...args], { cwd: app }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(ok).toBe('');
    // and the check is real: a wrong use of the SDK's types fails to compile
    writeFileSync(join(app, 'main.ts'), `${source}\nexport const wrong: number = await edgent.me();\n`);
    const failed = await run(process.execPath, [TSC, ...args], { cwd: app }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(failed).toMatch(/main\.ts\(\d+,\d+\): error TS2322/);
  }, 60_000);
});
