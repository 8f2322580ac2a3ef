// The tool-runner's limits, read once from its environment (RUNNER_* variables) with safe defaults.

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * @typedef {ReturnType<typeof readLimits>} Limits
 * @param {Record<string, string | undefined>} [env]
 */
export function readLimits(env = process.env) {
  /** @param {string} name @param {number} fallback */
  const num = (name, fallback) => {
    const v = Number(env[name]);
    return Number.isFinite(v) && v >= 0 && env[name] !== '' && env[name] !== undefined ? v : fallback;
  };
  return {
    /** Whole request body (JSON, files included as base64: 4/3 of maxTotalInBytes, plus the code). */
    maxBodyBytes: num('RUNNER_MAX_BODY_BYTES', 32 * MiB),
    maxCodeBytes: num('RUNNER_MAX_CODE_BYTES', 256 * KiB),
    maxStdinBytes: num('RUNNER_MAX_STDIN_BYTES', 1 * MiB),
    maxFilesIn: num('RUNNER_MAX_FILES_IN', 32),
    /** A file attached in chat may be 10 MB (worker/knowledge/chat-file-settings.ts) and reaches code tools whole. */
    maxFileInBytes: num('RUNNER_MAX_FILE_IN_BYTES', 10 * MiB),
    maxTotalInBytes: num('RUNNER_MAX_TOTAL_IN_BYTES', 20 * MiB),
    maxFilesOut: num('RUNNER_MAX_FILES_OUT', 20),
    /** Larger produced files are listed with their size but without content. */
    maxFileOutBytes: num('RUNNER_MAX_FILE_OUT_BYTES', 1 * MiB),
    maxTotalOutBytes: num('RUNNER_MAX_TOTAL_OUT_BYTES', 8 * MiB),
    /** Per stream (stdout, stderr); the rest is dropped and the result marked truncated. */
    maxOutputBytes: num('RUNNER_MAX_OUTPUT_BYTES', 128 * KiB),
    defaultTimeoutMs: num('RUNNER_DEFAULT_TIMEOUT_MS', 10_000),
    maxTimeoutMs: num('RUNNER_MAX_TIMEOUT_MS', 60_000),
    /** RLIMIT_AS per process, in MiB (0 = not set). */
    memoryMb: num('RUNNER_MEMORY_MB', 1024),
    /** RLIMIT_NPROC: counts every process and thread of the runner's user, so it is a fork-bomb guard. */
    maxProcesses: num('RUNNER_MAX_PROCESSES', 256),
    maxOpenFiles: num('RUNNER_MAX_OPEN_FILES', 256),
    /** RLIMIT_FSIZE: the largest file a run may write, in MiB. */
    maxFileSizeMb: num('RUNNER_MAX_FILE_SIZE_MB', 64),
    maxConcurrentRuns: num('RUNNER_MAX_CONCURRENT_RUNS', 4),
  };
}
