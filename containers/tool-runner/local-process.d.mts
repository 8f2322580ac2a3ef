// Types for local-process.mjs: the tool-runner server started as a local child process.
export interface LocalToolRunner {
  /** e.g. `http://127.0.0.1:40123`; POST `${url}/run` with the `X-Runner-Token` header. */
  url: string;
  token: string;
  pid: number | undefined;
  /** Settles with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string | null>;
  /** SIGTERM (the server kills running code and exits), SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

export function startToolRunner(options?: {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Random when omitted. */
  token?: string;
  /** Extra environment, e.g. RUNNER_* limits. */
  env?: Record<string, string>;
  /** Receives the server's log lines. */
  log?: (line: string) => void;
  timeoutMs?: number;
}): Promise<LocalToolRunner>;
