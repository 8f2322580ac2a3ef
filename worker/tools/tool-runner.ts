/**
 * ToolRunnerClient: how the Worker reaches the tool-runner (containers/tool-runner), one interface, two transports:
 * the ToolRunner Container binding (one instance per session, production) or TOOL_RUNNER_URL, the same server run
 * as a local process (development and tests). Used by the code tools (worker/tools/code-tools.ts).
 */
import type { Bindings } from '../env';

export type RunLanguage = 'python' | 'javascript' | 'shell';
export type RunFileIn = { path: string; content_base64: string };
export type RunFileOut = { path: string; size: number; content_base64: string | null };

export type RunRequest = { language: RunLanguage; code: string; stdin?: string; files?: RunFileIn[]; timeout_ms?: number };
export type RunResult = {
  stdout: string;
  stderr: string;
  exit_code: number;
  duration_ms: number;
  timed_out: boolean;
  stdout_truncated: boolean;
  stderr_truncated: boolean;
  files_out: RunFileOut[];
  files_truncated: boolean;
};

export interface ToolRunnerClient {
  /** Runs code; throws ToolRunnerError when the runner refuses the request or cannot be reached. */
  run(payload: RunRequest, signal?: AbortSignal): Promise<RunResult>;
}

export class ToolRunnerError extends Error {}

/** Time allowed on top of the run's own limit: a cold container start and the transfer of files. */
const TRANSPORT_SLACK_MS = 30_000;

type Send = (request: Request) => Promise<Response>;

/** The client for one agent session: its own container in production, the shared local runner otherwise. */
export function toolRunnerClient(env: Bindings, tenantId: string, sessionId: string): ToolRunnerClient {
  if (env.TOOL_RUNNER_URL) {
    const base = env.TOOL_RUNNER_URL.replace(/\/+$/, '');
    return httpClient(`${base}/run`, (req) => {
      req.headers.set('X-Runner-Token', env.RUNNER_TOKEN ?? '');
      return fetch(req);
    });
  }
  // The server builds the name from the tenant and the session; a client never names a container.
  const stub = env.TOOL_RUNNER.get(env.TOOL_RUNNER.idFromName(`${tenantId}:${sessionId}`));
  return httpClient('http://tool-runner/run', (req) => stub.fetch(req));
}

function httpClient(url: string, send: Send): ToolRunnerClient {
  return {
    async run(payload, signal) {
      const timeout = AbortSignal.timeout((payload.timeout_ms ?? 60_000) + TRANSPORT_SLACK_MS);
      const request = new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      let res: Response;
      try {
        res = await send(request);
      } catch (e) {
        if (signal?.aborted) throw new ToolRunnerError('The run was cancelled');
        if (timeout.aborted) throw new ToolRunnerError('The code runner did not answer in time');
        throw new ToolRunnerError(`The code runner is not reachable: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (res.ok) return (await res.json()) as RunResult;
      const text = await res.text();
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {}
      if (res.status === 401) message = 'The code runner refused the token (check RUNNER_TOKEN and TOOL_RUNNER_URL)';
      throw new ToolRunnerError(`The code runner answered HTTP ${res.status}: ${message}`);
    },
  };
}
