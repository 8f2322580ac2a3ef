// Runs one job: a fresh directory, the interpreter under rlimits in its own process group, a wall-time limit that
// kills the whole tree, capped output, produced files collected, and the directory removed afterwards.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, sweep } from './process-tree.mjs';
import { RESERVED_PREFIX } from './request.mjs';
import { collectOutputs, removeTree, writeInputs } from './workdir.mjs';

/** How each language is started; the code file sits in the work directory so relative imports work. */
const COMMANDS = {
  python: { file: `${RESERVED_PREFIX}main.py`, argv: (f) => ['python3', f] },
  javascript: { file: `${RESERVED_PREFIX}main.js`, argv: (f) => [process.execPath, f] },
  shell: { file: `${RESERVED_PREFIX}main.sh`, argv: (f) => ['bash', f] },
};

// bash applies the limits to itself, then execs the interpreter (same pid, same process group). A limit the
// OS refuses is skipped rather than failing the run; README.md (Containers) says what each mode enforces.
const WRAPPER = [
  'ulimit -t "$1" 2>/dev/null; ulimit -f "$2" 2>/dev/null; ulimit -n "$3" 2>/dev/null',
  '[ "$4" -gt 0 ] && { ulimit -u "$4" 2>/dev/null; }; [ "$5" -gt 0 ] && { ulimit -v "$5" 2>/dev/null; }',
  'shift 5; exec "$@"',
].join('\n');

/**
 * @param {import('./request.mjs').Job} job
 * @param {import('./limits.mjs').Limits} limits
 * @param {AbortSignal} signal aborts the run (client gone, server shutting down)
 */
export async function execute(job, limits, signal) {
  const base = await mkdtemp(join(tmpdir(), 'edgent-run-'));
  try {
    const [work, home, tmp] = ['work', 'home', 'tmp'].map((d) => join(base, d));
    for (const d of [work, home, tmp]) await mkdir(d, { mode: 0o700 });
    const inputs = await writeInputs(work, job.files);
    const cmd = COMMANDS[job.language];
    await writeFile(join(work, cmd.file), job.code, { mode: 0o600 });
    const run = await spawnLimited(cmd.argv(cmd.file), { work, home, tmp }, job, limits, signal);
    const out = await collectOutputs(work, inputs, limits);
    return { ...run, files_out: out.files, files_truncated: out.truncated };
  } finally {
    await removeTree(base);
  }
}

/** A clean environment: nothing of the runner's own (its token included) reaches the code. */
function childEnv(dirs, runId) {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    MPLBACKEND: 'Agg',
    MPLCONFIGDIR: dirs.tmp,
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    TOOL_RUN_ID: runId,
  };
}

function capture(stream, cap) {
  const chunks = [];
  let kept = 0;
  let total = 0;
  stream.on('data', (d) => {
    total += d.length;
    if (kept < cap) {
      const part = d.subarray(0, cap - kept);
      chunks.push(part);
      kept += part.length;
    }
  });
  return () => ({ text: Buffer.concat(chunks).toString('utf8'), truncated: total > cap });
}

async function spawnLimited(argv, dirs, job, limits, signal) {
  const runId = randomUUID();
  const limitArgs = [
    Math.ceil(job.timeoutMs / 1000) + 1, // CPU seconds: a backstop behind the wall-time kill
    limits.maxFileSizeMb * 1024, // bash counts -f in KiB blocks
    limits.maxOpenFiles,
    process.getuid?.() === 0 ? 0 : limits.maxProcesses, // root is exempt from RLIMIT_NPROC anyway
    limits.memoryMb * 1024,
  ].map(String);
  const started = performance.now();
  // detached: a new session and process group (pgid = pid), so one kill(-pid) reaches every descendant.
  const child = spawn('bash', ['-c', WRAPPER, 'tool-run', ...limitArgs, ...argv], {
    cwd: dirs.work,
    env: childEnv(dirs, runId),
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  const closed = once(child, 'close');
  closed.catch(() => {}); // a spawn error is reported once, through `exited`
  const stdout = capture(child.stdout, limits.maxOutputBytes);
  const stderr = capture(child.stderr, limits.maxOutputBytes);
  child.stdin.on('error', () => {}); // the code need not read its stdin
  child.stdin.end(job.stdin);

  const killTree = () => killGroup(child.pid);
  let timedOut = false;
  let aborted = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree();
  }, job.timeoutMs);
  const onAbort = () => {
    aborted = true;
    killTree();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });

  try {
    const [code, sig] = await exited;
    const durationMs = Math.round(performance.now() - started);
    // Whatever the code left running (background jobs, daemons) goes with it.
    killTree();
    await sweep(runId);
    // A descendant that escaped the group may still hold the pipes open; don't wait for it forever.
    await Promise.race([closed, new Promise((r) => setTimeout(r, 500))]);
    child.stdout.destroy();
    child.stderr.destroy();
    const out = stdout();
    const err = stderr();
    return {
      stdout: out.text,
      stderr: err.text,
      exit_code: code ?? 128 + (constants.signals[sig] ?? 0),
      signal: sig ?? null,
      duration_ms: durationMs,
      timed_out: timedOut,
      killed: aborted && !timedOut,
      stdout_truncated: out.truncated,
      stderr_truncated: err.truncated,
    };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
