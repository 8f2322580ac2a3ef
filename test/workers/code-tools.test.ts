// Code tools (worker/tools/code-tools.ts) through the URL transport to the local tool-runner process: a chat turn
// runs Python and the answer carries its output, produced files come back as attachments, edge agents cannot use
// them, and runner failures become tool errors the model can read.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../durable-objects/session-store';
import { CODE_TOOLS, runCode } from '../../worker/tools/code-tools';
import type { ToolSpec } from '../../worker/llm/snapshot';
import type { ToolContext } from '../../worker/tools/types';
import { toolRunnerClient } from '../../worker/tools/tool-runner';
import { type Account, api, createAgent, createSession, expectError, readSse, signup } from './helpers';

async function codeSession(a: Account, toolIds = ['tol_run_python', 'tol_run_shell']) {
  const agent = await createAgent(a, { name: 'Coder', runtime: 'container', tool_ids: toolIds });
  return createSession(a, agent.id);
}

const callTool = (name: string, args: Record<string, unknown>) => `[[tool:${name} ${JSON.stringify(args)}]]`;
const say = (a: Account, id: string, content: string) => api(`/api/v1/sessions/${id}/messages`, { body: { content, stream: true }, as: a });

const spec = (name: string): ToolSpec => {
  const t = CODE_TOOLS.find((x) => x.name === name)!;
  return { id: t.id, name: t.name, description: t.description, kind: t.kind, parameters: t.parameters, config: {}, connectionId: null };
};
const ctx = (over: Partial<ToolContext> = {}): ToolContext => ({
  env,
  tenantId: 'ten_test',
  sessionId: 'ses_test',
  agentId: 'agt_test',
  runtime: 'container',
  signal: new AbortController().signal,
  connection: () => undefined,
  secretFor: async () => null,
  depth: 0,
  runAgent: async () => ({ found: false }),
  ...over,
});

describe('a chat turn with run_python', () => {
  it('runs the code in the tool-runner and the answer and the trace carry its output', async () => {
    const a = await signup();
    const s = await codeSession(a);
    const events = await readSse(await say(a, s.id, `What is 6*7? ${callTool('run_python', { code: 'print(6*7)' })}`));
    expect(events.map((e) => e.event).filter((n) => n !== 'message.delta')).toEqual(['tool.call', 'tool.result', 'message.completed']);
    const result = events.find((e) => e.event === 'tool.result')!.data;
    expect(result).toMatchObject({ name: 'run_python', ok: true });
    expect(JSON.parse(result.output)).toMatchObject({ exit_code: 0, stdout: '42\n', stderr: '' });
    expect(events.at(-1)!.data.message.content).toContain('42');
    const trace = (await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).json()) as any;
    expect(trace.data.map((t: any) => t.type)).toEqual(['model', 'tool', 'model']);
    expect(trace.data[1]).toMatchObject({ name: 'run_python', ok: true });
    expect(trace.data[1].output).toContain('42');
  });

  it('returns a failing program as a tool error with its stderr, and the turn still completes', async () => {
    const a = await signup();
    const s = await codeSession(a);
    const events = await readSse(await say(a, s.id, callTool('run_python', { code: 'raise ValueError("bad input")' })));
    const result = events.find((e) => e.event === 'tool.result')!.data;
    expect(result.ok).toBe(false);
    expect(JSON.parse(result.output)).toMatchObject({ exit_code: 1, stderr: expect.stringContaining('ValueError: bad input') });
    expect(events.at(-1)!.event).toBe('message.completed');
  });
});

describe('files produced by code', () => {
  it('come back as attachments on tool.result and on the stored tool message', async () => {
    const a = await signup();
    const s = await codeSession(a);
    const code = "open('report.csv', 'w').write('a,b\\n1,2\\n')\nprint('written')";
    const events = await readSse(await say(a, s.id, callTool('run_python', { code })));
    const result = events.find((e) => e.event === 'tool.result')!.data;
    expect(result.files).toEqual([{ path: 'report.csv', size: 8, media_type: 'text/csv', content_base64: btoa('a,b\n1,2\n') }]);
    expect(JSON.parse(result.output).files).toEqual([{ path: 'report.csv', size: 8 }]);
    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    const tool = history.data.find((m: any) => m.role === 'tool');
    expect(tool.attachments).toEqual(result.files);
  });

  it('lists a file over 256 KB without its content, and input files reach the program', async () => {
    const a = await signup();
    const s = await codeSession(a);
    const code = 'head -c 300000 /dev/zero > big.bin; tr a-z A-Z < in.txt > out.txt; wc -c < big.bin';
    const events = await readSse(await say(a, s.id, callTool('run_shell', { code, files: [{ path: 'in.txt', content: 'hello' }] })));
    const result = events.find((e) => e.event === 'tool.result')!.data;
    expect(result.files).toEqual([
      { path: 'big.bin', size: 300_000, media_type: 'application/octet-stream' },
      { path: 'out.txt', size: 5, media_type: 'text/plain', content_base64: btoa('HELLO') },
    ]);
    expect(JSON.parse(result.output).files).toEqual([
      { path: 'big.bin', size: 300_000, attached: false },
      { path: 'out.txt', size: 5 },
    ]);
  });
});

