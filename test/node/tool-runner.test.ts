// The tool-runner server (containers/tool-runner/server.mjs) as a real local process: each language, limits (wall
// time kills the whole tree, output cap, memory), files in and out, isolation of concurrent runs, bad input, the
// token, and a clean SIGTERM shutdown.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalToolRunner, startToolRunner } from '../../containers/tool-runner/local-process.mjs';

let runner: LocalToolRunner;
beforeAll(async () => {
  runner = await startToolRunner({
    env: { RUNNER_MAX_OUTPUT_BYTES: '4096', RUNNER_MAX_CODE_BYTES: '20000', RUNNER_MAX_FILE_OUT_BYTES: '65536', RUNNER_MAX_BODY_BYTES: '1000000' },
  });
});
afterAll(() => runner?.stop());

async function post(body: unknown, { token = runner.token, url = runner.url } = {}) {
  const res = await fetch(`${url}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-runner-token': token } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const run = async (body: Record<string, unknown>) => {
  const r = await post(body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Running, not just a zombie waiting for init to reap it. */
const running = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
/** SIGKILL is delivered at once, but the process needs a moment to go. */
async function gone(pid: number) {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !running(pid);
}

describe('languages', () => {
  it('runs Python, JavaScript (ESM with top-level await, or CommonJS) and shell, with stdin', async () => {
    expect(await run({ language: 'python', code: 'import sys\nprint(6*7, sys.stdin.read().upper())', stdin: 'hi' })).toMatchObject({
      stdout: '42 HI\n',
      stderr: '',
      exit_code: 0,
      timed_out: false,
    });
    expect((await run({ language: 'javascript', code: 'import os from "node:os"; console.log(typeof os.cpus, await Promise.resolve(7))' })).stdout).toBe(
      'function 7\n',
    );
    expect((await run({ language: 'javascript', code: 'const fs = require("fs"); console.log(typeof fs.readFileSync)' })).stdout).toBe('function\n');
    const sh = await run({ language: 'shell', code: 'read name; echo "hello $name"; echo oops >&2; exit 3', stdin: 'Ada\n' });
    expect(sh).toMatchObject({ stdout: 'hello Ada\n', stderr: 'oops\n', exit_code: 3 });
    expect(sh.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('gives the code a clean environment without the runner token', async () => {
    const env = (await run({ language: 'shell', code: 'env' })).stdout as string;
    expect(env).not.toContain(runner.token);
    expect(env).not.toContain('RUNNER_TOKEN');
    expect(env).toContain('HOME=');
  });
});

describe('limits', () => {
  it('kills the whole process tree at the wall-time limit', async () => {
    const marker = join(tmpdir(), `runner-test-${process.pid}-${Date.now()}`);
    const code = `import subprocess, time\np = subprocess.Popen(['sleep', '300'])\nopen(${JSON.stringify(marker)}, 'w').write(str(p.pid))\ntime.sleep(300)`;
    const started = Date.now();
    const r = await run({ language: 'python', code, timeout_ms: 700 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toMatchObject({ timed_out: true, exit_code: 137 });
    const grandchild = Number(readFileSync(marker, 'utf8'));
    rmSync(marker);
    expect(grandchild).toBeGreaterThan(0);
    expect(await gone(grandchild)).toBe(true);
  });

  it('leaves nothing running after the program exits, even a process that left the group', async () => {
    const r = await run({ language: 'shell', code: 'sleep 300 & echo $!; setsid sleep 301 & sleep 0.2; pgrep -n -f "sleep 301"' });
    expect(r.exit_code).toBe(0);
    const pids = (r.stdout as string).trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(await gone(pid)).toBe(true);
  });

  it('caps each output stream and marks it truncated', async () => {
    const r = await run({ language: 'python', code: "import sys\nprint('x' * 100000)\nsys.stderr.write('e' * 10)" });
    expect(r.stdout).toHaveLength(4096);
    expect(r).toMatchObject({ stdout_truncated: true, stderr: 'eeeeeeeeee', stderr_truncated: false, exit_code: 0 });
  });

  it('limits memory per process', async () => {
    const r = await run({ language: 'python', code: 'x = bytearray(3 * 1024 ** 3)' });
    expect(r.exit_code).toBe(1);
    expect(r.stderr).toContain('MemoryError');
  });
});

describe('files', () => {
  it('writes input files and returns new and changed files, not unchanged ones or the code', async () => {
    const code = 'cat data/in.txt > copy.txt; echo more >> data/changed.txt; mkdir -p out/deep; printf "\\x00\\x01" > out/deep/b.bin';
    const files = [
      { path: 'data/in.txt', content_base64: b64('input\n') },
      { path: 'data/changed.txt', content_base64: b64('v1\n') },
    ];
    const r = await run({ language: 'shell', code, files });
    expect(r.exit_code).toBe(0);
    expect(r.files_out).toEqual([
      { path: 'copy.txt', size: 6, content_base64: b64('input\n') },
      { path: 'data/changed.txt', size: 8, content_base64: b64('v1\nmore\n') },
      { path: 'out/deep/b.bin', size: 2, content_base64: 'AAE=' },
    ]);
  });

  it('lists a produced file over the size cap without its content', async () => {
    const r = await run({ language: 'shell', code: 'head -c 70000 /dev/zero > big.bin' });
    expect(r.files_out).toEqual([{ path: 'big.bin', size: 70000, content_base64: null }]);
  });

  it('gives each run a fresh directory and removes it afterwards', async () => {
    const first = await run({ language: 'shell', code: 'touch leftover.txt; pwd' });
    expect(existsSync(first.stdout.trim())).toBe(false);
    const second = await run({ language: 'shell', code: 'ls -A; pwd' });
    expect(second.stdout).not.toContain('leftover.txt');
    expect(second.stdout.trim().split('\n').at(-1)).not.toBe(first.stdout.trim());
  });

  it('keeps concurrent runs apart, even when they write the same file name', async () => {
    const job = (who: string) => run({ language: 'shell', code: `echo ${who} > same.txt; sleep 0.4; cat same.txt` });
    const [a, b] = await Promise.all([job('alpha'), job('beta')]);
    expect(a.stdout).toBe('alpha\n');
    expect(b.stdout).toBe('beta\n');
    expect(a.files_out).toEqual([{ path: 'same.txt', size: 6, content_base64: b64('alpha\n') }]);
    expect(b.files_out).toEqual([{ path: 'same.txt', size: 5, content_base64: b64('beta\n') }]);
  });
});

describe('bad requests', () => {
  const bad = async (body: unknown, reason: RegExp, status = 400) => {
    const r = await post(body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error.message).toMatch(reason);
  };

  it('answers 400 with the reason', async () => {
    await bad('{not json', /not valid JSON/);
    await bad([1], /JSON object/);
    await bad({ language: 'ruby', code: 'puts 1' }, /language must be one of python, javascript, shell/);
    await bad({ language: 'python' }, /code must be a non-empty string/);
    await bad({ language: 'python', code: 'x'.repeat(20001) }, /code is 20001 bytes; the limit is 20000/);
    await bad({ language: 'python', code: '1', extra: true }, /Unknown field: extra/);
    await bad({ language: 'python', code: '1', timeout_ms: 10 ** 9 }, /timeout_ms must be an integer/);
    await bad({ language: 'python', code: '1', stdin: 5 }, /stdin must be a string/);
    for (const [path, reason] of [
      ['../x', /leaves the working directory/],
      ['/etc/passwd', /absolute/],
      ['a//b', /empty or "."/],
      ['./a', /empty or "."/],
      ['.edgent-main.py', /reserved/],
      ['', /path is required/],
    ] as const) {
      await bad({ language: 'shell', code: 'ls', files: [{ path, content_base64: '' }] }, reason);
    }
    await bad({ language: 'shell', code: 'ls', files: [{ path: 'a', content_base64: 'not base64!' }] }, /standard base64/);
    await bad(
      {
        language: 'shell',
        code: 'ls',
        files: [
          { path: 'a', content_base64: '' },
          { path: 'a', content_base64: '' },
        ],
      },
      /given twice/,
    );
    await bad(
      {
        language: 'shell',
        code: 'ls',
        files: [
          { path: 'a', content_base64: '' },
          { path: 'a/b', content_base64: '' },
        ],
      },
      /collide/,
    );
    await bad({ language: 'shell', code: 'x', stdin: 'y'.repeat(1_000_001) }, /larger than 1000000 bytes/, 413);
  });

  it('answers 401 without the right token, and 404/405 off the API', async () => {
    for (const token of ['', 'wrong', `${runner.token}x`]) {
      const r = await post({ language: 'python', code: 'print(1)' }, { token });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
    expect((await fetch(`${runner.url}/health`)).status).toBe(200);
    expect((await fetch(`${runner.url}/nope`)).status).toBe(404);
    expect((await fetch(`${runner.url}/run`)).status).toBe(405);
  });
});

describe('shutdown', () => {
  it('on SIGTERM stops accepting, kills running code and exits 0', async () => {
    const own = await startToolRunner({ env: { RUNNER_MAX_CONCURRENT_RUNS: '1' } });
    const marker = join(tmpdir(), `runner-term-${process.pid}-${Date.now()}`);
    const pending = post({ language: 'shell', code: `sleep 300 & echo $! > ${marker}; wait`, timeout_ms: 60_000 }, own);
    for (let i = 0; i < 100 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 20));
    const busy = await post({ language: 'shell', code: 'true' }, own);
    expect(busy.status).toBe(429);
    const grandchild = Number(readFileSync(marker, 'utf8'));
    rmSync(marker);
    const started = Date.now();
    await own.stop();
    expect(await own.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
    expect((await pending).body).toMatchObject({ killed: true, timed_out: false });
    expect(await gone(grandchild)).toBe(true);
    await expect(fetch(`${own.url}/health`)).rejects.toThrow();
  });
});
