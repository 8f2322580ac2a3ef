// Global setup for the `e2e` vitest project (Node): one real `wrangler dev` with throwaway state and secrets,
// plus the scriptable LLM upstream when test/fixtures/llm-upstream.mjs exists, and the small third-party API the
// tool flows call (test/fixtures/tools-api.mjs), and a real OpenID provider for single sign-on
// (test/fixtures/oidc-provider.mjs). Provides `baseUrl` (and `llmUrl`, `toolsApiUrl`, `oidcIssuer`).
// Set E2E_BASE_URL to run the browser tests against a server you already started (e.g. `npm start`).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ROOT, applyMigrations, copyAssets, freePort, generateDevVars, startStripeFixture, startWrangler, waitForHealth } from '../../scripts/dev-env.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Edgent server under test, e.g. `http://127.0.0.1:40123` (no trailing slash). */
    baseUrl: string;
    /** The fake OpenAI-compatible upstream (`…/v1`), when test/fixtures/llm-upstream.mjs exists. */
    llmUrl?: string;
    /** A small third-party API for HTTP tools (test/fixtures/tools-api.mjs), e.g. `http://127.0.0.1:40124`. */
    toolsApiUrl: string;
    /** The OpenID provider the server signs people in with (test/fixtures/oidc-provider.mjs). */
    oidcIssuer: string;
    /** The Stripe-compatible fixture the shared server bills through (webhooks delivered to it), when started here. */
    stripeUrl?: string;
  }
}

type Closeable = { url: string; close(): Promise<void> };
type OidcProvider = { issuer: string; close(): Promise<void> };

/** A provider whose one client may send people back to `baseUrl` (the server under test). */
async function startOidc(baseUrl: string): Promise<OidcProvider> {
  const { startOidcProvider } = await import(pathToFileURL(join(ROOT, 'test/fixtures/oidc-provider.mjs')).href);
  return (await startOidcProvider({ redirectUris: [`${baseUrl}/auth/oidc/callback`] })) as OidcProvider;
}

/** What the server needs to use that provider (the fixture's client). */
const oidcVars = (issuer: string) => ({
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: 'edgent-test',
  OIDC_CLIENT_SECRET: 'edgent-test-client-secret-0123456789',
  OIDC_NAME: 'Test IdP',
});
type Server = { url: string; output(): string; exited: Promise<number | null>; stop(): Promise<void> };

const log = (line: string) => console.log(`[e2e] ${line}`);

/** Every limit of a plan lifted (PLAN_LIMITS: null is unlimited). */
export const UNLIMITED = { messages: null, tokens: null, workflow_runs: null, code_tool_minutes: null, agents: null, seats: null, embed_keys: null };

export default async function setup(project: TestProject) {
  const external = process.env.E2E_BASE_URL?.replace(/\/+$/, '');
  if (external) {
    rmSync(join(ROOT, 'test-results/screenshots'), { recursive: true, force: true });
    await waitForHealth(external, { timeoutMs: 10_000 });
    project.provide('baseUrl', external);
    const { startToolsApi } = await import(pathToFileURL(join(ROOT, 'test/fixtures/tools-api.mjs')).href);
    const toolsApi = (await startToolsApi()) as Closeable;
    project.provide('toolsApiUrl', toolsApi.url);
    // sso.e2e.test.ts passes only if that server was started with these OIDC_* settings (logged here).
    const oidc = await startOidc(external);
    project.provide('oidcIssuer', oidc.issuer);
    log(`using the running server at ${external}; for single sign-on give it ${JSON.stringify(oidcVars(oidc.issuer))}`);
    return async () => {
      await toolsApi.close();
      await oidc.close();
    };
  }

  const started = Date.now();
  rmSync(join(ROOT, 'test-results/screenshots'), { recursive: true, force: true }); // no stale screenshots
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const teardown = async () => {
    for (const fn of cleanups.reverse())
      await Promise.resolve()
        .then(fn)
        .catch((e) => console.error('[e2e] teardown:', e));
  };

  try {
    copyAssets({ quiet: true });

    const stateDir = mkdtempSync(join(tmpdir(), 'edgent-e2e-'));
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));

    let llm: Closeable | undefined;
    const fixture = join(ROOT, 'test/fixtures/llm-upstream.mjs');
    if (existsSync(fixture)) {
      const { startLlmUpstream } = await import(pathToFileURL(fixture).href);
      llm = (await startLlmUpstream({ port: 0 })) as Closeable;
      cleanups.push(() => llm!.close());
      project.provide('llmUrl', llm.url);
    } else {
      log('test/fixtures/llm-upstream.mjs not found; running without the fake LLM upstream');
    }

    // The API that HTTP tools call in the browser flows (the workers tests start the same server).
    const { startToolsApi } = await import(pathToFileURL(join(ROOT, 'test/fixtures/tools-api.mjs')).href);
    const toolsApi = (await startToolsApi()) as Closeable;
    cleanups.push(() => toolsApi.close());
    project.provide('toolsApiUrl', toolsApi.url);

    // Throwaway secrets for this run only; the developer's .dev.vars is never read or written.
    // Every browser test signs up from this one host: more than the default 20 new accounts an hour per IP.
    // Billing on, through the Stripe-compatible fixture; Free's limits lifted so no other browser test meets a quota
    // (billing-upgrade.e2e.test.ts runs its own server with a low Free limit).
    const vars: Record<string, string> = { ...generateDevVars(), SIGNUP_LIMIT_PER_IP: '500', PLAN_LIMITS: JSON.stringify({ free: UNLIMITED }) };
    if (llm) {
      vars.OPENAI_BASE_URL = llm.url;
      vars.OPENAI_API_KEY = 'e2e-test-key';
    }

    const persistTo = join(stateDir, 'wrangler');
    await applyMigrations(persistTo, { log: () => {} });

    let server: Server | undefined;
    for (let attempt = 1; !server; attempt++) {
      const port = await freePort();
      // The provider must know the callback URL, so it starts once the port is chosen.
      const oidc = await startOidc(`http://127.0.0.1:${port}`);
      cleanups.push(() => oidc.close());
      project.provide('oidcIssuer', oidc.issuer);
      const stripe = await startStripeFixture({ webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe` });
      cleanups.push(() => stripe.stop());
      project.provide('stripeUrl', stripe.url);
      const candidate: Server = await startWrangler({ port, persistTo, vars: { ...vars, ...oidcVars(oidc.issuer), ...stripe.vars }, stdio: 'pipe' });
      cleanups.push(() => saveLog(candidate.output())); // runs after stop(): cleanups run in reverse
      cleanups.push(() => candidate.stop());
      try {
        await waitForHealth(candidate.url, { exited: candidate.exited, timeoutMs: 90_000 });
        server = candidate;
      } catch (e) {
        await candidate.stop();
        // The free port may have been taken between choosing it and wrangler binding it: retry once.
        if (attempt >= 2 || !/EADDRINUSE|address already in use/i.test(candidate.output())) {
          throw new Error(`wrangler dev did not become healthy: ${(e as Error).message}\n${candidate.output().slice(-4000)}`);
        }
      }
    }

    project.provide('baseUrl', server.url);
    log(`Edgent at ${server.url}${llm ? `, LLM upstream at ${llm.url}` : ''} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return teardown;
  } catch (e) {
    await teardown();
    throw e;
  }
}

/** Keeps the server log of the last run in test-results/e2e-wrangler.log (gitignored) for debugging. */
function saveLog(output: string) {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'e2e-wrangler.log'), output.replace(/\x1b\[[0-9;]*m/g, ''));
}
