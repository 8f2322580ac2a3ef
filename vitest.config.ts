// Test projects: `workers` runs inside the Workers runtime (SELF.fetch, real D1 migrations, DO stubs); `node` runs
// Node-side suites (fixtures, static checks); `e2e` drives Debian's Chromium against a real `wrangler dev`.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Fixed test secrets: real formats, never used outside tests.
const TEST_SECRETS = {
  MASTER_KEY: 'k1:' + Buffer.alloc(32, 7).toString('base64'),
  SESSION_SECRET: 'test-session-secret-0123456789abcdef',
  OPERATOR_TOKEN: 'test-operator-token-0123456789',
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    test: {
      projects: [
        {
          // Binary fixtures reach the Workers runtime as base64 data URLs (`?inline`); Vite knows PDFs, not DOCX.
          assetsInclude: ['**/*.docx'],
          plugins: [
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  ...TEST_SECRETS,
                  TEST_MIGRATIONS: migrations,
                  // The operator-default model endpoint is the scriptable test upstream (test/fixtures).
                  OPENAI_BASE_URL: inject('llmUrl'),
                  OPENAI_API_KEY: 'test-operator-key',
                  LLM_URL: inject('llmUrl'),
                  ALLOW_PRIVATE_NETWORK: 'true',
                  LLM_TIMEOUT_MS: '1000',
                  // Code tools reach the tool-runner as a local process (test/setup/tool-runner.global.ts).
                  TOOL_RUNNER_URL: inject('toolRunnerUrl'),
                  RUNNER_TOKEN: inject('toolRunnerToken'),
                  // Password-reset mail goes to a fake Resend-style API (test/fixtures/email-api.mjs).
                  EMAIL_API_URL: `${inject('emailApiUrl')}/emails`,
                  EMAIL_API_KEY: 're_test_key_0123456789',
                  EMAIL_FROM: 'Edgent <no-reply@edgent.test>',
                  // Single sign-on against a real OpenID provider on loopback (test/fixtures/oidc-provider.mjs).
                  OIDC_ISSUER: inject('oidcIssuer'),
                  OIDC_CLIENT_ID: 'edgent-test',
                  OIDC_CLIENT_SECRET: 'edgent-test-client-secret-0123456789',
                  OIDC_NAME: 'Test IdP',
                  // Billing on, against the Stripe-compatible server (test/fixtures/stripe-api.mjs; keys and prices
                  // as test/setup/stripe-api.global.ts STRIPE_TEST).
                  STRIPE_SECRET_KEY: 'sk_test_edgent_0123456789',
                  STRIPE_WEBHOOK_SECRET: 'whsec_edgent_test_0123456789abcdef',
                  STRIPE_PRICE_PRO: 'price_pro_test',
                  STRIPE_PRICE_TEAM: 'price_team_test',
                  STRIPE_API_BASE: inject('stripeApiUrl'),
                  // Free's limits lifted for the suite (tests create many agents, keys and members in one
                  // organization); quota tests give their organization low custom limits instead.
                  PLAN_LIMITS: JSON.stringify({
                    free: {
                      messages: null,
                      tokens: null,
                      workflow_runs: null,
                      code_tool_minutes: null,
                      agents: null,
                      seats: null,
                      embed_keys: null,
                      knowledge_bases: null,
                      knowledge_documents: null,
                      knowledge_bytes: null,
                    },
                  }),
                },
              },
            })),
          ],
          test: {
            name: 'workers',
            // Generous: a loaded 2-core machine (CI beside browser tests) can make a many-request test slow, not wrong.
            testTimeout: 30_000,
            // The SDK's tests run here too: its fetch is the Worker's own (SELF.fetch).
            include: ['test/workers/**/*.test.ts', 'sdk/test/**/*.test.ts'],
            globalSetup: [
              'test/setup/llm-upstream.global.ts',
              'test/setup/tools-api.global.ts',
              'test/setup/tool-runner.global.ts',
              'test/setup/email-api.global.ts',
              'test/setup/oidc-provider.global.ts',
              'test/setup/stripe-api.global.ts',
            ],
            setupFiles: ['test/setup/apply-migrations.ts'],
          },
        },
        {
          test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node' },
        },
        {
          // Real Chromium against `wrangler dev` (test/e2e/global-setup.ts starts both it and the LLM upstream).
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.e2e.test.ts'],
            environment: 'node',
            globalSetup: ['test/e2e/global-setup.ts'],
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