describe('the container runtime', () => {
  it('is required to attach a code tool to an agent', async () => {
    const a = await signup();
    const refused = await api('/api/v1/agents', { body: { name: 'Edge', model: 'edgent-test', tool_ids: ['tol_run_python'] }, as: a });
    const err = await expectError(refused, 400, 'validation_failed');
    expect(err.details).toEqual([{ path: 'tool_ids.0', message: 'run_python needs the container runtime' }]);
    const ok = (await (
      await api('/api/v1/agents', { body: { name: 'Box', model: 'edgent-test', runtime: 'container', tool_ids: ['tol_run_shell'] }, as: a })
    ).json()) as any;
    await expectError(await api(`/api/v1/agents/${ok.id}`, { method: 'PATCH', body: { runtime: 'edge' }, as: a }), 400, 'validation_failed');
  });

  it('is checked again when the tool runs', async () => {
    const r = await runCode(spec('run_javascript'), { code: 'console.log(1)' }, ctx({ runtime: 'edge' }));
    expect(r).toEqual({ ok: false, output: expect.stringContaining('Set the agent\'s runtime to "container"') });
  });
});

describe('runner failures', () => {
  it('become tool errors the model can read', async () => {
    const down = await runCode(spec('run_python'), { code: 'print(1)' }, ctx({ env: { ...env, TOOL_RUNNER_URL: 'http://127.0.0.1:9' } }));
    expect(down).toEqual({ ok: false, output: expect.stringContaining('not reachable') });
    const badToken = await runCode(spec('run_python'), { code: 'print(1)' }, ctx({ env: { ...env, RUNNER_TOKEN: 'wrong' } }));
    expect(badToken).toEqual({ ok: false, output: expect.stringContaining('refused the token') });
    const badPath = await runCode(spec('run_shell'), { code: 'ls', files: [{ path: '../escape', content: 'x' }] }, ctx());
    expect(badPath).toEqual({ ok: false, output: expect.stringContaining('leaves the working directory') });
    expect(await runCode(spec('run_shell'), { code: '' }, ctx())).toMatchObject({ ok: false, output: expect.stringContaining('"code"') });
  });
});

describe('the Container transport', () => {
  it('names the instance from the tenant and the session', async () => {
    const names: string[] = [];
    let seen: Request | undefined;
    const result = {
      stdout: '',
      stderr: '',
      exit_code: 0,
      duration_ms: 1,
      timed_out: false,
      stdout_truncated: false,
      stderr_truncated: false,
      files_out: [],
      files_truncated: false,
    };
    // A stand-in for the Durable Object namespace: records the name and the request the client sends.
    const TOOL_RUNNER = {
      idFromName: (name: string) => (names.push(name), name),
      get: () => ({ fetch: async (req: Request) => ((seen = req), Response.json(result)) }),
    } as unknown as typeof env.TOOL_RUNNER;
    const client = toolRunnerClient({ ...env, TOOL_RUNNER_URL: '', TOOL_RUNNER }, 'ten_a', 'ses_b');
    expect(await client.run({ language: 'shell', code: 'true' })).toEqual(result);
    expect(names).toEqual(['ten_a:ses_b']);
    expect(new URL(seen!.url).pathname).toBe('/run');
    expect(seen!.headers.has('x-runner-token')).toBe(false); // the ToolRunner object adds its own instance token
  });
});

describe('sessions created before attachments existed', () => {
  it('get the attachments column and keep working', async () => {
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`ten_old:ses_${crypto.randomUUID()}`));
    const messages = await runInDurableObject(stub, async (_instance, state) => {
      state.storage.sql.exec(`
        create table meta (key text primary key, value text not null);
        create table messages (seq integer primary key autoincrement, id text not null unique, turn_id text not null,
          role text not null, content text not null, tool_calls text, tool_call_id text, name text, ok integer,
          status text not null, created_at integer not null);
        create table steps (seq integer primary key autoincrement, turn_id text not null, data text not null);`);
      const file = { path: 'a.txt', size: 1, media_type: 'text/plain', content_base64: 'eA==' };
      const store = new SessionStore(state.storage.sql);
      store.addMessage({
        id: 'msg_1',
        turn_id: 't',
        role: 'tool',
        content: '{}',
        tool_call_id: 'c',
        name: 'run_shell',
        ok: true,
        attachments: [file],
        status: 'completed',
      });
      new SessionStore(state.storage.sql); // a second start finds the column and leaves it
      return store.messages();
    });
    expect(messages[0]!.attachments).toEqual([{ path: 'a.txt', size: 1, media_type: 'text/plain', content_base64: 'eA==' }]);
  });
});
