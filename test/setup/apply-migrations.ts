// Applies the real D1 migrations (read by vitest.config.ts) before each test file.
import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** The scriptable LLM upstream's base URL (test/setup/llm-upstream.global.ts). */
      LLM_URL: string;
      /** Enables the operator endpoints in tests (vitest.config.ts). */
      OPERATOR_TOKEN: string;
    }
  }
}

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
