// The MCP Inspector's CLI (@modelcontextprotocol/inspector, pinned) against the real `wrangler dev`: tools/list,
// tools/call, prompts/list and prompts/get with a header-authenticated URL, scope refusals it reads as answers (not
// transport failures), and a bad key it reports as an auth failure. It runs offline: no registry, no network.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const BASE = inject('baseUrl');
const CLI = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'edgent-inspector-'));

type Run = { code: number; stdout: string; stderr: string };

/** `mcp-inspector --cli HOST/mcp --header "Authorization: Bearer <key>" ...args`, with its catalog in a temp folder. */
function inspector(key: string, args: string[]): Promise<Run> {
  const argv = [CLI, '--cli', `${BASE}/mcp`, '--header', `Authorization: Bearer ${key}`, ...args];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      argv,
      { timeout: 30_000, env: { ...process.env, HOME: home, MCP_CATALOG_PATH: join(home, 'mcp.json'), npm_config_offline: 'true' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const json = (r: Run) => {
  expect(r.code, `exit ${r.code}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return JSON.parse(r.stdout) as any;
};

async function call<T = any>(
  path: string,
  init: { body?: unknown; cookie?: string; csrf?: string } = {},
): Promise<{ status: number; json: T; cookie: string }> {
  const res = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie, 'x-csrf-token': init.csrf! } : {}) },
    body: JSON.stringify(init.body ?? {}),
  });
  return { status: res.status, json: (await res.json()) as T, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

let full = '';
let readOnly = '';

beforeAll(async () => {
  const id = crypto.randomUUID().slice(0, 8);
  const s = await call<{ csrf_token: string }>('/api/v1/auth/signup', {
    body: { email: `mcp-${id}@example.com`, password: `correct-horse-${id}`, organization: `Inspect ${id}` },
  });
  expect(s.status).toBe(201);
  const as = { cookie: s.cookie, csrf: s.json.csrf_token };
  const agent = await call('/api/v1/agents', {
    ...as,
    body: {
      name: 'Greeter',
      model: 'edgent-test',
      description: 'Greets people.',
      instructions: 'Greet everyone in {{language}}.',
      variables: { language: 'English' },
    },
  });
  expect(agent.status).toBe(201);
  full = (await call<{ key: string }>('/api/v1/api-keys', { ...as, body: { name: 'inspector' } })).json.key;
  readOnly = (await call<{ key: string }>('/api/v1/api-keys', { ...as, body: { name: 'inspector ro', scopes: ['agents:read'] } })).json.key;
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the MCP Inspector CLI', () => {
  it('lists the agents as tools and calls one, continuing the conversation it started', async () => {
    const { tools } = json(await inspector(full, ['--method', 'tools/list']));
    expect(tools.map((t: any) => t.name).sort()).toEqual(['ask_greeter', 'ask_hello-world']);
    expect(tools.find((t: any) => t.name === 'ask_greeter')).toMatchObject({
      description: expect.stringMatching(/^Greets people\./),
      inputSchema: { required: ['message'] },
    });

    const first = json(
      await inspector(full, ['--method', 'tools/call', '--tool-name', 'ask_greeter', '--tool-arg', 'message=[[reply:Bonjour from the agent]]']),
    );
    expect(first.isError).toBeFalsy();
    expect(first.content[0]).toEqual({ type: 'text', text: 'Bonjour from the agent' });
    const sessionId = first.structuredContent.session_id as string;
    expect(sessionId).toMatch(/^ses_/);
    const second = json(
      await inspector(full, ['--method', 'tools/call', '--tool-name', 'ask_greeter', '--tool-arg', 'message=[[echo:messages]]', `session_id=${sessionId}`]),
    );
    expect(JSON.parse(second.content[0].text)).toMatchObject({ count: 4 });
  });

  it('lists the agents’ instructions as prompts and fills in their variables', async () => {
    const { prompts } = json(await inspector(readOnly, ['--method', 'prompts/list']));
    expect(prompts.find((p: any) => p.name === 'greeter')).toMatchObject({ title: 'Greeter', arguments: [{ name: 'language', required: false }] });
    const filled = json(await inspector(readOnly, ['--method', 'prompts/get', '--prompt-name', 'greeter', '--prompt-args', 'language=Welsh']));
    expect(filled.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Greet everyone in Welsh.' } }]);
  });

  it('shows a missing scope as the tool’s error, and a bad key as an auth failure', async () => {
    // The CLI prints the result and exits 5 ("tool_is_error"): the call reached the tool, no transport failure.
    const run = await inspector(readOnly, ['--method', 'tools/call', '--tool-name', 'ask_greeter', '--tool-arg', 'message=hi']);
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain('tool_is_error');
    const refused = JSON.parse(run.stdout);
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toContain('"sessions:write"');
    const bad = await inspector('edg_not-a-real-key', ['--method', 'tools/list']);
    expect(bad.code).not.toBe(0);
    // the 401 with WWW-Authenticate reads as "authenticate first" (it would start OAuth on a terminal)
    expect(JSON.parse(bad.stderr || bad.stdout).error.code).toBe('auth_required');
  });
});
