/**
 * ToolRunner: the Container class that runs code tools, one instance per agent session, named
 * `${tenantId}:${sessionId}` by the server (worker/tools/tool-runner.ts). It starts the image built from the
 * Dockerfile beside it, without internet access, and authenticates every request it forwards to its container.
 */
import { Container } from '@cloudflare/containers';
import type { Bindings } from '../../worker/env';

/** The port server.mjs listens on in the image (Dockerfile: ENV PORT, EXPOSE). */
export const RUNNER_PORT = 8080;
const TOKEN_KEY = 'runner_token';

export class ToolRunner extends Container<Bindings> {
  override defaultPort = RUNNER_PORT;
  override sleepAfter = '5m';
  // No egress: the runtime starts the container with internet access off (ctx.container.start({enableInternet}));
  // nothing is allowed through allowedHosts or outbound handlers either.
  override enableInternet = false;
  override pingEndpoint = 'localhost/health';

  /**
   * The container's RUNNER_TOKEN is random per instance, kept in this object's storage, and added to each request
   * here. Code in the container runs as the server's user and can read the server's environment, so a token shared
   * by all instances would let one tenant's code learn every container's token; this one opens only its own.
   */
  private async token(): Promise<string> {
    let token = await this.ctx.storage.get<string>(TOKEN_KEY);
    if (!token) {
      token = [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, '0')).join('');
      await this.ctx.storage.put(TOKEN_KEY, token);
    }
    // Only the token: the runner never receives platform secrets.
    this.envVars = { RUNNER_TOKEN: token };
    return token;
  }

  override async fetch(request: Request): Promise<Response> {
    const headers = new Headers(request.headers);
    headers.set('X-Runner-Token', await this.token());
    return this.containerFetch(new Request(request, { headers }), RUNNER_PORT);
  }
}
